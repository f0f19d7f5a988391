import type { Change, RowKey } from "../port.ts";
import { DEMO_TABLE_ORDER, demoRows } from "./generator.ts";
import { SeededRandom } from "./random.ts";
import * as V from "./vocabulary.ts";

/**
 * What a ЦОД would hold for this МO, made from the demo generator: the items
 * of the six pull streams, each a document (or a status) with the rows that
 * hang off it, head row first and parents before children. Used by
 * `agent demo` to seed the simulator, and by tests and benchmarks.
 */
export interface DemoStreamItem {
  stream: "referral-statuses" | "result-statuses" | "special-marks" | "referrals" | "results" | "bacteriology-results";
  /** The item's id at the ЦОД: stable, unique. */
  id: string;
  changes: Change[];
}

export interface DemoStreamOptions {
  /** Documents from other МО: referrals to this lab, results of this МО's referrals, bacteriology. */
  referrals: number;
  seed: number;
  now: number;
  zone: string;
  /**
   * The first id of each generated table: far above the clinic's own rows,
   * so that what arrives never collides with what the МО has.
   */
  firstId: number;
  /** The МО's own referrals (they exist in its main DB): they get status updates and special marks. */
  ownReferrals?: readonly number[];
  /** The МО's own results: they get status updates. */
  ownResults?: readonly number[];
}

const STREAM_HEADS: ReadonlyArray<[DemoStreamItem["stream"], string, readonly string[]]> = [
  ["referrals", "DOC_NAPR_ANALYSIS", ["DOCTAB_NAPR_ANALYSIS", "DOCTAB_NAPR_ANALYSIS_PAR", "DOCTAB_NAPR_ANALYSIS_USLUGI", "DOCTAB_NAPR_NEONAT_SCREEN", "REG_NAPR_MARKS", "REG_NAPR_SHTRIH", "REG_NAPR_ANALYSIS_QUESTIONS_ANS", "REG_BIOMATERIAL", "REG_BIOMATERIAL_NAPRS"]],
  ["results", "DOC_ANALYSIS", ["DOCTAB_ANALYSIS_NOM", "DOCTAB_ANALYSIS_PARAMS", "DOCTAB_ANALYSIS_CYTOLOG_BIOMAT", "DOCTAB_ANALYSIS_DIAGNOSIS", "DOCTAB_ANALYSIS_GISTOLOG_BIOMAT", "DOCTAB_ANALYSIS_GISTOL_BLOCK", "DOCTAB_ANALYSIS_PAR_SNAPSHOTE", "DOCTAB_ANALYSIS_USLUGI"]],
  ["bacteriology-results", "DOC_ANALYSIS_BAK", ["DOCTAB_ANALYSIS_BAK_ORG", "DOCTAB_ANALYSIS_BAK_AN"]],
];

/** Key columns of the tables whose key is not `ID`. */
const COMPOSITE_KEYS: Record<string, readonly string[]> = { REG_BIOMATERIAL_NAPRS: ["BIOMATERIAL_ID", "NAPR_ID"] };

const order = new Map<string, number>(DEMO_TABLE_ORDER.map((t, i) => [t, i]));

/** Where each row of a document belongs: the id of its head row, by the column that names it. */
const PARENT_COLUMN: Record<string, string> = {
  DOCTAB_NAPR_ANALYSIS: "NAPR_ID",
  DOCTAB_NAPR_ANALYSIS_USLUGI: "NAPR_ID",
  DOCTAB_NAPR_NEONAT_SCREEN: "NAPR_ID",
  REG_NAPR_MARKS: "NAPR_ID",
  REG_NAPR_SHTRIH: "NAPR_ID",
  REG_NAPR_ANALYSIS_QUESTIONS_ANS: "NAPR_ID",
  REG_BIOMATERIAL_NAPRS: "NAPR_ID",
  DOCTAB_ANALYSIS_NOM: "ANALYSIS_DOC_ID",
  DOCTAB_ANALYSIS_PARAMS: "ANALYSIS_DOC_ID",
  DOCTAB_ANALYSIS_CYTOLOG_BIOMAT: "ANALYSIS_DOC_ID",
  DOCTAB_ANALYSIS_DIAGNOSIS: "ANALYSIS_DOC_ID",
  DOCTAB_ANALYSIS_GISTOLOG_BIOMAT: "ANALYSIS_DOC_ID",
  DOCTAB_ANALYSIS_PAR_SNAPSHOTE: "ANALYSIS_DOC_ID",
  DOCTAB_ANALYSIS_USLUGI: "ANALYSIS_DOC_ID",
  DOCTAB_ANALYSIS_BAK_ORG: "BAK_ID",
};

