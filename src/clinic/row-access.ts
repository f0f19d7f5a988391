import type { ApplyOutcome, CellValue, IncomingRow, Row, RowKey, SyncPosition } from "./port.ts";
import type { Engine, SqlSession } from "./engine.ts";
import type { ColumnInfo, TableInfo } from "./catalog.ts";
import { quoteIdentifier } from "./identifiers.ts";
import { MainDbError } from "./main-db-error.ts";
import { writeState } from "./sync-state.ts";
import { requireCapture } from "./change-batches.ts";

/** Rows of MIS tables by key, and rows from outside written in. Columns come from the catalog. */

/** Keys per statement when reading by key: small enough for any engine's parameter limit. */
const KEYS_PER_QUERY = 100;

export async function tableOrFail(engine: Engine, name: string): Promise<TableInfo> {
  const info = await engine.table(name);
  if (!info) throw MainDbError.unknownTable(name);
  if (info.key.length === 0) throw MainDbError.badKey(info.name, []);
  return info;
}

function column(info: TableInfo, name: string): ColumnInfo {
  const c = info.columns.find((c) => c.name === name) ?? info.columns.find((c) => c.name.toUpperCase() === name.toUpperCase());
  if (!c) throw MainDbError.unknownColumn(info.name, name);
  return c;
}

function encode(engine: Engine, info: TableInfo, c: ColumnInfo, value: CellValue): unknown {
  try {
    return engine.encode(c, value);
  } catch (error) {
    throw MainDbError.badValue(info.name, c.name, error);
  }
}

function keyValues(engine: Engine, info: TableInfo, key: RowKey | Row | undefined): unknown[] {
  if (!key) throw MainDbError.badKey(info.name, info.key);
  return info.key.map((k) => {
    const v = key[k] ?? key[Object.keys(key).find((n) => n.toUpperCase() === k.toUpperCase()) ?? ""];
    if (v === undefined || v === null) throw MainDbError.badKey(info.name, info.key);
    return encode(engine, info, column(info, k), v);
  });
}

const keyCondition = (engine: Engine, info: TableInfo) => info.key.map((k) => `${quoteIdentifier(k)} = ${engine.paramFor(column(info, k))}`).join(" AND ");

export async function readRows(engine: Engine, table: string, keys: readonly RowKey[]): Promise<Row[]> {
  const info = await tableOrFail(engine, table);
  const params = keys.map((k) => keyValues(engine, info, k));
  const select = info.columns.map((c) => engine.selectColumn(c)).join(", ");
  return engine.read(async (s) => {
    const out: Row[] = [];
    for (let i = 0; i < params.length; i += KEYS_PER_QUERY) {
      const chunk = params.slice(i, i + KEYS_PER_QUERY);
      const where = chunk.map(() => `(${keyCondition(engine, info)})`).join(" OR ");
      for (const raw of await s.all(`SELECT ${select} FROM ${quoteIdentifier(info.name)} WHERE ${where}`, chunk.flat())) {
        const row: Row = {};
        for (const c of info.columns) row[c.name] = engine.decode(c, raw[c.name]);
        out.push(row);
      }
    }
    return out;
  });
}

/**
 * Writes rows from outside in one transaction, with the sync positions, and
 * with capture's triggers told to stay quiet (no echo back to the ЦОД). An
 * upsert updates the columns it names and leaves the others as they are; a
 * row that is not there is inserted.
 */
export async function applyIncoming(engine: Engine, rows: readonly IncomingRow[], positions: readonly SyncPosition[], now: number): Promise<ApplyOutcome> {
  if (positions.length > 0) await requireCapture(engine);
  const infos = await tablesOf(engine, rows);
  return engine.write(
    async (s) => {
      const outcome = await applyRowsIn(engine, s, infos, rows);
      for (const p of positions) await writeState(s, `position:${p.name}`, p.value, now);
      return outcome;
    },
    { noEcho: true },
  );
}

/** The catalog's description of every table the rows name (an unknown table fails before anything is written). */
export async function tablesOf(engine: Engine, rows: readonly IncomingRow[]): Promise<Map<string, TableInfo>> {
  const infos = new Map<string, TableInfo>();
  for (const r of rows) if (!infos.has(r.table)) infos.set(r.table, await tableOrFail(engine, r.table));
  return infos;
}

/** Inside a write transaction (opened with noEcho by the caller): writes the rows. */
export async function applyRowsIn(engine: Engine, s: SqlSession, infos: ReadonlyMap<string, TableInfo>, rows: readonly IncomingRow[]): Promise<ApplyOutcome> {
  const outcome: ApplyOutcome = { inserted: 0, updated: 0, deleted: 0 };
  for (const r of rows) {
    const info = infos.get(r.table)!;
    if (r.op === "delete") {
      const n = await s.run(`DELETE FROM ${quoteIdentifier(info.name)} WHERE ${keyCondition(engine, info)}`, keyValues(engine, info, r.key ?? r.values));
      outcome.deleted += n;
    } else {
      const written = await upsert(engine, s, info, r);
      outcome[written]++;
    }
  }
  return outcome;
}

async function upsert(engine: Engine, s: SqlSession, info: TableInfo, r: IncomingRow): Promise<"inserted" | "updated"> {
  const values: Row = { ...(r.values ?? {}) };
  for (const [k, v] of Object.entries(r.key ?? {})) if (!(k in values)) values[k] = v;
  const key = keyValues(engine, info, values);
  const named = Object.keys(values).map((n) => column(info, n));
  const others = named.filter((c) => !info.key.includes(c.name));
  const table = quoteIdentifier(info.name);
  if (others.length > 0) {
    const set = others.map((c) => `${quoteIdentifier(c.name)} = ${engine.paramFor(c)}`).join(", ");
    const params = [...others.map((c) => encode(engine, info, c, valueFor(values, c.name))), ...key];
    if ((await s.run(`UPDATE ${table} SET ${set} WHERE ${keyCondition(engine, info)}`, params)) > 0) return "updated";
  } else if ((await s.all(`SELECT 1 AS X FROM ${table} WHERE ${keyCondition(engine, info)}`, key)).length > 0) {
    return "updated";
  }
  const cols = named.map((c) => quoteIdentifier(c.name)).join(", ");
  const marks = named.map((c) => engine.paramFor(c)).join(", ");
  const params = named.map((c) => encode(engine, info, c, valueFor(values, c.name)));
  await s.run(`INSERT INTO ${table} (${cols}) VALUES (${marks})`, params);
  return "inserted";
}

function valueFor(values: Row, name: string): CellValue {
  if (name in values) return values[name]!;
  const other = Object.keys(values).find((n) => n.toUpperCase() === name.toUpperCase());
  return other === undefined ? null : values[other]!;
}
