import type { Change, ChangeBatch, Row } from "./port.ts";
import type { Engine, SqlSession } from "./engine.ts";
import type { TableInfo } from "./catalog.ts";
import { quoteIdentifier } from "./identifiers.ts";
import { MainDbError } from "./main-db-error.ts";
import { exactInteger, keyOf, keyText } from "./values.ts";
import { maindbTexts as T } from "../messages/areas/maindb.ts";
import { say } from "../messages/text.ts";
import { ExitCode } from "../kernel/exit-codes.ts";
import { readState, writeState } from "./sync-state.ts";

/**
 * Reading the change journal in batches, and acknowledging them.
 *
 * No committed change is ever skipped, whatever order transactions commit
 * in, because nothing here is a high-water mark: a batch is the set of
 * journal rows visible when it was read, recorded as ranges of ids that were
 * *all* seen (a gap — an id not visible, perhaps of a transaction still open —
 * always splits a range). Acknowledging deletes exactly those ids. A row
 * whose transaction commits later is simply still in the journal at the next
 * read, whatever its id; rows committed meanwhile are not held up for it.
 *
 * A batch read but not acknowledged is kept (AGENT_BATCH) and read again,
 * with the same id, before anything new: the ЦОД can recognise a repeat.
 */

/** The largest batch one read may return. */
export const MAX_BATCH = 100_000;

interface JournalEntry {
  id: number;
  table: string;
  keys: unknown[];
}

const JOURNAL_ID = "AGENT$JID";

/** The id of this installation of capture, so batch ids never repeat across a reinstall. */
async function installId(engine: Engine): Promise<string> {
  const known = await engine.read((s) => readState(s, "capture.install"));
  if (known) return known;
  const fresh = crypto.randomUUID().slice(0, 8);
  return engine.write(async (s) => {
    const again = await readState(s, "capture.install");
    if (again) return again;
    await writeState(s, "capture.install", fresh, Date.now());
    return fresh;
  });
}

export async function requireCapture(engine: Engine): Promise<void> {
  if (!(await engine.table("AGENT_JOURNAL")) || !(await engine.table("AGENT_BATCH"))) throw MainDbError.captureMissing();
}

export async function readChanges(engine: Engine, limit: number, now: number): Promise<ChangeBatch | undefined> {
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_BATCH) {
    throw new MainDbError(say(T.badLimit, { got: limit }), "value", ExitCode.usage);
  }
  await requireCapture(engine);
  const install = await installId(engine);

  // A batch that was read and not acknowledged goes again first, unchanged in extent.
  const open = await engine.read((s) => s.all(`SELECT ID, RANGES FROM AGENT_BATCH ORDER BY ID ${engine.rowsClause}`, [1]));
  if (open.length > 0) {
    const ranges = parseRanges(String(open[0]!.RANGES));
    return engine.read(async (s) => {
      const entries: JournalEntry[] = [];
      for (const [lo, hi] of ranges) entries.push(...(await journalEntries(s, `WHERE ID BETWEEN ? AND ? ORDER BY ID`, [lo, hi])));
      const changes = await currentState(engine, s, entries, ranges);
      return { id: `${install}.${exactInteger(open[0]!.ID)}`, changes, journal: { entries: entries.length, ranges }, resent: true };
    });
  }

  const read = await engine.read(async (s) => {
    const entries = await journalEntries(s, `ORDER BY ID ${engine.rowsClause}`, [limit]);
    if (entries.length === 0) return undefined;
    const ranges = rangesOf(entries.map((e) => e.id));
    const changes = await currentState(engine, s, entries, ranges);
    return { entries, ranges, changes };
  });
  if (!read) return undefined;
  const first = read.ranges[0]![0];
  await engine.write((s) =>
    s.run("INSERT INTO AGENT_BATCH (ID, CREATED_AT, ENTRIES, FIRST_ID, LAST_ID, RANGES) VALUES (?, ?, ?, ?, ?, ?)", [
      first,
      now,
      read.entries.length,
      first,
      read.ranges.at(-1)![1],
      formatRanges(read.ranges),
    ]),
  );
  return { id: `${install}.${first}`, changes: read.changes, journal: { entries: read.entries.length, ranges: read.ranges }, resent: false };
}

