/**
 * The ЦОД protocol's wire shapes (src/cod/PROTOCOL.md) and the checks every
 * answer passes before anything is applied. Wire JSON is snake_case; what the
 * client hands to the agent is camelCase (cod-client.ts).
 */
import { codTexts as C } from "../messages/areas/cod.ts";
import { say } from "../messages/text.ts";
import {
  array,
  bool,
  type Check,
  int,
  isPlainObject,
  literal,
  mismatch,
  nullable,
  object,
  optional,
  record,
  ruleBroken,
  str,
} from "../kernel/json-shape.ts";

/** The protocol version this agent speaks (1.1: signed PDFs; 1.2: agent updates; 1.3: statistics). */
export const PROTOCOL_VERSION = "1.3";
export const PROTOCOL_MAJOR = 1;

/** The pull streams, in the order the manual's TSwapDataAnalysisThread reads them. */
export const STREAMS = ["referral-statuses", "result-statuses", "special-marks", "referrals", "results", "bacteriology-results"] as const;
export type StreamName = (typeof STREAMS)[number];

/** Which tables an item of each stream may touch; the first is the item's head row. */
export const STREAM_TABLES: Readonly<Record<StreamName, { tables: readonly string[]; upsertOnly: boolean }>> = {
  "referral-statuses": { tables: ["DOC_NAPR_ANALYSIS"], upsertOnly: true },
  "result-statuses": { tables: ["DOC_ANALYSIS"], upsertOnly: true },
  "special-marks": { tables: ["REG_NAPR_MARKS"], upsertOnly: false },
  referrals: {
    tables: [
      "DOC_NAPR_ANALYSIS",
      "DOCTAB_NAPR_ANALYSIS",
      "DOCTAB_NAPR_ANALYSIS_PAR",
      "DOCTAB_NAPR_ANALYSIS_USLUGI",
      "DOCTAB_NAPR_NEONAT_SCREEN",
      "REG_NAPR_MARKS",
      "REG_NAPR_SHTRIH",
      "REG_NAPR_ANALYSIS_QUESTIONS_ANS",
      "REG_BIOMATERIAL",
      "REG_BIOMATERIAL_NAPRS",
    ],
    upsertOnly: false,
  },
  results: {
    tables: [
      "DOC_ANALYSIS",
      "DOCTAB_ANALYSIS_NOM",
      "DOCTAB_ANALYSIS_PARAMS",
      "DOCTAB_ANALYSIS_CYTOLOG_BIOMAT",
      "DOCTAB_ANALYSIS_DIAGNOSIS",
      "DOCTAB_ANALYSIS_GISTOLOG_BIOMAT",
      "DOCTAB_ANALYSIS_GISTOL_BLOCK",
      "DOCTAB_ANALYSIS_PAR_SNAPSHOTE",
      "DOCTAB_ANALYSIS_USLUGI",
    ],
    upsertOnly: false,
  },
  "bacteriology-results": { tables: ["DOC_ANALYSIS_BAK", "DOCTAB_ANALYSIS_BAK_AN", "DOCTAB_ANALYSIS_BAK_ORG"], upsertOnly: false },
};

/** A column's value: JSON scalars, big integers as decimal strings, blobs as base64. */
export type ColumnValue = string | number | boolean | null | { base64: string };
/** A key column's value: a string (also for integers beyond 2^53) or a safe integer. */
export type KeyValue = string | number;

/** One row of one table: its key, and for an upsert its current values. */
export interface RowChange {
  table: string;
  key: Record<string, KeyValue>;
  op: "upsert" | "delete";
  row?: Record<string, ColumnValue>;
}

export const MAX_BATCH_CHANGES = 10_000;
export const MAX_PAGE_LIMIT = 1000;
export const MAX_ITEM_CHANGES = 1000;
export const MAX_CATALOG = 100_000;

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_$]{0,62}$/;
export const BATCH_ID = /^[A-Za-z0-9._:-]{1,64}$/;

const keyValue: Check<KeyValue> = (v, path) => {
  if (typeof v === "string") return v;
  if (typeof v === "number") return int()(v, path);
  throw mismatch(path, say(C.keyBadValue), v);
};

