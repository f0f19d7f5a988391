import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { loadConfig, type Override } from "../../src/config/load.ts";
import { AgentInstance } from "../../src/app/agent-instance.ts";
import { AgentService } from "../../src/app/agent-service.ts";
import { systemClock } from "../../src/kernel/clock.ts";
import { CodSimulator } from "../../src/sim/cod/cod-simulator.ts";
import type { LogRecord } from "../../src/logs/log-record.ts";
import type { TaskName } from "../../src/tasks/catalog.ts";
import { AgentApi } from "../../src/api/agent-api.ts";
import { ControlClient } from "../../src/control/control-client.ts";
import { sqliteFixture, type TestDb } from "./main-db.ts";
import { installApplyCounter } from "./apply-counter.ts";
import { tempDir } from "./temp-dir.ts";
import { adminOf } from "./sim-admin.ts";

export const MO = "4601000";

/**
 * A real service on a real instance (temp folder), its main DB a SQLite file
 * with the reference schema and capture installed (and the test's apply
 * counter), pointed at a ЦОД simulator on loopback. Runs go through the
 * service's own runner, so what is tested is what `agent run` does.
 */
export async function syncService(o: { overrides?: Array<[string, string]> } = {}) {
  const t: TestDb = await sqliteFixture.create();
  installApplyCounter(t.path);
  const sim = await CodSimulator.start({ dataDir: tempDir("sim-cod-") });
  const dir = tempDir("agent-sync-");
  mkdirSync(join(dir, "data"));
  const settings: Array<[string, string]> = [
    ["cod.url", sim.url],
    ["cod.mo_id", MO],
    ["cod.token", "t0k3n-9f2c"],
    ["cod.retries", "1"],
    ["cod.retry_pause_seconds", "1"],
    ["cod.timeout_seconds", "5"],
    ["maindb.path", t.path],
    ["log.stderr", "false"],
    ["timezone", "Europe/Moscow"],
    ...(o.overrides ?? []),
  ];
  const overrides: Override[] = settings.map(([path, value]) => ({ path, value, arg: `test ${path}` }));
  const loaded = loadConfig({ home: dir, machineTimeZone: "UTC", env: {}, overrides, readFile: () => undefined });
  const instance = AgentInstance.open(loaded, { clock: systemClock, lockMode: "run", stderr: () => {} });
  const lines: LogRecord[] = [];
  instance.logs.subscribe((r) => lines.push(r));
  const service = new AgentService(instance, { rereadConfig: () => loaded, schedule: false, announce: false, graceMs: 2_000 });
  await service.openMainDb();
  service.start();
  const admin = adminOf(() => sim.adminUrl);
  return {
    t,
    sim,
    instance,
    service,
    lines,
    admin,
    /** One run of a task through the service's runner; the lines it logged (service and text). */
    async run(task: TaskName = "analysis-sync") {
      const from = lines.length;
      const outcome = await service.runNow(task, "manual").done;
      const logged = lines.slice(from).map((l) => `${l.service}\t${l.message}`);
      return { outcome, logged, text: logged.join("\n") };
    },
    async api() {
      return new AgentApi(await ControlClient.connect(instance.paths.controlEndpoint, "cli"));
    },
    async stop() {
      await service.stop();
      instance.close();
      await sim.stop();
      await t.close();
    },
  };
}

export type SyncService = Awaited<ReturnType<typeof syncService>>;
