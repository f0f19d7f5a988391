import { readFileSync, readlinkSync } from "node:fs";

/**
 * Time-zone rules read from the operating system's tz database
 * (/usr/share/zoneinfo, RFC 8536 TZif files). Asking ICU (Intl) for a zone
 * costs 5–8 ms at every start — more than the rest of `agent jobs` — while a
 * TZif file is read and parsed in well under a millisecond. Where there is no
 * zoneinfo (Windows), zoned-time.ts falls back to Intl.
 */
export interface ZoneRules {
  /** Transition instants, epoch seconds, ascending. */
  transitions: number[];
  /** The UTC offset (seconds) in force from each transition on. */
  offsets: number[];
  /** The offset before the first transition. */
  initialOffset: number;
  /** The POSIX TZ rule for instants after the last transition (the file's footer). */
  footer?: PosixRule;
}

const ZONEINFO = "/usr/share/zoneinfo";
const cache = new Map<string, ZoneRules | null>();

/** The zone's rules from the system's tz database, or undefined where there is none. */
export function systemZoneRules(zone: string): ZoneRules | undefined {
  let rules = cache.get(zone);
  if (rules === undefined) {
    rules = null;
    // Zone names are paths below zoneinfo; anything else must not reach the filesystem.
    if (process.platform !== "win32" && /^[A-Za-z0-9_+-]+(?:\/[A-Za-z0-9_+-]+)*$/.test(zone)) {
      try {
        rules = parseTzif(readFileSync(`${ZONEINFO}/${zone}`));
      } catch {
        rules = null;
      }
    }
    cache.set(zone, rules);
  }
  return rules ?? undefined;
}

/** The machine's zone name without asking ICU: TZ, /etc/timezone, or where /etc/localtime points. */
export function systemZoneName(env: Readonly<Record<string, string | undefined>>): string | undefined {
  if (process.platform === "win32") return undefined;
  const fromEnv = env.TZ?.replace(/^:/, "");
  if (fromEnv && systemZoneRules(fromEnv)) return fromEnv;
  try {
    const name = readFileSync("/etc/timezone", "utf8").trim();
    if (name && systemZoneRules(name)) return name;
  } catch {
    // Not Debian-like; try the symlink.
  }
  try {
    const target = readlinkSync("/etc/localtime");
    const at = target.indexOf("zoneinfo/");
    if (at >= 0) {
      const name = target.slice(at + "zoneinfo/".length);
      if (systemZoneRules(name)) return name;
    }
  } catch {
    // No /etc/localtime link: let Intl decide.
  }
  return undefined;
}

/** The UTC offset in seconds at an instant (epoch seconds). */
export function offsetFromRules(rules: ZoneRules, seconds: number): number {
  const t = rules.transitions;
  if (t.length === 0 || seconds < t[0]!) {
    return t.length === 0 && rules.footer ? posixOffset(rules.footer, seconds) : rules.initialOffset;
  }
  if (seconds >= t[t.length - 1]! && rules.footer) return posixOffset(rules.footer, seconds);
  let lo = 0;
  let hi = t.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (t[mid]! <= seconds) lo = mid;
    else hi = mid - 1;
  }
  return rules.offsets[lo]!;
}

/** Parses a TZif file (versions 1–4), preferring the 64-bit block of v2+. */
export function parseTzif(data: Uint8Array): ZoneRules {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const magic = String.fromCharCode(data[0]!, data[1]!, data[2]!, data[3]!);
  if (magic !== "TZif") throw new Error("not a TZif file");
  const version = data[4]!;
  const header = (at: number) => ({
    isut: view.getUint32(at + 20),
    isstd: view.getUint32(at + 24),
    leap: view.getUint32(at + 28),
    time: view.getUint32(at + 32),
    type: view.getUint32(at + 36),
    char: view.getUint32(at + 40),
  });
  let h = header(0);
  let at = 44;
  let timeSize = 4;
  if (version >= 0x32) {
    // Skip the 32-bit block; the 64-bit one follows with its own header.
    at += h.time * 4 + h.time + h.type * 6 + h.char + h.leap * 8 + h.isstd + h.isut;
    h = header(at);
    at += 44;
    timeSize = 8;
  }
  const transitions: number[] = [];
  for (let i = 0; i < h.time; i++) {
    transitions.push(timeSize === 8 ? Number(view.getBigInt64(at + i * 8)) : view.getInt32(at + i * 4));
  }
  at += h.time * timeSize;
  const typeIndex = Array.from(data.subarray(at, at + h.time));
  at += h.time;
  const typeOffsets: number[] = [];
  for (let i = 0; i < h.type; i++) typeOffsets.push(view.getInt32(at + i * 6));
  at += h.type * 6 + h.char + h.leap * (timeSize + 4) + h.isstd + h.isut;
  let footer: PosixRule | undefined;
  if (timeSize === 8 && data[at] === 0x0a) {
    const end = data.indexOf(0x0a, at + 1);
    const text = new TextDecoder().decode(data.subarray(at + 1, end));
    footer = text ? parsePosixRule(text) : undefined;
  }
  return {
    transitions,
    offsets: typeIndex.map((i) => typeOffsets[i]!),
    initialOffset: typeOffsets[0] ?? 0,
    footer,
  };
}

