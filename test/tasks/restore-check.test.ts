import { afterEach, describe, expect, test } from "bun:test";
import { openSync, readFileSync, readdirSync, writeFileSync, writeSync, closeSync } from "node:fs";
import { join } from "node:path";
import { sqliteFixture } from "../helpers/main-db.ts";
import { startService, type ServiceHarness } from "../helpers/service-harness.ts";
import { fillDemo } from "../../src/clinic/demo/demo-writer.ts";
import { listSets, type Manifest } from "../../src/tasks/backup/backup-folder.ts";
import { DbCheckLog } from "../../src/store/db-checks.ts";

let cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

async function withBackup(): Promise<{ s: ServiceHarness; folder: string }> {
  const main = await sqliteFixture.create();
  await fillDemo(main.engine, { referrals: 60, seed: 3, now: Date.UTC(2025, 4, 14) });
  const s = await startService({ overrides: [["maindb.path", main.path]] });
  cleanup.push(async () => {
    await s.stop();
    await main.close();
  });
  const folder = join(s.dir, "backups");
  s.setOptions("Бэкап", [`folder=${folder}`]);
  s.setOptions("Проверка восстановления из резервной копии", [`folder=${folder}`]);
  expect((await s.run("Бэкап")).result).toBe("ok");
  return { s, folder };
}

const RESTORE_CHECK = "Проверка восстановления из резервной копии";

describe("the restore check (weekly)", () => {
  test("is a default job of its own, weekly", async () => {
    const s = await startService();
    cleanup.push(() => s.stop());
    const job = s.instance.jobs.list().find((j) => j.task === "restore-check")!;
    expect(job.name).toBe(RESTORE_CHECK);
    expect(job.periodicity).toEqual({ kind: "weekly" });
    expect(job.options).toEqual({ folder: "backup" });
  });

  test("restores the newest set in full: checksums, integrity_check, rows per table as the backup holds them; the temporary files are removed", async () => {
    const { s, folder } = await withBackup();
    const outcome = await s.run(RESTORE_CHECK);
    expect(outcome.result).toBe("ok");
    const [set] = listSets(folder);
    expect(set!.manifest.restoreCheck).toEqual({ at: expect.any(String), ok: true, findings: 0 });
    expect(readdirSync(set!.dir).sort()).toEqual(["agent.db", "log.db", "main.db", "manifest.json"]);
    const lines = s.messages("TRestoreCheckThread");
    expect(lines.some((l) => l.startsWith("Главная база (sqlite): восстанавливается: копия восстановлена во временную базу; integrity_check: ошибок нет;"))).toBe(true);
    expect(lines.some((l) => l.startsWith("Проверка восстановления закончена") && l.includes("исправных файлов 3, с замечаниями 0"))).toBe(true);
    const checks = new DbCheckLog(s.instance.store.orm).latest().filter((c) => c.kind === "restore-check");
    expect(checks.map((c) => [c.target, c.ok])).toEqual([
      ["main", true],
      ["agent", true],
      ["log", true],
    ]);
  }, 60_000);

  test("a copy changed on the backup disk is caught by its checksum, and the run fails", async () => {
    const { s, folder } = await withBackup();
    const [set] = listSets(folder);
    const file = join(set!.dir, "main.db");
    const fd = openSync(file, "r+");
    writeSync(fd, Buffer.from([0xff]), 0, 1, 8192 + 100);
    closeSync(fd);
    const outcome = await s.run(RESTORE_CHECK);
    expect(outcome.result).toBe("failed");
    expect(outcome.errorKinds).toEqual(["findings.restore"]);
    expect(s.failure("TRestoreCheckThread")).toBe(`копия ${set!.name}: замечаний 1`);
    const errors = s.lines.filter((l) => l.service === "TRestoreCheckThread" && l.level === "error").map((l) => l.message);
    expect(errors).toContain(`Главная база (sqlite): контрольная сумма ${file} не совпадает с записанной при копировании: файл изменён или повреждён`);
    const main = new DbCheckLog(s.instance.store.orm).latest(["main"]).find((c) => c.kind === "restore-check")!;
    expect(main.ok).toBe(false);
  }, 60_000);

  test("rows that do not come back are found: the restored counts are compared with what the backup holds", async () => {
    const { s, folder } = await withBackup();
    const [set] = listSets(folder);
    // What a copy that lost rows looks like from the manifest's side: the backup claims one more referral.
    const manifest = JSON.parse(readFileSync(join(set!.dir, "manifest.json"), "utf8")) as Manifest;
    const held = manifest.files[0]!.tables.DOC_NAPR_ANALYSIS!;
    manifest.files[0]!.tables.DOC_NAPR_ANALYSIS = held + 1;
    writeFileSync(join(set!.dir, "manifest.json"), JSON.stringify(manifest));
    const outcome = await s.run(RESTORE_CHECK);
    expect(outcome.result).toBe("failed");
    const errors = s.lines.filter((l) => l.service === "TRestoreCheckThread" && l.level === "error").map((l) => l.message);
    expect(errors).toContain(`Главная база (sqlite): таблица DOC_NAPR_ANALYSIS: в копии строк ${held + 1}, после восстановления ${held}`);
  }, 60_000);

  test("with no complete backup there is nothing to check: the run fails and says what must run first", async () => {
    const s = await startService();
    cleanup.push(() => s.stop());
    const outcome = await s.run("restore-check");
    expect(outcome.result).toBe("failed");
    expect(s.failure("TRestoreCheckThread")).toContain("нет ни одной завершённой резервной копии");
  });
});
