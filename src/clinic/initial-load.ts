import type { Engine } from "./engine.ts";
import type { TableInfo } from "./catalog.ts";
import { captureProblem } from "./catalog.ts";
import { quoteIdentifier } from "./identifiers.ts";
import { requireCapture } from "./change-batches.ts";
import { readState, statesWithPrefix, writeState } from "./sync-state.ts";
import { exactInteger } from "./values.ts";

/**
 * `agent sync initial-load`: journals the rows that existed before capture
 * was installed, so the ЦОД receives them like any change. Each table is
 * walked in key order in chunks; a chunk's journal rows and the position
 * reached commit in one short transaction, so the MIS is never locked for
 * long and a crash resumes exactly after the last chunk that committed —
 * nothing journalled twice, nothing missed. Rows changed meanwhile are
 * journalled by the triggers as well, which costs at most one extra upsert.
 */

export interface InitialLoadProgress {
  /** The last key journalled (key order), or null before the first chunk. */
  after: Array<number | string> | null;
  rows: number;
  done: boolean;
}

export interface InitialLoadOptions {
  /** Rows per chunk (one transaction each). */
  chunk: number;
  now: () => number;
  /** Called after each committed chunk (progress output; tests interrupt here). */
  onChunk?: (table: string, progress: InitialLoadProgress) => void | Promise<void>;
}

export interface TableLoad {
  table: string;
  rows: number;
  /** "loaded" now, "resumed" from an earlier interrupted run, or "already" done before. */
  outcome: "loaded" | "resumed" | "already";
}

const stateName = (table: string) => `initial_load:${table}`;

export async function initialLoadProgress(engine: Engine): Promise<Map<string, InitialLoadProgress>> {
  const states = await engine.read((s) => statesWithPrefix(s, "initial_load:"));
  const out = new Map<string, InitialLoadProgress>();
  for (const [name, value] of states) if (value) out.set(name.slice("initial_load:".length), JSON.parse(value) as InitialLoadProgress);
  return out;
}

export async function initialLoad(engine: Engine, tables: readonly TableInfo[], o: InitialLoadOptions): Promise<TableLoad[]> {
  await requireCapture(engine);
  const out: TableLoad[] = [];
  for (const info of tables) {
    if (captureProblem(info)) continue;
    out.push(await loadTable(engine, info, o));
  }
  return out;
}

async function loadTable(engine: Engine, info: TableInfo, o: InitialLoadOptions): Promise<TableLoad> {
  const saved = await engine.read((s) => readState(s, stateName(info.name)));
  let progress: InitialLoadProgress = saved ? (JSON.parse(saved) as InitialLoadProgress) : { after: null, rows: 0, done: false };
  if (progress.done) return { table: info.name, rows: progress.rows, outcome: "already" };
  const resumed = progress.after !== null;
  const keys = info.key.map(quoteIdentifier);
  const order = keys.join(", ");
  const table = quoteIdentifier(info.name);
  while (!progress.done) {
    const after = progress.after;
    progress = await engine.write(async (s) => {
      const encode = (values: ReadonlyArray<number | string>) => info.key.map((k, i) => engine.encode(info.columns.find((c) => c.name === k)!, values[i]!));
      const afterCond = after ? tupleCondition(keys, ">", encode(after)) : { sql: "1 = 1", params: [] };
      const nth = engine.nthRow(o.chunk);
      const boundaryRows = await s.all(`SELECT ${order} FROM ${table} WHERE ${afterCond.sql} ORDER BY ${order} ${nth.clause}`, [...afterCond.params, ...nth.params]);
      const boundary = boundaryRows[0] ? info.key.map((k) => exactInteger(boundaryRows[0]![k])) : null;
      const upto = boundary ? tupleCondition(keys, "<=", encode(boundary)) : { sql: "1 = 1", params: [] };
      const n = await s.run(engine.capture.journalExistingStatement(info, `(${afterCond.sql}) AND (${upto.sql})`), [...afterCond.params, ...upto.params]);
      const next: InitialLoadProgress = { after: boundary ?? after, rows: progress.rows + n, done: boundary === null };
      await writeState(s, stateName(info.name), JSON.stringify(next), o.now());
      return next;
    });
    await o.onChunk?.(info.name, progress);
  }
  return { table: info.name, rows: progress.rows, outcome: resumed ? "resumed" : "loaded" };
}

/** `(a, b) > (x, y)` spelled out for engines without row-value comparison. */
function tupleCondition(columns: readonly string[], op: ">" | "<=", values: readonly unknown[]): { sql: string; params: unknown[] } {
  const parts: string[] = [];
  const params: unknown[] = [];
  for (let i = 0; i < columns.length; i++) {
    const eqs = columns.slice(0, i).map((c) => `${c} = ?`);
    const last = i === columns.length - 1;
    const cmp = op === ">" ? ">" : last ? "<=" : "<";
    parts.push(`(${[...eqs, `${columns[i]} ${cmp} ?`].join(" AND ")})`);
    params.push(...values.slice(0, i), values[i]);
  }
  return { sql: parts.join(" OR "), params };
}
