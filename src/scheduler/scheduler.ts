import type { Clock } from "../kernel/clock.ts";
import { describeError } from "../kernel/describe-error.ts";
import { formatManual } from "../kernel/zoned-time.ts";
import { schedulerTexts as T } from "../messages/areas/scheduler.ts";
import { say } from "../messages/text.ts";
import type { Logger } from "../logs/logger.ts";
import type { Job } from "./job.ts";
import { fireAllowed, nextFire } from "./next-fire.ts";
import type { TimerPort } from "./timer-port.ts";

import type { RunTrigger } from "../runner/task-runner.ts";
export type { RunTrigger };

/** Where the scheduler reads jobs and records what it fired. */
export interface JobSource {
  list(): Job[];
  markFired(id: number, plannedAt: number): void;
}

export interface SchedulerEvents {
  "job:fired": { jobId: number; plannedAt: number; trigger: RunTrigger };
  "job:skipped": { jobId: number; plannedAt: number; reason: "overlap" | "forbidden" };
  "job:next": { jobId: number; nextRun?: number };
  [name: string]: unknown;
}

export interface SchedulerOptions {
  clock: Clock;
  zone: () => string;
  jobs: JobSource;
  timers: TimerPort;
  /** Whether this build implements the job's task. */
  isBuilt(task: string): boolean;
  /** Whether a run of this job is going on, and which (to log an overlap once per run). */
  currentRun(jobId: number): number | undefined;
  /** Starts a run; the scheduler does not wait for it. */
  fire(job: Job, trigger: RunTrigger, plannedAt: number): Promise<unknown>;
  log: Logger;
  emit: <K extends keyof SchedulerEvents>(name: K, data: SchedulerEvents[K]) => void;
}

/**
 * Fires jobs with the manual's semantics. croner answers cron expressions
 * (next-fire.ts); the anchored "every N minutes", daily and weekly fires,
 * days, forbidden windows, overlap and catch-up are the agent's own, since
 * croner has no anchor or misfire policy. Each job has at most one timer,
 * re-armed from the planned instant after each fire, so a slow run or a
 * clock jump never makes fires pile up.
 */
export class Scheduler {
  private readonly timers = new Map<number, () => void>();
  private readonly next = new Map<number, number | undefined>();
  /** The run during which an overlap was already logged, per job. */
  private readonly overlapLogged = new Map<number, number>();
  private stopped = true;

  constructor(private readonly o: SchedulerOptions) {}

  /** Arms every job, running at most one catch-up per job; returns stop. */
  start(): () => void {
    this.stopped = false;
    const jobs = this.o.jobs.list();
    const notBuilt = jobs.filter((j) => !j.paused && !this.o.isBuilt(j.task));
    if (notBuilt.length > 0) this.o.log.warn(say(T.notBuilt, { jobs: notBuilt.map((j) => `«${j.name}» (${j.task})`).join(", ") }));
    this.o.log.info(say(T.started, { active: jobs.filter((j) => !j.paused).length, paused: jobs.filter((j) => j.paused).length }));
    for (const job of jobs) {
      this.catchUp(job);
      this.arm(job);
    }
    return () => this.stop();
  }

  stop(): void {
    this.stopped = true;
    for (const cancel of this.timers.values()) cancel();
    this.timers.clear();
  }

  /** Re-reads the jobs after an edit, an addition or a deletion. */
  refresh(): void {
    if (this.stopped) return;
    const jobs = this.o.jobs.list();
    const ids = new Set(jobs.map((j) => j.id));
    for (const id of [...this.timers.keys()]) {
      if (!ids.has(id)) {
        this.timers.get(id)!();
        this.timers.delete(id);
        this.next.delete(id);
      }
    }
    for (const job of jobs) this.arm(job);
  }

  /** The next planned fire of each job (undefined: none). */
  nextRuns(): ReadonlyMap<number, number | undefined> {
    return this.next;
  }

  private arm(job: Job, after = this.o.clock.now()): void {
    this.timers.get(job.id)?.();
    this.timers.delete(job.id);
    const at = job.paused || !this.o.isBuilt(job.task) ? undefined : nextFire(job, after, this.o.zone());
    this.next.set(job.id, at);
    this.o.emit("job:next", { jobId: job.id, nextRun: at });
    if (at === undefined) return;
    this.timers.set(
      job.id,
      this.o.timers.at(at, () => this.onFire(job.id, at)),
    );
  }

  private onFire(jobId: number, plannedAt: number): void {
    this.timers.delete(jobId);
    if (this.stopped) return;
    const job = this.o.jobs.list().find((j) => j.id === jobId);
    if (!job) return;
    try {
      this.o.jobs.markFired(job.id, plannedAt);
      const running = this.o.currentRun(job.id);
      if (running !== undefined) {
        this.o.emit("job:skipped", { jobId: job.id, plannedAt, reason: "overlap" });
        if (this.overlapLogged.get(job.id) !== running) {
          this.overlapLogged.set(job.id, running);
          this.o.log.warn(say(T.skippedOverlap, { job: job.name }));
        }
      } else {
        this.launch(job, "schedule", plannedAt);
      }
    } finally {
      // From the planned instant, or from now if the clock jumped past several fires: never a stampede.
      this.arm(job, Math.max(plannedAt, this.o.clock.now()));
    }
  }

  /** After downtime: one run for the fires missed since the last one handled, if now is allowed. */
  private catchUp(job: Job): void {
    if (job.paused || !this.o.isBuilt(job.task)) return;
    const now = this.o.clock.now();
    // Fires before the job was last edited (or created) are not "missed": they were never due.
    const since = Math.max(job.lastFireAt ?? -Infinity, job.updatedAt);
    const missed = nextFire(job, since, this.o.zone());
    if (missed === undefined || missed > now) return;
    const when = formatManual(missed, this.o.zone());
    this.o.jobs.markFired(job.id, now);
    if (!fireAllowed(job, now, this.o.zone())) {
      this.o.log.info(say(T.catchUpForbidden, { job: job.name, missed: when }));
      this.o.emit("job:skipped", { jobId: job.id, plannedAt: missed, reason: "forbidden" });
      return;
    }
    this.o.log.info(say(T.catchUp, { job: job.name, missed: when }));
    this.launch(job, "catch-up", missed);
  }

  private launch(job: Job, trigger: RunTrigger, plannedAt: number): void {
    this.o.emit("job:fired", { jobId: job.id, plannedAt, trigger });
    this.o.fire(job, trigger, plannedAt).catch((error) => {
      // The runner reports its own failures; this is a failure to even start one.
      this.o.log.error(say(T.fireFailed, { job: job.name, reason: describeError(error) }));
    });
  }
}
