-- What the ОДЛИ (Netrika) bundles need and the reference schema of 0001
-- lacked (issue 7): the OMS policy's kind, series, start and insurer; the
-- doctors who order, with SNILS, post and speciality (federal codes); the
-- referral's visit, funding source and pregnancy week; which executing
-- labs are reached through ОДЛИ (their GUID on the N3 platform); the Order
-- id ОДЛИ gave each referral and the order's last status; the ОДЛИ report
-- each result came from; and the terminology service's dictionary versions
-- with the time they were fetched. The same as ../firebird/0002_odli.sql.

-- POLICY_KIND: 1 old (series and number), 2 temporary certificate, 3 unified
-- number (ЕНП, 16 digits). INSURER_CODE: the insurer's code in the register
-- of insurers (F002, OID 1.2.643.5.1.13.2.1.1.635).
ALTER TABLE PATIENT ADD COLUMN POLICY_SERIES VARCHAR(12);
ALTER TABLE PATIENT ADD COLUMN POLICY_KIND SMALLINT;
ALTER TABLE PATIENT ADD COLUMN POLICY_FROM DATE;
ALTER TABLE PATIENT ADD COLUMN INSURER_CODE VARCHAR(10);

-- Doctors (медицинские работники). POST_CODE: the post (FNSI 1.2.643.5.1.13.13.11.1002);
-- SPECIALITY_CODE: the speciality (FNSI 1.2.643.5.1.13.13.11.1066).
CREATE TABLE REF_DOCTOR (
  ID INTEGER NOT NULL PRIMARY KEY,
  LAST_NAME VARCHAR(60) NOT NULL,
  FIRST_NAME VARCHAR(60) NOT NULL,
  MIDDLE_NAME VARCHAR(60),
  SNILS VARCHAR(14),
  POST_CODE VARCHAR(10),
  SPECIALITY_CODE VARCHAR(10)
);

-- CASE_NUM: the visit or stay the referral belongs to; CASE_TYPE: its kind
-- (N3 1.2.643.2.69.1.1.1.35: 1 stay, 2 outpatient visit …); FINANCE_CODE: the
-- funding source (N3 1.2.643.2.69.1.1.1.32: 1 OMS, 2 budget, 3 paid, 4 voluntary insurance …).
ALTER TABLE DOC_NAPR_ANALYSIS ADD COLUMN DOCTOR_ID INTEGER;
ALTER TABLE DOC_NAPR_ANALYSIS ADD COLUMN CASE_NUM VARCHAR(30);
ALTER TABLE DOC_NAPR_ANALYSIS ADD COLUMN CASE_TYPE SMALLINT;
ALTER TABLE DOC_NAPR_ANALYSIS ADD COLUMN FINANCE_CODE SMALLINT;
ALTER TABLE DOC_NAPR_ANALYSIS ADD COLUMN PREGNANCY_WEEKS SMALLINT;

-- An executing lab reached through ОДЛИ: its GUID in 1.2.643.2.69.1.1.1.64 (empty: not through ОДЛИ).
ALTER TABLE REG_LPU_FOR_RECEIVE_NAPR_ANAL ADD COLUMN ODLI_GUID VARCHAR(36);

-- The ОДЛИ send queue: STATUS 0 waiting, 1 sent, 2 parked, 3 being sent (the
-- answer not recorded yet: asked with $getorder before anything is resent).
-- ORDER_STATUS: the order's status as ОДЛИ last said (accepted, completed, rejected …).
ALTER TABLE REG_ODLI_NAPR_SEND ADD COLUMN ORDER_ID VARCHAR(64);
ALTER TABLE REG_ODLI_NAPR_SEND ADD COLUMN ORDER_STATUS VARCHAR(20);
ALTER TABLE REG_ODLI_NAPR_SEND ADD COLUMN STATUS_AT TIMESTAMP;

-- The ОДЛИ DiagnosticReport a result was written from: a result is written once.
ALTER TABLE DOC_ANALYSIS ADD COLUMN ODLI_REPORT_ID VARCHAR(64);

-- Dictionary versions as the terminology service gave them, with the time fetched.
CREATE TABLE REG_ODLI_DICT_VERSION (
  DICTIONARY VARCHAR(60) NOT NULL PRIMARY KEY,
  DICT_VERSION VARCHAR(20) NOT NULL,
  FETCHED_AT TIMESTAMP NOT NULL
);

CREATE INDEX IX_DOC_ANALYSIS_ODLI_REPORT ON DOC_ANALYSIS (ODLI_REPORT_ID);
CREATE INDEX IX_REG_ODLI_NAPR_SEND_ORDER ON REG_ODLI_NAPR_SEND (STATUS, ORDER_STATUS);
