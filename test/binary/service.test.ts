import { describe, expect, test } from "bun:test";
import { chmodSync, mkdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { loneBinary, runAgent, RunningAgent } from "../helpers/binary.ts";
import { oldLogLines } from "../helpers/old-log-lines.ts";

const jsonLines = (text: string) => text.split("\n").filter((l) => l.trim() !== "").map((l) => JSON.parse(l));

describe("the service and its control channel (compiled binary)", () => {
  test("agent jobs and its edits go through the running service, which re-plans at once", async () => {
    const { dir, agent } = loneBinary();
    const service = new RunningAgent(agent, ["run"], { cwd: dir });
    await service.waitFor("Планировщик запущен");
    const table = await runAgent(agent, ["jobs", "--format", "json"], { cwd: dir });
    const trim = jsonLines(table.stdout).find((j) => j.task === "log-trim");
    expect(trim.built).toBe(true);
    expect(trim.nextRun).not.toBeNull();
    const edit = await runAgent(agent, ["jobs", "edit", String(trim.id), "--every", "7", "--start", "01.01.2020 0:00:00"], { cwd: dir });
    expect(edit.code).toBe(0);
    const after = jsonLines((await runAgent(agent, ["jobs", "--format", "json"], { cwd: dir })).stdout).find((j) => j.id === trim.id);
    expect(after.periodicity).toEqual({ kind: "minutes", every: 7 });
    expect(new Date(after.nextRun).getTime()).toBeLessThanOrEqual(Date.now() + 7 * 60_000);
    const bad = await runAgent(agent, ["jobs", "edit", String(trim.id), "--every", "never"], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("периодичность «never»");
    service.signal("SIGTERM");
    expect(await service.exit()).toBe(0);
  });

  test("--once with a service running asks the service and streams that run's log; exit 0 when the work was done", async () => {
    const { dir, agent } = loneBinary();
    const service = new RunningAgent(agent, ["run"], { cwd: dir });
    await service.waitFor("Планировщик запущен");
    const once = await runAgent(agent, ["--once", "Обрезка БД лога"], { cwd: dir });
    expect(once.code).toBe(0);
    const lines = once.stderr.split("\n");
    const thread = lines.filter((l) => l.includes("TTrimLogThread")).map((l) => l.split("\t")[3]);
    expect(thread[0]).toBe("Поток создан");
    expect(thread.at(-1)).toBe("Поток разрушен");
    expect(once.stderr).toContain("Задача log-trim завершена (успешно)");
    // The service did the work: its own stderr has the same lines.
    expect(service.stderr).toContain("Запуск задачи log-trim (задание «Обрезка БД лога»): agent --once");
    service.signal("SIGTERM");
    expect(await service.exit()).toBe(0);
  });

  test("--once without a service runs here, holding the lock: a service started meanwhile refuses (exit 3)", async () => {
    const { dir, agent } = loneBinary();
    expect((await runAgent(agent, ["jobs"], { cwd: dir })).code).toBe(0);
    oldLogLines(dir, 500_000);
    const once = new RunningAgent(agent, ["--once", "log-trim"], { cwd: dir });
    await once.waitFor("Начата обрезка БД лога");
    const service = await runAgent(agent, ["run"], { cwd: dir });
    expect(service.code).toBe(3);
    expect(service.stderr).toContain("(once log-trim)");
    expect(await once.exit(60_000)).toBe(0);
    expect(once.stderr).toContain("Удалено строк старше срока: 500000");
  });

  test("cancel a thread through the channel: it stops at its next safe point and says so", async () => {
    const { dir, agent } = loneBinary();
    expect((await runAgent(agent, ["jobs"], { cwd: dir })).code).toBe(0);
    oldLogLines(dir, 800_000);
    const service = new RunningAgent(agent, ["run"], { cwd: dir });
    await service.waitFor("Планировщик запущен");
    const once = new RunningAgent(agent, ["--once", "log-trim"], { cwd: dir });
    await once.waitFor("Начата обрезка БД лога");
    const threads = await runAgent(agent, ["threads"], { cwd: dir });
    const id = /^(\d+)\s+TTrimLogThread\s+log-trim\s+работает/m.exec(threads.stdout)?.[1];
    expect(id).toBeDefined();
    const cancel = await runAgent(agent, ["threads", "cancel", id!], { cwd: dir });
    expect(cancel.code).toBe(0);
    expect(await once.exit(30_000)).toBe(1);
    expect(once.stderr).toContain("Поток остановлен по требованию администратора");
    expect(once.stderr).toContain("(отменена)");
    service.signal("SIGTERM");
    expect(await service.exit()).toBe(0);
  });

  test("the service counts attached UIs (Подключено клиентов), not one-shot commands", async () => {
    const { dir, agent } = loneBinary();
    const service = new RunningAgent(agent, ["run"], { cwd: dir });
    await service.waitFor("Планировщик запущен");
    const { ControlClient } = await import("../../src/control/control-client.ts");
    const socket = join(dir, "data", "main", "control.sock");
    const ui1 = await ControlClient.connect(socket, "ui");
    const ui2 = await ControlClient.connect(socket, "ui");
    const status = await runAgent(agent, [], { cwd: dir });
    expect(status.stdout).toContain("Статус сервера: Работает | Подключено клиентов: 2");
    ui1.close();
    await Bun.sleep(100);
    expect((await runAgent(agent, [], { cwd: dir })).stdout).toContain("Подключено клиентов: 1");
    ui2.close();
    service.signal("SIGTERM");
    expect(await service.exit()).toBe(0);
  });
});

// Running the CLI as other users needs root (setpriv); CI runs as root, so these never skip there.
describe.skipIf(process.getuid?.() !== 0)("who may use the control channel (Linux)", () => {
  test("a member of admin_group attaches; a user outside it is refused with a clear message", async () => {
    const { dir, agent } = loneBinary();
    // The binary and its folder must be reachable by the other users.
    chmodSync(dir, 0o755);
    writeFileSync(join(dir, "agent.toml"), `admin_group = "100"\n`, { mode: 0o644 });
    mkdirSync(join(dir, "data"), { mode: 0o700 });
    const service = new RunningAgent(agent, ["run"], { cwd: dir });
    await service.waitFor("Планировщик запущен");
    const socket = join(dir, "data", "main", "control.sock");
    expect(statSync(socket).mode & 0o777).toBe(0o660);
    expect(statSync(socket).gid).toBe(100);
    expect(statSync(join(dir, "data", "main", "agent.db")).mode & 0o077).toBe(0);
    const as = (uid: number, groups: string) => ["setpriv", `--reuid=${uid}`, `--regid=${uid}`, groups ? `--groups=${groups}` : "--clear-groups", agent];
    const member = Bun.spawnSync([...as(54321, "100"), "threads"], { cwd: "/tmp", env: { PATH: process.env.PATH!, HOME: "/tmp" } });
    expect({ code: member.exitCode, err: member.stderr.toString() }).toEqual({ code: 0, err: "" });
    const outsider = Bun.spawnSync([...as(54322, ""), "threads"], { cwd: "/tmp", env: { PATH: process.env.PATH!, HOME: "/tmp" } });
    expect(outsider.exitCode).toBe(2);
    expect(outsider.stderr.toString()).toMatch(/нельзя записывать|Нет доступа к каналу управления/);
    service.signal("SIGTERM");
    expect(await service.exit()).toBe(0);
  });
});

describe("one writer per main database (compiled binary)", () => {
  test("a second agent on the same main DB, from another instance, refuses with exit 3 naming the holder", async () => {
    const { dir, agent } = loneBinary();
    expect((await runAgent(agent, ["db", "demo", "--size", "small"], { cwd: dir })).code).toBe(0);
    expect((await runAgent(agent, ["db", "capture", "install"], { cwd: dir })).code).toBe(0);
    const first = new RunningAgent(agent, ["run"], { cwd: dir });
    await first.waitFor("аренда главной базы получена");
    const mainDb = join(dir, "data", "main", "main.db");
    const second = await runAgent(agent, ["run", "--instance", "second", "--set", `maindb.path=${mainDb}`], { cwd: dir });
    expect(second.code).toBe(3);
    expect(second.stderr).toContain("Главная база уже используется другим агентом: экземпляр main");
    expect(second.stderr).toContain(`процесс ${first.pid}`);
    first.signal("SIGTERM");
    expect(await first.exit()).toBe(0);
    // Released at a clean stop: the other instance may take it now.
    const third = new RunningAgent(agent, ["run", "--instance", "second", "--set", `maindb.path=${mainDb}`], { cwd: dir });
    await third.waitFor("аренда главной базы получена");
    third.signal("SIGTERM");
    expect(await third.exit()).toBe(0);
  });
});