/** Removes the batch's journal rows and the batch, in one transaction. Answers how many journal rows went. */
export async function acknowledge(engine: Engine, batchId: string): Promise<number> {
  await requireCapture(engine);
  const m = /^([0-9a-f]{8})\.(\d+)$/.exec(batchId);
  const install = await installId(engine);
  if (!m || m[1] !== install) throw new MainDbError(say(T.unknownBatch, { id: batchId }), "value", ExitCode.taskFailed);
  const id = Number(m[2]);
  return engine.write(async (s) => {
    const rows = await s.all("SELECT RANGES FROM AGENT_BATCH WHERE ID = ?", [id]);
    if (rows.length === 0) return 0;
    let removed = 0;
    for (const [lo, hi] of parseRanges(String(rows[0]!.RANGES))) {
      removed += await s.run("DELETE FROM AGENT_JOURNAL WHERE ID BETWEEN ? AND ?", [lo, hi]);
    }
    await s.run("DELETE FROM AGENT_BATCH WHERE ID = ?", [id]);
    return removed;
  });
}

async function journalEntries(s: SqlSession, tail: string, params: unknown[]): Promise<JournalEntry[]> {
  const rows = await s.all(`SELECT ID, TABLE_NAME, K1, K2, K3 FROM AGENT_JOURNAL ${tail}`, params);
  return rows.map((r) => ({ id: Number(r.ID), table: String(r.TABLE_NAME).trimEnd(), keys: [r.K1, r.K2, r.K3] }));
}

/**
 * The current state of every row the entries name, read in the same
 * snapshot: one query per table, the journal joined to the table by key.
 * Repeated changes of a row collapse into one change, placed where the row
 * first appears; a row that no longer exists is a delete.
 */
async function currentState(engine: Engine, s: SqlSession, entries: readonly JournalEntry[], ranges: ReadonlyArray<[number, number]>): Promise<Change[]> {
  const inBatch = (id: number) => ranges.some(([lo, hi]) => id >= lo && id <= hi);
  const byTable = new Map<string, JournalEntry[]>();
  for (const e of entries) {
    let list = byTable.get(e.table);
    if (!list) byTable.set(e.table, (list = []));
    list.push(e);
  }
  const current = new Map<string, Map<string, Row>>();
  const infos = new Map<string, TableInfo | undefined>();
  for (const [name, list] of byTable) {
    const info = await engine.table(name);
    infos.set(name, info);
    const rows = new Map<string, Row>();
    current.set(name, rows);
    // A table dropped since: its rows are gone, and go as deletes.
    if (!info || info.key.length === 0) continue;
    const cols = info.columns.map((c) => engine.selectColumn(c, "t")).join(", ");
    const join = info.key.map((k, i) => `t.${quoteIdentifier(k)} = j.K${i + 1}`).join(" AND ");
    const sql = `SELECT j.ID AS "${JOURNAL_ID}", ${cols} FROM AGENT_JOURNAL j JOIN ${quoteIdentifier(info.name)} t ON ${join} WHERE j.TABLE_NAME = ? AND j.ID BETWEEN ? AND ?`;
    const found = await s.all(sql, [name, list[0]!.id, list.at(-1)!.id]);
    for (const raw of found) {
      if (!inBatch(Number(raw[JOURNAL_ID]))) continue;
      const row: Row = {};
      for (const c of info.columns) row[c.name] = engine.decode(c, raw[c.name]);
      rows.set(keyText(info.key.map((k) => row[k])), row);
    }
  }
  const changes = new Map<string, Change>();
  for (const e of entries) {
    const info = infos.get(e.table);
    const keyColumns = info?.key.length ? info.key : e.keys.filter((k) => k !== null && k !== undefined).map((_, i) => `K${i + 1}`);
    const key = keyOf(keyColumns, e.keys.slice(0, keyColumns.length));
    const text = `${e.table}|${keyText(keyColumns.map((k) => key[k]))}`;
    if (changes.has(text)) continue;
    const values = current.get(e.table)!.get(keyText(keyColumns.map((k) => key[k]))) ?? null;
    changes.set(text, { table: e.table, key, op: values ? "upsert" : "delete", values });
  }
  return [...changes.values()];
}

/** Ranges of consecutive ids, all of which were seen. */
export function rangesOf(sortedIds: readonly number[]): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const id of sortedIds) {
    const last = out.at(-1);
    if (last && id === last[1] + 1) last[1] = id;
    else if (!last || id > last[1]) out.push([id, id]);
  }
  return out;
}

export function formatRanges(ranges: ReadonlyArray<[number, number]>): string {
  return ranges.map(([lo, hi]) => (lo === hi ? String(lo) : `${lo}-${hi}`)).join(",");
}

export function parseRanges(text: string): Array<[number, number]> {
  if (!text.trim()) return [];
  return text.split(",").map((part) => {
    const [lo, hi] = part.split("-");
    return [Number(lo), Number(hi ?? lo)] as [number, number];
  });
}
