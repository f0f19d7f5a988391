import type { ColumnKind } from "./catalog.ts";

/**
 * The named queries of the tasks' queues and registers: the only SQL that
 * touches MIS tables by name besides the catalog-driven push and apply. Each
 * engine has one module per task (`sqlite/queries/mailing.ts`,
 * `firebird/queries/mailing.ts` …) that fills these shapes; a site whose MIS
 * spells a register differently changes those modules, not the task logic
 * in task-registers.ts.
 *
 * Conventions every module keeps, so the shared code reads both engines alike:
 * - parameters are positional, in the order documented on each query;
 * - result columns carry the aliases listed in the `*_COLUMNS` shapes below;
 * - TIMESTAMPs travel as the clinic's wall-clock text in both directions
 *   (Firebird: `CAST(x AS VARCHAR(24))` when selecting and
 *   `CAST(? AS VARCHAR(24))` when writing, so the driver never converts them
 *   through the agent process's own time zone);
 * - the row limit is a parameter.
 */

export interface MailingQueries {
  /** (limit) → MAILING_COLUMNS of queued requests (STATUS 0), oldest first. */
  pending: string;
  /** (channel, now, afterId, limit) → MAILING_COLUMNS of queued requests of a channel with NEXT_AT null or ≤ now, by ID. */
  due: string;
  /** (limit) → MAILING_COLUMNS of requests in "sending" (STATUS 3), by ID. */
  inFlight: string;
  /** (id): STATUS 0 → 3; changes one row or none. */
  markSending: string;
  /** (sentAt, messageId, attemptsToAdd, id): → STATUS 1, clears LAST_ERROR and NEXT_AT. */
  markSent: string;
  /** (reason, nextAt, attemptsToAdd, id): → STATUS 0. */
  markRetry: string;
  /** (reason, id): stays STATUS 3, counts the attempt. */
  markUncertain: string;
  /** (reason, attemptsToAdd, id): → STATUS 2. */
  markFailed: string;
  /** (now) → rows CHANNEL, STATUS, N, DUE of requests in STATUS 0 and 3. */
  counts: string;
  /** (analysisDocId) → PDF, FILE_NAME of the newest PDF of the result that may go to the patient. */
  resultPdf: string;
  /** (createdAt, since): queues final results of consenting patients that have no request yet. */
  enqueueFinalResults: string;
}

/**
 * The columns of a mailing request. CONSENT is the patient's consent as the
 * MIS holds it (the reference schema: PATIENT.MAILING_CONSENT, joined):
 * 0 or NULL none, 1 notices, 2 notices and documents by e-mail.
 * STATUS: 0 queued, 1 sent, 2 failed, 3 sending.
 */
export const MAILING_COLUMNS = {
  ID: "integer",
  PATIENT_ID: "integer",
  ANALYSIS_DOC_ID: "integer",
  CHANNEL: "text",
  ADDRESS: "text",
  SUBJECT: "text",
  BODY: "textBlob",
  STATUS: "integer",
  CONSENT: "integer",
  ATTEMPTS: "integer",
  MESSAGE_ID: "text",
  LAST_ERROR: "text",
  NEXT_AT: "timestamp",
  CREATED_AT: "timestamp",
} as const satisfies Record<string, ColumnKind>;

export interface PdfQueries {
  /** (afterId, limit) → PDF_COLUMNS of PDFs made here and not yet uploaded (STATUS 0), by ID after afterId. */
  pendingUploads: string;
  /** (pdfId) → SIGNATURE_COLUMNS, in the order they were added. */
  signatures: string;
  /** (pdfId, role, signerName, signature, signedAt). */
  addSignature: string;
  /** (doneAt, pdfId): → STATUS 1, clears LAST_ERROR. */
  markUploaded: string;
  /** (reason, pdfId): → STATUS 2 (parked). */
  park: string;
  /** (reason, pdfId): LAST_ERROR only. */
  noteError: string;
  /** (referralId) → one row with ID: the referral's newest result, or none. */
  resultOfReferral: string;
  /** (analysisDocId, referralId, fileName, pdf, sha256, createdAt, codMo, codDocId, signValid, signVerdict) → one row with ID. */
  insertReceived: string;
  /** (codMo, codDocId) → one row with N: received PDFs by that name. */
  receivedCount: string;
  /** () → one row with N: PDFs waiting to be uploaded. */
  queueLength: string;
}

