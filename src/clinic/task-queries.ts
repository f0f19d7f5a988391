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
  /** (limit) → MAILING_COLUMNS of waiting requests, oldest first. */
  pending: string;
  /** (sentAt, id). */
  markSent: string;
  /** (reason, newStatus, id): counts the attempt; status 0 keeps it waiting, 2 gives up. */
  markFailed: string;
}

export const MAILING_COLUMNS = {
  ID: "integer",
  PATIENT_ID: "integer",
  ANALYSIS_DOC_ID: "integer",
  CHANNEL: "text",
  ADDRESS: "text",
  SUBJECT: "text",
  BODY: "textBlob",
  ATTEMPTS: "integer",
  CREATED_AT: "timestamp",
} as const satisfies Record<string, ColumnKind>;

export interface PdfQueries {
  /** (limit) → PDF_COLUMNS of PDFs made here and not yet uploaded, oldest first. */
  pendingUploads: string;
  /** (pdfId) → SIGNATURE_COLUMNS, in the order they were added. */
  signatures: string;
  /** (pdfId, role, signerName, signature, signedAt). */
  addSignature: string;
  /** (doneAt, pdfId). */
  markUploaded: string;
  /** (analysisDocId, referralId, fileName, pdf, sha256, createdAt) → one row with ID. */
  insertReceived: string;
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
