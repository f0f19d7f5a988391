import type { ApplyOutcome, IncomingRow, ParkedContent, ParkedEntry, ParkInfo, SyncPosition } from "./port.ts";
import type { Engine, SqlSession } from "./engine.ts";
import { maindbTexts as T } from "../messages/areas/maindb.ts";
import { say } from "../messages/text.ts";
import { ExitCode } from "../kernel/exit-codes.ts";
import { MainDbError } from "./main-db-error.ts";
import { acknowledgeIn, batchNumber } from "./change-batches.ts";
import { writeState } from "./sync-state.ts";
import { applyRowsIn, tablesOf } from "./row-access.ts";
import { exactInteger, integerParam } from "./values.ts";

/**
 * AGENT_PARKED: what the ЦОД sync set aside, with the ЦОД's reason, so that
 * one bad batch or item never blocks the rest and nothing is lost:
 * - `push`: a batch the ЦОД rejected as invalid. Parking it removes its
 *   journal entries (and the open batch) in the same transaction, so the
 *   push goes on; its changes are kept here as sent. Retrying journals the
 *   rows' keys again: the next push reads their *current* state (never the
 *   old one, which could overwrite a newer state at the ЦОД).
 * - `pull`: an item from the ЦОД that could not be written into the MIS
 *   tables (a status for a referral the clinic does not have, a value that
 *   does not fit). Parking it moves the stream's position past it in the same
 *   transaction; retrying applies it as the ЦОД sent it.
 * The content is patient data: it stays in the main database, gzipped JSON
 * bytes (no character set conversion can touch it), and never goes to the
 * log or an export.
 */

const REASON_LENGTH = 2000;
const REF_LENGTH = 200;

/** Fails with what to do when the table is missing (capture installed by an older agent). */
export async function requireParked(engine: Engine): Promise<void> {
  if (!(await engine.table("AGENT_PARKED"))) throw new MainDbError(say(T.parkedMissing), "schema", ExitCode.usage);
}

const ENTRY_COLUMNS = "ID, KIND, REF, STREAM, PARKED_AT, ATTEMPTS, STATUS, CODE, REASON, ENTRIES";

function entryOf(r: Record<string, unknown>): ParkedEntry {
  const text = (v: unknown) => (v === null || v === undefined ? null : String(v).trimEnd());
  return {
    id: Number(exactInteger(r.ID as never)),
    kind: String(r.KIND).trim() === "pull" ? "pull" : "push",
    ref: String(r.REF).trimEnd(),
    stream: text(r.STREAM),
    parkedAt: Number(r.PARKED_AT),
    attempts: Number(r.ATTEMPTS),
    status: r.STATUS === null || r.STATUS === undefined ? null : Number(r.STATUS),
    code: text(r.CODE),
    reason: String(r.REASON),
    entries: Number(r.ENTRIES),
  };
}

function bytesOf(v: unknown): Uint8Array {
  if (v instanceof Uint8Array) return v;
  if (typeof v === "string") return new TextEncoder().encode(v);
  throw new Error(`AGENT_PARKED.CONTENT: unexpected ${typeof v}`);
}

const pack = (changes: readonly unknown[]) => Buffer.from(Bun.gzipSync(Buffer.from(JSON.stringify(changes))));
const unpack = (v: unknown): unknown[] => JSON.parse(Buffer.from(Bun.gunzipSync(new Uint8Array(bytesOf(v)))).toString("utf8")) as unknown[];

async function insert(engine: Engine, s: SqlSession, row: { kind: "push" | "pull"; ref: string; stream: string | null; info: ParkInfo; changes: readonly unknown[]; now: number }): Promise<number> {
  const id = engine.kind === "firebird" ? "NEXT VALUE FOR AGENT_PARKED_SEQ, " : "";
  const rows = await s.all(
    `INSERT INTO AGENT_PARKED (${engine.kind === "firebird" ? "ID, " : ""}KIND, REF, STREAM, PARKED_AT, ATTEMPTS, STATUS, CODE, REASON, ENTRIES, CONTENT)
     VALUES (${id}?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING ID`,
    [
      row.kind,
      row.ref.slice(0, REF_LENGTH),
      row.stream,
      row.now,
      row.info.attempts,
      row.info.status ?? null,
      row.info.code ? row.info.code.slice(0, 100) : null,
      row.info.reason.slice(0, REASON_LENGTH),
      row.changes.length,
      pack(row.changes),
    ],
  );
  return Number(exactInteger(rows[0]!.ID as never));
}

