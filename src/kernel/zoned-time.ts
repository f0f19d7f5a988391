/**
 * Instants are stored in UTC; people see them in the clinic's time zone
 * (config `timezone`), whatever zone the process itself runs in. This module
 * converts between the two without any dependency on the process's TZ.
 */

/** A reading of a wall clock in some zone. `weekday` is 1 = Monday … 7 = Sunday. */
export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

import { offsetFromRules, systemZoneName, systemZoneRules } from "./tzif.ts";

const MINUTE = 60_000;

export function isValidTimeZone(zone: string): boolean {
  if (systemZoneRules(zone)) return true;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** The machine's own zone, the default when the config names none. */
export function machineTimeZone(env: Readonly<Record<string, string | undefined>> = process.env): string {
  return systemZoneName(env) ?? (Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC");
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatterFor(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatters.set(zone, f);
  }
  return f;
}

// Offsets only change on minute boundaries, and log lines come in runs within
// the same minute: caching per (zone, minute) makes formatting a million lines cheap.
const offsetCache = new Map<string, number>();

/** The zone's offset from UTC at an instant, in milliseconds (Moscow: +3 h). */
export function zoneOffsetAt(instant: number, zone: string): number {
  const minute = Math.floor(instant / MINUTE);
  const key = `${zone}|${minute}`;
  const cached = offsetCache.get(key);
  if (cached !== undefined) return cached;
  const rules = systemZoneRules(zone);
  if (rules) {
    const offset = offsetFromRules(rules, minute * 60) * 1000;
    if (offsetCache.size > 10_000) offsetCache.clear();
    offsetCache.set(key, offset);
    return offset;
  }
  const parts = formatterFor(zone).formatToParts(new Date(minute * MINUTE));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"), get("second"));
  const offset = asUtc - minute * MINUTE;
  if (offsetCache.size > 10_000) offsetCache.clear();
  offsetCache.set(key, offset);
  return offset;
}

/** What the clinic's wall clock showed at an instant. */
export function wallClockAt(instant: number, zone: string): WallClock & { weekday: number } {
  const d = new Date(instant + zoneOffsetAt(instant, zone));
  const weekday = d.getUTCDay() === 0 ? 7 : d.getUTCDay();
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    weekday,
  };
}

function wallAsUtc(w: WallClock): number {
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
}

/**
 * The instant at which the clinic's wall clock shows `wall`. Like Temporal's
 * "compatible" rule: a time skipped by a DST jump forward is moved forward by
 * the jump (2:30 → 3:30); a time that occurs twice when clocks go back is the
 * first occurrence.
 */
export function instantAt(wall: WallClock, zone: string): number {
  const local = wallAsUtc(wall);
  // Offsets around the target: before and after any transition near it.
  const offsetBefore = zoneOffsetAt(local - 26 * 3600_000, zone);
  const offsetAfter = zoneOffsetAt(local + 26 * 3600_000, zone);
  const candidates = [local - offsetBefore, local - offsetAfter]
    .filter((instant) => instant + zoneOffsetAt(instant, zone) === local)
    .sort((a, b) => a - b);
  if (candidates.length > 0) return candidates[0]!;
  // Skipped by a jump forward: keep the offset in force before the jump.
  return local - offsetBefore;
}

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));

/** The manual's form `dd.mm.yyyy H:MM:SS` (hour without a leading zero). */
export function formatManual(instant: number, zone: string): string {
  const w = wallClockAt(instant, zone);
  return `${pad2(w.day)}.${pad2(w.month)}.${w.year} ${w.hour}:${pad2(w.minute)}:${pad2(w.second)}`;
}

/** ISO 8601 in the clinic's zone with its offset: `2025-05-14T16:50:10.123+03:00`. */
export function formatIsoZoned(instant: number, zone: string): string {
  const offset = zoneOffsetAt(instant, zone);
  const d = new Date(instant + offset);
  const iso = d.toISOString().slice(0, 23);
  const sign = offset < 0 ? "-" : "+";
  const abs = Math.abs(offset) / MINUTE;
  return `${iso}${sign}${pad2(Math.floor(abs / 60))}:${pad2(abs % 60)}`;
}

/** `H:MM:SS` of a time of day given in seconds since midnight. */
export function formatTimeOfDay(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return `${h}:${pad2(m)}:${pad2(s)}`;
}

/** Parses `H:MM[:SS]` into seconds since midnight; `undefined` if malformed. */
export function parseTimeOfDay(textValue: string): number | undefined {
  const m = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(textValue.trim());
  if (!m) return undefined;
  const [h, min, s] = [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)];
  if (h > 23 || min > 59 || s > 59) return undefined;
  return h * 3600 + min * 60 + s;
}

/**
 * Parses a wall-clock date and time as people type it: the manual's
 * `dd.mm.yyyy H:MM[:SS]`, or ISO `yyyy-mm-dd[THH:MM[:SS]]` (a space also works).
 * A date alone means its midnight.
 */
export function parseWallClock(textValue: string): WallClock | undefined {
  const s = textValue.trim();
  let m = /^(\d{1,2})\.(\d{1,2})\.(\d{4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(s);
  let wall: WallClock | undefined;
  if (m) {
    wall = { day: +m[1]!, month: +m[2]!, year: +m[3]!, hour: +(m[4] ?? 0), minute: +(m[5] ?? 0), second: +(m[6] ?? 0) };
  } else {
    m = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(s);
    if (m) {
      wall = { year: +m[1]!, month: +m[2]!, day: +m[3]!, hour: +(m[4] ?? 0), minute: +(m[5] ?? 0), second: +(m[6] ?? 0) };
    }
  }
  if (!wall) return undefined;
  // Reject 31.02 and 25:00: the date must survive a round trip through Date.UTC.
  const check = new Date(wallAsUtc(wall));
  if (
    check.getUTCFullYear() !== wall.year ||
    check.getUTCMonth() + 1 !== wall.month ||
    check.getUTCDate() !== wall.day ||
    wall.hour > 23 ||
    wall.minute > 59 ||
    wall.second > 59
  ) {
    return undefined;
  }
  return wall;
}

/** `dd.mm.yyyy H:MM:SS` of a wall clock reading, as the job table shows a start time. */
export function formatWallClock(w: WallClock): string {
  return `${pad2(w.day)}.${pad2(w.month)}.${w.year} ${w.hour}:${pad2(w.minute)}:${pad2(w.second)}`;
}

/** `yyyy-mm-ddTHH:MM:SS`, how a wall-clock reading is stored (no zone: it is the clinic's). */
export function wallClockToIso(w: WallClock): string {
  return `${w.year}-${pad2(w.month)}-${pad2(w.day)}T${pad2(w.hour)}:${pad2(w.minute)}:${pad2(w.second)}`;
}
