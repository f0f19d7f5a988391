import type { WallClock } from "../kernel/zoned-time.ts";
import type { TaskName } from "../tasks/catalog.ts";

/** How often a job fires, as the manual means it. */
export type Periodicity =
  | { kind: "once" }
  /** Every N minutes, anchored at the start time (0:00:30 every 5 → :00:30, :05:30 …). */
  | { kind: "minutes"; every: number }
  /** Daily at the start time's clock time. */
  | { kind: "daily" }
  /** Weekly on the start time's weekday and clock time. */
  | { kind: "weekly" }
  /** Anything else, as a cron expression in the clinic's zone. */
  | { kind: "cron"; expression: string };

/** A window of the day in which the job must not run; from = to means none. Seconds since local midnight. */
export interface ForbiddenWindow {
  from: number;
  to: number;
}

/** ISO weekday numbers: 1 = Monday … 7 = Sunday. */
export type Weekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;
export const ALL_DAYS: readonly Weekday[] = [1, 2, 3, 4, 5, 6, 7];

/** A job as the administrator defines it. */
export interface JobDefinition {
  name: string;
  task: TaskName;
  /** On the clinic's wall clock. */
  start: WallClock;
  periodicity: Periodicity;
  days: readonly Weekday[];
  forbidden: ForbiddenWindow;
  /** The task's own settings; they override the config file for this job. */
  options: Readonly<Record<string, unknown>>;
  paused: boolean;
}

/** A job as stored. */
export interface Job extends JobDefinition {
  id: number;
  createdAt: number;
  updatedAt: number;
  /** The planned instant of the last fire the scheduler handled (run or skipped). */
  lastFireAt?: number;
}

/** Whether a local time of day falls in the window; the window may cross midnight (22:00–6:00). */
export function inForbiddenWindow(window: ForbiddenWindow, secondsOfDay: number): boolean {
  const { from, to } = window;
  if (from === to) return false;
  if (from < to) return secondsOfDay >= from && secondsOfDay < to;
  return secondsOfDay >= from || secondsOfDay < to;
}