/** Parks an open batch: keeps its changes and the reason, and takes its journal entries out of the push. */
export async function parkBatch(engine: Engine, batchId: string, info: ParkInfo, changes: readonly unknown[], now: number): Promise<number> {
  await requireParked(engine);
  const number = await batchNumber(engine, batchId);
  return engine.write(async (s) => {
    const id = await insert(engine, s, { kind: "push", ref: batchId, stream: null, info, changes, now });
    await acknowledgeIn(s, number);
    return id;
  });
}

/** Parks an item from the ЦОД and moves the stream's position past it, in one transaction. */
export async function parkItem(
  engine: Engine,
  item: { stream: string; id: string; changes: readonly unknown[] },
  info: ParkInfo,
  position: SyncPosition,
  now: number,
): Promise<number> {
  await requireParked(engine);
  return engine.write(async (s) => {
    const id = await insert(engine, s, { kind: "pull", ref: item.id, stream: item.stream, info, changes: item.changes, now });
    await writeState(s, `position:${position.name}`, position.value, now);
    return id;
  });
}

export async function listParked(engine: Engine): Promise<ParkedEntry[]> {
  if (!(await engine.table("AGENT_PARKED"))) return [];
  return (await engine.read((s) => s.all(`SELECT ${ENTRY_COLUMNS} FROM AGENT_PARKED ORDER BY ID`))).map(entryOf);
}

export async function countParked(engine: Engine): Promise<number> {
  if (!(await engine.table("AGENT_PARKED"))) return 0;
  const rows = await engine.read((s) => s.all("SELECT COUNT(*) AS N FROM AGENT_PARKED"));
  return Number(rows[0]?.N ?? 0);
}

export async function parkedContent(engine: Engine, id: number): Promise<ParkedContent | undefined> {
  await requireParked(engine);
  const rows = await engine.read((s) => s.all(`SELECT ${ENTRY_COLUMNS}, CONTENT FROM AGENT_PARKED WHERE ID = ?`, [id]));
  if (rows.length === 0) return undefined;
  return { entry: entryOf(rows[0]!), changes: unpack(rows[0]!.CONTENT) };
}

/**
 * A parked batch back into the push: its rows' keys are journalled again
 * and the parked entry removed, in one transaction. Answers how many keys,
 * or undefined when there is no such parked batch.
 */
export async function requeueParked(engine: Engine, id: number): Promise<number | undefined> {
  const parked = await parkedContent(engine, id);
  if (!parked || parked.entry.kind !== "push") return undefined;
  const keyed: Array<{ table: string; values: unknown[] }> = [];
  for (const c of parked.changes) {
    const change = c as { table?: unknown; key?: unknown };
    if (typeof change.table !== "string" || typeof change.key !== "object" || change.key === null) continue;
    const key = change.key as Record<string, string | number>;
    const info = await engine.table(change.table);
    const order = info && info.key.length > 0 ? info.key : Object.keys(key);
    keyed.push({ table: info?.name ?? change.table, values: order.slice(0, 3).map((k) => integerParam(key[k] ?? null)) });
  }
  const insert =
    engine.kind === "firebird"
      ? "INSERT INTO AGENT_JOURNAL (ID, TABLE_NAME, OP, K1, K2, K3) VALUES (NEXT VALUE FOR AGENT_JOURNAL_SEQ, ?, 'R', ?, ?, ?)"
      : "INSERT INTO AGENT_JOURNAL (TABLE_NAME, OP, K1, K2, K3) VALUES (?, 'R', ?, ?, ?)";
  return engine.write(async (s) => {
    if ((await s.run("DELETE FROM AGENT_PARKED WHERE ID = ?", [id])) === 0) return undefined;
    for (const k of keyed) await s.run(insert, [k.table, k.values[0] ?? null, k.values[1] ?? null, k.values[2] ?? null]);
    return keyed.length;
  });
}

/**
 * A parked item written into the MIS tables after all (`rows` are its
 * changes as the task maps them), and the parked entry removed, in one
 * transaction without echo. Undefined when there is no such parked item.
 */
export async function resolveParked(engine: Engine, id: number, rows: readonly IncomingRow[]): Promise<ApplyOutcome | undefined> {
  await requireParked(engine);
  const infos = await tablesOf(engine, rows);
  return engine.write(
    async (s) => {
      if ((await s.run("DELETE FROM AGENT_PARKED WHERE ID = ? AND KIND = 'pull'", [id])) === 0) return undefined;
      return applyRowsIn(engine, s, infos, rows);
    },
    { noEcho: true },
  );
}

export async function dropParked(engine: Engine, id: number): Promise<boolean> {
  await requireParked(engine);
  return engine.write(async (s) => (await s.run("DELETE FROM AGENT_PARKED WHERE ID = ?", [id])) > 0);
}
