import type { MailingQueries } from "../../task-queries.ts";

/** Mailing (рассылка), Firebird: the queue REG_MAILING. Timestamps as wall-clock text (task-queries.ts). */
export const mailingQueries: MailingQueries = {
  pending: `SELECT ID, PATIENT_ID, ANALYSIS_DOC_ID, CHANNEL, ADDRESS, SUBJECT, BODY, ATTEMPTS, CAST(CREATED_AT AS VARCHAR(24)) AS CREATED_AT
    FROM REG_MAILING WHERE STATUS = 0 ORDER BY ID ROWS ?`,
  markSent: "UPDATE REG_MAILING SET STATUS = 1, SENT_AT = CAST(? AS VARCHAR(24)), ATTEMPTS = ATTEMPTS + 1, LAST_ERROR = NULL WHERE ID = ?",
  markFailed: "UPDATE REG_MAILING SET ATTEMPTS = ATTEMPTS + 1, LAST_ERROR = ?, STATUS = ? WHERE ID = ?",
};
