import { describe, expect, test } from "bun:test";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { cli } from "../helpers/cli-harness.ts";
import { tempDir } from "../helpers/temp-dir.ts";
import { SqliteEngine } from "../../src/clinic/sqlite/sqlite-engine.ts";
import { MainDatabase } from "../../src/clinic/main-database.ts";
import { sqliteTaskQueries } from "../../src/clinic/sqlite/queries/index.ts";
import { MainDbLease } from "../../src/clinic/lease.ts";
import { ManualClock } from "../../src/kernel/clock.ts";

/** `agent sync parked [retry|drop]` and `sync.tables` through the CLI, on the embedded main DB, without a service. */

function home(): string {
  const dir = tempDir();
  mkdirSync(join(dir, "data"));
  return dir;
}

const open = (dir: string) => new MainDatabase(SqliteEngine.open({ path: join(dir, "data", "main", "main.db"), zone: "Europe/Moscow" }), sqliteTaskQueries, new ManualClock(Date.UTC(2025, 4, 14, 13, 50, 0)), "main.db");

describe("agent sync parked", () => {
  test("lists what was parked, retries a batch (its rows journalled again), drops one, and names a number that is not there", async () => {
    const dir = home();
    expect((await cli(["db", "demo", "--size", "3"], { home: dir })).code).toBe(0);
    expect((await cli(["db", "capture", "install"], { home: dir })).code).toBe(0);
    expect((await cli(["sync", "initial-load", "--tables", "REF_LAB_TYPE,REF_FLRD"], { home: dir })).code).toBe(0);
    expect((await cli(["sync", "parked"], { home: dir })).stdout).toBe("Отложенного нет: всё передано и принято.");

    const db = open(dir);
    const batch = (await db.readChanges({ limit: 3 }))!;
    await db.parked.parkBatch(batch.id, { attempts: 3, status: 422, code: "invalid_batch", reason: "changes[1].row.CODE: слишком длинно" }, batch.changes.map((c) => ({ table: c.table, key: c.key, op: c.op })));
    await db.parked.parkItem({ stream: "results", id: "res-77", changes: [] }, { attempts: 1, reason: "NOT NULL constraint failed: DOC_ANALYSIS.NUM" }, { name: "cod:results", value: "5" });
    const before = (await db.health()).journalBacklog;
    await db.close();

    const list = await cli(["sync", "parked"], { home: dir });
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/1\s+пакет в ЦОД\s+\S+\.\d+\s+14\.05\.2025 16:50:00\s+3\s+3\s+422 invalid_batch: changes\[1\]\.row\.CODE: слишком длинно/);
    expect(list.stdout).toMatch(/2\s+из ЦОД \(results\)\s+res-77/);
    const json = (await cli(["sync", "parked", "--format", "json"], { home: dir })).stdout.split("\n").map((l) => JSON.parse(l));
    expect(json.map((e) => [e.id, e.kind, e.entries])).toEqual([[1, "push", 3], [2, "pull", 0]]);

    const retry = await cli(["sync", "parked", "retry", "1"], { home: dir });
    expect(retry.code).toBe(0);
    expect(retry.stdout).toContain("Отложенный пакет № 1: 3 строк снова в очереди на передачу");
    const again = open(dir);
    expect((await again.health()).journalBacklog).toBe(before + 3);
    await again.close();

    const drop = await cli(["sync", "parked", "drop", "2"], { home: dir });
    expect(drop.code).toBe(0);
    expect(drop.stdout).toContain("Отложенное № 2 удалено");
    const missing = await cli(["sync", "parked", "drop", "2"], { home: dir });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("Отложенного № 2 нет. Список: agent sync parked");
    const log = await cli(["logs", "--grep", "по команде администратора", "--format", "tsv"], { home: dir });
    expect(log.stdout.split("\n")).toHaveLength(2);
  });

  test("a change while another agent holds the main DB's lease is refused with exit code 3, naming it", async () => {
    const dir = home();
    await cli(["db", "demo", "--size", "2"], { home: dir });
    await cli(["db", "capture", "install"], { home: dir });
    const db = open(dir);
    const lease = await MainDbLease.acquire(db.backend, { instance: "other", ttlMs: 60_000, clock: new ManualClock(Date.UTC(2025, 4, 14, 13, 49, 0)), host: "old-server", pid: 4242 });
    await db.parked.parkItem({ stream: "results", id: "r", changes: [] }, { attempts: 1, reason: "x" }, { name: "cod:results", value: "1" });
    const refused = await cli(["sync", "parked", "drop", "1"], { home: dir });
    expect(refused.code).toBe(3);
    expect(refused.stderr).toContain("old-server");
    // Looking needs no lease.
    expect((await cli(["sync", "parked"], { home: dir })).code).toBe(0);
    await lease.release();
    await db.close();
  });
});

describe("sync.tables", () => {
  test("capture covers the configured tables only, and a name that is not one is refused with the setting's path", async () => {
    const dir = home();
    await cli(["db", "demo", "--size", "2"], { home: dir });
    const install = await cli(["--set", "sync.tables=doc_napr_analysis, REF_FLRD", "db", "capture", "install"], { home: dir });
    expect(install.stdout).toContain("Сбор изменений установлен (таблиц: 2");
    const bad = await cli(["--set", "sync.tables=DOC_NAPR_ANALYSIS;DROP", "db", "capture", "install"], { home: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("sync.tables");
    expect(bad.stderr).toContain("не имя таблицы");
  });
});