const columnValue: Check<ColumnValue> = (v, path) => {
  if (v === null || typeof v === "string" || typeof v === "boolean") return v;
  if (typeof v === "number") {
    if (Number.isInteger(v)) return int()(v, path);
    if (Number.isFinite(v)) return v;
  }
  if (isPlainObject(v) && typeof v.base64 === "string" && Object.keys(v).length === 1) return { base64: v.base64 };
  throw mismatch(path, say(C.columnBadValue), v);
};

const identifier = str({ pattern: IDENTIFIER, expected: "identifier [A-Za-z_][A-Za-z0-9_$]*" });

/** Whether a column's value is one the protocol allows (tested without building paths). */
const fineColumnValue = (v: unknown): boolean =>
  v === null ||
  typeof v === "string" ||
  typeof v === "boolean" ||
  (typeof v === "number" && Number.isFinite(v) && (!Number.isInteger(v) || Number.isSafeInteger(v))) ||
  (isPlainObject(v) && typeof v.base64 === "string" && Object.keys(v).length === 1);

const fineRecord = (o: unknown, min: number, max: number, fine: (v: unknown) => boolean): boolean => {
  if (!isPlainObject(o)) return false;
  let n = 0;
  for (const k in o) {
    if (!IDENTIFIER.test(k) || !fine(o[k])) return false;
    n++;
  }
  return n >= min && n <= max;
};

/**
 * One change, with the rules that tie its fields together. A page carries
 * thousands of them: a well-formed change is recognised in one pass that
 * builds no strings; anything else goes through the full check, which names
 * the exact place and what was wrong.
 */
export const rowChange: Check<RowChange> = (v, path) => {
  if (isPlainObject(v) && typeof v.table === "string" && IDENTIFIER.test(v.table)) {
    const keyOk = fineRecord(v.key, 1, 8, (x) => typeof x === "string" || (typeof x === "number" && Number.isSafeInteger(x)));
    if (keyOk && v.op === "delete" && (v.row === undefined || v.row === null)) return { table: v.table, key: v.key as Record<string, KeyValue>, op: "delete" };
    if (keyOk && v.op === "upsert" && fineRecord(v.row, 0, 2000, fineColumnValue)) {
      return { table: v.table, key: v.key as Record<string, KeyValue>, op: "upsert", row: v.row as Record<string, ColumnValue> };
    }
  }
  return checkedRowChange(v, path);
};

const checkedRowChange: Check<RowChange> = (v, path) => {
  const c = object({
    table: identifier,
    key: record(keyValue, { keyPattern: IDENTIFIER, keyExpected: "identifier", min: 1, max: 8 }),
    op: literal("upsert", "delete"),
    row: optional(record(columnValue, { keyPattern: IDENTIFIER, keyExpected: "identifier", max: 2000 })),
  })(v, path);
  if (c.op === "delete" && c.row !== undefined) throw ruleBroken(`${path}.row`, say(C.deleteWithRow));
  if (c.op === "upsert" && c.row === undefined) throw ruleBroken(`${path}.row`, say(C.upsertWithoutRow));
  return c;
};

// ---- answers -------------------------------------------------------------

export interface PushAnswerWire {
  batch_id: string;
  status: "applied" | "duplicate";
  rows: number;
}
export const pushAnswer: Check<PushAnswerWire> = object({
  batch_id: str({ min: 1, max: 64 }),
  status: literal("applied", "duplicate"),
  rows: int({ min: 0 }),
});

export interface StreamItemWire {
  position: string;
  id: string;
  changes: RowChange[];
}
export interface StreamPageWire {
  stream: string;
  items: StreamItemWire[];
  more: boolean;
}

