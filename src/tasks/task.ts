import type { Clock } from "../kernel/clock.ts";
import type { Config } from "../config/schema.ts";
import type { Logger } from "../logs/logger.ts";
import type { LogStore } from "../logs/log-store.ts";
import type { MainDb } from "../clinic/port.ts";
import type { ThreadBody, ThreadState } from "../threads/thread-manager.ts";
import type { TaskName } from "./catalog.ts";
import type { UpdateHistory } from "../store/update-history.ts";
import type { UpdatePaths } from "../deploy/update-transaction.ts";
import type { StoreBackup } from "../deploy/store-backup.ts";
import type { DbCheckLog } from "../store/db-checks.ts";
import type { CodClient } from "../cod/cod-client.ts";

/**
 * The systems a task may use, each opened on first use. It grows with the
 * tasks (the main DB port, the ЦОД client …); a task never sees a driver
 * handle, blessed, or anything above it.
 */
export interface TaskServices {
  /** The log DB, for the trimming job. */
  logStore(): LogStore;
  /**
   * The clinic's main database, opened on first use and shared by the
   * service's tasks (under the main DB's lease where change capture is
   * installed). Rejects with a clear message when there is none or it is down.
   */
  mainDb(): Promise<MainDb>;
  /** Whether a main DB is there at all (a SQLite file exists, or Firebird is configured): without one, a backup copies only the stores. */
  mainDbConfigured(): boolean;
  /** What backups, restore checks, validation and maintenance found, kept for the UI's DB tab. */
  checks(): DbCheckLog;
  /** The agent's health, as the statistics upload reports it. */
  health(): AgentHealth;
  /** What the self-update job needs of the service. */
  update(): UpdateServices;
  /**
   * A ЦОД client for these `[cod]` settings (a job's `cod_url` already put
   * in): its repeats are logged to `log`, and whether the ЦОД answered goes to
   * the service's status line. The caller closes it. A usage error names
   * what is missing when the ЦОД is not configured.
   */
  cod(o: { settings: Config["cod"]; log: Logger }): CodClient;
}

/** One job as the statistics report it: numbers and enumerated values, never its name. */
export interface JobHealth {
  id: number;
  task: TaskName;
  paused: boolean;
  built: boolean;
  lastRun?: { startedAt: number; result: string; durationMs?: number };
  nextRun?: number;
}

/** The service's side of the statistics upload. */
export interface AgentHealth {
  /** When this service started (epoch ms). */
  startedAt: number;
  jobs(): JobHealth[];
  /** The runs that ended in (from, to]: task, result and the kinds of their errors (never texts). */
  runsEnded(from: number, to: number): { jobId: number | null; task: string; result: string; errorKinds: string[] }[];
  /** Marks the statistics keep in the agent's store between runs. */
  mark(key: string): string | undefined;
  setMark(key: string, value: string): void;
}

/** The service's side of an update: where the binary is, who switches it, and the steps only the service can take. */
export interface UpdateServices {
  /** The running binary that an update replaces; undefined when the agent runs from source. */
  binary: string | undefined;
  /** Where the update's files go (undefined without a binary). */
  paths: UpdatePaths | undefined;
  /** Whether a supervisor (`agent service run`) will switch to a prepared update and check it. */
  supervised: boolean;
  history: UpdateHistory;
  /**
   * Stops the scheduler and manual runs from starting anything, and answers
   * the threads of other runs still going. With any, the caller resumes and
   * waits for a later run.
   */
  quiesce(runId: number): { others: string[]; resume(): void };
  /** Consistent copies of the agent's stores into `dir`. */
  backupStores(dir: string): StoreBackup[];
  /** Once this run has been recorded, the service stops and exits for its supervisor to switch binaries. */
  restartAfterRun(runId: number): void;
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
