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

/**
 * What a patient agreed to (PATIENT.MAILING_CONSENT in the reference schema):
 * nothing; notices that a result is ready (e-mail or SMS); notices and the
 * result's PDF attached to the e-mail.
 */
export type MailingConsent = "none" | "notice" | "documents";

/**
 * Where a mailing request is: `queued` (waiting, maybe for a retry time),
 * `sending` (handed to the server or gateway, its answer not recorded yet:
 * after a crash it is reconciled before anything is sent again), `sent`,
 * `failed` (for good).
 */
export type MailingStatus = "queued" | "sending" | "sent" | "failed";

/** A mailing request (рассылка): a result to send to a patient. */
export interface MailingRequest {
  id: string | number;
  patientId: string | number | null;
  analysisDocId: string | number | null;
  channel: "email" | "sms";
  address: string;
  /** As the MIS wrote them; the agent sends its own notice (never values or diagnoses), not these. */
  subject: string | null;
  body: string | null;
  status: MailingStatus;
  /** The patient's consent as it is now (read with the request). */
  consent: MailingConsent;
  attempts: number;
  /** The Message-ID or the gateway's id, once sent. */
  messageId: string | null;
  /** Why the last try failed (addresses masked). */
  lastError: string | null;
  /** A retry waits until then; null: at once. */
  nextAt: Date | null;
  createdAt: Date;
}

