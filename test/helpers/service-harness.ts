import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { loadConfig, type Override } from "../../src/config/load.ts";
import { AgentInstance } from "../../src/app/agent-instance.ts";
import { AgentService } from "../../src/app/agent-service.ts";
import { systemClock, type Clock } from "../../src/kernel/clock.ts";
import type { LogRecord } from "../../src/logs/log-record.ts";
import type { RunOutcome } from "../../src/runner/task-runner.ts";
import type { TaskName } from "../../src/tasks/catalog.ts";
import type { TaskDefinition } from "../../src/tasks/task.ts";
import { BUILT_TASKS } from "../../src/tasks/registry.ts";
import { setLanguage } from "../../src/messages/text.ts";
import { tempDir } from "./temp-dir.ts";

export interface ServiceHarness {
  dir: string;
  instance: AgentInstance;
  service: AgentService;
  /** Every line logged since the start, in order (the log DB's copy is there too). */
  lines: LogRecord[];
  /** Runs a job (by number or name) or a bare task now, as "run now" would, and answers its outcome. */
  run(reference: string): Promise<RunOutcome>;
  /** Changes a job's options (`key=value`), as `agent jobs edit --option` would. */
  setOptions(job: string, options: string[]): void;
  /** The messages one thread (by its manual name) logged, in order. */
  messages(thread: string): string[];
  /** Why a thread of that name failed (its «Поток завершился с ошибкой» line), or undefined. */
  failure(thread: string): string | undefined;
  stop(): Promise<void>;
}

/**
 * A real service on a real instance in a temp folder — its stores, its main
 * DB access, its runner and tasks — without the control channel and the
 * scheduler: the tests run jobs as "run now" does.
 */
export async function startService(
  o: { overrides?: Array<[string, string]>; env?: Record<string, string>; tasks?: Map<TaskName, TaskDefinition>; clock?: Clock; dir?: string } = {},
): Promise<ServiceHarness> {
  setLanguage("ru");
  const dir = o.dir ?? tempDir("agent-service-");
  mkdirSync(join(dir, "data"), { recursive: true });
  const pairs: Array<[string, string]> = [["log.stderr", "false"], ...(o.overrides ?? [])];
  const overrides: Override[] = pairs.map(([path, value]) => ({ path, value, arg: "test" }));
  const loaded = loadConfig({ home: dir, machineTimeZone: "UTC", env: o.env ?? {}, overrides, readFile: () => undefined });
  const instance = AgentInstance.open(loaded, { clock: o.clock ?? systemClock, lockMode: "run", stderr: () => {} });
  const lines: LogRecord[] = [];
  const off = instance.logs.subscribe((r) => lines.push(r));
  const tasks = o.tasks ? new Map<TaskName, TaskDefinition | (() => Promise<TaskDefinition>)>([...BUILT_TASKS, ...o.tasks]) : undefined;
  const service = new AgentService(instance, { rereadConfig: () => loaded, control: false, schedule: false, announce: false, tasks, graceMs: 5_000 });
  service.start();
  await service.openMainDb();
  return {
    dir,
    instance,
    service,
    lines,
    run: (reference) => service.runNow(reference, "manual").done,
    setOptions: (job, options) => void service.jobCommands.edit(job, { options }),
    messages: (thread) => lines.filter((l) => l.service === thread).map((l) => l.message),
    failure: (thread) =>
      lines
        .filter((l) => l.service === thread && l.level === "error" && l.message.startsWith("Поток завершился с ошибкой: "))
        .at(-1)
        ?.message.slice("Поток завершился с ошибкой: ".length),
    async stop() {
      off();
      await service.stop();
      instance.close();
    },
  };
}
