import type { ControlClient } from "../control/control-client.ts";
import type { Job } from "../scheduler/job.ts";
import type { JobInput } from "../scheduler/job-input.ts";
import type { ThreadInfo } from "../threads/thread-manager.ts";
import type { LogLine, LogRecord } from "../logs/log-record.ts";
import type { LogFilter } from "../logs/log-filter.ts";
import type { EffectiveSetting } from "../config/effective-config.ts";
import type { StoreFacts } from "../store/store-facts.ts";
import type { LockHolder } from "../store/instance-lock.ts";
import type { OdliCode, OdliParkedReferral, OdliQueueSummary, OdliUnmappedCode, ParkedEntry } from "../clinic/port.ts";

// The types the UI needs from lower layers, re-exported so that it imports only this contract.
export type { Job } from "../scheduler/job.ts";
export type { JobInput } from "../scheduler/job-input.ts";
export type { ThreadInfo, ThreadState } from "../threads/thread-manager.ts";
export type { LogLevel, LogLine, LogRecord, LogFields } from "../logs/log-record.ts";
export type { LogFilter } from "../logs/log-filter.ts";
export type { EffectiveSetting } from "../config/effective-config.ts";
export type { StoreFacts } from "../store/store-facts.ts";
export type { LockHolder } from "../store/instance-lock.ts";
export type { OdliCode, OdliParkedReferral, OdliQueueSummary, OdliUnmappedCode, ParkedEntry } from "../clinic/port.ts";

/**
 * What a running service answers on its control channel, typed for its two
 * clients (the CLI and the terminal UI). The channel itself is untyped JSON
 * lines; this is the contract on top of it.
 */

/** A job as the job table shows it. */
export interface JobView {
  job: Job;
  built: boolean;
  running: boolean;
  lastRun?: { startedAt: number; result: string; summary?: string | null };
  nextRun?: number;
}

export interface ServiceStatus {
  pid: number;
  version: string;
  instance: string;
  startedAt: number;
  /** Attached terminal UIs (the status line's «Подключено клиентов»). */
  clients: number;
  zone: string;
  mainDbEngine: string;
  /** Whether the main DB is open, missing (nothing configured, no file), or configured but not open (yet, or it failed). Absent from older services. */
  mainDb?: "open" | "absent" | "closed";
  codUrl: string;
  /** "ok" when both stores answer; otherwise what failed. */
  stores: string;
  /** Whether the service runs under its supervisor (`agent service run`). */
  supervised: boolean;
  /**
   * Whether the ЦОД answered the last call that reached for it. Absent while
   * nothing has called the ЦОД: the status line
   * then says «нет данных» instead of guessing.
   */
  codAnswered?: { ok: boolean; at: number };
}

export interface Snapshot {
  status: ServiceStatus;
  jobs: JobView[];
  threads: ThreadInfo[];
  runs: { runId: number; task: string; jobId?: number }[];
}

/** A line's place in time order: where a page of the log starts or ends. */
export interface LogCursor {
  ts: number;
  id: number;
}

/**
 * A page of the log that matches a filter, oldest first. Without a cursor:
 * the newest `limit` lines; with `before`: the `limit` lines just older than
 * it; with `after`: the `limit` lines just newer. Every filter runs as an
 * indexed query over the whole log DB, never over lines a client holds.
 */
export interface LogQuery {
  filter: Omit<LogFilter, "afterId">;
  limit: number;
  before?: LogCursor;
  after?: LogCursor;
}

/** One of the agent's own SQLite files. */
export interface AgentStoreInfo extends StoreFacts {
  /** `agent` (jobs, runs) or `log` (the log DB). */
  kind: "agent" | "log";
}

/**
 * «Экземпляры базы». `mainDb` is the place of the main DB (engine, where,
 * connected or the error, size, change capture installed, journal backlog,
 * open and parked batches, the lease holder); `checks` are the newest
 * outcomes of the backups, restore checks, validations and maintenance of
 * every database, with their findings. An older service sends neither, and
 * the UI says "not available in this version" rather than inventing them.
 */
export interface StoresInfo {
  stores: AgentStoreInfo[];
  /** Who holds the instance lock (the service, an `--once`, the UI's own service). */
  lockHolder?: LockHolder;
  mainDb?: MainDbInfo;
  checks?: DbCheckView[];
}

/** The main DB as the service sees it now. */
export interface MainDbInfo {
  engine: string;
  /** The file, or host:port/database. */
  where: string;
  connected: boolean;
  error?: string;
  /** The server's or library's version. */
  version?: string;
  sizeBytes?: number;
  captureInstalled?: boolean;
  journalBacklog?: number;
  openBatches?: number;
  /** What the ЦОД sync parked, all of it (batches and items); absent while nothing parks them. */
  parkedBatches?: number;
  /**
   * The newest parked entries (at most 10), newest first: ids, kinds, counts
   * and the redacted reasons, never their content. Absent from a service of
   * an older version.
   */
  parked?: ParkedEntry[];
  leaseHolder?: string;
}

/** The newest backup, restore check, validation or maintenance of one database. */
export interface DbCheckView {
  at: number;
  /** The run that made it. */
  runId?: number;
  target: "main" | "agent" | "log";
  kind: "backup" | "restore-check" | "validate" | "maintenance";
  ok: boolean;
  summary: string;
  findings: string[];
}

/** The effective config: where it was read from, every setting with its origin, secrets masked. */
export interface EffectiveConfigView {
  file: string;
  fileExists: boolean;
  settings: EffectiveSetting[];
}

