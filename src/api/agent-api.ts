import type { ControlClient } from "../control/control-client.ts";
import type { Job } from "../scheduler/job.ts";
import type { JobInput } from "../scheduler/job-input.ts";
import type { ThreadInfo } from "../threads/thread-manager.ts";
import type { LogRecord } from "../logs/log-record.ts";

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
  codUrl: string;
  /** "ok" when both stores answer; otherwise what failed. */
  stores: string;
  /** Whether the service runs under its supervisor (`agent service run`). */
  supervised: boolean;
}

export interface Snapshot {
  status: ServiceStatus;
  jobs: JobView[];
  threads: ThreadInfo[];
  runs: { runId: number; task: string; jobId?: number }[];
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
