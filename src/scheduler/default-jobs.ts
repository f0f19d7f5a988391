import { jobTexts as J } from "../messages/areas/jobs.ts";
import { say, type Text } from "../messages/text.ts";
import type { TaskName } from "../tasks/catalog.ts";
import { ALL_DAYS, type JobDefinition, type Periodicity } from "./job.ts";

interface DefaultJob {
  name: Text;
  task: TaskName;
  /** Start time on the clinic's clock: the manual's, where it gives one. */
  start: [number, number, number, number, number, number];
  periodicity: Periodicity;
  forbidden?: [number, number];
  options?: Record<string, unknown>;
}

/**
 * The jobs of the manual's scheduler table that this agent serves, created
 * on first start. Names and start times follow the manual; a "once" job of
 * the old server that is really periodic work (backups) runs daily here.
 */
const DEFAULT_JOBS: readonly DefaultJob[] = [
  { name: J.nameAnalysisSync, task: "analysis-sync", start: [2014, 1, 1, 0, 10, 0], periodicity: { kind: "minutes", every: 5 } },
  { name: J.nameLis, task: "lis", start: [2024, 7, 1, 10, 20, 13], periodicity: { kind: "minutes", every: 5 } },
  { name: J.nameMailing, task: "mailing", start: [2014, 1, 1, 0, 2, 0], periodicity: { kind: "minutes", every: 5 } },
  { name: J.nameMoExchange, task: "mo-exchange", start: [2014, 1, 1, 5, 30, 0], periodicity: { kind: "daily" } },
  { name: J.namePdfSync, task: "pdf-sync", start: [2014, 6, 18, 0, 0, 30], periodicity: { kind: "minutes", every: 5 } },
  { name: J.nameBackup, task: "backup", start: [2014, 1, 1, 0, 5, 0], periodicity: { kind: "daily" }, options: { folder: "backup" } },
  // Not in the manual: a full restore takes long on a large database, so it is weekly (Sunday 3:00), apart from the daily backup.
  { name: J.nameRestoreCheck, task: "restore-check", start: [2014, 1, 5, 3, 0, 0], periodicity: { kind: "weekly" }, options: { folder: "backup" } },
  { name: J.nameLogTrim, task: "log-trim", start: [2014, 6, 18, 16, 0, 10], periodicity: { kind: "daily" } },
  { name: J.nameDbValidate, task: "db-validate", start: [2014, 1, 1, 4, 0, 0], periodicity: { kind: "daily" }, options: { database: "main" } },
  { name: J.nameDbMaintenance, task: "db-maintenance", start: [2014, 4, 24, 17, 0, 0], periodicity: { kind: "daily" } },
  { name: J.nameStatistics, task: "statistics", start: [2014, 1, 1, 0, 9, 58], periodicity: { kind: "minutes", every: 15 } },
  {
    name: J.nameSelfUpdate,
    task: "self-update",
    start: [2016, 1, 1, 0, 8, 0],
    periodicity: { kind: "minutes", every: 30 },
    forbidden: [6 * 3600, 21 * 3600],
  },
];

/** The default jobs, named in the current language. */
export function defaultJobs(): JobDefinition[] {
  return DEFAULT_JOBS.map((d) => {
    const [year, month, day, hour, minute, second] = d.start;
    return {
      name: say(d.name),
      task: d.task,
      start: { year, month, day, hour, minute, second },
      periodicity: d.periodicity,
      days: ALL_DAYS,
      forbidden: d.forbidden ? { from: d.forbidden[0], to: d.forbidden[1] } : { from: 0, to: 0 },
      options: d.options ?? {},
      paused: false,
    };
  });
}
