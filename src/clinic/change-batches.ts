import type { Change, ChangeBatch } from "./port.ts";
import type { Engine, SqlSession } from "./engine.ts";
import { quoteIdentifier } from "./identifiers.ts";
import { MainDbError } from "./main-db-error.ts";
import { exactInteger, keyOf, keyText } from "./values.ts";
import { maindbTexts as T } from "../messages/areas/maindb.ts";
import { say } from "../messages/text.ts";
import { ExitCode } from "../kernel/exit-codes.ts";
import { readState, writeState } from "./sync-state.ts";
import { rowDecoder } from "./row-decoder.ts";
import type { RowKey } from "./port.ts";

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

export async function readChanges(engine: Engine, limit: number, now: number, after?: string): Promise<ChangeBatch | undefined> {
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_BATCH) {
    throw new MainDbError(say(T.badLimit, { got: limit }), "value", ExitCode.usage);
  }
  await requireCapture(engine);
  const install = await installId(engine);
  const afterNumber = after === undefined ? undefined : await batchNumber(engine, after);

  // A batch that was read and not acknowledged goes again first, unchanged in extent
  // (with `after`: the first such batch after that one, which the caller still has in flight).
  const open = await engine.read((s) =>
    afterNumber === undefined
      ? s.all(`SELECT ID, RANGES FROM AGENT_BATCH ORDER BY ID ${engine.rowsClause}`, [1])
      : s.all(`SELECT ID, RANGES FROM AGENT_BATCH WHERE ID > ? ORDER BY ID ${engine.rowsClause}`, [afterNumber, 1]),
  );
  if (open.length > 0) {
    const ranges = parseRanges(String(open[0]!.RANGES));
    return engine.read(async (s) => {
      const read = await currentState(engine, s, { lo: ranges[0]![0], hi: ranges.at(-1)![1], ranges });
      return { id: `${install}.${exactInteger(open[0]!.ID)}`, changes: read.changes, journal: { entries: read.entries, ranges }, resent: true };
    });
  }

  const read = await engine.read(async (s) => {
    // With batches still open (in flight), a new one starts after the last of them: it never
    // takes an entry they cover. Entries below that which commit later are taken once no batch
    // is open — the caller reads without `after` when this answers nothing.
    let floor = 0;
    if (afterNumber !== undefined) floor = Number((await s.values("SELECT MAX(LAST_ID) FROM AGENT_BATCH"))[0]?.[0] ?? 0);
    const where = floor > 0 ? "WHERE ID > ? " : "";
    const params = floor > 0 ? [floor] : [];
    // The batch is every journal row up to the limit-th one visible now; all of them are read in this snapshot.
    const nth = engine.nthRow(limit);
    let hi = (await s.values(`SELECT ID FROM AGENT_JOURNAL ${where}ORDER BY ID ${nth.clause}`, [...params, ...nth.params]))[0]?.[0];
    if (hi === undefined) hi = (await s.values(`SELECT MAX(ID) FROM AGENT_JOURNAL ${where}`, params))[0]?.[0];
    if (hi === undefined || hi === null) return undefined;
    const lo = (await s.values(`SELECT MIN(ID) FROM AGENT_JOURNAL ${where}`, params))[0]?.[0];
    return currentState(engine, s, { lo: Number(lo), hi: Number(hi) });
  });
  if (!read) return undefined;
  const first = read.ranges[0]![0];
  await engine.write((s) =>
    s.run("INSERT INTO AGENT_BATCH (ID, CREATED_AT, ENTRIES, FIRST_ID, LAST_ID, RANGES) VALUES (?, ?, ?, ?, ?, ?)", [
      first,
      now,
      read.entries,
      first,
      read.ranges.at(-1)![1],
      formatRanges(read.ranges),
    ]),
  );
  return { id: `${install}.${first}`, changes: read.changes, journal: { entries: read.entries, ranges: read.ranges }, resent: false };
}

/** Removes the batch's journal rows and the batch, in one transaction. Answers how many journal rows went. */
export async function acknowledge(engine: Engine, batchId: string): Promise<number> {
  const id = await batchNumber(engine, batchId);
  return engine.write((s) => acknowledgeIn(s, id));
}

/** The AGENT_BATCH number of a batch id of this installation of capture (an unknown install is an error). */
export async function batchNumber(engine: Engine, batchId: string): Promise<number> {
  await requireCapture(engine);
  const m = /^([0-9a-f]{8})\.(\d+)$/.exec(batchId);
  const install = await installId(engine);
  if (!m || m[1] !== install) throw new MainDbError(say(T.unknownBatch, { id: batchId }), "value", ExitCode.taskFailed);
  return Number(m[2]);
}

