import { describe, expect, test } from "bun:test";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { loneBinary, runAgent } from "../helpers/binary.ts";
import { firebird } from "../helpers/firebird.ts";

/**
 * The main DB commands in the compiled binary, alone in an empty folder:
 * the reference schema's migrations are embedded, and node-firebird works
 * compiled (it is loaded only when Firebird is configured).
 */
describe("the compiled binary and the main DB", () => {
  test("builds the embedded SQLite main DB, installs capture and journals the existing rows", async () => {
    const { dir, agent } = loneBinary();
    const demo = await runAgent(agent, ["db", "demo", "--size", "small"], { cwd: dir, timeoutMs: 60_000 });
    expect(demo.stderr).toBe("");
    expect(demo.code).toBe(0);
    expect(demo.stdout).toContain(join(dir, "data", "main", "main.db"));
    expect((await runAgent(agent, ["db", "capture", "install"], { cwd: dir })).code).toBe(0);
    const load = await runAgent(agent, ["--lang", "en", "sync", "initial-load"], { cwd: dir, timeoutMs: 60_000 });
    expect(load.code).toBe(0);
    expect(load.stdout).toContain("DOC_NAPR_ANALYSIS: 50 rows journalled.");
  }, 90_000);

  test("the service jobs work in the lone binary: backup (its SQLite worker is inside the binary), restore check, validation", async () => {
    const { dir, agent } = loneBinary();
    expect((await runAgent(agent, ["db", "demo", "--size", "small"], { cwd: dir, timeoutMs: 60_000 })).code).toBe(0);
    const backup = await runAgent(agent, ["--once", "backup"], { cwd: dir, timeoutMs: 60_000 });
    expect(backup.stderr).toContain("Резервное копирование закончено");
    expect(backup.code).toBe(0);
    const folder = join(dir, "data", "main", "backup");
    const [set] = readdirSync(folder);
    expect(set).toMatch(/^\d{8}T\d{6}Z$/);
    expect(readdirSync(join(folder, set!)).sort()).toEqual(["agent.db", "log.db", "main.db", "manifest.json"]);
    expect((await runAgent(agent, ["--once", "restore-check"], { cwd: dir, timeoutMs: 60_000 })).code).toBe(0);
    const validate = await runAgent(agent, ["--once", "db-validate"], { cwd: dir, timeoutMs: 60_000 });
    expect(validate.stderr).toContain("integrity_check: ошибок нет");
    expect(validate.code).toBe(0);
  }, 120_000);

  test.skipIf(!firebird)("reaches a Firebird server through node-firebird inside the binary", async () => {
    const { dir, agent } = loneBinary();
    const env = {
      AGENT_MAINDB_ENGINE: "firebird",
      AGENT_MAINDB_HOST: firebird!.host,
      AGENT_MAINDB_PORT: String(firebird!.port),
      AGENT_MAINDB_DATABASE: join(firebird!.dir, `binary_${process.pid}.fdb`),
      AGENT_MAINDB_USER: firebird!.user,
      AGENT_MAINDB_PASSWORD: firebird!.password,
    };
    const demo = await runAgent(agent, ["db", "demo", "--size", "5"], { cwd: dir, env, timeoutMs: 60_000 });
    expect(demo.stderr).toBe("");
    expect(demo.code).toBe(0);
    const status = await runAgent(agent, ["db", "capture", "status"], { cwd: dir, env });
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/Главная база: firebird \(Firebird 3\./);
  }, 90_000);
});