export interface RunStarted {
  runId: number;
}

/** Every method of the channel with its parameters and answer. */
export interface AgentMethods {
  status: { params: void; result: ServiceStatus };
  snapshot: { params: void; result: Snapshot };
  "jobs.list": { params: void; result: JobView[] };
  /** A job by number, exact name, or a part of its name only one job has. */
  "jobs.find": { params: { job: string }; result: JobView };
  "jobs.add": { params: { input: JobInput }; result: JobView };
  "jobs.edit": { params: { job: string; input: JobInput }; result: JobView };
  "jobs.remove": { params: { job: string }; result: { id: number; name: string } };
  "jobs.pause": { params: { job: string }; result: JobView };
  "jobs.resume": { params: { job: string }; result: JobView };
  /** Starts a job (or a bare task) now; the run's lines and end come as events. */
  "jobs.run": { params: { job: string; trigger?: "manual" | "once" }; result: RunStarted };
  "runs.cancel": { params: { runId: number }; result: { cancelled: boolean } };
  "threads.list": { params: void; result: ThreadInfo[] };
  "threads.cancel": { params: { id: number }; result: ThreadInfo };
  "config.reload": { params: void; result: { applied: string[]; needsRestart: string[] } };
  /** Stops the service (what the supervisor asks on Windows, where a signal would kill it). */
  "service.stop": { params: void; result: { stopping: boolean } };
  /** Records the outcome of an update the supervisor has just decided. */
  "update.settle": { params: void; result: { settled: boolean } };
  "config.effective": { params: void; result: EffectiveConfigView };
  /** A page of the log (see LogQuery). */
  "logs.query": { params: LogQuery; result: LogLine[] };
  /** The services that have lines, for the service picker. */
  "logs.services": { params: void; result: string[] };
  /** The next (or previous) line after `from` that matches: the UI's jump to the next error. */
  "logs.neighbour": { params: { filter: Omit<LogFilter, "afterId">; from: LogCursor; direction: "after" | "before" }; result: LogLine | null };
  /**
   * The filtered log in the manual's TSV form, a chunk at a time, oldest
   * first: the client writes the file as its own user, where it asks.
   * `next` is absent on the last chunk.
   */
  "logs.export": { params: { filter: Omit<LogFilter, "afterId">; after?: LogCursor; limit: number }; result: { tsv: string; lines: number; next?: LogCursor } };
  "stores.info": { params: void; result: StoresInfo };
  /** What the ЦОД sync parked (main DB, AGENT_PARKED), oldest first. */
  "sync.parked": { params: void; result: ParkedEntry[] };
  /** Retries a parked entry; answers the line to show. */
  "sync.parked.retry": { params: { id: number }; result: { message: string } };
  /** Gives a parked entry up; answers the line to show. */
  "sync.parked.drop": { params: { id: number }; result: { message: string } };
  /** The tasks a job may run (the job editor's list): name, title, whether built, its options. */
  "tasks.list": { params: void; result: TaskView[] };
  /** ОДЛИ: unmapped codes, the send queue, parked referrals (the DB tab; `agent odli map unmapped` while the service runs). */
  "odli.state": { params: void; result: OdliStateView };
  /** ОДЛИ: adds or replaces code map entries in the main DB (`agent odli map import` while the service holds it). */
  "odli.map.import": { params: { codes: OdliCode[] }; result: { inserted: number; updated: number } };
}

/**
 * The LIS job's (ОДЛИ) state as the UI shows it on the DB tab: local codes
 * the code map lacks, the send queue, the latest parked referrals. `error`
 * instead when the main DB cannot be asked (none configured, unreachable).
 */
export interface OdliStateView {
  unmapped?: OdliUnmappedCode[];
  queue?: OdliQueueSummary;
  parked?: OdliParkedReferral[];
  error?: string;
}

export interface TaskView {
  name: string;
  title: string;
  built: boolean;
  options: string[];
}

export type AgentMethod = keyof AgentMethods;

/** Events on the channel's stream. */
export interface AgentStreamEvents {
  "log:appended": LogRecord;
  "thread:created": ThreadInfo;
  "thread:started": ThreadInfo;
  "thread:progress": ThreadInfo;
  "thread:finished": ThreadInfo;
  "thread:destroyed": ThreadInfo;
  "run:started": { runId: number; task: string; jobId?: number; trigger: string; plannedAt?: number; startedAt: number };
  "run:finished": { runId: number; task: string; jobId?: number; result: "ok" | "failed" | "cancelled"; summary: string; error?: string; durationMs: number };
  "job:next": { jobId: number; nextRun?: number };
  "job:changed": { jobId: number };
  "clients:changed": { clients: number };
}

/** The typed face of a control-channel connection. */
export class AgentApi {
  constructor(readonly client: ControlClient) {}

  call<M extends AgentMethod>(method: M, ...params: AgentMethods[M]["params"] extends void ? [] : [AgentMethods[M]["params"]]): Promise<AgentMethods[M]["result"]> {
    return this.client.request<AgentMethods[M]["result"]>(method, params[0]);
  }

  /** Starts the event stream; answers a function that stops listening. */
  subscribe(listener: <E extends keyof AgentStreamEvents>(event: E, data: AgentStreamEvents[E]) => void): Promise<() => void> {
    return this.client.subscribe((e) => listener(e.event as keyof AgentStreamEvents, e.data as never));
  }

  close(): void {
    this.client.close();
  }
}