/** Inside a write transaction: deletes the batch's journal rows and the batch; answers how many journal rows went. */
export async function acknowledgeIn(s: SqlSession, id: number): Promise<number> {
  const rows = await s.all("SELECT RANGES FROM AGENT_BATCH WHERE ID = ?", [id]);
  if (rows.length === 0) return 0;
  let removed = 0;
  for (const [lo, hi] of parseRanges(String(rows[0]!.RANGES))) {
    removed += await s.run("DELETE FROM AGENT_JOURNAL WHERE ID BETWEEN ? AND ?", [lo, hi]);
  }
  await s.run("DELETE FROM AGENT_BATCH WHERE ID = ?", [id]);
  return removed;
}

interface Span {
  lo: number;
  hi: number;
  /** For a batch read again: only these ids belong to it (others in lo..hi may have committed since). */
  ranges?: ReadonlyArray<[number, number]>;
}

interface Collapsed {
  firstId: number;
  change: Change;
}

/**
 * The journal rows of a span with the current state of the rows they name,
 * read in one snapshot: per table one query, the journal LEFT JOINed to the
 * table by key — a row that is there is an upsert with its current values,
 * one that is gone a delete. Repeated changes of a row collapse into one
 * change, placed where the row first appears in the journal.
 */
async function currentState(engine: Engine, s: SqlSession, span: Span): Promise<{ changes: Change[]; entries: number; ranges: Array<[number, number]> }> {
  const inSpan = span.ranges ? (id: number) => span.ranges!.some(([lo, hi]) => id >= lo && id <= hi) : () => true;
  const ids: number[] = [];
  const collapsed: Collapsed[] = [];
  const readTable = async (name: string) => {
    const info = await engine.table(name);
    const usable = info && info.key.length > 0 && info.key.length <= 3;
    const cols = usable ? info.columns.map((c) => engine.selectColumn(c, "t")).join(", ") : "";
    const keys = ["j.K1", "j.K2", "j.K3"].map((k) => engine.exactInteger(k)).join(", ");
    const sql = usable
      ? `SELECT j.ID, ${keys}, ${cols} FROM AGENT_JOURNAL j LEFT JOIN ${quoteIdentifier(info.name)} t ON ${info.key.map((k, i) => `t.${quoteIdentifier(k)} = j.K${i + 1}`).join(" AND ")} WHERE j.TABLE_NAME = ? AND j.ID BETWEEN ? AND ?`
      : `SELECT j.ID, ${keys} FROM AGENT_JOURNAL j WHERE j.TABLE_NAME = ? AND j.ID BETWEEN ? AND ?`;
    const rows = await s.values(sql, [name, span.lo, span.hi]);
    if (rows.length === 0) return;
    // A table dropped since (or one without a usable key): its rows are gone, and go as deletes.
    const keyColumns = usable ? info.key : ["K1", "K2", "K3"].slice(0, rows[0]![3] !== null ? 3 : rows[0]![2] !== null ? 2 : 1);
    const decode = usable ? rowDecoder(engine, info.columns, 4) : undefined;
    const presence = usable ? 4 + info.columns.findIndex((c) => c.name === info.key[0]) : -1;
    const single = keyColumns.length === 1;
    const byKey = new Map<string | number, Collapsed>();
    for (const raw of rows) {
      const id = Number(raw[0]);
      if (!inSpan(id)) continue;
      ids.push(id);
      const k1 = exactInteger(raw[1]);
      const mapKey = single ? k1 : keyText([k1, ...keyColumns.slice(1).map((_, i) => exactInteger(raw[2 + i]))]);
      const known = byKey.get(mapKey);
      if (known) {
        if (id < known.firstId) known.firstId = id;
        continue;
      }
      const key: RowKey = single ? { [keyColumns[0]!]: k1 } : keyOf(keyColumns, raw.slice(1, 1 + keyColumns.length));
      // LEFT JOIN: the table's first key column is NULL when the row is gone.
      const present = decode !== undefined && raw[presence] !== null;
      const entry: Collapsed = { firstId: id, change: { table: name, key, op: present ? "upsert" : "delete", values: present ? decode!(raw) : null } };
      byKey.set(mapKey, entry);
      collapsed.push(entry);
    }
  };
  // The tables this span touches (an index range of at most a batch of rows), each read once.
  for (const [name] of await s.values("SELECT DISTINCT TABLE_NAME FROM AGENT_JOURNAL WHERE ID BETWEEN ? AND ?", [span.lo, span.hi])) {
    await readTable(String(name).trimEnd());
  }
  collapsed.sort((a, b) => a.firstId - b.firstId);
  const sorted = Float64Array.from(ids).sort();
  return { changes: collapsed.map((c) => c.change), entries: ids.length, ranges: rangesOf(sorted) };
}

/** Ranges of consecutive ids, all of which were seen. */
export function rangesOf(sortedIds: ArrayLike<number>): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let i = 0; i < sortedIds.length; i++) {
    const id = sortedIds[i]!;
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
