import type { MailingQueries } from "../../task-queries.ts";

/** Mailing (рассылка), SQLite: the queue REG_MAILING. */
export const mailingQueries: MailingQueries = {
  pending: `SELECT ID, PATIENT_ID, ANALYSIS_DOC_ID, CHANNEL, ADDRESS, SUBJECT, BODY, ATTEMPTS, CREATED_AT
    FROM REG_MAILING WHERE STATUS = 0 ORDER BY ID LIMIT ?`,
  markSent: "UPDATE REG_MAILING SET STATUS = 1, SENT_AT = ?, ATTEMPTS = ATTEMPTS + 1, LAST_ERROR = NULL WHERE ID = ?",
  markFailed: "UPDATE REG_MAILING SET ATTEMPTS = ATTEMPTS + 1, LAST_ERROR = ?, STATUS = ? WHERE ID = ?",
};
