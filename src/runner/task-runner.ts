import type { Clock } from "../kernel/clock.ts";
import type { Config } from "../config/schema.ts";
import { describeError } from "../kernel/describe-error.ts";
import { errorKind } from "../kernel/error-kind.ts";
import { CancelledError } from "../threads/cancelled-error.ts";
import { runnerTexts as T } from "../messages/areas/runner.ts";
import { say } from "../messages/text.ts";
import { AGENT_SERVICE } from "../logs/log-record.ts";
import type { LogHub } from "../logs/logger.ts";
import { TASKS, type TaskName } from "../tasks/catalog.ts";
import type { TaskDefinition, TaskServices } from "../tasks/task.ts";
import type { ThreadManager } from "../threads/thread-manager.ts";
import type { RunRepository } from "./run-repository.ts";

/** Why a job runs: its schedule, a catch-up after downtime, a person, or `agent --once`. */
export type RunTrigger = "schedule" | "catch-up" | "manual" | "once";

export interface RunRequest {
  task: TaskName;
  job?: { id: number; name: string; options: Readonly<Record<string, unknown>> };
  trigger: RunTrigger;
  plannedAt?: number;
}

export interface RunOutcome {
  runId: number;
  task: TaskName;
  result: "ok" | "failed" | "cancelled";
  summary: string;
  error?: string;
  /** The kinds of the errors that failed it (`cod.refused` …), never their texts: what the statistics count. */
  errorKinds?: string[];
}

export interface RunEvents {
  "run:started": { runId: number; task: TaskName; jobId?: number; trigger: RunTrigger; plannedAt?: number; startedAt: number };
  "run:finished": RunOutcome & { jobId?: number; durationMs: number };
  [name: string]: unknown;
}

export interface TaskRunnerOptions {
  /** The built tasks: their definitions, or loaders that import them on first use. */
  tasks: ReadonlyMap<TaskName, TaskDefinition | (() => Promise<TaskDefinition>)>;
  threads: ThreadManager;
  runs: RunRepository;
  clock: Clock;
  logs: LogHub;
  config: () => Config;
  services: TaskServices;
  emit: <K extends keyof RunEvents>(name: K, data: RunEvents[K]) => void;
}

interface ActiveRun {
  runId: number;
  task: TaskName;
  jobId?: number;
  controller: AbortController;
  done: Promise<RunOutcome>;
}

/**
 * Runs tasks, the same way for the scheduler, a person's "run now" and
 * `agent --once`: records the run, builds the task's context (its options,
 * the config of the moment, a logger, a cancel signal, its threads), runs it,
 * and records how it ended. It never throws: a failed task is an outcome.
 */
export class TaskRunner {
  private readonly active = new Map<number, ActiveRun>();

  constructor(private readonly o: TaskRunnerOptions) {}

  isBuilt(task: string): boolean {
    return this.o.tasks.has(task as TaskName);
  }

  /** The run of a job going on now, if any. */
  currentRun(jobId: number): number | undefined {
    for (const r of this.active.values()) if (r.jobId === jobId) return r.runId;
    return undefined;
  }

  activeRuns(): { runId: number; task: TaskName; jobId?: number }[] {
    return [...this.active.values()].map(({ runId, task, jobId }) => ({ runId, task, jobId }));
  }

  /** Runs a task and answers its outcome. */
  run(request: RunRequest): Promise<RunOutcome> {
    return this.start(request).done;
  }

