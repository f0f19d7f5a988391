import { configTexts as T } from "../messages/areas/config.ts";
import { say, type Text } from "../messages/text.ts";
import { formatTimeOfDay, isValidTimeZone, parseTimeOfDay } from "../kernel/zoned-time.ts";

/** What a parser answers: the value, or a message saying what is wrong with it. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const fail = (error: string): Parsed<never> => ({ ok: false, error });

/** Facts the defaults depend on, fixed once at start. */
export interface DefaultsContext {
  /** The folder of the binary (or the working folder when run from source). */
  home: string;
  machineTimeZone: string;
}

/**
 * One setting of the TOML file. Its path (`cod.url`) comes from where it
 * stands in the schema; the environment name from the path.
 */
export interface Setting<T> {
  /** How the value is described in docs: "URL", "integer 1–65535" … */
  readonly kind: string;
  readonly defaultValue: T | ((ctx: DefaultsContext) => T);
  readonly doc: Text;
  /** Never printed, logged or shown; masked in `config check` and the UI. */
  readonly secret: boolean;
  /** A running service applies a change only after a restart. */
  readonly restart: boolean;
  /** Parses a TOML value (typed) or a string from the environment/arguments. */
  parse(raw: unknown, fromText: boolean): Parsed<T>;
  /** The value as TOML source, for the example file and `config check`. */
  toToml(value: T): string;
}

interface Options {
  doc: Text;
  secret?: boolean;
  restart?: boolean;
}

const describe = (raw: unknown) => (typeof raw === "string" ? JSON.stringify(raw) : String(raw));

function make<T>(kind: string, defaultValue: Setting<T>["defaultValue"], o: Options, parse: Setting<T>["parse"], toToml: (v: T) => string): Setting<T> {
  return { kind, defaultValue, doc: o.doc, secret: o.secret ?? false, restart: o.restart ?? false, parse, toToml };
}

const tomlString = (v: string) => JSON.stringify(v);

export function stringSetting(defaultValue: string | ((ctx: DefaultsContext) => string), o: Options & { allowEmpty?: boolean }): Setting<string> {
  return make("string", defaultValue, o, (raw) => {
    if (typeof raw !== "string") return fail(say(T.notString, { got: describe(raw) }));
    if (o.allowEmpty === false && raw.trim() === "") return fail(say(T.emptyNotAllowed));
    return ok(raw);
  }, tomlString);
}

export function intSetting(defaultValue: number, min: number, max: number, o: Options): Setting<number> {
  return make(`integer ${min}–${max}`, defaultValue, o, (raw, fromText) => {
    let n: number;
    if (typeof raw === "number" || typeof raw === "bigint") n = Number(raw);
    else if (fromText && typeof raw === "string" && /^-?\d+$/.test(raw.trim())) n = Number(raw.trim());
    else return fail(say(T.notInteger, { got: describe(raw) }));
    if (!Number.isInteger(n)) return fail(say(T.notInteger, { got: describe(raw) }));
    if (n < min || n > max) return fail(say(T.outOfRange, { got: String(n), min, max }));
    return ok(n);
  }, String);
}

export function boolSetting(defaultValue: boolean, o: Options): Setting<boolean> {
  return make("true | false", defaultValue, o, (raw, fromText) => {
    if (typeof raw === "boolean") return ok(raw);
    if (fromText && typeof raw === "string") {
      const v = raw.trim().toLowerCase();
      if (["true", "1", "yes", "on"].includes(v)) return ok(true);
      if (["false", "0", "no", "off"].includes(v)) return ok(false);
    }
    return fail(say(T.notBoolean, { got: describe(raw) }));
  }, String);
}

export function enumSetting<const V extends string>(values: readonly V[], defaultValue: V, o: Options): Setting<V> {
  return make(values.map((v) => `"${v}"`).join(" | "), defaultValue, o, (raw) => {
    if (typeof raw === "string" && (values as readonly string[]).includes(raw)) return ok(raw as V);
    return fail(say(T.notOneOf, { got: describe(raw), allowed: values.join(", ") }));
  }, tomlString);
}

/**
 * A string of a fixed form (an OID, a GUID): `kind` names the form in the
 * docs, `invalid` says what is wrong and shows an example. Empty means "not set".
 */
export function patternSetting(defaultValue: string, pattern: RegExp, kind: string, invalid: Text<{ got: string }>, o: Options): Setting<string> {
  return make(kind, defaultValue, o, (raw) => {
    if (typeof raw !== "string") return fail(say(T.notString, { got: describe(raw) }));
    const value = raw.trim();
    if (value !== "" && !pattern.test(value)) return fail(say(invalid, { got: describe(raw) }));
    return ok(value);
  }, tomlString);
}

