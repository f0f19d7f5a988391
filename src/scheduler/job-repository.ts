import { eq, inArray, sql } from "drizzle-orm";
import { wallClockToIso, parseWallClock } from "../kernel/zoned-time.ts";
import type { Job, JobDefinition, Periodicity, Weekday } from "./job.ts";
import type { TaskName } from "../tasks/catalog.ts";
import type { StoreOrm } from "../store/agent-store.ts";
import { jobs, runs, type JobRow, type RunRow } from "../store/schema.ts";

/** The latest run of a job, for the table's "last run / result" columns. */
export type LastRun = Pick<RunRow, "startedAt" | "finishedAt" | "result" | "summary" | "error">;

/** Jobs as stored in the agent's store. */
export class JobRepository {
  constructor(private readonly orm: StoreOrm) {}

  list(): Job[] {
    return this.orm.select().from(jobs).orderBy(jobs.id).all().map(fromRow);
  }

  byId(id: number): Job | undefined {
    const row = this.orm.select().from(jobs).where(eq(jobs.id, id)).get();
    return row && fromRow(row);
  }

  byName(name: string): Job | undefined {
    const row = this.orm.select().from(jobs).where(eq(jobs.name, name)).get();
    return row && fromRow(row);
  }

  insert(def: JobDefinition, now: number): Job {
    const row = this.orm.insert(jobs).values({ ...toRow(def), createdAt: now, updatedAt: now }).returning().get();
    return fromRow(row);
  }

  update(id: number, def: JobDefinition, now: number): Job {
    const row = this.orm.update(jobs).set({ ...toRow(def), updatedAt: now }).where(eq(jobs.id, id)).returning().get();
    return fromRow(row);
  }

  /** Records the last fire handled, without touching `updated_at` (which marks edits). */
  markFired(id: number, plannedAt: number): void {
    this.orm.update(jobs).set({ lastFireAt: plannedAt }).where(eq(jobs.id, id)).run();
  }

  remove(id: number): void {
    this.orm.delete(jobs).where(eq(jobs.id, id)).run();
  }

  /** The latest run of each job, by job id. */
  lastRuns(): Map<number, LastRun> {
    const latest = this.orm.select({ id: sql<number>`max(${runs.id})` }).from(runs).groupBy(runs.jobId);
    const rows = this.orm
      .select({
        jobId: runs.jobId,
        startedAt: runs.startedAt,
        finishedAt: runs.finishedAt,
        result: runs.result,
        summary: runs.summary,
        error: runs.error,
      })
      .from(runs)
      .where(inArray(runs.id, latest))
      .all();
    return new Map(rows.filter((r) => r.jobId !== null).map((r) => [r.jobId!, r]));
  }
}

function toRow(def: JobDefinition) {
  const p = def.periodicity;
  return {
    name: def.name,
    task: def.task,
    startLocal: wallClockToIso(def.start),
    periodicity: p.kind,
    everyMinutes: p.kind === "minutes" ? p.every : null,
    cron: p.kind === "cron" ? p.expression : null,
    days: def.days.join(""),
    forbidFrom: def.forbidden.from,
    forbidTo: def.forbidden.to,
    options: JSON.stringify(def.options),
    paused: def.paused,
  };
}

function fromRow(r: JobRow): Job {
  const periodicity: Periodicity =
    r.periodicity === "minutes"
      ? { kind: "minutes", every: r.everyMinutes ?? 5 }
      : r.periodicity === "cron"
        ? { kind: "cron", expression: r.cron ?? "" }
        : { kind: r.periodicity };
  return {
    id: r.id,
    name: r.name,
    task: r.task as TaskName,
    start: parseWallClock(r.startLocal)!,
    periodicity,
    days: [...r.days].map(Number) as Weekday[],
    forbidden: { from: r.forbidFrom, to: r.forbidTo },
    options: JSON.parse(r.options) as Record<string, unknown>,
    paused: r.paused,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
    lastFireAt: r.lastFireAt ?? undefined,
  };
}
