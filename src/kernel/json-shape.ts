/**
 * Small hand-made checks of parsed JSON against a shape. Every answer of a
 * remote system (and every request the simulators receive) passes one before
 * anything is applied; a failure names the exact place and what was there
 * (`items[3].changes[0].key.ID: expected a string or an integer, got null`).
 *
 * Why not a schema library: the shapes are few and small, the messages must
 * be in the agent's catalog (Russian and English), and a dependency would be
 * one more thing to keep working inside the compiled binary.
 *
 * Unknown fields are ignored (not copied): a newer server may add fields
 * without breaking an older agent (src/cod/PROTOCOL.md, "Versions").
 */
import { shapeTexts as T } from "../messages/areas/shape.ts";
import { say } from "../messages/text.ts";

/** A value that is not what the shape wants; `message` is ready for a person. */
export class ShapeError extends Error {
  override readonly name = "ShapeError";
  constructor(
    /** Where: `items[3].key`. */
    readonly path: string,
    message: string,
  ) {
    super(message);
  }
}

/** Checks a value and answers it typed, or throws a ShapeError. */
export type Check<T> = (value: unknown, path: string) => T;

/** Describes a received value briefly (never the whole value: it may be long or hold patient data). */
export function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return `array(${value.length})`;
  if (typeof value === "string") return value.length > 20 ? `string(${value.length})` : JSON.stringify(value);
  if (typeof value === "object") return "object";
  return `${typeof value} ${String(value)}`;
}

/** The root of a value is called `$` in messages. */
const at = (path: string) => path || "$";

export function mismatch(path: string, expected: string, value: unknown): ShapeError {
  return new ShapeError(path, say(T.mismatch, { path: at(path), expected, got: describeValue(value) }));
}

/** A rule that is not about a type: `changes[2].row: a delete carries no row`. */
export function ruleBroken(path: string, rule: string): ShapeError {
  return new ShapeError(path, say(T.rule, { path: at(path), rule }));
}

export const str =
  (o: { min?: number; max?: number; pattern?: RegExp; expected?: string } = {}): Check<string> =>
  (v, path) => {
    const expected = o.expected ?? "string";
    if (typeof v !== "string") throw mismatch(path, expected, v);
    if ((o.min !== undefined && v.length < o.min) || (o.max !== undefined && v.length > o.max) || (o.pattern && !o.pattern.test(v))) {
      throw mismatch(path, expected, v);
    }
    return v;
  };

export const int =
  (o: { min?: number; max?: number } = {}): Check<number> =>
  (v, path) => {
    const range = o.min !== undefined || o.max !== undefined ? ` ${o.min ?? "…"}–${o.max ?? "…"}` : "";
    if (typeof v !== "number" || !Number.isInteger(v)) throw mismatch(path, `integer${range}`, v);
    if (!Number.isSafeInteger(v)) throw new ShapeError(path, say(T.unsafeInteger, { path: at(path) }));
    if ((o.min !== undefined && v < o.min) || (o.max !== undefined && v > o.max)) throw mismatch(path, `integer${range}`, v);
    return v;
  };

export const bool: Check<boolean> = (v, path) => {
  if (typeof v !== "boolean") throw mismatch(path, "true | false", v);
  return v;
};

export const literal =
  <const V extends string | number>(...values: V[]): Check<V> =>
  (v, path) => {
    if (!(values as unknown[]).includes(v)) throw mismatch(path, values.map((x) => JSON.stringify(x)).join(" | "), v);
    return v as V;
  };

export const nullable =
  <T>(check: Check<T>): Check<T | null> =>
  (v, path) =>
    v === null ? null : check(v, path);

