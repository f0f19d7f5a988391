import { syncTexts as S } from "../../messages/areas/sync.ts";
import { say } from "../../messages/text.ts";
import { CooperativeTurn } from "../../kernel/cooperative.ts";
import { MemoryGuard } from "../../kernel/memory-guard.ts";
import { abortableSleep, backoffPause } from "../../net/backoff.ts";
import { CodError } from "../../cod/cod-error.ts";
import type { CodClient, PreparedPush } from "../../cod/cod-client.ts";
import type { ChangeBatch, MainDb } from "../../clinic/port.ts";
import type { RowChange } from "../../cod/wire.ts";
import type { ThreadHandle } from "../../threads/thread-manager.ts";
import { toWire } from "./map.ts";

export interface PushOptions {
  /** Journal entries per batch (`sync.batch_rows`). */
  batchRows: number;
  /** Sends of a batch the ЦОД rejects as invalid before it is parked (`sync.reject_attempts`). */
  rejectAttempts: number;
  /** The tables whose changes go (`sync.tables`, or the manual's 37). */
  tables: ReadonlySet<string>;
  /** The pause before the second send of a rejected batch, ms; it doubles. */
  firstPauseMs: number;
  signal: AbortSignal;
  now(): number;
  monotonic(): number;
}

export interface PushOutcome {
  /** Records the ЦОД acknowledged in this run. */
  rows: number;
  batches: number;
  parked: number;
  /** Why the push stopped early (no answer, a refused token, another protocol version). */
  failure?: CodError;
}

/**
 * TSynchronizeAnalysisThread: sends the journalled changes in batches until
 * the journal is empty. A change leaves the journal only with the ЦОД's
 * acknowledgement of its batch (`ack`, one main-DB transaction); a batch that
 * was read and not acknowledged — the answer lost, the agent killed — is read
 * again with the same id, and the ЦОД answers `duplicate` instead of applying
 * it twice. Every batch carries the rows' state as it is when read, so per
 * table and key the ЦОД ends with the latest one: a row changed after its
 * batch was read has a newer journal entry, sent in a later batch.
 */
export async function pushChangedRows(db: MainDb, cod: CodClient, thread: ThreadHandle, o: PushOptions): Promise<PushOutcome> {
  const started = o.monotonic();
  const outcome: PushOutcome = { rows: 0, batches: 0, parked: 0 };
  const turn = new CooperativeTurn();
  const memory = new MemoryGuard();
  const backlog = (await db.health()).journalBacklog;
  let entries = 0;
  const skipped = new Map<string, number>();
  thread.log.info(say(S.pushStarted));
  thread.progress(0, backlog);
  /** A batch mapped to the wire and its request body encoded (JSON, gzip), ready to go. */
  const prepare = async (batch: ChangeBatch | undefined) => {
    if (!batch) return undefined;
    const changes: RowChange[] = [];
    const outside = new Map<string, number>();
    for (const c of batch.changes) {
      if (o.tables.has(c.table)) changes.push(toWire(c));
      else outside.set(c.table, (outside.get(c.table) ?? 0) + 1);
    }
    const prepared = changes.length > 0 ? await cod.preparePush({ batchId: batch.id, changes }) : undefined;
    return { batch, prepared, outside };
  };
  let current = await prepare(await db.readChanges({ limit: o.batchRows }));
  while (current) {
    thread.checkpoint();
    const { batch, prepared } = current;
    // The next batch is read and encoded while this one travels and the ЦОД applies it; it is sent
    // only after this one's answer, so the ЦОД applies batches in the order they were read.
    const sending = prepared ? sendBatch(db, cod, thread, batch, prepared, o) : db.ack(batch.id).then((): SendOutcome => ({}));
    const ahead = db.readChanges({ limit: o.batchRows, after: batch.id }).then(prepare).then(
      (next) => ({ next }),
      (error: unknown) => ({ error }),
    );
    const sent = await sending;
    const got = await ahead;
    if (sent.failure) {
      outcome.failure = sent.failure;
      break;
    }
    if ("error" in got) throw got.error;
    if (prepared) {
      if (sent.parked) outcome.parked++;
      else {
        outcome.rows += prepared.changes.length;
        outcome.batches++;
      }
    }
    // Only tables outside sync.tables: not sent, and off the queue with the batch.
    for (const [table, n] of current.outside) skipped.set(table, (skipped.get(table) ?? 0) + n);
    entries += batch.journal.entries;
    thread.progress(entries, Math.max(backlog, entries));
    memory.relieve();
    await turn.yieldIfDue();
    // Nothing after it: what committed below it meanwhile is read now that nothing is open.
    current = got.next ?? (await prepare(await db.readChanges({ limit: o.batchRows })));
  }
  if (skipped.size > 0) {
    const count = [...skipped.values()].reduce((a, b) => a + b, 0);
    thread.log.info(say(S.skippedTables, { count, tables: [...skipped.keys()].join(", ") }));
  }
  if (outcome.failure) {
    thread.log.error(outcome.failure.message);
    thread.log.warn(say(S.pushDeferred, { entries: (await db.health()).journalBacklog }));
  } else if (outcome.rows === 0 && outcome.parked === 0) {
    thread.log.info(say(S.noChanges));
  }
  thread.log.info(say(S.pushFinished, { rows: outcome.rows, seconds: durationSeconds(o.monotonic() - started) }));
  return outcome;
}

