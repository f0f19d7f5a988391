import type { ApplyOutcome, ChangeBatch, IncomingRow, MainDb, MainDbHealth, MainDbSize, MainDbUpkeep, Row, RowKey, SyncPosition } from "./port.ts";
import type { Engine } from "./engine.ts";
import type { TaskQueries } from "./task-queries.ts";
import type { Clock } from "../kernel/clock.ts";
import { acknowledge, readChanges } from "./change-batches.ts";
import { applyIncoming, readRows } from "./row-access.ts";
import { readState, writeState } from "./sync-state.ts";
import { requireCapture } from "./change-batches.ts";
import { journalCounts } from "./capture.ts";
import { taskRegisters } from "./task-registers.ts";
import { countParked, dropParked, listParked, parkBatch, parkedContent, parkItem, requeueParked, resolveParked } from "./parked.ts";

/**
 * The port over one engine. The same class serves SQLite and Firebird: what
 * differs (transactions, catalog, codecs, capture DDL, named queries) comes
 * in with the engine and its queries. Tasks are handed this as `MainDb`;
 * the commands that administer the database use `backend` directly.
 */
export class MainDatabase implements MainDb {
  readonly mailing: MainDb["mailing"];
  readonly pdf: MainDb["pdf"];
  readonly exchange: MainDb["exchange"];
  readonly odli: MainDb["odli"];
  readonly parked: MainDb["parked"];

  constructor(
    readonly backend: Engine,
    queries: TaskQueries,
    private readonly clock: Clock,
    /** Where the database is, for messages: a file path or host:port/database. */
    readonly where: string,
  ) {
    const registers = taskRegisters(backend, queries);
    this.mailing = registers.mailing;
    this.pdf = registers.pdf;
    this.exchange = registers.exchange;
    this.odli = registers.odli;
    const engine = backend;
    this.parked = {
      parkBatch: (batchId, info, changes) => parkBatch(engine, batchId, info, changes, clock.now()),
      parkItem: (item, info, position) => parkItem(engine, item, info, position, clock.now()),
      list: () => listParked(engine),
      count: () => countParked(engine),
      content: (id) => parkedContent(engine, id),
      requeue: (id) => requeueParked(engine, id),
      resolve: (id, rows) => resolveParked(engine, id, rows),
      drop: (id) => dropParked(engine, id),
    };
  }

  get upkeep(): MainDbUpkeep {
    return this.backend.upkeep;
  }

  /** The port's engine name. */
  get engine(): MainDb["engine"] {
    return this.backend.kind;
  }

  readChanges(o: { limit: number; after?: string }): Promise<ChangeBatch | undefined> {
    return readChanges(this.backend, o.limit, this.clock.now(), o.after);
  }

  ack(batchId: string): Promise<number> {
    return acknowledge(this.backend, batchId);
  }

  readRows(table: string, keys: readonly RowKey[]): Promise<Row[]> {
    return readRows(this.backend, table, keys);
  }

  applyIncoming(rows: readonly IncomingRow[], positions: readonly SyncPosition[] = []): Promise<ApplyOutcome> {
    return applyIncoming(this.backend, rows, positions, this.clock.now());
  }

  async position(name: string): Promise<string | undefined> {
    await requireCapture(this.backend);
    return this.backend.read((s) => readState(s, `position:${name}`));
  }

  async setPosition(p: SyncPosition): Promise<void> {
    await requireCapture(this.backend);
    await this.backend.write((s) => writeState(s, `position:${p.name}`, p.value, this.clock.now()));
  }

  async health(): Promise<MainDbHealth> {
    const started = this.clock.monotonic();
    const version = await this.backend.version();
    const latencyMs = this.clock.monotonic() - started;
    const captureInstalled = Boolean(await this.backend.table("AGENT_JOURNAL"));
    const counts = await journalCounts(this.backend);
    return { engine: this.backend.kind, version, latencyMs, captureInstalled, journalBacklog: counts.entries, openBatches: counts.batches };
  }

  async size(): Promise<MainDbSize> {
    return { bytes: await this.backend.sizeBytes(), journalEntries: (await journalCounts(this.backend)).entries };
  }

  close(): Promise<void> {
    return this.backend.close();
  }
}