/** A POSIX TZ string such as `CET-1CEST,M3.5.0,M10.5.0/3` (offsets here in seconds east of UTC). */
export interface PosixRule {
  std: number;
  dst?: { offset: number; start: DayRule; end: DayRule };
}

type DayRule =
  | { kind: "julian1"; day: number; time: number }
  | { kind: "julian0"; day: number; time: number }
  | { kind: "month"; month: number; week: number; weekday: number; time: number };

export function parsePosixRule(text: string): PosixRule | undefined {
  let i = 0;
  const name = () => {
    if (text[i] === "<") {
      const end = text.indexOf(">", i);
      i = end + 1;
    } else {
      while (i < text.length && /[A-Za-z]/.test(text[i]!)) i++;
    }
  };
  const hms = (): number | undefined => {
    const m = /^([+-]?)(\d{1,3})(?::(\d{1,2}))?(?::(\d{1,2}))?/.exec(text.slice(i));
    if (!m) return undefined;
    i += m[0].length;
    const v = Number(m[2]) * 3600 + Number(m[3] ?? 0) * 60 + Number(m[4] ?? 0);
    return m[1] === "-" ? -v : v;
  };
  const dayRule = (): DayRule | undefined => {
    let rule: DayRule;
    let m: RegExpExecArray | null;
    const rest = text.slice(i);
    if ((m = /^M(\d{1,2})\.(\d)\.(\d)/.exec(rest))) rule = { kind: "month", month: +m[1]!, week: +m[2]!, weekday: +m[3]!, time: 7200 };
    else if ((m = /^J(\d{1,3})/.exec(rest))) rule = { kind: "julian1", day: +m[1]!, time: 7200 };
    else if ((m = /^(\d{1,3})/.exec(rest))) rule = { kind: "julian0", day: +m[1]!, time: 7200 };
    else return undefined;
    i += m[0].length;
    if (text[i] === "/") {
      i++;
      const time = hms();
      if (time === undefined) return undefined;
      rule.time = time;
    }
    return rule;
  };
  name();
  const std = hms();
  if (std === undefined) return undefined;
  if (i >= text.length) return { std: -std };
  name();
  let dstOffset = -std + 3600;
  if (text[i] !== ",") {
    const o = hms();
    if (o !== undefined) dstOffset = -o;
  }
  if (text[i] !== ",") return { std: -std };
  i++;
  const start = dayRule();
  if (text[i] !== ",") return undefined;
  i++;
  const end = dayRule();
  if (!start || !end) return undefined;
  return { std: -std, dst: { offset: dstOffset, start, end } };
}

/** The offset a POSIX rule gives at an instant (epoch seconds). */
function posixOffset(rule: PosixRule, seconds: number): number {
  if (!rule.dst) return rule.std;
  const year = new Date((seconds + rule.std) * 1000).getUTCFullYear();
  // Transitions are given in local time: the start in standard time, the end in daylight time.
  const start = dayStart(year, rule.dst.start) + rule.dst.start.time - rule.std;
  const end = dayStart(year, rule.dst.end) + rule.dst.end.time - rule.dst.offset;
  const inDst = start < end ? seconds >= start && seconds < end : seconds >= start || seconds < end;
  return inDst ? rule.dst.offset : rule.std;
}

/** Epoch seconds of 0:00 (as if UTC) of the day a rule names in a year. */
function dayStart(year: number, r: DayRule): number {
  const jan1 = Date.UTC(year, 0, 1) / 1000;
  if (r.kind === "julian0") return jan1 + r.day * 86400;
  if (r.kind === "julian1") {
    // Jn counts 1–365 and never counts 29 February.
    const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
    return jan1 + (r.day - 1 + (leap && r.day >= 60 ? 1 : 0)) * 86400;
  }
  const first = new Date(Date.UTC(year, r.month - 1, 1));
  let day = 1 + ((r.weekday - first.getUTCDay() + 7) % 7) + (r.week - 1) * 7;
  const daysInMonth = new Date(Date.UTC(year, r.month, 0)).getUTCDate();
  while (day > daysInMonth) day -= 7;
  return Date.UTC(year, r.month - 1, day) / 1000;
}
