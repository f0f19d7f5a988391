/**
 * What the simulator accepts on the wire, checked on its own terms from
 * src/cod/PROTOCOL.md — deliberately not the client's code (src/cod/wire.ts):
 * a simulator that reused the client's checks would agree with the client's
 * bugs instead of finding them.
 */
import { array, bool, type Check, int, isPlainObject, literal, mismatch, nullable, object, optional, record, ruleBroken, str } from "../../kernel/json-shape.ts";
import type { SimChange } from "./sim-store.ts";

export const SIM_PROTOCOL = "1.3";
export const SIM_STREAMS = ["referral-statuses", "result-statuses", "special-marks", "referrals", "results", "bacteriology-results"];

const NAME = /^[A-Za-z_][A-Za-z0-9_$]{0,62}$/;

const keyPart: Check<string | number> = (v, path) => {
  if (typeof v === "string") return v;
  return int()(v, path);
};

const cell: Check<unknown> = (v, path) => {
  if (v === null || typeof v === "string" || typeof v === "boolean") return v;
  if (typeof v === "number" && Number.isFinite(v)) return Number.isInteger(v) ? int()(v, path) : v;
  if (isPlainObject(v) && typeof v.base64 === "string") return v;
  throw mismatch(path, "null | boolean | string | number | {base64}", v);
};

const checkedChange: Check<SimChange> = (v, path) => {
  const c = object({
    table: str({ pattern: NAME, expected: "table name" }),
    key: record(keyPart, { keyPattern: NAME, keyExpected: "column name", min: 1, max: 8 }),
    op: literal("upsert", "delete"),
    row: optional(record(cell, { keyPattern: NAME, keyExpected: "column name" })),
  })(v, path);
  if (c.op === "upsert" && !c.row) throw ruleBroken(path, "an upsert needs a row");
  if (c.op === "delete" && c.row) throw ruleBroken(path, "a delete carries no row");
  return c;
};

/** Whether a cell is one the protocol allows (the common case, tested without building paths). */
const fineCell = (v: unknown): boolean =>
  v === null ||
  typeof v === "string" ||
  typeof v === "boolean" ||
  (typeof v === "number" && Number.isFinite(v) && (!Number.isInteger(v) || Number.isSafeInteger(v))) ||
  (isPlainObject(v) && typeof v.base64 === "string");

const fineNames = (o: unknown, min: number, max: number, cellOk: (v: unknown) => boolean): boolean => {
  if (!isPlainObject(o)) return false;
  let n = 0;
  for (const k in o) {
    if (!NAME.test(k) || !cellOk(o[k])) return false;
    n++;
  }
  return n >= min && n <= max;
};

/**
 * One change. A batch carries up to 10,000 of them: the usual, valid change is
 * recognised in one pass that builds no strings; anything else goes through the
 * full check, which says exactly where and what is wrong.
 */
const change: Check<SimChange> = (v, path) => {
  if (isPlainObject(v) && typeof v.table === "string" && NAME.test(v.table) && (v.op === "upsert" || v.op === "delete")) {
    const keyOk = fineNames(v.key, 1, 8, (x) => typeof x === "string" || (typeof x === "number" && Number.isSafeInteger(x)));
    const rowOk = v.op === "upsert" ? fineNames(v.row, 0, Number.MAX_SAFE_INTEGER, fineCell) : v.row === undefined || v.row === null;
    if (keyOk && rowOk) return { table: v.table, key: v.key as SimChange["key"], op: v.op, row: v.op === "upsert" ? (v.row as SimChange["row"]) : undefined };
  }
  return checkedChange(v, path);
};

const changes: Check<SimChange[]> = (v, path) => {
  if (!Array.isArray(v) || v.length < 1 || v.length > 10_000) return array(checkedChange, { min: 1, max: 10_000 })(v, path);
  const out = new Array<SimChange>(v.length);
  for (let i = 0; i < v.length; i++) out[i] = change(v[i], `${path}[${i}]`);
  return out;
};

export const pushRequest = object({
  batch_id: str({ pattern: /^[A-Za-z0-9._:-]{1,64}$/, expected: "batch id [A-Za-z0-9._:-]{1,64}" }),
  changes,
});

export const ackRequest = object({ through: str({ pattern: /^\d{1,18}$/, expected: "a position the simulator served" }) });

export const seedRequest = object({
  mo_id: str({ min: 1 }),
  stream: literal(...(SIM_STREAMS as [string, ...string[]])),
  items: array(object({ id: str({ min: 1, max: 128 }), changes: array(change, { min: 1, max: 1000 }) }), { max: 100_000 }),
});

