import { syncTexts as S } from "../../messages/areas/sync.ts";
import { say } from "../../messages/text.ts";
import { CooperativeTurn } from "../../kernel/cooperative.ts";
import { MemoryGuard } from "../../kernel/memory-guard.ts";
import { redactPersonalData } from "../../privacy/redact.ts";
import { CodError } from "../../cod/cod-error.ts";
import { STREAM_WHAT, type CodClient, type StreamItem } from "../../cod/cod-client.ts";
import { STREAMS, STREAM_TABLES, type StreamName } from "../../cod/wire.ts";
import type { MainDb, RowKey } from "../../clinic/port.ts";
import { MainDbError } from "../../clinic/main-db-error.ts";
import type { ThreadHandle } from "../../threads/thread-manager.ts";
import { comparePositions, freshItems, fromWire } from "./map.ts";

export interface PullOptions {
  /** Items asked for per page (`sync.page_items`). */
  pageItems: number;
  signal: AbortSignal;
}

export interface StreamCounts {
  /** Items written into the main DB. */
  applied: number;
  /** Items served again and skipped (already applied). */
  repeats: number;
  parked: number;
  /** results: items whose head row is new (documents) and those that updated one (statuses). */
  documents: number;
  statuses: number;
}

export interface PullOutcome {
  streams: Partial<Record<StreamName, StreamCounts>>;
  applied: number;
  parked: number;
  /** The streams that could not be read (a malformed or rejected answer): logged, the others went on. */
  problems: number;
  /** Why the pull stopped early (no answer, a refused token, another version). */
  failure?: CodError;
}

/** The position of a stream stored with the last page applied, and the last one the ЦОД was told about. */
export const positionName = (stream: StreamName) => `cod:${stream}`;
const ackedName = (stream: StreamName) => `cod.acked:${stream}`;

const WHAT = STREAM_WHAT;

/**
 * TSwapDataAnalysisThread: the six streams in the manual's order. Each page
 * is applied in one main-DB transaction together with its position (no
 * echo: the rows are not journalled back), then acknowledged to the ЦОД. An
 * item is applied once: one served again (its acknowledgement lost, a ЦОД
 * that repeats itself) is at or before the stored position and is skipped. A
 * malformed or rejected answer on one stream is logged and the next stream
 * is read; no answer at all ends the pull for this run.
 */
export async function pullStreams(db: MainDb, cod: CodClient, thread: ThreadHandle, o: PullOptions): Promise<PullOutcome> {
  const outcome: PullOutcome = { streams: {}, applied: 0, parked: 0, problems: 0 };
  for (const [i, stream] of STREAMS.entries()) {
    thread.checkpoint();
    const counts: StreamCounts = { applied: 0, repeats: 0, parked: 0, documents: 0, statuses: 0 };
    outcome.streams[stream] = counts;
    try {
      await pullStream(db, cod, thread, stream, counts, o);
    } catch (error) {
      if (!(error instanceof CodError)) throw error;
      thread.log.error(error.message);
      if (error.kind === "format" || error.kind === "rejected") {
        outcome.problems++;
        continue;
      }
      outcome.failure = error;
    } finally {
      outcome.applied += counts.applied;
      outcome.parked += counts.parked;
      if (counts.repeats > 0) thread.log.info(say(S.repeatsSkipped, { n: counts.repeats, what: say(WHAT[stream]) }));
      if (!outcome.failure) logStream(thread, stream, counts);
      thread.progress(i + 1, STREAMS.length);
    }
    if (outcome.failure) {
      thread.log.warn(say(S.pullDeferred));
      break;
    }
  }
  return outcome;
}

/** The manual's line for a stream, with the true count. */
function logStream(thread: ThreadHandle, stream: StreamName, c: StreamCounts): void {
  const n = c.applied;
  switch (stream) {
    case "referral-statuses":
      return thread.log.info(say(S.referralStatuses, { n }));
    case "result-statuses":
      return thread.log.info(n > 0 ? say(S.resultStatuses, { n }) : say(S.resultStatusesNone));
    case "special-marks":
      return thread.log.info(n > 0 ? say(S.marks, { n }) : say(S.marksNone));
    case "referrals":
      return thread.log.info(n > 0 ? say(S.referrals, { n }) : say(S.referralsNone));
    case "results":
      thread.log.info(say(S.results, { n }));
      if (n > 0) thread.log.info(say(S.resultsDocuments, { documents: c.documents, statuses: c.statuses }));
      return;
    case "bacteriology-results":
      return thread.log.info(n > 0 ? say(S.bacteriology, { n }) : say(S.bacteriologyNone));
  }
}

