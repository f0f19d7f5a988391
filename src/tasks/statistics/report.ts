import type { StatisticsWire } from "../../cod/wire.ts";
import type { JobHealth } from "../task.ts";

/** What one upload reports, gathered by the task; everything here is a number, an instant or a name from a list. */
export interface ReportInputs {
  instance: string;
  version: string;
  platform: string;
  cpu: "avx2" | "baseline";
  startedAt: number;
  now: number;
  /** The period's start: the end of the last period the ЦОД stored. */
  from: number;
  jobs: JobHealth[];
  runs: { jobId: number | null; task: string; result: string; errorKinds: string[] }[];
  backlog: StatisticsWire["backlog"];
  parked: StatisticsWire["parked"];
  updates: { at: number; fromVersion: string; toVersion: string; result: string; reason: string | null }[];
  mainDb: StatisticsWire["main_db"];
  checks: { target: string; kind: string; ok: boolean; at: number }[];
}

const iso = (ms: number) => new Date(ms).toISOString();
const isoOrNull = (ms: number | undefined | null) => (ms === undefined || ms === null ? null : iso(ms));

/** A name from a list as it may travel: lower-case letters, digits, `_.-`; anything else becomes `other`. */
export function enumValue(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  return /^[a-z0-9_.-]{1,64}$/.test(value) ? value : "other";
}

/**
 * The report of one period. The report id names the period's start, so the
 * upload of a period whose answer was lost is repeated with the same id (the
 * ЦОД replaces it) and covers everything since: no count is lost, none
 * counted twice.
 */
export function buildReport(r: ReportInputs): StatisticsWire {
  const byJob = new Map<number, Record<string, number>>();
  const errors = new Map<string, number>();
  for (const run of r.runs) {
    if (run.jobId !== null) {
      const counts = byJob.get(run.jobId) ?? {};
      const result = enumValue(run.result)!;
      counts[result] = (counts[result] ?? 0) + 1;
      byJob.set(run.jobId, counts);
    }
    for (const kind of run.errorKinds) {
      const k = enumValue(kind)!;
      errors.set(k, (errors.get(k) ?? 0) + 1);
    }
  }
  return {
    report_id: `${r.instance}-${r.from.toString(36)}`,
    agent: {
      version: r.version,
      instance: r.instance,
      platform: enumValue(r.platform) ?? "other",
      cpu: r.cpu,
      started_at: iso(r.startedAt),
      uptime_seconds: Math.max(0, Math.round((r.now - r.startedAt) / 1000)),
    },
    period: { from: iso(r.from), to: iso(r.now) },
    jobs: r.jobs.map((j) => ({
      job_id: j.id,
      task: j.task,
      paused: j.paused,
      built: j.built,
      last_result: enumValue(j.lastRun?.result),
      last_run_at: isoOrNull(j.lastRun?.startedAt),
      last_duration_ms: j.lastRun?.durationMs ?? null,
      next_run_at: isoOrNull(j.nextRun),
      runs: byJob.get(j.id) ?? {},
    })),
    backlog: r.backlog,
    parked: r.parked,
    errors: [...errors].sort(([a], [b]) => (a < b ? -1 : 1)).map(([kind, count]) => ({ kind, count })),
    updates: r.updates.map((u) => ({ at: iso(u.at), from_version: u.fromVersion, to_version: u.toVersion, result: enumValue(u.result)!, reason: enumValue(u.reason) })),
    main_db: r.mainDb,
    checks: r.checks.map((c) => ({ target: c.target, kind: c.kind, ok: c.ok, at: iso(c.at) })),
  };
}
