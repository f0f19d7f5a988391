import { instantAt, wallClockAt, zoneOffsetAt } from "../kernel/zoned-time.ts";
import type { CellValue, RowKey } from "./port.ts";

/**
 * Conversions shared by both adapters between what a driver hands back and
 * the port's values (see `CellValue`). The main database stores TIMESTAMPs
 * without a zone, as the clinic's wall clock; the port carries instants.
 */

const SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** An integer as the port carries it: a number while exact, else its decimal string. */
export function exactInteger(value: unknown): number | string {
  if (typeof value === "number") return value;
  if (typeof value === "bigint") return value <= SAFE && value >= -SAFE ? Number(value) : value.toString();
  if (typeof value === "string") {
    const s = value.trim();
    if (!/^-?\d+$/.test(s)) throw new Error(`not an integer: ${JSON.stringify(value)}`);
    const big = BigInt(s);
    return big <= SAFE && big >= -SAFE ? Number(big) : big.toString();
  }
  throw new Error(`not an integer: ${typeof value}`);
}

/** An integer parameter: exact numbers as they are, larger ones as bigint. */
export function integerParam(value: CellValue): number | bigint | null {
  if (value === null) return null;
  if (typeof value === "number") {
    if (!Number.isInteger(value)) throw new Error(`not an integer: ${value}`);
    return value;
  }
  if (typeof value === "string" && /^-?\d+$/.test(value.trim())) {
    const big = BigInt(value.trim());
    return big <= SAFE && big >= -SAFE ? Number(big) : big;
  }
  if (typeof value === "boolean") return value ? 1 : 0;
  throw new Error(`not an integer: ${JSON.stringify(value)}`);
}

/** A decimal with its declared scale, exactly as stored: "12.50". */
export function formatDecimal(value: unknown, scale: number): string {
  if (typeof value === "string") return normaliseDecimalText(value, scale);
  if (typeof value === "bigint") return scale === 0 ? value.toString() : normaliseDecimalText(value.toString(), scale);
  if (typeof value === "number") return value.toFixed(scale);
  throw new Error(`not a decimal: ${typeof value}`);
}

function normaliseDecimalText(text: string, scale: number): string {
  const m = /^(-?)(\d*)(?:\.(\d*))?$/.exec(text.trim());
  if (!m) throw new Error(`not a decimal: ${JSON.stringify(text)}`);
  const whole = m[2] || "0";
  const fraction = (m[3] ?? "").padEnd(scale, "0");
  if (fraction.length > scale && /[1-9]/.test(fraction.slice(scale))) {
    // More digits than the column keeps: let the number round as the database would.
    return Number(text).toFixed(scale);
  }
  return `${m[1]}${whole}${scale > 0 ? `.${fraction.slice(0, scale)}` : ""}`;
}

/** A decimal parameter: the port's string (or number) as the text the database parses exactly. */
export function decimalParam(value: CellValue, scale: number): string | null {
  if (value === null) return null;
  if (typeof value === "number") return value.toFixed(scale);
  if (typeof value === "string" && /^-?\d*(\.\d*)?$/.test(value.trim()) && /\d/.test(value)) return normaliseDecimalText(value, scale);
  throw new Error(`not a decimal: ${JSON.stringify(value)}`);
}

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

/**
 * The clinic's wall-clock text of an instant: "YYYY-MM-DD HH:MM:SS.mmm", how
 * both engines receive a TIMESTAMP (Firebird converts the text on the server,
 * so the agent process's own zone never matters).
 */
