import { describe, expect, test } from "bun:test";
import { readdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { loneBinary, runAgent, RunningAgent } from "../helpers/binary.ts";

describe("the compiled binary, alone in an empty folder", () => {
  test("answers --version and --help with nothing beside it", async () => {
    const { dir, agent } = loneBinary();
    const version = await runAgent(agent, ["--version"], { cwd: dir });
    expect(version.code).toBe(0);
    expect(version.stdout).toMatch(/агент \d+\.\d+\.\d+ \(сборка linux-x64, Bun/);
    const help = await runAgent(agent, ["--help"], { cwd: dir });
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("agent run");
    expect(readdirSync(dir)).toEqual(["agent"]);
  });

  test("creates its stores from the embedded migrations, readable by its user only", async () => {
    const { dir, agent } = loneBinary();
    const jobs = await runAgent(agent, ["jobs"], { cwd: join(dir, "..") });
    expect(jobs.code).toBe(0);
    expect(jobs.stdout).toContain("Синхронизация анализов");
    // The data folder is beside the binary, not in the working folder.
    const root = join(dir, "data", "main");
    expect(readdirSync(root).sort()).toContain("agent.db");
    expect(readdirSync(root).sort()).toContain("log.db");
    for (const f of readdirSync(root)) expect({ f, groupOrOther: statSync(join(root, f)).mode & 0o077 }).toEqual({ f, groupOrOther: 0 });
  });

  test("agent run serves until SIGTERM, logs to stderr and to the log DB, and a second one exits 3", async () => {
    const { dir, agent } = loneBinary();
    const service = new RunningAgent(agent, ["run"], { cwd: dir });
    await service.waitFor("Служба запущена");
    const second = await runAgent(agent, ["run"], { cwd: dir });
    expect(second.code).toBe(3);
    expect(second.stderr).toContain(`процесс ${service.pid} (run)`);
    const status = await runAgent(agent, [], { cwd: dir });
    expect(status.stdout).toContain("Статус сервера: Работает");
    service.signal("SIGTERM");
    expect(await service.exit()).toBe(0);
    expect(service.stderr).toContain("Получен сигнал SIGTERM");
    const logs = await runAgent(agent, ["logs", "--format", "tsv"], { cwd: dir });
    expect(logs.stdout).toContain("Служба запущена");
    expect(logs.stdout).toContain("Служба остановлена");
    const after = await runAgent(agent, [], { cwd: dir });
    expect(after.stdout).toContain("Статус сервера: Остановлен");
  });

  test("SIGINT stops it cleanly too", async () => {
    const { dir, agent } = loneBinary();
    const service = new RunningAgent(agent, ["run"], { cwd: dir });
    await service.waitFor("Служба запущена");
    service.signal("SIGINT");
    expect(await service.exit()).toBe(0);
    expect(service.stderr).toContain("Служба остановлена");
  });

  test("config reload (and SIGHUP) applies what is safe and names what needs a restart", async () => {
    const { dir, agent } = loneBinary();
    const service = new RunningAgent(agent, ["run"], { cwd: dir });
    await service.waitFor("Служба запущена");
    writeFileSync(join(dir, "agent.toml"), `[log]\nlevel = "debug"\n[maindb]\npath = "/tmp/other.db"\n`);
    const reload = await runAgent(agent, ["config", "reload"], { cwd: dir });
    expect(reload.code).toBe(0);
    expect(reload.stdout).toContain("Применено без перезапуска: log.level");
    expect(reload.stdout).toContain("Требуют перезапуска службы (пока действуют прежние значения): maindb.path");
    writeFileSync(join(dir, "agent.toml"), `[log]\nlevel = "info"\n`);
    service.signal("SIGHUP");
    await service.waitFor(/Применено без перезапуска: log\.level[\s\S]*Применено без перезапуска: log\.level/);
    writeFileSync(join(dir, "agent.toml"), `[log]\nlevel = "loud"\n`);
    const rejected = await runAgent(agent, ["config", "reload"], { cwd: dir });
    expect(rejected.code).toBe(2);
    expect(rejected.stderr).toContain("log.level");
    service.signal("SIGTERM");
    expect(await service.exit()).toBe(0);
  });
});
