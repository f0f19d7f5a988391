import { logTexts as T } from "../messages/areas/logs.ts";
import { say } from "../messages/text.ts";
import { usageError } from "./agent-error.ts";
import { instantAt, parseWallClock, wallClockAt } from "./zoned-time.ts";

const UNITS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/**
 * Reads a time given to `--since`/`--until`: a wall-clock time in the
 * clinic's zone (`14.05.2025 16:50`, `2025-05-14T16:50`), a span back from
 * now (`30m`, `2h`, `3d`), `now`, `today` or `yesterday`. A date without a
 * time given to `--until` means the end of that day.
 */
export function parseTimeArgument(option: string, text: string, now: number, zone: string, endOfDay = false): number {
  const s = text.trim().toLowerCase();
  const relative = /^(\d+)\s*([smhdw])$/.exec(s);
  if (relative) return now - Number(relative[1]) * UNITS[relative[2]!]!;
  if (s === "now") return now;
  if (s === "today" || s === "yesterday" || s === "сегодня" || s === "вчера") {
    const w = wallClockAt(now, zone);
    const back = s === "yesterday" || s === "вчера" ? 1 : 0;
    const day = new Date(Date.UTC(w.year, w.month - 1, w.day - back));
    const midnight = { year: day.getUTCFullYear(), month: day.getUTCMonth() + 1, day: day.getUTCDate(), hour: 0, minute: 0, second: 0 };
    return endOfDay ? instantAt({ ...midnight, hour: 23, minute: 59, second: 59 }, zone) + 999 : instantAt(midnight, zone);
  }
  const wall = parseWallClock(text);
  if (!wall) throw usageError(say(T.badTime, { option, got: text }));
  const dateOnly = !/\d:\d/.test(text);
  if (endOfDay && dateOnly) return instantAt({ ...wall, hour: 23, minute: 59, second: 59 }, zone) + 999;
  return instantAt(wall, zone);
}
