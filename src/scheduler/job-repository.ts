import type { Database } from "bun:sqlite";
import { wallClockToIso, parseWallClock } from "../kernel/zoned-time.ts";
import type { Job, JobDefinition, Periodicity, Weekday } from "./job.ts";
import type { TaskName } from "../tasks/catalog.ts";
import type { JobRow, RunRow } from "../store/schema.ts";

/** The latest run of a job, for the table's "last run / result" columns. */
export type LastRun = Pick<RunRow, "startedAt" | "finishedAt" | "result" | "summary" | "error">;

// Plain SQL over the table that store/schema.ts mirrors for drizzle: every command
// that opens the store reads its jobs, and `agent jobs` should not load and warm up
// the query builder for that (several milliseconds of every start).
const JOB_COLUMNS = `id, name, task, start_local AS startLocal, periodicity, every_minutes AS everyMinutes, cron, days,
  forbid_from AS forbidFrom, forbid_to AS forbidTo, options, paused, created_at AS createdAt, updated_at AS updatedAt,
  last_fire_at AS lastFireAt`;

/** A row as SQLite returns it: `paused` is 0 or 1. */
type StoredJobRow = Omit<JobRow, "paused"> & { paused: number };

/** Jobs as stored in the agent's store. */
export class JobRepository {
  constructor(private readonly db: Database) {}

  list(): Job[] {
    return this.db.query<StoredJobRow, []>(`SELECT ${JOB_COLUMNS} FROM jobs ORDER BY id`).all().map(fromRow);
  }

  byId(id: number): Job | undefined {
    const row = this.db.query<StoredJobRow, [number]>(`SELECT ${JOB_COLUMNS} FROM jobs WHERE id = ?`).get(id);
    return row ? fromRow(row) : undefined;
  }

  byName(name: string): Job | undefined {
    const row = this.db.query<StoredJobRow, [string]>(`SELECT ${JOB_COLUMNS} FROM jobs WHERE name = ?`).get(name);
    return row ? fromRow(row) : undefined;
  }

  insert(def: JobDefinition, now: number): Job {
    const r = toRow(def);
    const row = this.db
      .query<StoredJobRow, [...RowValues, number, number]>(
        `INSERT INTO jobs (name, task, start_local, periodicity, every_minutes, cron, days, forbid_from, forbid_to, options, paused, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING ${JOB_COLUMNS}`,
      )
      .get(...rowValues(r), now, now)!;
    return fromRow(row);
  }

  update(id: number, def: JobDefinition, now: number): Job {
    const row = this.db
      .query<StoredJobRow, [...RowValues, number, number]>(
        `UPDATE jobs SET name = ?, task = ?, start_local = ?, periodicity = ?, every_minutes = ?, cron = ?, days = ?, forbid_from = ?,
           forbid_to = ?, options = ?, paused = ?, updated_at = ? WHERE id = ? RETURNING ${JOB_COLUMNS}`,
      )
      .get(...rowValues(toRow(def)), now, id)!;
    return fromRow(row);
  }

  /** Records the last fire handled, without touching `updated_at` (which marks edits). */
  markFired(id: number, plannedAt: number): void {
    this.db.query("UPDATE jobs SET last_fire_at = ? WHERE id = ?").run(plannedAt, id);
  }

  remove(id: number): void {
    this.db.query("DELETE FROM jobs WHERE id = ?").run(id);
  }

  /** The latest run of each job, by job id. */
  lastRuns(): Map<number, LastRun> {
    const rows = this.db
      .query<LastRun & { jobId: number | null }, []>(
        `SELECT job_id AS jobId, started_at AS startedAt, finished_at AS finishedAt, result, summary, error FROM runs
         WHERE id IN (SELECT max(id) FROM runs GROUP BY job_id)`,
      )
      .all();
    return new Map(rows.filter((r) => r.jobId !== null).map((r) => [r.jobId!, r]));
  }
}

/** The bound values of `toRow`, in the column order of the statements above. */
type RowValues = [string, string, string, string, number | null, string | null, string, number, number, string, number];

function rowValues(r: ReturnType<typeof toRow>): RowValues {
  return [r.name, r.task, r.startLocal, r.periodicity, r.everyMinutes, r.cron, r.days, r.forbidFrom, r.forbidTo, r.options, r.paused ? 1 : 0];
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

function fromRow(r: StoredJobRow): Job {
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
    paused: r.paused === 1,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
    lastFireAt: r.lastFireAt ?? undefined,
  };
}
