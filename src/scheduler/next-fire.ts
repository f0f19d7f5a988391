import { Cron } from "croner";
import { instantAt, wallClockAt, type WallClock } from "../kernel/zoned-time.ts";
import { inForbiddenWindow, type JobDefinition } from "./job.ts";

type Schedule = Pick<JobDefinition, "start" | "periodicity" | "days" | "forbidden">;

const MINUTE = 60_000;
/** How far ahead to look for an allowed fire before saying there is none (a job forbidden every day). */
const HORIZON_MS = 2 * 366 * 24 * 3600_000;

/**
 * The instants at which a schedule would fire, strictly after `after`, in
 * order, before days and forbidden windows are applied. Daily and weekly
 * fires are computed on the clinic's wall clock: a start time that a DST jump
 * skips fires right after the jump, one that occurs twice fires once.
 */
export function* rawFiresAfter(s: Schedule, after: number, zone: string): Generator<number> {
  const anchor = instantAt(s.start, zone);
  const p = s.periodicity;
  switch (p.kind) {
    case "once":
      if (anchor > after) yield anchor;
      return;
    case "minutes": {
      const step = p.every * MINUTE;
      let k = after < anchor ? 0 : Math.floor((after - anchor) / step) + 1;
      for (;;) yield anchor + k++ * step;
    }
    case "daily":
    case "weekly": {
      const from = Math.max(after, anchor - 1);
      const w = wallClockAt(from, zone);
      let day: WallClock = { year: w.year, month: w.month, day: w.day, hour: 0, minute: 0, second: 0 };
      const startWeekday = wallClockAt(anchor, zone).weekday;
      for (;;) {
        const candidate = instantAt({ ...day, hour: s.start.hour, minute: s.start.minute, second: s.start.second }, zone);
        const weekdayOk = p.kind === "daily" || isoWeekday(day) === startWeekday;
        if (candidate > from && weekdayOk) yield candidate;
        day = nextDate(day);
      }
    }
    case "cron": {
      const cron = new Cron(p.expression, { timezone: zone, paused: true });
      let cursor = new Date(Math.max(after, anchor - 1));
      for (;;) {
        const next = cron.nextRun(cursor);
        if (!next) return;
        yield next.getTime();
        cursor = next;
      }
    }
  }
}

/** Whether a fire at this instant is allowed by the job's days and forbidden window. */
export function fireAllowed(s: Pick<JobDefinition, "days" | "forbidden">, instant: number, zone: string): boolean {
  const w = wallClockAt(instant, zone);
  if (!s.days.includes(w.weekday as never)) return false;
  return !inForbiddenWindow(s.forbidden, w.hour * 3600 + w.minute * 60 + w.second);
}

/** The next allowed fire strictly after `after`, or undefined when there is none (a past one-time job). */
export function nextFire(s: Schedule, after: number, zone: string): number | undefined {
  let limit: number | undefined;
  for (const fire of rawFiresAfter(s, after, zone)) {
    // The horizon counts from the first candidate: a job may start years ahead.
    limit ??= fire + HORIZON_MS;
    if (fire > limit) return undefined;
    if (fireAllowed(s, fire, zone)) return fire;
  }
  return undefined;
}

function isoWeekday(d: WallClock): number {
  const js = new Date(Date.UTC(d.year, d.month - 1, d.day)).getUTCDay();
  return js === 0 ? 7 : js;
}

function nextDate(d: WallClock): WallClock {
  const t = new Date(Date.UTC(d.year, d.month - 1, d.day + 1));
  return { year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate(), hour: 0, minute: 0, second: 0 };
}
