import { join } from "node:path";
import { loadConfig, type Override } from "../../src/config/load.ts";
import type { Config } from "../../src/config/schema.ts";
import { type Clock, systemClock } from "../../src/kernel/clock.ts";
import type { MainDb } from "../../src/clinic/port.ts";
import type { LogRecord } from "../../src/logs/log-record.ts";
import { LogStore } from "../../src/logs/log-store.ts";
import { RunRepository } from "../../src/runner/run-repository.ts";
import { type RunOutcome, TaskRunner } from "../../src/runner/task-runner.ts";
import { AgentStore } from "../../src/store/agent-store.ts";
import type { TaskName } from "../../src/tasks/catalog.ts";
import type { TaskDefinition } from "../../src/tasks/task.ts";
import { ThreadManager } from "../../src/threads/thread-manager.ts";
import { memoryLog } from "./memory-log.ts";
import { taskServices } from "./task-services.ts";
import { tempDir } from "./temp-dir.ts";

/**
 * One task through the real runner and thread manager, with its config made
 * by the real loader from overrides and the main DB a test gives: what the
 * service does for a run, without the scheduler. Its log lines are kept in
 * memory, in order.
 */
export interface TaskHarness {
  config: Config;
  lines: LogRecord[];
  run(): Promise<RunOutcome>;
  /** The comments of one thread's (or the run's) lines, in order. */
  messages(service?: string): string[];
}

export function taskHarness(o: {
  task: TaskDefinition;
  settings: Record<string, string | number | boolean>;
  mainDb?: () => Promise<MainDb>;
  clock?: Clock;
  /** The folder for its stores (default: a new temp folder; a child process gets its parent's). */
  dir?: string;
}): TaskHarness {
  const dir = o.dir ?? tempDir("agent-task-");
  const clock = o.clock ?? systemClock;
  const overrides: Override[] = Object.entries({ data_dir: join(dir, "data"), ...o.settings }).map(([path, value]) => ({ path, value: String(value), arg: "test" }));
  const loaded = loadConfig({ home: dir, machineTimeZone: "UTC", env: {}, overrides, readFile: () => undefined });
  const store = AgentStore.open(join(dir, "agent.db"), { what: "store", agentVersion: "t", now: clock.now() });
  const logStore = LogStore.open(join(dir, "log.db"), { what: "log", agentVersion: "t", now: clock.now() });
  const { hub, lines } = memoryLog(clock);
  let id = 1;
  const runner = new TaskRunner({
    tasks: new Map<TaskName, TaskDefinition>([[o.task.name, o.task]]),
    threads: new ThreadManager({ clock, logs: hub, ids: { next: () => id++ }, emit: () => {} }),
    runs: new RunRepository(store.orm),
    clock,
    logs: hub,
    config: () => loaded.config,
    services: taskServices({
      logStore: () => logStore,
      ...(o.mainDb === undefined ? {} : { mainDb: o.mainDb, mainDbConfigured: () => true }),
    }),
    emit: () => {},
  });
  return {
    config: loaded.config,
    lines,
    run: () => runner.run({ task: o.task.name, trigger: "once" }),
    messages: (service) => lines.filter((l) => service === undefined || l.service === service).map((l) => l.message),
  };
}