/** A page of one stream, checked against that stream's tables. */
export function streamPage(stream: StreamName): Check<StreamPageWire> {
  const rules = STREAM_TABLES[stream];
  const item: Check<StreamItemWire> = (v, path) => {
    const it = object({
      position: str({ min: 1, max: 64 }),
      id: str({ min: 1, max: 128 }),
      changes: array(rowChange, { min: 1, max: MAX_ITEM_CHANGES }),
    })(v, path);
    it.changes.forEach((c, i) => {
      const at = `${path}.changes[${i}]`;
      if (!rules.tables.includes(c.table)) throw ruleBroken(`${at}.table`, say(C.tableNotInStream, { table: c.table, stream }));
      if (rules.upsertOnly && c.op !== "upsert") throw ruleBroken(`${at}.op`, say(C.upsertOnly));
    });
    const head = it.changes[0]!;
    if (head.table !== rules.tables[0] || head.op !== "upsert") throw ruleBroken(`${path}.changes[0]`, say(C.headFirst, { table: rules.tables[0]! }));
    return it;
  };
  return object({ stream: str(), items: array(item, { max: MAX_PAGE_LIMIT }), more: bool });
}

export interface AckAnswerWire {
  stream: string;
  through: string;
  acknowledged: number;
}
export const ackAnswer: Check<AckAnswerWire> = object({ stream: str(), through: str({ min: 1, max: 64 }), acknowledged: int({ min: 0 }) });

export interface CatalogEntryWire {
  analysis_id: KeyValue;
  code: string;
  name: string;
  biomaterial?: string | null;
  days?: number | null;
}
export interface CatalogAnswerWire {
  lab: string;
  analyses: CatalogEntryWire[];
}
export const catalogAnswer: Check<CatalogAnswerWire> = object({
  lab: str({ min: 1 }),
  analyses: array(
    object({
      analysis_id: keyValue,
      code: str({ min: 1, max: 64 }),
      name: str({ min: 1, max: 1000 }),
      biomaterial: optional(nullable(str({ max: 1000 }))),
      days: optional(nullable(int({ min: 0, max: 365 }))),
    }),
    { max: MAX_CATALOG },
  ),
});

export interface HelloAnswerWire {
  protocol: string;
  server: string;
  time: string;
  mo: string;
  calls: string[];
}
export const helloAnswer: Check<HelloAnswerWire> = object({
  protocol: str({ pattern: /^\d+\.\d+$/, expected: "version like 1.0" }),
  server: str(),
  time: str(),
  mo: str(),
  calls: array(str()),
});

// ---- documents (1.1) ----------------------------------------------------------

/** A document id: chosen by the uploading agent, unique per uploading МО. */
export const DOCUMENT_ID = /^[A-Za-z0-9._:-]{1,64}$/;
const SHA256_HEX = /^[0-9a-f]{64}$/;
const sha256Hex = str({ pattern: SHA256_HEX, expected: "SHA-256, 64 hex digits" });
const blob: Check<{ base64: string }> = (v, path) => {
  if (isPlainObject(v) && typeof v.base64 === "string" && /^[A-Za-z0-9+/]*={0,2}$/.test(v.base64)) return { base64: v.base64 };
  throw mismatch(path, "{ base64 }", v);
};

export interface UploadAnswerWire {
  document_id: string;
  status: "stored" | "duplicate";
  position: string;
}
export const uploadAnswer: Check<UploadAnswerWire> = object({
  document_id: str({ min: 1, max: 64 }),
  status: literal("stored", "duplicate"),
  position: str({ min: 1, max: 64 }),
});

export interface DocumentEntryWire {
  position: string;
  document_id: string;
  from_mo: string;
  referral_id: string;
  file_name: string;
  pdf_size: number;
  pdf_sha256: string;
  signature_size: number;
  uploaded_at: string;
}
export interface DocumentListWire {
  documents: DocumentEntryWire[];
  more: boolean;
}
export const documentList: Check<DocumentListWire> = object({
  documents: array(
    object({
      position: str({ min: 1, max: 64 }),
      document_id: str({ pattern: DOCUMENT_ID, expected: "document id [A-Za-z0-9._:-]{1,64}" }),
      from_mo: str({ min: 1, max: 64 }),
      referral_id: str({ min: 1, max: 128 }),
      file_name: str({ min: 1, max: 255 }),
      pdf_size: int({ min: 0 }),
      pdf_sha256: sha256Hex,
      signature_size: int({ min: 0 }),
      uploaded_at: str(),
    }),
    { max: MAX_PAGE_LIMIT },
  ),
  more: bool,
});

