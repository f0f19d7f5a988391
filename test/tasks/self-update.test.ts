import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { loadConfig } from "../../src/config/load.ts";
import { AgentInstance } from "../../src/app/agent-instance.ts";
import { AgentService } from "../../src/app/agent-service.ts";
import { ManualClock } from "../../src/kernel/clock.ts";
import { formatManual, instantAt } from "../../src/kernel/zoned-time.ts";
import { setLanguage } from "../../src/messages/text.ts";
import { CodSimulator } from "../../src/sim/cod/cod-simulator.ts";
import { signBinary } from "../../src/build/sign-update.ts";
import { FakeTimers } from "../helpers/fake-timers.ts";
import { removeTempDir, tempDir } from "../helpers/temp-dir.ts";

const ZONE = "Europe/Moscow";
const at = (hour: number, minute: number, second = 0) => instantAt({ year: 2025, month: 5, day: 14, hour, minute, second }, ZONE);

let sim: CodSimulator;
beforeAll(async () => {
  sim = await CodSimulator.start({ dataDir: tempDir("sim-window-") });
});
afterAll(async () => {
  await sim.stop();
});

describe("the self-update job's forbidden window (6:00–21:00 by default)", () => {
  test("an update offered during the day is not even asked for until the window ends; then the job runs and finds it", async () => {
    setLanguage("ru");
    const dir = tempDir("agent-window-");
    mkdirSync(join(dir, "data"));
    // Any file will do for the offer: run from source, the job stops after checking the signature.
    const file = join(dir, "agent-0.2.0");
    writeFileSync(file, "a newer agent");
    const entry = await signBinary({ keyPem: await Bun.file("test/fixtures/dev-update-key.pem").text(), binary: file, version: "0.2.0", platform: process.platform === "win32" ? "windows-x64" : `${process.platform}-${process.arch}`, cpu: "avx2" });
    const r = await fetch(`${sim.adminUrl}/admin/updates`, { method: "PUT", body: JSON.stringify({ ...entry, file }) });
    expect(r.status).toBe(200);

    const overrides = [
      ["cod.url", sim.url],
      ["cod.mo_id", "1234"],
      ["cod.token", "t"],
      ["timezone", ZONE],
      ["log.stderr", "false"],
    ].map(([path, value]) => ({ path: path!, value: value!, arg: `--set ${path}` }));
    const loaded = loadConfig({ home: dir, machineTimeZone: ZONE, env: {}, overrides, readFile: () => undefined });
    const clock = new ManualClock(at(10, 0));
    const timers = new FakeTimers(clock);
    const instance = AgentInstance.open(loaded, { clock, lockMode: "run", stderr: () => {} });
    const service = new AgentService(instance, { rereadConfig: () => loaded, timers, control: false });
    const finished: { task: string; summary: string; result: string }[] = [];
    service.events.on("run:finished", (e) => void finished.push(e as never));
    service.start();
    try {
      const job = instance.jobs.list().find((j) => j.task === "self-update")!;
      expect(job.forbidden).toEqual({ from: 6 * 3600, to: 21 * 3600 });
      // Every 30 minutes at :08 and :38; the first allowed one is after the window.
      expect(formatManual(service.scheduler.nextRuns().get(job.id)!, ZONE)).toBe("14.05.2025 21:08:00");

      timers.advanceTo(at(21, 7, 59));
      await Bun.sleep(50);
      expect(finished.filter((f) => f.task === "self-update")).toEqual([]);
      const asked = async () => ((await (await fetch(`${sim.adminUrl}/admin/dump?what=updates`)).json()) as any).updates[0].offered;
      expect(await asked()).toBe(0);

      timers.advanceTo(at(21, 8));
      const deadline = performance.now() + 10_000;
      while (!finished.some((f) => f.task === "self-update") && performance.now() < deadline) await Bun.sleep(20);
      expect(await asked()).toBe(1);
      // From source there is no binary to replace: the job found the update and says it is not installed.
      expect(finished.find((f) => f.task === "self-update")).toMatchObject({ result: "failed", summary: "доступна версия 0.2.0, не установлена" });
    } finally {
      await service.stop();
      instance.close();
    }
  }, 30_000);
});