export const catalogRequest = object({
  lab: str({ min: 1 }),
  analyses: array((v, path) => {
    if (!isPlainObject(v)) throw mismatch(path, "object", v);
    return v;
  }),
});

export const tokensRequest = object({ tokens: record(str({ min: 1 }), { keyPattern: /^.{1,64}$/, keyExpected: "МО id" }) });

const SHA256 = /^[0-9a-f]{64}$/;
const file = (v: unknown, path: string): { base64: string } => {
  if (isPlainObject(v) && typeof v.base64 === "string" && /^[A-Za-z0-9+/]*={0,2}$/.test(v.base64)) return { base64: v.base64 };
  throw mismatch(path, "{ base64 }", v);
};

/** An upload of a signed PDF (protocol 1.1). */
export const uploadRequest = object({
  document_id: str({ pattern: /^[A-Za-z0-9._:-]{1,64}$/, expected: "document id [A-Za-z0-9._:-]{1,64}" }),
  to_mo: str({ min: 1, max: 64 }),
  referral_id: str({ min: 1, max: 128 }),
  file_name: str({ pattern: /^[^/\\]{1,255}$/, expected: "a file name without a path" }),
  pdf: file,
  pdf_sha256: str({ pattern: SHA256, expected: "SHA-256 hex" }),
  signature: file,
  signature_sha256: str({ pattern: SHA256, expected: "SHA-256 hex" }),
});

/** `PUT /admin/updates`: offer a binary from a local file (the simulator takes a copy). */
export const publishRequest = object({
  platform: str({ pattern: /^[a-z0-9]+-[a-z0-9_]+$/, expected: "platform like linux-x64" }),
  cpu: literal("avx2", "baseline"),
  version: str({ pattern: /^\d{1,6}\.\d{1,6}\.\d{1,6}$/, expected: "version X.Y.Z" }),
  file: str({ min: 1, max: 4096 }),
  signature: str({ min: 1, max: 200 }),
  /** What the offer claims; by default the file's own hash. A test sets another to play a corrupted mirror. */
  sha256: optional(str({ pattern: /^[0-9a-f]{64}$/, expected: "64 hex digits" })),
});

// ---- statistics (1.3) ------------------------------------------------------

const INSTANT = str({ pattern: /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/, expected: "an instant, ISO 8601 UTC" });
/** Names from the protocol's lists: lower-case, digits, `_.-`. A statistics report carries no other text. */
const LISTED = str({ pattern: /^[a-z0-9_.-]{1,64}$/, expected: "a name [a-z0-9_.-]" });
const COUNT = int({ min: 0 });

/** A statistics report, checked field by field: numbers, instants, versions and listed names only. */
export const statisticsRequest = object({
  report_id: str({ pattern: /^[A-Za-z0-9._:-]{1,64}$/, expected: "report id [A-Za-z0-9._:-]{1,64}" }),
  agent: object({
    version: str({ pattern: /^\d{1,6}\.\d{1,6}\.\d{1,6}$/, expected: "version X.Y.Z" }),
    instance: str({ pattern: /^[A-Za-z0-9_-]{1,32}$/, expected: "instance name" }),
    platform: LISTED,
    cpu: literal("avx2", "baseline"),
    started_at: INSTANT,
    uptime_seconds: COUNT,
  }),
  period: object({ from: INSTANT, to: INSTANT }),
  jobs: array(
    object({
      job_id: COUNT,
      task: LISTED,
      paused: bool,
      built: bool,
      last_result: nullable(LISTED),
      last_run_at: nullable(INSTANT),
      last_duration_ms: nullable(COUNT),
      next_run_at: nullable(INSTANT),
      runs: record(COUNT, { keyPattern: /^[a-z0-9_.-]{1,64}$/, keyExpected: "a result" }),
    }),
    { max: 10_000 },
  ),
  backlog: object({ journal: nullable(COUNT), open_batches: nullable(COUNT), pdf_queue: nullable(COUNT) }),
  parked: object({ batches: nullable(COUNT) }),
  errors: array(object({ kind: LISTED, count: COUNT }), { max: 10_000 }),
  updates: array(
    object({
      at: INSTANT,
      from_version: str({ pattern: /^\d{1,6}\.\d{1,6}\.\d{1,6}$/, expected: "version X.Y.Z" }),
      to_version: str({ pattern: /^\d{1,6}\.\d{1,6}\.\d{1,6}$/, expected: "version X.Y.Z" }),
      result: LISTED,
      reason: nullable(LISTED),
    }),
    { max: 1000 },
  ),
  main_db: object({ engine: LISTED, connected: bool, size_bytes: nullable(COUNT), error_kind: nullable(LISTED) }),
  checks: array(object({ target: LISTED, kind: LISTED, ok: bool, at: INSTANT }), { max: 100 }),
});
