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

/**
 * How rows naming one set of columns are written into one table: the
 * columns (from the catalog), the statements and where each parameter comes
 * from — worked out once per table and set of columns, not per row (a pull
 * writes hundreds of thousands of rows of the same few shapes).
 */
interface UpsertPlan {
  /** The row's columns in the order it names them, and the key's positions among them. */
  named: ColumnInfo[];
  keyAt: number[];
  /** Positions of the other columns (the UPDATE's SET), in `named`. */
  othersAt: number[];
  update: string | undefined;
  exists: string;
  insert: string;
}

const plans = new WeakMap<TableInfo, Map<string, UpsertPlan>>();

function planFor(engine: Engine, info: TableInfo, names: readonly string[]): UpsertPlan {
  let byTable = plans.get(info);
  if (!byTable) plans.set(info, (byTable = new Map()));
  const signature = names.join(",");
  let plan = byTable.get(signature);
  if (plan) return plan;
  const named = names.map((n) => column(info, n));
  const keyAt = info.key.map((k) => {
    const i = named.findIndex((c) => c.name === k);
    if (i < 0) throw MainDbError.badKey(info.name, info.key);
    return i;
  });
  const othersAt = named.map((c, i) => (info.key.includes(c.name) ? -1 : i)).filter((i) => i >= 0);
  const table = quoteIdentifier(info.name);
  const where = keyCondition(engine, info);
  plan = {
    named,
    keyAt,
    othersAt,
    update: othersAt.length > 0 ? `UPDATE ${table} SET ${othersAt.map((i) => `${quoteIdentifier(named[i]!.name)} = ${engine.paramFor(named[i]!)}`).join(", ")} WHERE ${where}` : undefined,
    exists: `SELECT 1 AS X FROM ${table} WHERE ${where}`,
    insert: `INSERT INTO ${table} (${named.map((c) => quoteIdentifier(c.name)).join(", ")}) VALUES (${named.map((c) => engine.paramFor(c)).join(", ")})`,
  };
  byTable.set(signature, plan);
  return plan;
}

async function upsert(engine: Engine, s: SqlSession, info: TableInfo, r: IncomingRow): Promise<"inserted" | "updated"> {
  let values = r.values ?? {};
  if (r.key) {
    for (const k in r.key) {
      if (!(k in values)) {
        values = { ...values, ...Object.fromEntries(Object.entries(r.key).filter(([n]) => !(n in values))) };
        break;
      }
    }
  }
  const names = Object.keys(values);
  const plan = planFor(engine, info, names);
  const encoded = names.map((n, i) => {
    const v = values[n]!;
    if (v === undefined) return null;
    return encode(engine, info, plan.named[i]!, v);
  });
  const key = plan.keyAt.map((i) => {
    if (encoded[i] === null || encoded[i] === undefined) throw MainDbError.badKey(info.name, info.key);
    return encoded[i];
  });
  if (plan.update) {
    if ((await s.run(plan.update, [...plan.othersAt.map((i) => encoded[i]), ...key])) > 0) return "updated";
  } else if ((await s.all(plan.exists, key)).length > 0) {
    return "updated";
  }
  await s.run(plan.insert, encoded);
  return "inserted";
}