/** How many requests wait on one channel. */
export interface MailingChannelCounts {
  queued: number;
  /** Of the queued, those whose retry time has come (or that never failed). */
  due: number;
  sending: number;
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
  /** 'out': the ЦОД id of the МО the PDF goes to (the referral's МО); 'in': of the МО that uploaded it. */
  codMo?: string | null;
  /** 'in': the uploader's document id (with codMo it names the document at the ЦОД). */
  codDocumentId?: string | null;
  /** 'in': the check of its signature: valid or not, and the whole verdict as JSON. */
  verdict?: { valid: boolean; json: string } | null;
  /** Why it was parked, or why the last try failed. */
  lastError?: string | null;
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

/** A dictionary version as the terminology service gave it, and when it was fetched. */
export interface OdliDictionaryVersion {
  dictionary: string;
  version: string;
  fetchedAt: Date;
}

/** A local code without an ОДЛИ code in the map, and how many waiting referrals it holds back. */
export interface OdliUnmappedCode {
  /** services, tests, units or specimens: which reference table the code is from. */
  kind: OdliCodeKind;
  dictionary: string;
  localCode: string;
  localName: string | null;
  /** Referrals waiting to be sent that use it (services and specimens; tests and units only hold back results). */
  waitingReferrals: number;
}

/** The four kinds of local codes the ОДЛИ job maps (REF_ANALYSIS, REF_ANALYSIS_PAR, REF_ANALISES_ED, REF_TYPES_BIOMATERIAL). */
export type OdliCodeKind = "services" | "tests" | "units" | "specimens";

/** Which dictionary (OID) each kind of local code is mapped to. */
export type OdliDictionaries = Readonly<Record<OdliCodeKind, string>>;

/** A referral as the ОДЛИ job reads it: its row joined with the patient, the doctor and the target lab, its analyses and specimens. */
export interface OdliReferral {
  id: string | number;
  num: string;
  createdAt: Date;
  cito: boolean;
  /** ICD-10 code. */
  diagnosis: string | null;
  comment: string | null;
  caseNum: string | null;
  caseType: number | null;
  financeCode: number | null;
  pregnancyWeeks: number | null;
  lpuToId: number | null;
  /** The target lab's GUID on the N3 platform (REG_LPU_FOR_RECEIVE_NAPR_ANAL.ODLI_GUID). */
  labGuid: string | null;
  patient: {
    id: string | number | null;
    lastName: string | null;
    firstName: string | null;
    middleName: string | null;
    /** The referral's own copy of the name (PATIENT_FIO), for a referral without a PATIENT row. */
    fio: string | null;
    birthDate: string | null;
    sex: string | null;
    snils: string | null;
    policyNumber: string | null;
    policySeries: string | null;
    policyKind: number | null;
    policyFrom: string | null;
    insurerCode: string | null;
  };
  doctor: {
    id: string | number | null;
    lastName: string | null;
    firstName: string | null;
    middleName: string | null;
    /** DOCTOR_FIO of the referral. */
    fio: string | null;
    snils: string | null;
    postCode: string | null;
    specialityCode: string | null;
  };
  analyses: Array<{ analysisId: number; code: string; name: string; specimenCode: string | null }>;
  specimens: Array<{ id: string | number; barcode: string; typeCode: string | null; takenAt: Date | null }>;
  queue: { status: number; attempts: number; orderId: string | null; lastError: string | null };
}

/** An order ОДЛИ accepted whose results are not all in yet. */
export interface OdliOpenOrder {
  referralId: string | number;
  orderId: string;
  labGuid: string | null;
  lpuToId: number | null;
  orderStatus: string | null;
}

/** One ОДЛИ DiagnosticReport as rows of the result tables (DOC_ANALYSIS and what hangs off it). */
export interface OdliResultReport {
  /** The DiagnosticReport's id: a report is written once (DOC_ANALYSIS.ODLI_REPORT_ID). */
  reportId: string;
  num: string;
  resultAt: Date;
  doctorFio: string | null;
  conclusion: string | null;
  /** DOC_ANALYSIS.STATUS: 2 done, 3 cancelled by the lab. */
  status: number;
  /** REF_ANALYSIS.ID of the service (DOCTAB_ANALYSIS_NOM). */
  analysisId: number;
  parameters: Array<{
    parId: number;
    /** Exact decimal text. */
    valueNum: string | null;
    valueText: string | null;
    unitId: number | null;
    normLow: string | null;
    normHigh: string | null;
    normText: string | null;
    /** N normal, L low, H high, A abnormal; null when the lab said nothing. */
    flag: string | null;
  }>;
  pdf?: { fileName: string; bytes: Uint8Array; sha256: string };
}

/** Local codes → ids of the reference tables, to write results. */
export interface OdliReferenceIds {
  analyses: Readonly<Record<string, number>>;
  parameters: Readonly<Record<string, number>>;
  units: Readonly<Record<string, number>>;
}

/** The ОДЛИ send queue at a glance. */
export interface OdliQueueSummary {
  waiting: number;
  sending: number;
  sent: number;
  parked: number;
  /** Sent, and the order's results not all in yet. */
  awaitingResults: number;
}

/** A referral parked after the configured refusals, with the reason. */
export interface OdliParkedReferral {
  referralId: string | number;
  attempts: number;
  reason: string | null;
}

/** How one try to send a referral ended, as the queue records it. */
export type OdliSendOutcome =
  | { sent: true; at: Date; orderId?: string }
  /** Refused by ОДЛИ: counted; `final` parks it. */
  | { sent: false; reason: string; final: boolean }
  /** Not sent for a reason on this side (data, code map, size): not counted, waits with the reason. */
  | { held: string }
  /** Back to waiting (the service was asked and has no such order). */
  | { requeue: true };

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

/** What a backup of the main DB holds: rows per table as the copy has them. */
export interface BackupCopy {
  /** SQLite: counted in the copy; Firebird: gbak's "N records written" per table. */
  tables: Record<string, number>;
}

/** The outcome of a check or of maintenance. */
export interface CheckReport {
  ok: boolean;
  /** One line for the log: what was checked or done. */
  summary: string;
  /** What the engine found about pages, tables and indexes, and what we compared; never a row's values. */
  findings: string[];
}

/** Who writes this database's backup files, and so in whose file system their paths are. */
export type BackupWriter =
  /** The agent, on this machine (SQLite). */
  | { by: "agent" }
  /** The database server, into its own file system; `local` when the server runs on this machine (loopback). */
  | { by: "server"; host: string; local: boolean };

export interface UpkeepOptions {
  signal?: AbortSignal;
  /** Progress lines of long work (gbak's verbose output), for the thread's log at debug level. */
  onLine?: (line: string) => void;
}

/**
 * Backups, validation and maintenance of the main database: what the service
 * jobs do, in each engine's way. File paths are as the writer sees them
 * (`writer`): this machine's for SQLite, the server's for Firebird.
 */
export interface MainDbUpkeep {
  readonly writer: BackupWriter;
  /** The extension of a backup file: `db` (a SQLite database) or `fbk` (gbak's format). */
  readonly backupExtension: "db" | "fbk";
  /** A consistent backup into `file` (which must not exist), while the agent and the MIS go on writing. */
  backup(file: string, o?: UpkeepOptions): Promise<BackupCopy>;
  /**
   * The quick verification of a fresh backup: SQLite `quick_check` of the
   * copy; Firebird: the copy's metadata read back (restored into `scratch`,
   * a new database that is dropped afterwards) and its tables compared.
   */
  verifyBackup(file: string, scratch: string, expected: BackupCopy, o?: UpkeepOptions): Promise<CheckReport>;
  /**
   * The full restore check: the backup restored into `scratch` (removed
   * afterwards), checked, and its rows counted against what the backup holds.
   */
  restoreCheck(file: string, scratch: string, expected: BackupCopy, o?: UpkeepOptions): Promise<CheckReport>;
  /** Validation of the live database: SQLite `integrity_check`; Firebird online validation. */
  validate(o?: UpkeepOptions): Promise<CheckReport>;
  /** Maintenance: Firebird sweep and index statistics; SQLite `PRAGMA optimize`. */
  maintain(o?: UpkeepOptions): Promise<CheckReport>;
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
    /** Queued requests, oldest first, whatever their retry time. */
    pending(limit: number): Promise<MailingRequest[]>;
    /** Queued requests of one channel whose time has come, in id order after `afterId` (0 at first). */
    due(o: { channel: "email" | "sms"; now: Date; afterId: string | number; limit: number }): Promise<MailingRequest[]>;
    /** Requests left in "sending": a run ended before it recorded the answer, or the answer was uncertain. */
    inFlight(limit: number): Promise<MailingRequest[]>;
    /** queued → sending, just before the message is handed over; false when it was not queued any more. */
    markSending(id: string | number): Promise<boolean>;
    /** → sent, with the id the server or gateway knows it by; counts the attempt unless `counted` is false (counted before). */
    markSent(id: string | number, o: { at: Date; messageId: string; counted?: boolean }): Promise<void>;
    /** → queued, to be tried at `nextAt`; `counted` adds an attempt (a config failure does not). */
    markRetry(id: string | number, o: { reason: string | null; nextAt: Date; counted: boolean }): Promise<void>;
    /**
     * Stays "sending" with the reason: it may have gone out, the next run asks before sending again. Counts the attempt;
     * `nextAt` is when it may go again should the gateway say it never got it (the retry pause of a temporary failure).
     */
    markUncertain(id: string | number, o: { reason: string; nextAt: Date }): Promise<void>;
    /** → failed, for good. */
    markFailed(id: string | number, reason: string, o: { counted: boolean }): Promise<void>;
    /** Requests waiting per channel (queued, due at `now`, sending): the true queue for the log. */
    counts(now: Date): Promise<Record<"email" | "sms", MailingChannelCounts>>;
    /** The newest PDF of a result that may go to the patient (made here, or received with a valid signature). */
    resultPdf(analysisDocId: string | number): Promise<{ pdf: Uint8Array; fileName: string | null } | undefined>;
    /**
     * Queues final results of patients who consented, finished since `since`,
     * that have no request yet (e-mail where the patient has an address, else
     * SMS). Answers how many were queued.
     */
    enqueueFinalResults(o: { since: Date; at: Date }): Promise<number>;
  };
  pdf: {
    /** PDFs made here, waiting to be signed and uploaded, with their signatures so far; in id order after `afterId`. */
    pendingUploads(limit: number, afterId?: string | number): Promise<PdfDocument[]>;
    addSignature(pdfId: string | number, signature: PdfSignature): Promise<void>;
    markUploaded(pdfId: string | number, at: Date): Promise<void>;
    /** Takes a PDF out of the queue for good, with the reason (too large, refused by the ЦОД, no recipient). */
    park(pdfId: string | number, reason: string): Promise<void>;
    /** Keeps a PDF queued and notes why this try failed. */
    noteError(pdfId: string | number, reason: string): Promise<void>;
    /**
     * Stores a PDF (with its signatures and verdict) received from the ЦОД;
     * answers its id. Without an analysisDocId it is tied to the referral's
     * newest result, when there is one.
     */
    storeReceived(doc: Omit<PdfDocument, "id" | "direction">): Promise<string | number>;
    /** Whether a document from that МО with that id was stored already. */
    isReceived(fromMo: string, documentId: string): Promise<boolean>;
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
    /** The whole code map, by dictionary and local code. */
    allCodes(): Promise<OdliCode[]>;
    /** Adds or replaces entries (by dictionary and local code), in one transaction; answers how many were new. */
    upsertCodes(codes: readonly OdliCode[]): Promise<{ inserted: number; updated: number }>;
    /** Local codes of the reference tables that the map lacks. */
    unmapped(dictionaries: OdliDictionaries): Promise<OdliUnmappedCode[]>;
    /** Local codes → ids of the reference tables (analyses, parameters, units). */
    referenceIds(): Promise<OdliReferenceIds>;
    dictionaryVersions(): Promise<OdliDictionaryVersion[]>;
    saveDictionaryVersions(versions: readonly OdliDictionaryVersion[]): Promise<void>;
    /** Referrals waiting to be sent whose target lab is reached through ОДЛИ, oldest first, after the id given. */
    pendingReferrals(limit: number, afterId?: string | number): Promise<Array<string | number>>;
    /** How many referrals `pendingReferrals` would give in all. */
    pendingCount(): Promise<number>;
    /** Referrals left "being sent" (a run ended between the POST and recording its answer). */
    inFlight(limit: number): Promise<Array<string | number>>;
    referral(referralId: string | number): Promise<OdliReferral | undefined>;
    /** Marks a waiting referral as being sent, before its bundle leaves. Answers false when it was not waiting. */
    markSending(referralId: string | number, at: Date): Promise<boolean>;
    markReferral(referralId: string | number, outcome: OdliSendOutcome): Promise<void>;
    /** Orders accepted whose results are not all in yet, after the referral id given. */
    openOrders(limit: number, afterId?: string | number): Promise<OdliOpenOrder[]>;
    /**
     * Writes the reports not written before (by report id) and the order's
     * status, in one transaction. Answers how many reports were new.
     */
    writeResults(
      referralId: string | number,
      o: { reports: readonly OdliResultReport[]; orderStatus: string; /** The order reached a final state: no more asking. */ final: boolean; labLpuId: number | null; at: Date },
    ): Promise<{ written: number; skipped: number; reportIds: string[] }>;
    /** Records the order's status alone (no new results); `final` stops asking for it. */
    setOrderStatus(referralId: string | number, status: string, at: Date, final: boolean): Promise<void>;
    queueSummary(): Promise<OdliQueueSummary>;
    parked(limit: number): Promise<OdliParkedReferral[]>;
  };

  /** Backups, validation, maintenance (the service jobs). */
  readonly upkeep: MainDbUpkeep;

  // State.
  health(): Promise<MainDbHealth>;
  size(): Promise<MainDbSize>;
  close(): Promise<void>;
}
