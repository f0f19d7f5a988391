import { jobTexts as J } from "../messages/areas/jobs.ts";
import { say, type Text } from "../messages/text.ts";
import { formatManual, formatTimeOfDay, formatWallClock } from "../kernel/zoned-time.ts";
import type { Job, Periodicity } from "../scheduler/job.ts";
import type { FitColumn } from "./text-table.ts";

/** What the job table shows of a job: the job, whether its task is built, its runs. */
export interface JobRunState {
  job: Job;
  built: boolean;
  running: boolean;
  lastRun?: { startedAt: number; result: string };
  nextRun?: number;
}

export function periodicityText(p: Periodicity): string {
  switch (p.kind) {
    case "once":
      return say(J.once);
    case "minutes":
      return say(J.everyMinutes, { n: p.every });
    case "daily":
      return say(J.daily);
    case "weekly":
      return say(J.weekly);
    case "cron":
      return say(J.cron, { expression: p.expression });
  }
}

export function daysText(days: readonly number[]): string {
  if (days.length === 7) return say(J.allDays);
  const names = say(J.weekdayNames).split(",");
  return days.map((d) => names[d - 1]).join(", ");
}

export function optionsText(options: Readonly<Record<string, unknown>>): string {
  return Object.entries(options)
    .map(([k, v]) => `${k}=${String(v)}`)
    .join("; ");
}

export function resultText(result: string): string {
  const texts: Record<string, Text> = {
    ok: J.resultOk,
    failed: J.resultFailed,
    cancelled: J.resultCancelled,
    interrupted: J.resultInterrupted,
    running: J.resultRunning,
  };
  const t = texts[result];
  return t ? say(t) : result;
}

export function jobTableHeader(): string[] {
  return [
    "#",
    say(J.columnName),
    say(J.columnStart),
    say(J.columnPeriodicity),
    say(J.columnOptions),
    say(J.columnDays),
    say(J.columnForbidFrom),
    say(J.columnForbidTo),
    say(J.columnState),
    say(J.columnLastRun),
    say(J.columnLastResult),
    say(J.columnNextRun),
  ];
}

/** Which columns go first when the terminal is narrow: name, state, next run, periodicity … */
const JOB_PRIORITY = [0, 0, 6, 2, 8, 7, 9, 9, 1, 5, 4, 3];

/**
 * The job table's columns for `fitTable`: the name shrinks first, but not
 * below 24 — the jobs' names are what the administrator reads them by (the
 * manual has «Синхронизация анализов» beside «Синхронизация»), so the start
 * time and the rest go before a name is cut shorter; options at most 30 wide.
 */
export function jobColumns(): FitColumn[] {
  return jobTableHeader().map((header, i) => ({ header, priority: JOB_PRIORITY[i] ?? 9, flex: i === 1, min: 24, max: i === 4 ? 30 : undefined }));
}

/** One row per job: the manual's columns, then state, last run, last result, next run. */
export function jobTableRow(state: JobRunState, zone: string): string[] {
  const { job } = state;
  const stateText = state.running ? say(J.stateRunning) : job.paused ? say(J.statePaused) : !state.built ? say(J.stateNotBuilt) : say(J.stateActive);
  return [
    String(job.id),
    job.name,
    formatWallClock(job.start),
    periodicityText(job.periodicity),
    optionsText(job.options),
    daysText(job.days),
    formatTimeOfDay(job.forbidden.from),
    formatTimeOfDay(job.forbidden.to),
    stateText,
    state.lastRun ? formatManual(state.lastRun.startedAt, zone) : say(J.never),
    state.lastRun ? resultText(state.lastRun.result) : say(J.never),
    job.paused ? say(J.never) : state.nextRun !== undefined ? formatManual(state.nextRun, zone) : say(J.noNextRun),
  ];
}
