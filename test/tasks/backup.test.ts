import { afterEach, describe, expect, test } from "bun:test";
import { Database } from "bun:sqlite";
import { copyFileSync, existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { sqliteFixture, type TestDb } from "../helpers/main-db.ts";
import { startService, type ServiceHarness } from "../helpers/service-harness.ts";
import { startSqliteWriter } from "../helpers/sqlite-writer.ts";
import { canMount, mountTmpfs } from "../helpers/tmpfs.ts";
import { tempDir } from "../helpers/temp-dir.ts";
import { fillDemo } from "../../src/clinic/demo/demo-writer.ts";
import { listSets, type Manifest } from "../../src/tasks/backup/backup-folder.ts";
import { sha256File } from "../../src/store/file-hash.ts";
import { DbCheckLog } from "../../src/store/db-checks.ts";

let cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

/** A SQLite main DB with demo data, and the agent's service pointed at it. */
async function setup(o: { referrals?: number; folder?: string; keep?: number } = {}): Promise<{ main: TestDb; s: ServiceHarness; folder: string }> {
  const main = await sqliteFixture.create();
  await fillDemo(main.engine, { referrals: o.referrals ?? 50, seed: 7, now: Date.UTC(2025, 4, 14) });
  const s = await startService({ overrides: [["maindb.path", main.path]] });
  cleanup.push(async () => {
    await s.stop();
    await main.close();
  });
  const folder = o.folder ?? join(s.dir, "backups");
  s.setOptions("Бэкап", [`folder=${folder}`, `keep=${o.keep ?? 7}`]);
  return { main, s, folder };
}

function rows(db: Database, table: string): unknown[] {
  return db.query(`SELECT * FROM "${table}" ORDER BY rowid`).values();
}

function tables(db: Database): string[] {
  return db
    .query<{ name: string }, []>("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .all()
    .map((r) => r.name);
}

describe("backup of the main DB (SQLite) and the agent's stores", () => {
  test("a backup taken while the MIS and the agent write is consistent: restored, it equals the database row for row", async () => {
    const { main, s, folder } = await setup({ referrals: 1500 });
    await main.engine.write((x) => x.run("CREATE TABLE MIS_WRITES (ID INTEGER PRIMARY KEY, WRITER INTEGER NOT NULL, BATCH INTEGER NOT NULL, N INTEGER NOT NULL)"));
    // The MIS, in another thread on its own connection, commits batches of 10 rows the whole time.
    const mis = startSqliteWriter({ path: main.path, sql: "INSERT INTO MIS_WRITES (WRITER, BATCH, N) VALUES (1, ?, ?)", rows: 10 });
    // The agent's own connection writes too, in its own transactions.
    let agentBatches = 0;
    let writing = true;
    const agentWrites = (async () => {
      while (writing) {
        const batch = ++agentBatches;
        await main.engine.write(async (x) => {
          for (let n = 0; n < 10; n++) await x.run("INSERT INTO MIS_WRITES (WRITER, BATCH, N) VALUES (2, ?, ?)", [batch, n]);
        });
        await Bun.sleep(1);
      }
    })();
    await Bun.sleep(50);
    const outcome = await s.run("Бэкап");
    writing = false;
    await agentWrites;
    const written = await mis.stop();
    expect(outcome.result).toBe("ok");
    expect(written.batches).toBeGreaterThan(5);

    const [set] = listSets(folder);
    expect(set).toBeDefined();
    expect(set!.manifest.files.map((f) => f.role)).toEqual(["main", "agent", "log"]);
    // "Restore": the copy put back as a database file of its own.
    const restoredPath = join(tempDir(), "restored.db");
    copyFileSync(join(set!.dir, "main.db"), restoredPath);
    const restored = new Database(restoredPath, { readonly: true });
    const live = new Database(main.path, { readonly: true });
    try {
      expect(tables(restored)).toEqual(tables(live));
      for (const table of tables(live)) {
        // Written during the backup: checked below. The lease row is renewed by the service's heartbeat.
        if (table === "MIS_WRITES" || table === "AGENT_LEASE") continue;
        expect({ table, rows: rows(restored, table) }).toEqual({ table, rows: rows(live, table) });
      }
      // One snapshot: every transaction is there whole or not at all, and what is there equals the live rows.
      const perBatch = restored.query<{ w: number; b: number; n: number }, []>("SELECT WRITER AS w, BATCH AS b, count(*) AS n FROM MIS_WRITES GROUP BY WRITER, BATCH").all();
      expect(perBatch.every((r) => r.n === 10)).toBe(true);
      const copied = rows(restored, "MIS_WRITES");
      const ids = restored.query<{ ID: number }, []>("SELECT ID FROM MIS_WRITES ORDER BY ID").all().map((r) => r.ID);
      expect(copied).toEqual(live.query(`SELECT * FROM MIS_WRITES WHERE ID IN (${ids.join(",") || "NULL"}) ORDER BY rowid`).values());
      expect(set!.manifest.files[0]!.tables.MIS_WRITES).toBe(ids.length);
      for (const table of ["DOC_NAPR_ANALYSIS", "DOCTAB_ANALYSIS_PARAMS", "PATIENT"]) {
        expect(set!.manifest.files[0]!.tables[table]).toBe(live.query<{ n: number }, []>(`SELECT count(*) AS n FROM ${table}`).get()!.n);
      }
    } finally {
      restored.close();
      live.close();
    }
    // Each file's checksum and size are in the manifest; the stores are real copies.
    for (const f of set!.manifest.files) {
      const actual = await sha256File(join(set!.dir, f.file));
      expect({ file: f.file, sha256: f.sha256, bytes: f.bytes }).toEqual({ file: f.file, sha256: actual.sha256, bytes: actual.bytes });
      expect(f.verified).toContain("quick_check");
    }
    const agentCopy = new Database(join(set!.dir, "agent.db"), { readonly: true });
    expect(agentCopy.query<{ n: number }, []>("SELECT count(*) AS n FROM jobs").get()!.n).toBe(s.instance.jobs.list().length);
    agentCopy.close();
    const messages = s.messages("TBackupThread");
    expect(messages[0]).toBe("Поток создан");
    expect(messages.some((m) => m.startsWith("Главная база (sqlite): скопировано в "))).toBe(true);
    expect(messages.some((m) => m.startsWith("SHA-256 "))).toBe(true);
    expect(messages.some((m) => m.startsWith("Резервное копирование закончено"))).toBe(true);
    expect(messages.at(-1)).toBe("Поток разрушен");
    const checks = new DbCheckLog(s.instance.store.orm).latest();
    expect(checks.filter((c) => c.kind === "backup").map((c) => [c.target, c.ok])).toEqual([
      ["main", true],
      ["agent", true],
      ["log", true],
    ]);
  }, 120_000);

  test("keeps the newest N sets; an older set is deleted only after a new one is complete", async () => {
    const { s, folder } = await setup({ keep: 2 });
    const names: string[] = [];
    for (let i = 0; i < 3; i++) {
      expect((await s.run("Бэкап")).result).toBe("ok");
      names.push(listSets(folder)[0]!.name);
      await Bun.sleep(1_000 - (Date.now() % 1_000) + 5);
    }
    expect(new Set(names).size).toBe(3);
    expect(listSets(folder).map((x) => x.name)).toEqual([names[2]!, names[1]!]);
    expect(readdirSync(folder).sort()).toEqual([names[1]!, names[2]!].sort());
    expect(s.messages("TBackupThread").some((m) => m === `Удалены старые копии (1): ${names[0]}`)).toBe(true);
  }, 60_000);

  test("without a main DB the agent's stores are still backed up, and the log says why the main DB is not", async () => {
    const s = await startService();
    cleanup.push(() => s.stop());
    const outcome = await s.run("backup");
    expect(outcome.result).toBe("ok");
    const [set] = listSets(join(s.instance.paths.root, "backup"));
    expect(set!.manifest.files.map((f) => f.role)).toEqual(["agent", "log"]);
    expect(s.messages("TBackupThread").some((m) => m.startsWith("Главной базы нет (") && m.includes("копируются только хранилища агента"))).toBe(true);
  });

  test("a folder whose parent is missing (a disk not mounted) is not created: the run fails and says so", async () => {
    const { s } = await setup({ folder: "/nonexistent-disk/backup" });
    const outcome = await s.run("Бэкап");
    expect(outcome.result).toBe("failed");
    expect(s.failure("TBackupThread")).toContain("Папки /nonexistent-disk нет");
    expect(existsSync("/nonexistent-disk")).toBe(false);
  });
});

describe.skipIf(!canMount)("backup onto a failing disk (tmpfs)", () => {
  test("a full disk fails the run loudly and deletes nothing: the older backup stays whole, nothing partial is left", async () => {
    const dir = tempDir("agent-fulldisk-");
    const folder = join(dir, "backups");
    if (!mountTmpfs(folder, "size=6m,mode=0700")) return;
    // keep=1: had the failed run pruned anything, the only good copy would be gone.
    const { main, s } = await setup({ folder, keep: 1, referrals: 20 });
    expect((await s.run("Бэкап")).result).toBe("ok");
    const [good] = listSets(folder);
    const before: Record<string, string> = Object.fromEntries(await Promise.all(good!.manifest.files.map(async (f) => [f.file, (await sha256File(join(good!.dir, f.file))).sha256] as const)));

    // The main DB grows past what the disk can hold.
    await main.engine.write((x) => x.run("CREATE TABLE BIG (ID INTEGER PRIMARY KEY, DATA BLOB)"));
    await main.engine.write(async (x) => {
      for (let i = 0; i < 80; i++) await x.run("INSERT INTO BIG (DATA) VALUES (randomblob(100000))");
    });
    const outcome = await s.run("Бэкап");
    expect(outcome.result).toBe("failed");
    expect(s.failure("TBackupThread")).toContain("Нет места на диске");
    expect(s.failure("TBackupThread")).toContain("прежние копии целы");
    expect(outcome.errorKinds).toEqual([expect.stringMatching(/^(sqlite\.full|fs\.enospc)$/)]);
    // The older set: all there, byte for byte.
    expect(listSets(folder).map((x) => x.name)).toEqual([good!.name]);
    for (const [file, sha] of Object.entries(before)) expect((await sha256File(join(good!.dir, file))).sha256).toBe(sha);
    expect(readdirSync(folder)).toEqual([good!.name]);
    expect(s.messages("TBackupThread").some((m) => m.startsWith("Незавершённая копия ") && m.endsWith("прежние копии не тронуты."))).toBe(true);
    const failed = new DbCheckLog(s.instance.store.orm).latest(["main"]).find((c) => c.kind === "backup")!;
    expect(failed.ok).toBe(false);
    expect(failed.summary).toContain("Нет места на диске");
  }, 60_000);

  test("a folder that cannot be written (read-only disk) fails the run loudly and deletes nothing", async () => {
    const dir = tempDir("agent-rodisk-");
    const folder = join(dir, "backups");
    if (!mountTmpfs(folder, "size=16m,mode=0700")) return;
    const { s } = await setup({ folder, keep: 1 });
    expect((await s.run("Бэкап")).result).toBe("ok");
    const [good] = listSets(folder);
    expect(Bun.spawnSync(["mount", "-o", "remount,ro", folder]).exitCode).toBe(0);
    const outcome = await s.run("Бэкап");
    expect(outcome.result).toBe("failed");
    expect(s.failure("TBackupThread")).toContain("Нельзя записать в");
    expect(s.failure("TBackupThread")).toContain("Ничего не удалено");
    expect(outcome.errorKinds).toEqual(["fs.erofs"]);
    expect(listSets(folder).map((x) => x.name)).toEqual([good!.name]);
    const manifest = JSON.parse(readFileSync(join(good!.dir, "manifest.json"), "utf8")) as Manifest;
    for (const f of manifest.files) expect((await sha256File(join(good!.dir, f.file))).sha256).toBe(f.sha256!);
  }, 60_000);
});