export function instantToWallText(instant: Date, zone: string): string {
  const ms = instant.getTime();
  if (!Number.isFinite(ms)) throw new Error("invalid date");
  const w = wallClockAt(ms, zone);
  const millis = ((ms % 1000) + 1000) % 1000;
  return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)} ${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}.${pad(millis, 3)}`;
}

/** The instant of a wall-clock text as the engines give it back ("YYYY-MM-DD HH:MM:SS[.ffff]"). */
export function wallTextToInstant(text: string, zone: string): Date {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?$/.exec(text.trim());
  if (!m) throw new Error(`not a timestamp: ${JSON.stringify(text)}`);
  const wall = { year: +m[1]!, month: +m[2]!, day: +m[3]!, hour: +(m[4] ?? 0), minute: +(m[5] ?? 0), second: +(m[6] ?? 0) };
  const millis = m[7] ? Math.floor(Number(`0.${m[7]}`) * 1000 + 1e-6) : 0;
  return new Date(instantAt(wall, zone) + millis);
}

/** A TIMESTAMP parameter from the port: a Date, or ISO-8601 text that names its offset. */
export function timestampParam(value: CellValue, zone: string): string | null {
  if (value === null) return null;
  if (value instanceof Date) return instantToWallText(value, zone);
  if (typeof value === "string" && /(Z|[+-]\d{2}:?\d{2})$/.test(value.trim())) {
    const d = new Date(value);
    if (!Number.isNaN(d.getTime())) return instantToWallText(d, zone);
  }
  throw new Error(`a TIMESTAMP needs an instant (a Date or ISO-8601 text with its offset), got ${JSON.stringify(value)}`);
}

/** A DATE parameter: "YYYY-MM-DD" (a Date is taken as the clinic's calendar day of that instant). */
export function dateParam(value: CellValue, zone: string): string | null {
  if (value === null) return null;
  if (typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  if (value instanceof Date) return instantToWallText(value, zone).slice(0, 10);
  throw new Error(`a DATE needs "YYYY-MM-DD", got ${JSON.stringify(value)}`);
}

/** A key as one string, to find a row again: `123` or `5|77`. */
export function keyText(values: readonly unknown[]): string {
  return values.map((v) => (typeof v === "bigint" ? v.toString() : String(v))).join("|");
}

/** The key object of a row for the given key columns. */
export function keyOf(columns: readonly string[], values: readonly unknown[]): RowKey {
  const key: RowKey = {};
  columns.forEach((c, i) => (key[c] = exactInteger(values[i])));
  return key;
}

/**
 * A fast reader of wall-clock timestamps for one zone, for the large reads:
 * the instant of each hour is computed once, and a time within the hour is
 * that plus its minutes, seconds and fraction — exact whenever the zone's
 * offset does not change inside that hour (otherwise the slow path decides).
 */
export function wallClockReader(zone: string): (text: string) => Date {
  let reader = readers.get(zone);
  if (!reader) {
    const hours = new Map<string, number>();
    const digit = (t: string, i: number) => t.charCodeAt(i) - 48;
    reader = (text: string) => {
      // "YYYY-MM-DD HH:MM:SS[.f…]": anything else goes the careful way.
      if (text.length < 19 || text.charCodeAt(13) !== 58 || text.charCodeAt(16) !== 58) return wallTextToInstant(text, zone);
      const key = text.slice(0, 13);
      let start = hours.get(key);
      if (start === undefined) {
        const at = wallTextToInstant(`${key}:00:00`, zone).getTime();
        start = zoneOffsetAt(at, zone) === zoneOffsetAt(at + 3_599_999, zone) ? at : Number.NaN;
        if (hours.size > 100_000) hours.clear();
        hours.set(key, start);
      }
      if (Number.isNaN(start)) return wallTextToInstant(text, zone);
      const minutes = digit(text, 14) * 10 + digit(text, 15);
      const seconds = digit(text, 17) * 10 + digit(text, 18);
      let millis = 0;
      if (text.length > 20) millis = Math.floor(Number(`0${text.slice(19, 23)}`) * 1000 + 1e-6);
      return new Date(start + minutes * 60_000 + seconds * 1000 + millis);
    };
    readers.set(zone, reader);
  }
  return reader;
}

const readers = new Map<string, (text: string) => Date>();
