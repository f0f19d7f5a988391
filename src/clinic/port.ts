/**
 * The main database as the tasks see it: one narrow interface (pg-boss's
 * IDatabase idea) that the SQLite and Firebird adapters both implement and
 * one contract suite checks (test/clinic/contract.test.ts). Tasks never see a
 * driver handle, a connection or a SQL dialect; the SQL lives in the adapters
 * and in the named queries per task and engine.
 */

/**
 * A column's value. Integers are numbers while they are exact (|n| ≤ 2^53−1)
 * and decimal strings beyond; decimals (NUMERIC/DECIMAL) are strings with
 * their declared scale ("12.50"), so no digit is lost; TIMESTAMP columns are
 * instants (`Date`), read and written on the clinic's wall clock; DATE
 * columns are "YYYY-MM-DD"; BLOBs are bytes; text BLOBs are strings.
 */
export type CellValue = null | string | number | boolean | Date | Uint8Array;

/** A row: column name (as the catalog spells it, upper case) → value. */
export type Row = Record<string, CellValue>;

/** A row's key: key column → value. Keys beyond 2^53 travel as strings. */
export type RowKey = Record<string, string | number>;

/** One changed row, collapsed to its current state. */
export interface Change {
  table: string;
  key: RowKey;
  /** "upsert" when the row exists now, "delete" when it does not. */
  op: "upsert" | "delete";
  /** The current row with every column the table has (discovered, not assumed); null for a delete. */
  values: Row | null;
}

/**
 * A batch of changes read from the journal. It covers exactly the journal
 * entries listed in `journal.ranges` (never a span with unseen ids in it), so
 * acknowledging it removes those entries and no others.
 */
export interface ChangeBatch {
  /** Stable id: a batch that is not acknowledged is read again with the same id. */
  id: string;
  changes: Change[];
  journal: {
    /** Journal entries covered (before collapsing repeated changes of a row). */
    entries: number;
    /** Inclusive ranges of journal ids, ascending. */
    ranges: Array<[number, number]>;
  };
  /** True when this batch was read before and not acknowledged: send it again. */
  resent: boolean;
}

/** A row that arrived from outside (the ЦОД) to be written into a MIS table. */
export interface IncomingRow {
  table: string;
  op: "upsert" | "delete";
  /** For an upsert: the columns to write, key columns included. Other columns keep their values. */
  values?: Row;
  /** For a delete (or an upsert whose values lack the key): the key. */
  key?: RowKey;
}

/** What `applyIncoming` did. */
export interface ApplyOutcome {
  inserted: number;
  updated: number;
  deleted: number;
}

/** A named position of a sync stream (e.g. the last ЦОД status id received). */
export interface SyncPosition {
  name: string;
  value: string;
}

/** Who holds the main database's lease. */
export interface LeaseHolder {
  owner: string;
  instance: string;
  host: string;
  pid: number;
  acquiredAt: number;
  heartbeatAt: number;
  expiresAt: number;
}

/** A mailing request (рассылка): a result to send to a patient. */
export interface MailingRequest {
  id: string | number;
  patientId: string | number | null;
  analysisDocId: string | number | null;
  channel: "email" | "sms";
  address: string;
  subject: string | null;
  body: string | null;
  attempts: number;
  createdAt: Date;
}

/** A result's PDF with its signatures. */
export interface PdfDocument {
  id: string | number;
  analysisDocId: string | number | null;
  referralId: string | number | null;
  direction: "out" | "in";
  fileName: string | null;
  pdf: Uint8Array;
  sha256: string | null;
  createdAt: Date;
  signatures: PdfSignature[];
}

export interface PdfSignature {
  role: string;
  signerName: string | null;
  signature: Uint8Array;
  signedAt: Date | null;
}

/** An analysis another МО accepts (the register the MIS ordering wizard reads). */
export interface ExchangeAnalysis {
  analysisCode: string;
  analysisName: string | null;
  biomaterial: string | null;
}

/** An executing МО in the list of organisations that receive referrals (REG_LPU_FOR_RECEIVE_NAPR_ANAL). */
export interface ExchangeExecutor {
  lpuId: number;
  code: string | null;
  /** Switched off in the list (IS_ACTIVE = 0): treated as removed. */
  active: boolean;
}

/** Why something was parked: the ЦОД's answer (redacted) and how often it was tried. */
export interface ParkInfo {
  attempts: number;
  status?: number;
  code?: string;
  /** Already redacted of patient data (it is shown in the log and the UI). */
  reason: string;
}

/** One thing the ЦОД sync set aside (AGENT_PARKED), without its content. */
export interface ParkedEntry {
  id: number;
  /** `push`: a batch the ЦОД rejected; `pull`: an item from the ЦОД that could not be applied. */
  kind: "push" | "pull";
  /** The batch id, or the item's id at the ЦОД. */
  ref: string;
  /** The pull stream, for an item. */
  stream: string | null;
  parkedAt: number;
  attempts: number;
  status: number | null;
  code: string | null;
  reason: string;
  /** How many row changes it holds. */
  entries: number;
}

/** A parked entry with its changes as they were sent or received (wire form: patient data, main DB only). */
export interface ParkedContent {
  entry: ParkedEntry;
  changes: unknown[];
}

/** A local code mapped to an ОДЛИ dictionary code. */
export interface OdliCode {
  dictionary: string;
  version: string | null;
  localCode: string;
  odliCode: string;
  odliName: string | null;
}