async function pullStream(db: MainDb, cod: CodClient, thread: ThreadHandle, stream: StreamName, counts: StreamCounts, o: PullOptions): Promise<void> {
  const turn = new CooperativeTurn();
  const memory = new MemoryGuard();
  let after = (await db.position(positionName(stream))) ?? null;
  // Applied before and maybe never acknowledged (the agent stopped in between): tell the ЦОД first.
  if (after !== null && (await db.position(ackedName(stream))) !== after) await acknowledge(db, cod, stream, after, o);
  const read = (from: string | null) => cod.readStream(stream, from, { limit: o.pageItems, signal: o.signal });
  let page = await read(after);
  let askedAgain = false;
  for (;;) {
    thread.checkpoint();
    const { fresh, repeats, last } = freshItems(page.items, after);
    counts.repeats += repeats;
    const progressed = last !== null && (after === null || comparePositions(last, after) > 0);
    if (!progressed && page.more && !askedAgain) {
      // A page asked for ahead can repeat the one before it (a ЦОД that ignores `after` serves
      // what is not acknowledged yet): ask once more now that everything before is acknowledged.
      askedAgain = true;
      page = await read(after);
      continue;
    }
    askedAgain = false;
    // The next page is asked for while this one is written: it is applied only after this one.
    const next = page.more && progressed ? settle(read(last)) : undefined;
    try {
      if (fresh.length > 0) await applyPage(db, thread, stream, fresh, counts);
      memory.relieve();
      await turn.yieldIfDue();
      if (progressed) {
        after = last;
        await acknowledge(db, cod, stream, after!, o);
      }
    } catch (error) {
      await next;
      throw error;
    }
    if (!page.more) return;
    if (!next) {
      thread.log.warn(say(S.noProgress, { what: say(WHAT[stream]) }));
      return;
    }
    const got = await next;
    if ("error" in got) throw got.error;
    page = got.value;
  }
}

/** A promise that never rejects: its outcome is looked at later (a read made ahead). */
function settle<T>(p: Promise<T>): Promise<{ value: T } | { error: unknown }> {
  return p.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
}

async function acknowledge(db: MainDb, cod: CodClient, stream: StreamName, through: string, o: PullOptions): Promise<void> {
  await cod.ackStream(stream, through, { signal: o.signal });
  await db.setPosition({ name: ackedName(stream), value: through });
}

/**
 * A page into the main DB with its position, in one transaction. If the
 * database refuses it for what is in it (not for being unreachable), each
 * item goes on its own, and one that is still refused is parked — with the
 * stream's position moved past it in the same transaction — so that one bad
 * item neither blocks the stream nor is lost.
 */
async function applyPage(db: MainDb, thread: ThreadHandle, stream: StreamName, items: StreamItem[], counts: StreamCounts): Promise<void> {
  const name = positionName(stream);
  const existing = stream === "results" ? await existingHeads(db, stream, items) : undefined;
  const count = (item: StreamItem) => {
    counts.applied++;
    if (existing) existing.has(headKey(item)) ? counts.statuses++ : counts.documents++;
  };
  try {
    await db.applyIncoming(items.flatMap((it) => it.changes.map(fromWire)), [{ name, value: items.at(-1)!.position }]);
    items.forEach(count);
    return;
  } catch (error) {
    if (!(error instanceof MainDbError) || error.retryable) throw error;
  }
  for (const item of items) {
    try {
      await db.applyIncoming(item.changes.map(fromWire), [{ name, value: item.position }]);
      count(item);
    } catch (error) {
      if (!(error instanceof MainDbError) || error.retryable) throw error;
      // The main DB layer's message already names the table and what the server said (redacted).
      const reason = redactPersonalData(error.message).slice(0, 1000);
      const id = await db.parked.parkItem({ stream, id: item.id, changes: item.changes }, { attempts: 1, reason }, { name, value: item.position });
      counts.parked++;
      thread.log.warn(say(S.itemParked, { id, item: item.id, what: say(WHAT[stream]), reason }));
    }
  }
}

const headKey = (item: StreamItem) => JSON.stringify(Object.entries(item.changes[0]!.key).sort());

/** The items whose head row (the document) is already in the main DB. */
async function existingHeads(db: MainDb, stream: StreamName, items: StreamItem[]): Promise<Set<string>> {
  const table = STREAM_TABLES[stream].tables[0]!;
  const keys: RowKey[] = items.map((it) => it.changes[0]!.key);
  const rows = await db.readRows(table, keys);
  const keyColumns = Object.keys(keys[0] ?? {});
  return new Set(rows.map((r) => JSON.stringify(keyColumns.map((k) => [k, r[k]] as const).sort())));
}