export const PDF_COLUMNS = {
  ID: "integer",
  ANALYSIS_DOC_ID: "integer",
  NAPR_ID: "integer",
  FILE_NAME: "text",
  PDF: "blob",
  PDF_SHA256: "text",
  CREATED_AT: "timestamp",
  COD_MO: "text",
  LAST_ERROR: "text",
} as const satisfies Record<string, ColumnKind>;

export const SIGNATURE_COLUMNS = {
  SIGNER_ROLE: "text",
  SIGNER_FIO: "text",
  SIGNATURE: "blob",
  SIGNED_AT: "timestamp",
} as const satisfies Record<string, ColumnKind>;

export interface ExchangeQueries {
  /** (lpuId): removes one МО's entries. */
  clear: string;
  /** (lpuId, analysisCode, analysisName, biomaterial, updatedAt). */
  insert: string;
  /** (lpuId) → EXCHANGE_COLUMNS by analysis code. */
  list: string;
  /** () → EXECUTOR_COLUMNS: the organisations that receive referrals (REG_LPU_FOR_RECEIVE_NAPR_ANAL). */
  executors: string;
  /** () → rows with LPU_ID: the МО that have entries in the register. */
  registered: string;
}

export const EXECUTOR_COLUMNS = {
  LPU_ID: "integer",
  LPU_CODE: "text",
  IS_ACTIVE: "integer",
} as const satisfies Record<string, ColumnKind>;

export const EXCHANGE_COLUMNS = {
  ANALYSIS_CODE: "text",
  ANALYSIS_NAME: "text",
  BIOMATERIAL: "text",
} as const satisfies Record<string, ColumnKind>;

/**
 * The ОДЛИ job (TLISThread): the code map REG_ODLI_CODE_MAP, the dictionary
 * versions REG_ODLI_DICT_VERSION, the send queue REG_ODLI_NAPR_SEND (STATUS
 * 0 waiting, 1 sent and awaiting results, 2 parked, 3 being sent, 4 closed:
 * the order reached a final state), the referral with what its bundle needs,
 * and the result tables it writes.
 */
export interface OdliQueries {
  /** (dictionary) → ODLI_CODE_COLUMNS by local code. */
  codes: string;
  /** () → ODLI_CODE_COLUMNS by dictionary and local code. */
  allCodes: string;
  /** (version, odliCode, odliName, dictionary, localCode). */
  updateCode: string;
  /** (dictionary, version, localCode, odliCode, odliName). */
  insertCode: string;
  /** Per kind: (dictionary) → LOCAL_CODE, LOCAL_NAME, WAITING of active reference codes without a map entry. */
  unmapped: Readonly<Record<"services" | "tests" | "units" | "specimens", string>>;
  /** Per table: () → CODE, ID. */
  referenceIds: Readonly<Record<"analyses" | "parameters" | "units", string>>;
  /** () → DICTIONARY, DICT_VERSION, FETCHED_AT. */
  dictionaryVersions: string;
  /** (version, fetchedAt, dictionary). */
  updateDictionaryVersion: string;
  /** (dictionary, version, fetchedAt). */
  insertDictionaryVersion: string;
  /** (afterId, limit) → NAPR_ID of waiting referrals to labs with an ODLI_GUID, by id. */
  pendingReferrals: string;
  /** () → N: how many. */
  pendingCount: string;
  /** (limit) → NAPR_ID of referrals being sent. */
  inFlight: string;
  /** (referralId) → ODLI_REFERRAL_COLUMNS: the referral with its patient, doctor, lab and queue row. */
  referral: string;
  /** (referralId) → ODLI_ANALYSIS_COLUMNS. */
  referralAnalyses: string;
  /** (referralId) → ODLI_SPECIMEN_COLUMNS. */
  referralSpecimens: string;
  /** (at, referralId): waiting → being sent. */
  markSending: string;
  /** (sentAt, orderId, referralId): → sent, the attempt counted. */
  markSent: string;
  /** (reason, newStatus, referralId): a refusal counted; status 0 keeps it waiting, 2 parks it. */
  markFailed: string;
  /** (reason, referralId): waiting with a reason, not counted. */
  markHeld: string;
  /** (referralId): being sent → waiting. */
  requeue: string;
  /** (afterId, limit) → ODLI_OPEN_ORDER_COLUMNS of sent orders not closed, by id. */
  openOrders: string;
  /** (reportId) → N: whether a result from this ОДЛИ report was written. */
  reportWritten: string;
  /** (referralId, num, resultAt, labLpuId, doctorFio, conclusion, status, reportId) → one row with ID. */
  insertAnalysisDoc: string;
  /** (analysisDocId, analysisId, doneAt). */
  insertAnalysisNom: string;
  /** (analysisDocId, parId, valueNum, valueText, unitId, normLow, normHigh, normText, flag). */
  insertAnalysisParam: string;
  /** (orderStatus, at, newStatus, referralId): newStatus 1 keeps it open, 4 closes it. */
  setOrderStatus: string;
  /** () → STATUS, N. */
  statusCounts: string;
  /** (limit) → NAPR_ID, ATTEMPTS, LAST_ERROR of parked referrals, newest first. */
  parked: string;
}