describe("the self-update job never switches while another thread runs", () => {
  test("with a thread of another job running, the update is postponed and nothing is prepared; once it ends, the update is prepared", async () => {
    setLanguage("ru");
    const { buildAgent } = await import("../helpers/agent-builds.ts");
    const { selfUpdateTask } = await import("../../src/tasks/self-update/task.ts");
    const { existsSync } = await import("node:fs");
    const good = await buildAgent({ version: "0.2.0" });
    const entry = await signBinary({ keyPem: await Bun.file("test/fixtures/dev-update-key.pem").text(), binary: good, version: "0.2.0", platform: "linux-x64", cpu: "avx2" });
    await fetch(`${sim.adminUrl}/admin/updates`, { method: "DELETE" });
    expect((await fetch(`${sim.adminUrl}/admin/updates`, { method: "PUT", body: JSON.stringify({ ...entry, file: good }) })).status).toBe(200);

    const dir = tempDir("agent-postpone-");
    mkdirSync(join(dir, "data"));
    // The binary an update would replace: a stand-in file, since this test runs from source.
    const binary = join(dir, "agent");
    writeFileSync(binary, "the running agent");
    const overrides = [
      ["cod.url", sim.url],
      ["cod.mo_id", "1234"],
      ["cod.token", "t"],
      ["log.stderr", "false"],
    ].map(([path, value]) => ({ path: path!, value: value!, arg: `--set ${path}` }));
    const loaded = loadConfig({ home: dir, machineTimeZone: ZONE, env: {}, overrides, readFile: () => undefined });
    const instance = AgentInstance.open(loaded, { clock: new ManualClock(at(22, 0)), lockMode: "run", stderr: () => {} });
    let release!: () => void;
    const blocking = new Promise<void>((r) => (release = r));
    const service = new AgentService(instance, {
      rereadConfig: () => loaded,
      control: false,
      schedule: false,
      binary,
      supervisorPid: process.pid,
      tasks: new Map([
        ["self-update", selfUpdateTask],
        ["statistics", { name: "statistics", run: async (ctx) => (await ctx.thread("TStatisticsThread", () => blocking), { ok: true, summary: "" }) }],
      ]),
    });
    const exits: number[] = [];
    service.onExitRequested((code) => exits.push(code));
    const lines: string[] = [];
    instance.logs.subscribe((r) => void lines.push(r.message));
    service.start();
    try {
      const statistics = service.runNow("statistics", "manual");
      const update = await service.runNow("self-update", "manual").done;
      expect(update.result).toBe("failed");
      expect(update.summary).toBe("версия 0.2.0: отложено, работают другие потоки");
      expect(lines.some((t) => /^Обновление до версии 0\.2\.0 отложено: работают потоки TStatisticsThread \(\d+\)/.test(t))).toBe(true);
      // Nothing prepared, nothing left beside the binary, no restart asked for; manual runs work again.
      expect(existsSync(join(dir, "data", "main", "update", "transaction.json"))).toBe(false);
      expect(existsSync(join(dir, "agent.new-main"))).toBe(false);
      expect(exits).toEqual([]);
      release();
      expect((await statistics.done).result).toBe("ok");
      // With nothing else running, the same update is prepared and the service asks to be switched (exit 75).
      const second = await service.runNow("self-update", "manual").done;
      // On failure, the job's own lines say why.
      expect({ result: second.result, summary: second.summary, refusal: lines.filter((l) => l.startsWith("Обновление до версии")).slice(1) }).toEqual({
        result: "ok",
        summary: "подготовлено 0.1.0 → 0.2.0, перезапуск",
        refusal: [],
      });
      await Bun.sleep(10);
      expect(exits).toEqual([75]);
      expect(existsSync(join(dir, "data", "main", "update", "transaction.json"))).toBe(true);
      expect(existsSync(join(dir, "data", "main", "update", "backup", "agent.db"))).toBe(true);
    } finally {
      release();
      await service.stop();
      instance.close();
      removeTempDir(dir);
      removeTempDir(join(good, ".."));
    }
  }, 60_000);
});
