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
}

export const EXCHANGE_COLUMNS = {
  ANALYSIS_CODE: "text",
  ANALYSIS_NAME: "text",
  BIOMATERIAL: "text",
} as const satisfies Record<string, ColumnKind>;

export interface OdliQueries {
  /** (dictionary) → ODLI_CODE_COLUMNS by local code. */
  codes: string;
  /** (version, odliCode, odliName, dictionary, localCode). */
  updateCode: string;
  /** (dictionary, version, localCode, odliCode, odliName). */
  insertCode: string;
  /** (limit) → rows with NAPR_ID of referrals waiting, oldest first. */
  pendingReferrals: string;
  /** (sentAt, referralId). */
  markSent: string;
  /** (reason, newStatus, referralId): counts the attempt; status 0 keeps it waiting, 2 refused for good. */
  markFailed: string;
}

export const ODLI_CODE_COLUMNS = {
  DICTIONARY: "text",
  DICT_VERSION: "text",
  LOCAL_CODE: "text",
  ODLI_CODE: "text",
  ODLI_NAME: "text",
} as const satisfies Record<string, ColumnKind>;

/** Every task's named queries for one engine. */
export interface TaskQueries {
  mailing: MailingQueries;
  pdf: PdfQueries;
  exchange: ExchangeQueries;
  odli: OdliQueries;
}