/** Rows that hang off another child rather than the head: their parent table and the column naming it. */
const GRANDPARENT: Record<string, [string, string]> = {
  DOCTAB_NAPR_ANALYSIS_PAR: ["DOCTAB_NAPR_ANALYSIS", "NAPR_TAB_ID"],
  DOCTAB_ANALYSIS_GISTOL_BLOCK: ["DOCTAB_ANALYSIS_GISTOLOG_BIOMAT", "BIOMAT_ID"],
  DOCTAB_ANALYSIS_BAK_AN: ["DOCTAB_ANALYSIS_BAK_ORG", "BAK_ORG_ID"],
};

const HEAD_OF_CHILD = (table: string) => (table.startsWith("DOCTAB_ANALYSIS_BAK") ? "DOC_ANALYSIS_BAK" : table.startsWith("DOCTAB_ANALYSIS") ? "DOC_ANALYSIS" : "DOC_NAPR_ANALYSIS");

function keyOf(table: string, row: Record<string, unknown>): RowKey {
  const key: RowKey = {};
  for (const k of COMPOSITE_KEYS[table] ?? ["ID"]) key[k] = row[k] as number;
  return key;
}

/** The stream items of a demo ЦОД, deterministic from the seed. */
export function demoStreamItems(o: DemoStreamOptions): DemoStreamItem[] {
  const firstIds = Object.fromEntries(DEMO_TABLE_ORDER.map((t) => [t, o.firstId]));
  const heads = new Map(STREAM_HEADS.map(([stream, head]) => [head, stream]));
  const childOf = new Set(STREAM_HEADS.flatMap(([, , children]) => children));
  const rows = [...demoRows({ referrals: o.referrals, seed: o.seed, now: o.now, zone: o.zone, firstIds, withReference: false })].filter(
    (r) => heads.has(r.table) || childOf.has(r.table),
  );
  // Which document each row belongs to ("DOC_ANALYSIS:77"): children name their head, grandchildren their parent.
  const documentOf = new Map<string, string>();
  for (const { table, row } of rows) {
    if (heads.has(table)) documentOf.set(`${table}:${row.ID}`, `${table}:${row.ID}`);
    else if (PARENT_COLUMN[table]) {
      const doc = `${HEAD_OF_CHILD(table)}:${row[PARENT_COLUMN[table]!]}`;
      documentOf.set(`${table}:${table === "REG_BIOMATERIAL_NAPRS" ? row.BIOMATERIAL_ID : row.ID}`, doc);
      // A specimen belongs to the referral that the row tying them names.
      if (table === "REG_BIOMATERIAL_NAPRS") documentOf.set(`REG_BIOMATERIAL:${row.BIOMATERIAL_ID}`, doc);
    }
  }
  const docs = new Map<string, { stream: DemoStreamItem["stream"]; head?: Change; rows: Change[] }>();
  for (const { table, row } of rows) {
    const change: Change = { table, key: keyOf(table, row), op: "upsert", values: row };
    const own = GRANDPARENT[table] ? `${GRANDPARENT[table]![0]}:${row[GRANDPARENT[table]![1]]}` : `${table}:${table === "REG_BIOMATERIAL_NAPRS" ? row.BIOMATERIAL_ID : row.ID}`;
    const doc = documentOf.get(own);
    if (!doc) continue;
    const headTable = doc.slice(0, doc.indexOf(":"));
    let entry = docs.get(doc);
    if (!entry) docs.set(doc, (entry = { stream: heads.get(headTable)!, rows: [] }));
    if (heads.has(table)) entry.head = change;
    else entry.rows.push(change);
  }
  const items: DemoStreamItem[] = [];
  for (const [id, d] of docs) {
    if (!d.head) continue;
    const children = [...d.rows].sort((a, b) => (order.get(a.table) ?? 99) - (order.get(b.table) ?? 99));
    items.push({ stream: d.stream, id: `demo-${o.seed}-${id}`, changes: [d.head, ...children] });
  }
  const r = new SeededRandom(o.seed + 7);
  let markId = o.firstId + 900_000;
  for (const referral of o.ownReferrals ?? []) {
    items.push({ stream: "referral-statuses", id: `demo-${o.seed}-status-napr-${referral}`, changes: [status("DOC_NAPR_ANALYSIS", referral, r.pick([2, 3]))] });
    if (r.chance(0.3)) {
      const mark = r.pick(V.MARKS);
      const values = { ID: markId, NAPR_ID: referral, MARK_CODE: mark[0], MARK_TEXT: mark[1], MARKED_AT: new Date(o.now), AUTHOR_FIO: null };
      items.push({ stream: "special-marks", id: `demo-${o.seed}-mark-${markId}`, changes: [{ table: "REG_NAPR_MARKS", key: { ID: markId }, op: "upsert", values }] });
      markId++;
    }
  }
  for (const result of o.ownResults ?? []) {
    items.push({ stream: "result-statuses", id: `demo-${o.seed}-status-result-${result}`, changes: [status("DOC_ANALYSIS", result, 3)] });
  }
  return items;
}

function status(table: string, id: number, value: number): Change {
  return { table, key: { ID: id }, op: "upsert", values: { ID: id, STATUS: value } };
}
