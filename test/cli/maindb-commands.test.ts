import { describe, expect, test } from "bun:test";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { cli } from "../helpers/cli-harness.ts";
import { tempDir } from "../helpers/temp-dir.ts";
import { firebird, createTestDatabase } from "../helpers/firebird.ts";
import { SqliteEngine } from "../../src/clinic/sqlite/sqlite-engine.ts";
import { MainDbLease } from "../../src/clinic/lease.ts";
import { ManualClock } from "../../src/kernel/clock.ts";

/** `agent db demo`, `agent db capture …`, `agent sync initial-load` through the CLI, as an administrator types them. */

function home(): string {
  const dir = tempDir();
  mkdirSync(join(dir, "data"));
  return dir;
}

const mainDb = (dir: string) => join(dir, "data", "main", "main.db");

describe("agent db and agent sync on the embedded SQLite main DB", () => {
  test("demo → capture install (dry run first) → initial load → status → remove", async () => {
    const dir = home();
    const demo = await cli(["db", "demo", "--size", "25", "--seed", "7"], { home: dir });
    expect(demo.stderr).toBe("");
    expect(demo.code).toBe(0);
    expect(demo.stdout).toContain("Справочная схема МИС создана");
    expect(demo.stdout).toMatch(/направлений — 25, всего строк — \d+/);

    const dry = await cli(["db", "capture", "install", "--dry-run"], { home: dir });
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain("CREATE TABLE AGENT_JOURNAL");
    expect(dry.stdout).toContain('CREATE TRIGGER "AGJ_DOC_NAPR_ANALYSIS_I" AFTER INSERT ON "DOC_NAPR_ANALYSIS"');
    expect((await cli(["db", "capture", "status"], { home: dir })).stdout).toContain("Сбор изменений: не установлен.");

    const install = await cli(["db", "capture", "install"], { home: dir });
    expect(install.code).toBe(0);
    expect(install.stdout).toContain("Сбор изменений установлен (таблиц: 37");
    expect((await cli(["db", "capture", "install"], { home: dir })).stdout).toContain("уже установлен");

    const load = await cli(["sync", "initial-load", "--tables", "DOC_NAPR_ANALYSIS,REF_ANALYSIS", "--chunk", "100"], { home: dir });
    expect(load.code).toBe(0);
    expect(load.stdout).toContain("DOC_NAPR_ANALYSIS: строк в журнале — 25.");
    expect(load.stdout).toContain("REF_ANALYSIS: строк в журнале — 6.");
    expect((await cli(["sync", "initial-load", "--tables", "REF_ANALYSIS"], { home: dir })).stdout).toContain("REF_ANALYSIS: начальная загрузка уже выполнена.");

    const status = await cli(["--lang", "en", "db", "capture"], { home: dir });
    expect(status.code).toBe(0);
    expect(status.stdout).toContain("Change capture: installed, tables with triggers: 37.");
    expect(status.stdout).toContain("Journal: 31 changes waiting to be sent; batches not acknowledged: 0.");
    expect(status.stdout).toContain("Lease: free.");
    expect(status.stdout).toContain("Initial load: done for 2 of 37 tables; not done: DOCTAB_NAPR_ANALYSIS");

    const refused = await cli(["db", "capture", "remove"], { home: dir });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("--yes");
    const removed = await cli(["db", "capture", "remove", "--yes"], { home: dir });
    expect(removed.code).toBe(0);
    expect(removed.stdout).toContain("Таблицы МИС не изменялись");
    const engine = SqliteEngine.open({ path: mainDb(dir), zone: "UTC" });
    expect(await engine.table("AGENT_JOURNAL")).toBeUndefined();
    expect(await engine.read((s) => s.all("SELECT COUNT(*) AS N FROM DOC_NAPR_ANALYSIS"))).toEqual([{ N: 25n }]);
    await engine.close();
  }, 60_000);

  test("a second agent on the same main DB is refused with exit 3, naming the holder", async () => {
    const dir = home();
    await cli(["db", "demo", "--size", "5"], { home: dir });
    await cli(["db", "capture", "install"], { home: dir });
    const engine = SqliteEngine.open({ path: mainDb(dir), zone: "Europe/Moscow" });
    const lease = await MainDbLease.acquire(engine, { instance: "old-server", ttlMs: 3_600_000, clock: new ManualClock(Date.now()), host: "ksamu-srv", pid: 4242 });
    const r = await cli(["sync", "initial-load"], { home: dir });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain("экземпляр old-server на ksamu-srv, процесс 4242");
    await lease.release();
    expect((await cli(["sync", "initial-load"], { home: dir })).code).toBe(0);
    await engine.close();
  }, 60_000);

  test("mistakes say what is wrong and what to type", async () => {
    const dir = home();
    const size = await cli(["db", "demo", "--size", "huge"], { home: dir });
    expect(size.code).toBe(2);
    expect(size.stderr).toContain("--size huge: укажите small, medium, large");
    const missing = await cli(["db", "capture", "status"], { home: dir });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("agent db demo");
    await cli(["db", "demo", "--size", "3"], { home: dir });
    const noCapture = await cli(["sync", "initial-load"], { home: dir });
    expect(noCapture.code).toBe(2);
    expect(noCapture.stderr).toContain("agent db capture install");
    const table = await cli(["sync", "initial-load", "--tables", "DOC_NAPR_ANALYSYS"], { home: dir });
    expect(table.code).toBe(2);
    expect(table.stderr).toContain("Возможно, DOC_NAPR_ANALYSIS?");
    const chunk = await cli(["sync", "initial-load", "--chunk", "5"], { home: dir });
    expect(chunk.code).toBe(2);
    expect(chunk.stderr).toContain("--chunk 5");
  }, 60_000);
});