/** An http(s) address; empty means "not configured". */
export function urlSetting(defaultValue: string, o: Options): Setting<string> {
  return make("URL", defaultValue, o, (raw) => {
    if (typeof raw !== "string") return fail(say(T.notString, { got: describe(raw) }));
    if (raw === "") return ok("");
    try {
      const url = new URL(raw);
      if ((url.protocol === "http:" || url.protocol === "https:") && url.hostname) return ok(raw);
    } catch {
      // fall through to the message below
    }
    return fail(say(T.notUrl, { got: describe(raw) }));
  }, tomlString);
}

export function timeZoneSetting(o: Options): Setting<string> {
  return make("IANA time zone", (ctx) => ctx.machineTimeZone, o, (raw) => {
    if (typeof raw !== "string") return fail(say(T.notString, { got: describe(raw) }));
    if (!isValidTimeZone(raw)) return fail(say(T.notTimeZone, { got: describe(raw) }));
    return ok(raw);
  }, tomlString);
}

/** A short identifier that also names files and sockets: `main`, `clinic-2`. */
export function nameSetting(defaultValue: string, o: Options): Setting<string> {
  return make("name [A-Za-z0-9_-]", defaultValue, o, (raw) => {
    if (typeof raw !== "string" || !/^[A-Za-z0-9_-]{1,32}$/.test(raw)) return fail(say(T.notName, { got: describe(raw) }));
    return ok(raw);
  }, tomlString);
}

/**
 * A list of main-DB table names, comma-separated (`DOC_ANALYSIS, REF_FLRD`),
 * kept upper case and without repeats; empty means "the default list".
 */
export function tableListSetting(o: Options): Setting<string> {
  return make("table names, comma-separated", "", o, (raw) => {
    if (typeof raw !== "string") return fail(say(T.notString, { got: describe(raw) }));
    const names = raw.split(",").map((n) => n.trim()).filter(Boolean);
    const bad = names.find((n) => !/^[A-Za-z_][A-Za-z0-9_$]{0,62}$/.test(n));
    if (bad !== undefined) return fail(say(T.notTableName, { got: describe(bad) }));
    return ok([...new Set(names.map((n) => n.toUpperCase()))].join(","));
  }, tomlString);
}

/** A time-of-day range, `H:MM-H:MM` in the clinic's zone (may cross midnight); empty or `0:00-0:00` means none. */
export function timeRangeSetting(defaultValue: string, o: Options): Setting<string> {
  return make("time range H:MM-H:MM", defaultValue, o, (raw) => {
    if (typeof raw !== "string") return fail(say(T.notString, { got: describe(raw) }));
    if (raw.trim() === "") return ok("");
    const range = parseTimeRange(raw);
    if (!range) return fail(say(T.notTimeRange, { got: describe(raw) }));
    return ok(`${formatTimeOfDay(range.from).slice(0, -3)}-${formatTimeOfDay(range.to).slice(0, -3)}`);
  }, tomlString);
}

/** `21:00-9:00` → seconds since midnight at each end; undefined if malformed. Empty: none (both 0). */
export function parseTimeRange(value: string): { from: number; to: number } | undefined {
  if (value.trim() === "") return { from: 0, to: 0 };
  const m = /^\s*(\d{1,2}:\d{2})\s*[-–]\s*(\d{1,2}:\d{2})\s*$/.exec(value);
  if (!m) return undefined;
  const from = parseTimeOfDay(m[1]!);
  const to = parseTimeOfDay(m[2]!);
  return from === undefined || to === undefined ? undefined : { from, to };
}

/**
 * An e-mail address as a sender: `results@clinic.ru` or `Name <results@clinic.ru>`.
 * Empty means "not set" (checked together with the section by cross-check.ts).
 */
export function emailAddressSetting(defaultValue: string, o: Options): Setting<string> {
  return make("e-mail address", defaultValue, o, (raw) => {
    if (typeof raw !== "string") return fail(say(T.notString, { got: describe(raw) }));
    if (raw.trim() === "") return ok("");
    if (!bareAddress(raw)) return fail(say(T.notEmailAddress, { got: describe(raw) }));
    return ok(raw.trim());
  }, tomlString);
}

/** The address part of `Name <a@b.c>` or `a@b.c`, if it looks like one. */
export function bareAddress(value: string): string | undefined {
  const m = /^(?:[^<>]*<([^<>\s]+)>|([^<>\s]+))\s*$/.exec(value.trim());
  const address = m?.[1] ?? m?.[2];
  return address && /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(address) ? address : undefined;
}
