-- What the mailing job (TSendRasThread) and the PDF job (TSyncPDFThread) need
-- beyond 0001. In production the MIS owns these tables and must provide the
-- same facts (README, "What the MIS must provide"); the columns are nullable,
-- so a site may add them to a live database without touching its rows.
-- (Number 0002 belongs to another branch of this project.)

-- The patient's consent to results by e-mail and SMS:
-- 0 or NULL none; 1 notices that a result is ready; 2 notices and the result's PDF by e-mail.
ALTER TABLE PATIENT ADD MAILING_CONSENT SMALLINT;

-- The mailing queue. STATUS: 0 queued, 1 sent, 2 failed for good, 3 sending
-- (handed to the server or gateway, answer not recorded yet).
-- MESSAGE_ID: the Message-ID or the gateway's message id once sent;
-- NEXT_AT: a retry after a temporary failure waits until then.
ALTER TABLE REG_MAILING ADD MESSAGE_ID VARCHAR(200);
ALTER TABLE REG_MAILING ADD NEXT_AT TIMESTAMP;

-- Signed PDFs. STATUS of an 'out' row: 0 waiting, 1 uploaded, 2 parked (LAST_ERROR says why).
-- COD_MO: for 'out' the ЦОД id of the МО the PDF goes to (the referral's МО), for 'in' the МО that uploaded it;
-- COD_DOC_ID: for 'in' the uploader's document id (with COD_MO it names the document at the ЦОД);
-- SIGN_VALID: for 'in' 1 when the signature was found valid, 0 when not; SIGN_VERDICT: the verdict as JSON.
ALTER TABLE REG_ANALYSIS_PDF ADD COD_MO VARCHAR(64);
ALTER TABLE REG_ANALYSIS_PDF ADD COD_DOC_ID VARCHAR(64);
ALTER TABLE REG_ANALYSIS_PDF ADD SIGN_VALID SMALLINT;
ALTER TABLE REG_ANALYSIS_PDF ADD SIGN_VERDICT BLOB SUB_TYPE TEXT;
ALTER TABLE REG_ANALYSIS_PDF ADD LAST_ERROR VARCHAR(1000);

CREATE INDEX IX_REG_MAILING_DOC ON REG_MAILING (ANALYSIS_DOC_ID);
CREATE INDEX IX_REG_ANALYSIS_PDF_COD ON REG_ANALYSIS_PDF (COD_MO, COD_DOC_ID);
CREATE INDEX IX_DOC_ANALYSIS_RESULT_AT ON DOC_ANALYSIS (RESULT_AT);

-- The mailing job adds rows to the queue itself when mailing.enqueue_results_hours is set.
CREATE SEQUENCE GEN_REG_MAILING_ID;