describe.skipIf(!firebird)("agent db on a Firebird main DB", () => {
  test("demo creates and fills a database, capture installs, status reports; a wrong password is exit 2 without the password", async () => {
    const dir = home();
    const path = join(firebird!.dir, `cli_${process.pid}.fdb`);
    const env = {
      AGENT_MAINDB_ENGINE: "firebird",
      AGENT_MAINDB_HOST: firebird!.host,
      AGENT_MAINDB_PORT: String(firebird!.port),
      AGENT_MAINDB_DATABASE: path,
      AGENT_MAINDB_USER: firebird!.user,
      AGENT_MAINDB_PASSWORD: firebird!.password,
      AGENT_MAINDB_CHARSET: "WIN1251",
    };
    const demo = await cli(["db", "demo", "--size", "10"], { home: dir, env });
    expect(demo.stderr).toBe("");
    expect(demo.code).toBe(0);
    expect(demo.stdout).toContain(`127.0.0.1:${firebird!.port}/${path}`);
    expect((await cli(["db", "capture", "install"], { home: dir, env })).code).toBe(0);
    expect((await cli(["sync", "initial-load", "--tables", "DOC_NAPR_ANALYSIS"], { home: dir, env })).stdout).toContain("DOC_NAPR_ANALYSIS: строк в журнале — 10.");
    const status = await cli(["db", "capture", "status"], { home: dir, env });
    expect(status.stdout).toMatch(/Главная база: firebird \(Firebird 3\./);
    expect(status.stdout).toContain("таблиц с триггерами: 37");

    const wrong = await cli(["db", "capture", "status"], { home: dir, env: { ...env, AGENT_MAINDB_PASSWORD: "Wrong-Pass-123" } });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain("AGENT_MAINDB_PASSWORD");
    expect(wrong.stderr).not.toContain("Wrong-Pass-123");
  }, 120_000);

  test("demo refuses a database that holds MIS tables it did not create", async () => {
    const path = await createTestDatabase(firebird!, "UTF8");
    const Firebird = (await import("node-firebird")).default;
    const db = (await Firebird.attachAsync({ host: firebird!.host, port: firebird!.port, database: path, user: firebird!.user, password: firebird!.password } as never)) as unknown as {
      queryAsync(sql: string): Promise<unknown>;
      detachAsync(): Promise<void>;
    };
    await db.queryAsync("CREATE TABLE DOC_NAPR_ANALYSIS (ID INTEGER NOT NULL PRIMARY KEY)");
    await db.detachAsync();
    const env = { AGENT_MAINDB_ENGINE: "firebird", AGENT_MAINDB_DATABASE: path, AGENT_MAINDB_HOST: firebird!.host, AGENT_MAINDB_PORT: String(firebird!.port), AGENT_MAINDB_USER: firebird!.user, AGENT_MAINDB_PASSWORD: firebird!.password };
    const r = await cli(["db", "demo"], { home: home(), env });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("таблицы МИС, созданные не агентом");
  }, 60_000);
});