/** A duration as the manual's lines show it: whole seconds, tenths below ten. */
export function durationSeconds(ms: number): number {
  return ms < 10_000 ? Math.round(ms / 100) / 10 : Math.round(ms / 1000);
}

/**
 * One batch to the ЦОД and its acknowledgement in the main DB. A rejection
 * with a reason (4xx) is sent again up to `rejectAttempts` times, then the
 * batch is parked with that reason; anything that is not an answer ends the
 * push for this run (the HTTP layer has already repeated it with backoff).
 */
interface SendOutcome {
  parked?: boolean;
  failure?: CodError;
}

async function sendBatch(db: MainDb, cod: CodClient, thread: ThreadHandle, batch: ChangeBatch, prepared: PreparedPush, o: PushOptions): Promise<SendOutcome> {
  const { changes } = prepared;
  for (let attempt = 1; ; attempt++) {
    try {
      const ack = await cod.push(prepared, { signal: o.signal });
      await db.ack(batch.id);
      if (ack.status === "duplicate") thread.log.info(say(S.batchDuplicate, { batch: batch.id, rows: changes.length }));
      else thread.log.debug(say(S.batchSent, { batch: batch.id, rows: changes.length, entries: batch.journal.entries }));
      return {};
    } catch (error) {
      if (!(error instanceof CodError)) throw error;
      if (error.kind !== "rejected") return { failure: error };
      if (error.code === "batch_conflict" && batch.resent) {
        // The ЦОД holds this batch id from an earlier send whose answer was lost, with the rows
        // as they were then: it was applied. The rows' newer state has newer journal entries.
        await db.ack(batch.id);
        thread.log.info(say(S.batchConflictApplied, { batch: batch.id }));
        return {};
      }
      if (attempt < o.rejectAttempts) {
        const pauseMs = backoffPause(attempt, { firstPauseMs: o.firstPauseMs, maxPauseMs: 60_000 }, Math.random);
        thread.log.warn(say(S.rejectedRetry, { detail: error.message, attempt, attempts: o.rejectAttempts, seconds: Math.round(pauseMs / 100) / 10 }));
        await abortableSleep(pauseMs, o.signal);
        thread.checkpoint();
        continue;
      }
      const reason = error.reason || error.message;
      const id = await db.parked.parkBatch(batch.id, { attempts: attempt, status: error.status, code: error.code, reason }, changes);
      thread.log.warn(say(S.batchParked, { id, batch: batch.id, rows: changes.length, attempts: attempt, reason }));
      return { parked: true };
    }
  }
}