  /** Starts a run; its id is known at once, its outcome later. */
  start(request: RunRequest): { runId: number; done: Promise<RunOutcome> } {
    const entry = this.o.tasks.get(request.task);
    const startedAt = this.o.clock.now();
    const startedMono = this.o.clock.monotonic();
    const runId = this.o.runs.begin({
      jobId: request.job?.id,
      jobName: request.job?.name ?? request.task,
      task: request.task,
      trigger: request.trigger,
      plannedAt: request.plannedAt,
      startedAt,
    });
    const log = this.o.logs.logger(AGENT_SERVICE, null, { task: request.task, run: runId });
    const controller = new AbortController();
    const triggerText = { schedule: T.triggerSchedule, "catch-up": T.triggerCatchUp, manual: T.triggerManual, once: T.triggerOnce }[request.trigger];
    log.info(say(T.runStarted, { task: request.task, job: request.job?.name ?? "", trigger: say(triggerText) }));
    this.o.emit("run:started", { runId, task: request.task, jobId: request.job?.id, trigger: request.trigger, plannedAt: request.plannedAt, startedAt });

    // A run one of whose threads was cancelled was cancelled, whatever the task answers.
    let threadCancelled = false;
    // The kinds of what failed its threads and the task itself, for the statistics (texts stay here).
    const kinds = new Set<string>();
    const noteKind = (error: unknown) => {
      if (!(error instanceof CancelledError) && !controller.signal.aborted) kinds.add(errorKind(error));
    };
    const done = (async (): Promise<RunOutcome> => {
      let outcome: RunOutcome;
      try {
        if (!entry) throw new Error(`task ${request.task} is not built`);
        const definition = typeof entry === "function" ? await entry() : entry;
        const result = await definition.run({
          task: request.task,
          job: request.job && { id: request.job.id, name: request.job.name },
          runId,
          options: { ...taskDefaults(request.task), ...request.job?.options },
          config: this.o.config(),
          clock: this.o.clock,
          log,
          signal: controller.signal,
          thread: async (name, body) => {
            const state = await this.o.threads.run(name, request.task, runId, async (handle) => {
              try {
                await body(handle);
              } catch (error) {
                noteKind(error);
                throw error;
              }
            });
            if (state === "cancelled") threadCancelled = true;
            return state;
          },
          services: this.o.services,
        });
        const cancelled = controller.signal.aborted || threadCancelled;
        outcome = { runId, task: request.task, result: cancelled ? "cancelled" : result.ok ? "ok" : "failed", summary: result.summary };
      } catch (error) {
        noteKind(error);
        const reason = describeError(error);
        log.error(say(T.runFailed, { task: request.task, reason }));
        outcome = { runId, task: request.task, result: controller.signal.aborted ? "cancelled" : "failed", summary: "", error: reason };
      }
      if (outcome.result === "failed") outcome.errorKinds = kinds.size > 0 ? [...kinds].sort() : ["task.failed"];
      const durationMs = this.o.clock.monotonic() - startedMono;
      this.o.runs.finish(runId, {
        result: outcome.result,
        finishedAt: this.o.clock.now(),
        durationMs,
        summary: outcome.summary,
        error: outcome.error,
        errorKinds: outcome.errorKinds,
      });
      const resultText = say({ ok: T.resultOk, failed: T.resultFailed, cancelled: T.resultCancelled }[outcome.result]);
      const finishedLine = say(T.runFinished, { task: request.task, result: resultText, seconds: (durationMs / 1000).toFixed(1), summary: outcome.summary });
      if (outcome.result === "ok") log.info(finishedLine);
      else log.warn(finishedLine);
      this.active.delete(runId);
      this.o.emit("run:finished", { ...outcome, jobId: request.job?.id, durationMs });
      return outcome;
    })();
    this.active.set(runId, { runId, task: request.task, jobId: request.job?.id, controller, done });
    return { runId, done };
  }

  /** Cancels a run: its signal and every thread it runs. */
  cancelRun(runId: number, reason: "administrator" | "shutdown" = "administrator"): boolean {
    const run = this.active.get(runId);
    if (!run) return false;
    run.controller.abort();
    this.o.threads.cancelRun(runId, reason);
    return true;
  }

  /** Waits for the runs going on; after the grace time cancels them and waits once more. */
  async drain(graceMs: number): Promise<void> {
    const pending = () => [...this.active.values()].map((r) => r.done);
    if (pending().length === 0) return;
    const timedOut = await Promise.race([Promise.all(pending()).then(() => false), delay(graceMs).then(() => true)]);
    if (!timedOut) return;
    for (const runId of this.active.keys()) this.cancelRun(runId, "shutdown");
    await Promise.race([Promise.all(pending()), delay(graceMs)]);
  }
}

/** A task's option defaults, from the catalog. */
function taskDefaults(task: TaskName): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, setting] of Object.entries(TASKS[task].options)) {
    if (typeof setting.defaultValue !== "function") out[key] = setting.defaultValue;
  }
  return out;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
