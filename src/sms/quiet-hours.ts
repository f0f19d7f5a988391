import { parseTimeRange } from "../config/setting.ts";
import { instantAt, wallClockAt } from "../kernel/zoned-time.ts";

/** Quiet hours in the clinic's zone: from `from` to `to` (seconds since midnight; may cross midnight). */
export interface QuietHours {
  from: number;
  to: number;
  zone: string;
}

/** Whether a text may go now, or when it next may (an instant, epoch ms). */
export type SendWindow = { allowed: true } | { allowed: false; nextAt: number };

/** Quiet hours from the setting `sms.quiet_hours` (`21:00-9:00`; empty or `0:00-0:00`: none). */
export function quietHours(setting: string, zone: string): QuietHours {
  const range = parseTimeRange(setting) ?? { from: 0, to: 0 };
  return { ...range, zone };
}

/**
 * "May I send a text now, and if not, when next?" — asked by the mailing
 * task before each text. The quiet window is [from, to) on the clinic's wall
 * clock, whatever zone the machine runs in; `nextAt` is the next instant the
 * clock shows `to` (a DST jump is handled by instantAt).
 */
export function smsSendWindow(q: QuietHours, now: number): SendWindow {
  if (q.from === q.to) return { allowed: true };
  const wall = wallClockAt(now, q.zone);
  const t = wall.hour * 3600 + wall.minute * 60 + wall.second;
  const quiet = q.from < q.to ? t >= q.from && t < q.to : t >= q.from || t < q.to;
  if (!quiet) return { allowed: true };
  const at = (dayOffset: number) => {
    const d = new Date(Date.UTC(wall.year, wall.month - 1, wall.day + dayOffset));
    return instantAt(
      { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: Math.floor(q.to / 3600), minute: Math.floor((q.to % 3600) / 60), second: q.to % 60 },
      q.zone,
    );
  };
  const today = at(0);
  return { allowed: false, nextAt: today > now ? today : at(1) };
}