/** The main database's state, for the UI and `db capture status`. */
export interface MainDbHealth {
  engine: "sqlite" | "firebird";
  /** The server's or library's version. */
  version: string;
  /** Round trip of a trivial query, ms. */
  latencyMs: number;
  captureInstalled: boolean;
  /** Journal entries waiting to be sent. */
  journalBacklog: number;
  openBatches: number;
}

export interface MainDbSize {
  /** Bytes of the database file (SQLite) or pages × page size (Firebird). */
  bytes: number;
  journalEntries: number;
}

/**
 * The main database port. Every method is one unit of work: writes commit
 * or roll back as a whole before the promise settles.
 */
export interface MainDb {
  readonly engine: "sqlite" | "firebird";

  // Change capture (push): read journalled changes in bounded batches, acknowledge them.
  /**
   * The oldest batch not yet acknowledged, read again (`resent`), or else a
   * new one of at most `limit` journal entries, oldest first. Undefined when
   * nothing is journalled. Memory is bounded by `limit` whatever the backlog.
   *
   * With `after` (the id of an open batch the caller still has in flight, so
   * the next one can be read while it travels): the first open batch after
   * it, or else a new batch of entries after every open batch's. Entries
   * below that which commit meanwhile are read by a call without `after`,
   * once nothing is open.
   */
  readChanges(o: { limit: number; after?: string }): Promise<ChangeBatch | undefined>;
  /** Removes exactly the journal entries of the batch, in one transaction. Answers how many. */
  ack(batchId: string): Promise<number>;

  // Rows by key, and rows from outside (pull).
  /** The current rows of `table` for these keys (missing rows are left out). */
  readRows(table: string, keys: readonly RowKey[]): Promise<Row[]>;
  /**
   * Writes incoming rows in one transaction together with the sync positions
   * given, and without journalling them back (no echo).
   */
  applyIncoming(rows: readonly IncomingRow[], positions?: readonly SyncPosition[]): Promise<ApplyOutcome>;
  /** A sync position, or undefined if none was kept yet. */
  position(name: string): Promise<string | undefined>;
  setPosition(position: SyncPosition): Promise<void>;

  // Queues and registers of the tasks (named queries per task and engine).
  mailing: {
    /** Requests waiting to be sent, oldest first. */
    pending(limit: number): Promise<MailingRequest[]>;
    markSent(id: string | number, at: Date): Promise<void>;
    /** A failed try: counted; `final` gives up on the request. */
    markFailed(id: string | number, reason: string, final: boolean): Promise<void>;
  };
  pdf: {
    /** PDFs made here, waiting to be signed and uploaded, with their signatures so far. */
    pendingUploads(limit: number): Promise<PdfDocument[]>;
    addSignature(pdfId: string | number, signature: PdfSignature): Promise<void>;
    markUploaded(pdfId: string | number, at: Date): Promise<void>;
    /** Stores a PDF (with signatures) received from the ЦОД; answers its id. */
    storeReceived(doc: Omit<PdfDocument, "id" | "direction">): Promise<string | number>;
    /** How many PDFs are waiting to be uploaded. */
    queueLength(): Promise<number>;
  };
  exchange: {
    /** Replaces what one МО accepts, in one transaction. */
    replace(lpuId: number, analyses: readonly ExchangeAnalysis[], at: Date): Promise<void>;
    /** Clears one МО's entries (it was removed from the list). */
    clear(lpuId: number): Promise<number>;
    list(lpuId: number): Promise<ExchangeAnalysis[]>;
    /** The organisations that receive referrals, as the MIS lists them. */
    executors(): Promise<ExchangeExecutor[]>;
    /** The МО that have entries in the register now. */
    registered(): Promise<number[]>;
  };
  /** What the ЦОД sync set aside with its reason (AGENT_PARKED, see clinic/parked.ts). */
  parked: {
    /** Parks an open batch with its changes: its journal entries leave the push in the same transaction. Answers the parked id. */
    parkBatch(batchId: string, info: ParkInfo, changes: readonly unknown[]): Promise<number>;
    /** Parks an item from the ЦОД and stores the stream's position past it, in one transaction. */
    parkItem(item: { stream: string; id: string; changes: readonly unknown[] }, info: ParkInfo, position: SyncPosition): Promise<number>;
    list(): Promise<ParkedEntry[]>;
    count(): Promise<number>;
    content(id: number): Promise<ParkedContent | undefined>;
    /** A parked batch back into the push (its rows' keys journalled again). Answers how many, or undefined. */
    requeue(id: number): Promise<number | undefined>;
    /** A parked item applied after all, and removed, in one transaction without echo. */
    resolve(id: number, rows: readonly IncomingRow[]): Promise<ApplyOutcome | undefined>;
    drop(id: number): Promise<boolean>;
  };
  odli: {
    /** The code map of a dictionary (local code → ОДЛИ code). */
    codes(dictionary: string): Promise<OdliCode[]>;
    upsertCodes(codes: readonly OdliCode[]): Promise<void>;
    /** Referrals waiting to be sent to ОДЛИ. */
    pendingReferrals(limit: number): Promise<Array<string | number>>;
    markReferral(referralId: string | number, outcome: { sent: true; at: Date } | { sent: false; reason: string; final: boolean }): Promise<void>;
  };

  // State.
  health(): Promise<MainDbHealth>;
  size(): Promise<MainDbSize>;
  close(): Promise<void>;
}