export interface DocumentWire {
  document_id: string;
  from_mo: string;
  referral_id: string;
  file_name: string;
  uploaded_at: string;
  pdf: { base64: string };
  pdf_sha256: string;
  signature: { base64: string };
  signature_sha256: string;
}
export const documentAnswer: Check<DocumentWire> = object({
  document_id: str({ min: 1, max: 64 }),
  from_mo: str({ min: 1, max: 64 }),
  referral_id: str({ min: 1, max: 128 }),
  file_name: str({ min: 1, max: 255 }),
  uploaded_at: str(),
  pdf: blob,
  pdf_sha256: sha256Hex,
  signature: blob,
  signature_sha256: sha256Hex,
});

export interface DocumentAckWire {
  through: string;
  acknowledged: number;
}
export const documentAckAnswer: Check<DocumentAckWire> = object({ through: str({ min: 1, max: 64 }), acknowledged: int({ min: 0 }) });

/** The body of a 4xx/5xx answer; anything else there is read as text. */
export const errorBody: Check<{ error: { code: string; message?: string } }> = object({
  error: object({ code: str({ max: 64 }), message: optional(str()) }),
});

/** What describes an agent binary on offer: the fields its signature covers, and the signature. */
export interface UpdateFields {
  version: string;
  platform: string;
  cpu: "avx2" | "baseline";
  size: number;
  sha256: string;
  signature: string;
}

export interface UpdateWire extends UpdateFields {
  download: string;
}

/** The checks of those fields, shared by every source of updates (the ЦОД, a manifest). */
export const UPDATE_FIELD_CHECKS = {
  version: str({ pattern: /^\d{1,6}\.\d{1,6}\.\d{1,6}$/, expected: "version X.Y.Z" }),
  platform: str({ min: 1, max: 64 }),
  cpu: literal("avx2", "baseline"),
  size: int({ min: 1, max: 2 ** 32 }),
  sha256: str({ pattern: /^[0-9a-f]{64}$/, expected: "SHA-256, 64 hex digits" }),
  signature: str({ pattern: /^[A-Za-z0-9+/]{86}==$/, expected: "Ed25519 signature, base64" }),
};

/** The newest binary for a platform and CPU level (protocol 1.2), or null when the ЦОД has none. */
export const updateAnswer: Check<{ update: UpdateWire | null }> = object({
  update: nullable(
    object({
      ...UPDATE_FIELD_CHECKS,
      // Only from the ЦОД itself: the token is never sent anywhere else.
      download: str({ pattern: /^\/api\/v1\/[A-Za-z0-9._~\/-]{1,200}$/, expected: "a path under /api/v1/ of the same server" }),
    }),
  ),
});

// ---- statistics (1.3) -----------------------------------------------------------

/** A report id: chosen by the agent, unique per МО; a repeat replaces the report of that id. */
export const REPORT_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/**
 * The agent's health as it sends it (PROTOCOL.md, "Statistics"). Every value
 * is a number, a boolean, an instant, a version or a name from a fixed list:
 * no free text, so nothing a person typed and no error's text can travel.
 */
export interface StatisticsWire {
  report_id: string;
  agent: { version: string; instance: string; platform: string; cpu: "avx2" | "baseline"; started_at: string; uptime_seconds: number };
  period: { from: string; to: string };
  jobs: Array<{
    job_id: number;
    task: string;
    paused: boolean;
    built: boolean;
    last_result: string | null;
    last_run_at: string | null;
    last_duration_ms: number | null;
    next_run_at: string | null;
    /** Runs of this job's task that ended in the period, by result. */
    runs: Record<string, number>;
  }>;
  backlog: { journal: number | null; open_batches: number | null; pdf_queue: number | null };
  parked: { batches: number | null };
  errors: Array<{ kind: string; count: number }>;
  updates: Array<{ at: string; from_version: string; to_version: string; result: string; reason: string | null }>;
  main_db: { engine: string; connected: boolean; size_bytes: number | null; error_kind: string | null };
  checks: Array<{ target: string; kind: string; ok: boolean; at: string }>;
}

export interface StatisticsAnswerWire {
  report_id: string;
  status: "stored" | "replaced";
}
export const statisticsAnswer: Check<StatisticsAnswerWire> = object({
  report_id: str({ min: 1, max: 64 }),
  status: literal("stored", "replaced"),
});
