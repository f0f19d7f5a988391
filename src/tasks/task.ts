import type { Clock } from "../kernel/clock.ts";
import type { Config } from "../config/schema.ts";
import type { Logger } from "../logs/logger.ts";
import type { LogStore } from "../logs/log-store.ts";
import type { ThreadBody, ThreadState } from "../threads/thread-manager.ts";
import type { TaskName } from "./catalog.ts";

/**
 * The systems a task may use, each opened on first use. It grows with the
 * tasks (the main DB port, the ЦОД client …); a task never sees a driver
 * handle, blessed, or anything above it.
 */
export interface TaskServices {
  /** The log DB, for the trimming job. */
  logStore(): LogStore;
}

/** Everything a run of a task gets, in one object (graphile-worker's `helpers`). */
export interface TaskContext {
  task: TaskName;
  /** The job that fired, if a job did. */
  job?: { id: number; name: string };
  runId: number;
  /** The job's options over the task's defaults; they override the config for this run. */
  options: Readonly<Record<string, unknown>>;
  /** The config as it was when the run started. */
  config: Config;
  clock: Clock;
  /** The run's own lines (service `agent`); threads have their own loggers. */
  log: Logger;
  /** Aborted when the run is cancelled or the service stops. */
  signal: AbortSignal;
  /** Runs a named thread of this task (the manual's names) and answers how it ended. */
  thread(name: string, body: ThreadBody): Promise<ThreadState>;
  services: TaskServices;
}

/** How a run ended, as the run history and `--once` report it. */
export interface TaskResult {
  /** True only if the task did its work: `--once` exits 0 only then. */
  ok: boolean;
  /** One line for the job table and the run history (counts, never patient data). */
  summary: string;
}

/** A task this build implements. */
export interface TaskDefinition {
  name: TaskName;
  run(ctx: TaskContext): Promise<TaskResult>;
}
