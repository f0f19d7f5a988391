import { afterEach, describe, expect, test } from "bun:test";
import { Database } from "bun:sqlite";
import { closeSync, openSync, writeSync } from "node:fs";
import { sqliteFixture } from "../helpers/main-db.ts";
import { startService, type ServiceHarness } from "../helpers/service-harness.ts";
import { fillDemo } from "../../src/clinic/demo/demo-writer.ts";
import { DbCheckLog } from "../../src/store/db-checks.ts";

let cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

const VALIDATE = "Валидация БД. Главная база";

/** A main DB with demo data, closed by every connection of the test, ready for the service to open. */
async function mainDbFile(referrals: number): Promise<string> {
  const main = await sqliteFixture.create();
  await fillDemo(main.engine, { referrals, seed: 11, now: Date.UTC(2025, 4, 14) });
  await main.close();
  return main.path;
}

/**
 * Damages one leaf page of a table in the file: `pointers` zeroes the first
 * cell pointers (integrity_check names the page), `header` writes garbage over
 * the page's header (the check itself stops at it: garbage over cell content
 * may only be reported, depending on where the cells lie). Page 1 and the schema stay
 * whole, so the database opens and only a check that reads that table's
 * pages finds it.
 */
function damageLeafPage(path: string, table: string, how: "pointers" | "header"): number {
  const db = new Database(path);
  db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
  const pageSize = db.query<{ page_size: number }, []>("PRAGMA page_size").get()!.page_size;
  const page = db.query<{ pageno: number }, [string]>("SELECT pageno FROM dbstat WHERE name = ? AND pagetype = 'leaf' ORDER BY pageno LIMIT 1 OFFSET 2").get(table)!.pageno;
  db.close();
  const fd = openSync(path, "r+");
  if (how === "pointers") writeSync(fd, Buffer.alloc(8), 0, 8, (page - 1) * pageSize + 8);
  else writeSync(fd, Buffer.alloc(12, 0xee), 0, 12, (page - 1) * pageSize);
  closeSync(fd);
  return page;
}

async function serviceOn(path: string): Promise<ServiceHarness> {
  const s = await startService({ overrides: [["maindb.path", path]] });
  cleanup.push(() => s.stop());
  return s;
}

describe("validation of the main DB (SQLite integrity_check)", () => {
  test("a sound database: no findings, the run is ok, the DB tab shows it", async () => {
    const s = await serviceOn(await mainDbFile(40));
    const outcome = await s.run(VALIDATE);
    expect(outcome.result).toBe("ok");
    expect(outcome.summary).toBe("проверено баз: 1, ошибок нет");
    expect(s.messages("TValidateDBThread")).toContain("Главная база (sqlite): integrity_check: ошибок нет");
    const info = await s.service.storesInfo();
    expect(info.checks).toEqual([{ at: expect.any(Number), runId: outcome.runId, target: "main", kind: "validate", ok: true, summary: "integrity_check: ошибок нет", findings: [] }]);
    expect(info.mainDb).toMatchObject({ engine: "sqlite", connected: true, captureInstalled: true, version: expect.stringMatching(/^SQLite 3\./) });
  });

  test("finds a deliberately damaged page: each finding in the log as an error and in the DB tab; the run fails", async () => {
    const path = await mainDbFile(400);
    const page = damageLeafPage(path, "DOCTAB_ANALYSIS_PARAMS", "pointers");
    const s = await serviceOn(path);
    const outcome = await s.run(VALIDATE);
    expect(outcome.result).toBe("failed");
    expect(outcome.errorKinds).toEqual(["findings.damage"]);
    const errors = s.lines.filter((l) => l.service === "TValidateDBThread" && l.level === "error").map((l) => l.message);
    expect(errors.some((m) => /^Главная база \(sqlite\): integrity_check: найдено ошибок \d+$/.test(m))).toBe(true);
    expect(errors.some((m) => new RegExp(`^Главная база \\(sqlite\\): Tree \\d+ page ${page} cell \\d+: Offset 0 out of range`).test(m))).toBe(true);
    expect(s.failure("TValidateDBThread")).toMatch(/^проверено баз: 1, найдено проблем: \d+$/);
    const check = new DbCheckLog(s.instance.store.orm).latest(["main"]).find((c) => c.kind === "validate")!;
    expect(check.ok).toBe(false);
    expect(check.findings.some((f) => f.includes(`page ${page}`))).toBe(true);
    const info = await s.service.storesInfo();
    expect(info.checks?.find((c) => c.kind === "validate")?.findings).toEqual(check.findings);
  }, 60_000);

  test("damage that stops the check itself is a finding too, not a failed attempt to check", async () => {
    const path = await mainDbFile(400);
    damageLeafPage(path, "DOCTAB_ANALYSIS_PARAMS", "header");
    const s = await serviceOn(path);
    const outcome = await s.run(VALIDATE);
    expect(outcome.result).toBe("failed");
    expect(outcome.errorKinds).toEqual(["findings.damage"]);
    const check = new DbCheckLog(s.instance.store.orm).latest(["main"]).find((c) => c.kind === "validate")!;
    expect(check.findings).toEqual(["проверка остановилась на повреждении: database disk image is malformed"]);
  }, 60_000);

  test("database=all checks the main DB and the agent's own stores", async () => {
    const s = await serviceOn(await mainDbFile(10));
    s.setOptions(VALIDATE, ["database=all"]);
    const outcome = await s.run(VALIDATE);
    expect(outcome.result).toBe("ok");
    expect(outcome.summary).toBe("проверено баз: 3, ошибок нет");
    expect(new DbCheckLog(s.instance.store.orm).latest().map((c) => c.target)).toEqual(["main", "agent", "log"]);
  });

  test("an unknown database name is refused when the job is edited", async () => {
    const s = await startService();
    cleanup.push(() => s.stop());
    expect(() => s.setOptions(VALIDATE, ["database=print-forms"])).toThrow(/database/);
  });
});