export const ODLI_CODE_COLUMNS = {
  DICTIONARY: "text",
  DICT_VERSION: "text",
  LOCAL_CODE: "text",
  ODLI_CODE: "text",
  ODLI_NAME: "text",
} as const satisfies Record<string, ColumnKind>;

export const ODLI_REFERRAL_COLUMNS = {
  NAPR_ID: "integer",
  NUM: "text",
  CREATED_AT: "timestamp",
  CITO: "integer",
  DIAGNOSIS_MKB: "text",
  COMMENT_TEXT: "text",
  CASE_NUM: "text",
  CASE_TYPE: "integer",
  FINANCE_CODE: "integer",
  PREGNANCY_WEEKS: "integer",
  LPU_TO_ID: "integer",
  LAB_GUID: "text",
  PATIENT_ID: "integer",
  PATIENT_FIO: "text",
  P_LAST_NAME: "text",
  P_FIRST_NAME: "text",
  P_MIDDLE_NAME: "text",
  P_BIRTH_DATE: "date",
  P_SEX: "text",
  P_SNILS: "text",
  P_POLICY_NUM: "text",
  P_POLICY_SERIES: "text",
  P_POLICY_KIND: "integer",
  P_POLICY_FROM: "date",
  P_INSURER_CODE: "text",
  DOCTOR_ID: "integer",
  DOCTOR_FIO: "text",
  D_LAST_NAME: "text",
  D_FIRST_NAME: "text",
  D_MIDDLE_NAME: "text",
  D_SNILS: "text",
  D_POST_CODE: "text",
  D_SPECIALITY_CODE: "text",
  Q_STATUS: "integer",
  Q_ATTEMPTS: "integer",
  Q_ORDER_ID: "text",
  Q_LAST_ERROR: "text",
} as const satisfies Record<string, ColumnKind>;

export const ODLI_ANALYSIS_COLUMNS = {
  ANALYSIS_ID: "integer",
  CODE: "text",
  NAME: "text",
  SPECIMEN_CODE: "text",
} as const satisfies Record<string, ColumnKind>;

export const ODLI_SPECIMEN_COLUMNS = {
  ID: "integer",
  BARCODE: "text",
  TYPE_CODE: "text",
  TAKEN_AT: "timestamp",
} as const satisfies Record<string, ColumnKind>;

export const ODLI_OPEN_ORDER_COLUMNS = {
  NAPR_ID: "integer",
  ORDER_ID: "text",
  ORDER_STATUS: "text",
  LPU_TO_ID: "integer",
  LAB_GUID: "text",
} as const satisfies Record<string, ColumnKind>;

/** Every task's named queries for one engine. */
export interface TaskQueries {
  mailing: MailingQueries;
  pdf: PdfQueries;
  exchange: ExchangeQueries;
  odli: OdliQueries;
}