export const array =
  <T>(item: Check<T>, o: { min?: number; max?: number } = {}): Check<T[]> =>
  (v, path) => {
    if (!Array.isArray(v)) throw mismatch(path, "array", v);
    if (o.max !== undefined && v.length > o.max) throw new ShapeError(path, say(T.tooMany, { path: at(path), max: o.max, got: v.length }));
    if (o.min !== undefined && v.length < o.min) throw new ShapeError(path, say(T.tooFew, { path: at(path), min: o.min, got: v.length }));
    return v.map((x, i) => item(x, `${path}[${i}]`));
  };

/** Marks a field of `object()` as optional: absent (or null) gives undefined. */
export interface Optional<T> {
  readonly optional: Check<T>;
}
export const optional = <T>(check: Check<T>): Optional<T> => ({ optional: check });

type FieldSpec = Check<unknown> | Optional<unknown>;
type FieldsOf<S extends Record<string, FieldSpec>> = {
  [K in keyof S as S[K] extends Optional<unknown> ? never : K]: S[K] extends Check<infer T> ? T : never;
} & {
  [K in keyof S as S[K] extends Optional<unknown> ? K : never]?: S[K] extends Optional<infer T> ? T : never;
};

export const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** An object with the named fields; other fields are ignored and not copied. */
export const object =
  <S extends Record<string, FieldSpec>>(spec: S): Check<FieldsOf<S>> =>
  (v, path) => {
    if (!isPlainObject(v)) throw mismatch(path, "object", v);
    const out: Record<string, unknown> = {};
    for (const [name, field] of Object.entries(spec)) {
      const at = path ? `${path}.${name}` : name;
      const raw = v[name];
      if ("optional" in field) {
        if (raw !== undefined && raw !== null) out[name] = field.optional(raw, at);
      } else {
        if (raw === undefined) throw new ShapeError(at, say(T.missing, { path: at, expected: expectedOf(field) }));
        out[name] = field(raw, at);
      }
    }
    return out as FieldsOf<S>;
  };

/** An object used as a map: every key matches `keyPattern`, every value passes `value`. */
export const record =
  <T>(value: Check<T>, o: { keyPattern: RegExp; keyExpected: string; min?: number; max?: number }): Check<Record<string, T>> =>
  (v, path) => {
    if (!isPlainObject(v)) throw mismatch(path, "object", v);
    const entries = Object.entries(v);
    if (o.max !== undefined && entries.length > o.max) throw new ShapeError(path, say(T.tooMany, { path: at(path), max: o.max, got: entries.length }));
    if (o.min !== undefined && entries.length < o.min) throw new ShapeError(path, say(T.tooFew, { path: at(path), min: o.min, got: entries.length }));
    const out: Record<string, T> = {};
    for (const [k, x] of entries) {
      if (!o.keyPattern.test(k)) throw mismatch(`${path}`, o.keyExpected, k);
      out[k] = value(x, `${path}.${k}`);
    }
    return out;
  };

/** Names what a check wants, for the "missing field" message. */
function expectedOf(check: Check<unknown>): string {
  try {
    check(Symbol.for("probe"), "");
  } catch (error) {
    if (error instanceof ShapeError) {
      const m = /: (?:ожидается|expected) (.*), (?:получено|got) /.exec(error.message);
      if (m) return m[1]!;
    }
  }
  return "?";
}

/** Parses JSON text, or answers why not: the text ends early (truncated) or is not JSON at all. */
export function parseJson(text: string): { ok: true; value: unknown } | { ok: false; truncated: boolean; detail: string } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, truncated: endsInsideValue(text), detail: (error as Error).message };
  }
}

/**
 * True when the text stops inside an object, an array or a string: what an
 * answer cut off in transit looks like (the parser's own message does not
 * say it reliably: `[1,2` fails with "Expected ']'").
 */
export function endsInsideValue(text: string): boolean {
  let depth = 0;
  let inString = false;
  let escaped = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (escaped) escaped = false;
      else if (c === 0x5c) escaped = true;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) depth++;
    else if (c === 0x7d || c === 0x5d) depth--;
  }
  return inString || depth > 0;
}
