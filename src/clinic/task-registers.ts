import type {
  CellValue,
  ExchangeAnalysis,
  ExchangeExecutor,
  MailingChannelCounts,
  MailingConsent,
  MailingRequest,
  MailingStatus,
  MainDb,
  OdliCode,
  OdliCodeKind,
  OdliOpenOrder,
  OdliReferral,
  OdliUnmappedCode,
  PdfDocument,
  PdfSignature,
} from "./port.ts";
import type { Engine, SqlSession } from "./engine.ts";
import type { ColumnKind } from "./catalog.ts";
import {
  EXCHANGE_COLUMNS,
  EXECUTOR_COLUMNS,
  MAILING_COLUMNS,
  ODLI_ANALYSIS_COLUMNS,
  ODLI_CODE_COLUMNS,
  ODLI_OPEN_ORDER_COLUMNS,
  ODLI_REFERRAL_COLUMNS,
  ODLI_SPECIMEN_COLUMNS,
  PDF_COLUMNS,
  SIGNATURE_COLUMNS,
  type TaskQueries,
} from "./task-queries.ts";
import { MainDbError } from "./main-db-error.ts";

/**
 * The tasks' queues and registers over the named queries of one engine.
 * The logic is written once here; the SQL is in the engine's query modules.
 */

/** LAST_ERROR columns hold this much of a reason. */
const REASON_LENGTH = 1000;
/** REG_MAILING.MESSAGE_ID holds this much. */
const MESSAGE_ID_LENGTH = 200;
/** REG_MAILING.STATUS codes. */
const STATUS: Record<number, MailingStatus> = { 0: "queued", 1: "sent", 2: "failed", 3: "sending" };

type Shape = Record<string, ColumnKind>;
type Decoded<S extends Shape> = { [K in keyof S]: CellValue };

export function taskRegisters(engine: Engine, q: TaskQueries): Pick<MainDb, "mailing" | "pdf" | "exchange" | "odli"> {
  const param = (kind: ColumnKind, value: CellValue): unknown => engine.encode({ name: "?", kind, scale: 0, nullable: true }, value);
  const int = (v: string | number | null) => param("integer", v);
  const ts = (v: Date | null) => param("timestamp", v);
  const bytes = (v: Uint8Array | null) => param("blob", v);
  const decodeRows = <S extends Shape>(rows: Record<string, unknown>[], shape: S): Decoded<S>[] =>
    rows.map((raw) => {
      const out = {} as Decoded<S>;
      for (const [name, kind] of Object.entries(shape)) (out as Record<string, CellValue>)[name] = engine.decode({ name, kind, scale: 0, nullable: true }, raw[name]);
      return out;
    });
  const read = <T>(what: string, work: (s: SqlSession) => Promise<T>) => engine.read(work).catch((e) => Promise.reject(MainDbError.sql(what, e)));
  const write = <T>(what: string, work: (s: SqlSession) => Promise<T>) => engine.write(work).catch((e) => Promise.reject(MainDbError.sql(what, e)));
  const reason = (text: string) => text.slice(0, REASON_LENGTH);
  const id = (v: CellValue) => v as string | number;
  const channelOf = (v: unknown): "email" | "sms" => (String(v).trim().toLowerCase() === "sms" ? "sms" : "email");
  const consentOf = (v: CellValue): MailingConsent => {
    const n = Number(v ?? 0);
    return n >= 2 ? "documents" : n === 1 ? "notice" : "none";
  };
  const requests = (rows: Record<string, unknown>[]): MailingRequest[] =>
    decodeRows(rows, MAILING_COLUMNS).map((r) => ({
      id: id(r.ID),
      patientId: r.PATIENT_ID as string | number | null,
      analysisDocId: r.ANALYSIS_DOC_ID as string | number | null,
      channel: channelOf(r.CHANNEL),
      address: String(r.ADDRESS ?? "").trim(),
      subject: r.SUBJECT as string | null,
      body: r.BODY as string | null,
      status: STATUS[Number(r.STATUS)] ?? "queued",
      consent: consentOf(r.CONSENT),
      attempts: Number(r.ATTEMPTS),
      messageId: r.MESSAGE_ID as string | null,
      lastError: r.LAST_ERROR as string | null,
      nextAt: r.NEXT_AT as Date | null,
      createdAt: r.CREATED_AT as Date,
    }));
  // Exact decimals travel as text: both engines convert it into the NUMERIC column without rounding.
  const decimal = (v: string | null) => (v === null ? null : param("text", v));

  return {
    mailing: {
      async pending(limit) {
        return requests(await read("REG_MAILING", (s) => s.all(q.mailing.pending, [limit])));
      },
      async due(o) {
        return requests(await read("REG_MAILING", (s) => s.all(q.mailing.due, [o.channel, ts(o.now), int(o.afterId), o.limit])));
      },
      async inFlight(limit) {
        return requests(await read("REG_MAILING", (s) => s.all(q.mailing.inFlight, [limit])));
      },
      async markSending(mailingId) {
        return (await write("REG_MAILING", (s) => s.run(q.mailing.markSending, [int(mailingId)]))) === 1;
      },
      async markSent(mailingId, o) {
        await write("REG_MAILING", (s) => s.run(q.mailing.markSent, [ts(o.at), o.messageId.slice(0, MESSAGE_ID_LENGTH), o.counted === false ? 0 : 1, int(mailingId)]));
      },
      async markRetry(mailingId, o) {
        await write("REG_MAILING", (s) => s.run(q.mailing.markRetry, [o.reason === null ? null : reason(o.reason), ts(o.nextAt), o.counted ? 1 : 0, int(mailingId)]));
      },
      async markUncertain(mailingId, o) {
        await write("REG_MAILING", (s) => s.run(q.mailing.markUncertain, [reason(o.reason), ts(o.nextAt), int(mailingId)]));
      },
      async markFailed(mailingId, why, o) {
        await write("REG_MAILING", (s) => s.run(q.mailing.markFailed, [reason(why), o.counted ? 1 : 0, int(mailingId)]));
      },
      async counts(now) {
        const rows = await read("REG_MAILING", (s) => s.all(q.mailing.counts, [ts(now)]));
        const out: Record<"email" | "sms", MailingChannelCounts> = { email: { queued: 0, due: 0, sending: 0 }, sms: { queued: 0, due: 0, sending: 0 } };
        for (const r of rows) {
          const c = out[channelOf(r.CHANNEL)];
          if (Number(r.STATUS) === 3) c.sending += Number(r.N);
          else {
            c.queued += Number(r.N);
            c.due += Number(r.DUE ?? 0);
          }
        }
        return out;
      },
      async resultPdf(analysisDocId) {
        const rows = decodeRows(await read("REG_ANALYSIS_PDF", (s) => s.all(q.mailing.resultPdf, [int(analysisDocId)])), { PDF: "blob", FILE_NAME: "text" });
        const row = rows[0];
        return row && row.PDF instanceof Uint8Array ? { pdf: row.PDF, fileName: row.FILE_NAME as string | null } : undefined;
      },
      async enqueueFinalResults(o) {
        return write("REG_MAILING", (s) => s.run(q.mailing.enqueueFinalResults, [ts(o.at), ts(o.since)]));
      },
    },
    pdf: {
      async pendingUploads(limit, afterId = 0) {
        return read("REG_ANALYSIS_PDF", async (s) => {
          const docs = decodeRows(await s.all(q.pdf.pendingUploads, [int(afterId), limit]), PDF_COLUMNS);
          const out: PdfDocument[] = [];
          for (const d of docs) {
            const signatures = decodeRows(await s.all(q.pdf.signatures, [int(id(d.ID))]), SIGNATURE_COLUMNS).map(
              (r): PdfSignature => ({ role: String(r.SIGNER_ROLE), signerName: r.SIGNER_FIO as string | null, signature: r.SIGNATURE as Uint8Array, signedAt: r.SIGNED_AT as Date | null }),
            );
            out.push({
              id: id(d.ID),
              analysisDocId: d.ANALYSIS_DOC_ID as string | number | null,
              referralId: d.NAPR_ID as string | number | null,
              direction: "out",
              fileName: d.FILE_NAME as string | null,
              pdf: (d.PDF as Uint8Array | null) ?? new Uint8Array(),
              sha256: d.PDF_SHA256 as string | null,
              createdAt: d.CREATED_AT as Date,
              signatures,
              codMo: d.COD_MO as string | null,
              lastError: d.LAST_ERROR as string | null,
            });
          }
          return out;
        });
      },
      async addSignature(pdfId, sig) {
        await write("REG_ANALYSIS_PDF_SIGN", (s) => s.run(q.pdf.addSignature, [int(pdfId), sig.role, sig.signerName, bytes(sig.signature), ts(sig.signedAt)]));
      },
      async markUploaded(pdfId, at) {
        await write("REG_ANALYSIS_PDF", (s) => s.run(q.pdf.markUploaded, [ts(at), int(pdfId)]));
      },
      async park(pdfId, why) {
        await write("REG_ANALYSIS_PDF", (s) => s.run(q.pdf.park, [reason(why), int(pdfId)]));
      },
      async noteError(pdfId, why) {
        await write("REG_ANALYSIS_PDF", (s) => s.run(q.pdf.noteError, [reason(why), int(pdfId)]));
      },
      async storeReceived(doc) {
        return write("REG_ANALYSIS_PDF", async (s) => {
          let analysisDocId = doc.analysisDocId;
          if (analysisDocId === null && doc.referralId !== null) {
            const found = decodeRows(await s.all(q.pdf.resultOfReferral, [int(doc.referralId)]), { ID: "integer" })[0];
            analysisDocId = (found?.ID as string | number | null | undefined) ?? null;
          }
          const verdict = doc.verdict ?? null;
          const rows = decodeRows(
            await s.all(q.pdf.insertReceived, [
              int(analysisDocId),
              int(doc.referralId),
              doc.fileName,
              bytes(doc.pdf),
              doc.sha256,
              ts(doc.createdAt),
              doc.codMo ?? null,
              doc.codDocumentId ?? null,
              verdict === null ? null : verdict.valid ? 1 : 0,
              verdict === null ? null : param("textBlob", verdict.json),
            ]),
            { ID: "integer" },
          );
          const newId = id(rows[0]!.ID);
          for (const sig of doc.signatures) await s.run(q.pdf.addSignature, [int(newId), sig.role, sig.signerName, bytes(sig.signature), ts(sig.signedAt)]);
          return newId;
        });
      },
      async isReceived(fromMo, documentId) {
        const rows = await read("REG_ANALYSIS_PDF", (s) => s.all(q.pdf.receivedCount, [fromMo, documentId]));
        return Number(rows[0]?.N ?? 0) > 0;
      },
      async queueLength() {
        const rows = await read("REG_ANALYSIS_PDF", (s) => s.all(q.pdf.queueLength));
        return Number(rows[0]?.N ?? 0);
      },
    },
    exchange: {
      async replace(lpuId, analyses, at) {
        await write("REG_EXCHANGE_ANALYSIS", async (s) => {
          await s.run(q.exchange.clear, [lpuId]);
          for (const a of analyses) await s.run(q.exchange.insert, [lpuId, a.analysisCode, a.analysisName, a.biomaterial, ts(at)]);
        });
      },
      async clear(lpuId) {
        return write("REG_EXCHANGE_ANALYSIS", (s) => s.run(q.exchange.clear, [lpuId]));
      },
      async list(lpuId) {
        const rows = await read("REG_EXCHANGE_ANALYSIS", (s) => s.all(q.exchange.list, [lpuId]));
        return decodeRows(rows, EXCHANGE_COLUMNS).map(
          (r): ExchangeAnalysis => ({ analysisCode: String(r.ANALYSIS_CODE), analysisName: r.ANALYSIS_NAME as string | null, biomaterial: r.BIOMATERIAL as string | null }),
        );
      },
      async executors() {
        const rows = await read("REG_LPU_FOR_RECEIVE_NAPR_ANAL", (s) => s.all(q.exchange.executors));
        return decodeRows(rows, EXECUTOR_COLUMNS).map(
          (r): ExchangeExecutor => ({ lpuId: Number(r.LPU_ID), code: r.LPU_CODE === null ? null : String(r.LPU_CODE).trim(), active: r.IS_ACTIVE === null || Number(r.IS_ACTIVE) !== 0 }),
        );
      },
      async registered() {
        const rows = await read("REG_EXCHANGE_ANALYSIS", (s) => s.all(q.exchange.registered));
        return decodeRows(rows, { LPU_ID: "integer" }).map((r) => Number(r.LPU_ID));
      },
    },
    odli: {
      async codes(dictionary) {
        const rows = await read("REG_ODLI_CODE_MAP", (s) => s.all(q.odli.codes, [dictionary]));
        return decodeRows(rows, ODLI_CODE_COLUMNS).map(odliCode);
      },
      async allCodes() {
        const rows = await read("REG_ODLI_CODE_MAP", (s) => s.all(q.odli.allCodes));
        return decodeRows(rows, ODLI_CODE_COLUMNS).map(odliCode);
      },
      async upsertCodes(codes) {
        return write("REG_ODLI_CODE_MAP", async (s) => {
          let inserted = 0;
          for (const c of codes) {
            const n = await s.run(q.odli.updateCode, [c.version, c.odliCode, c.odliName, c.dictionary, c.localCode]);
            if (n === 0) {
              await s.run(q.odli.insertCode, [c.dictionary, c.version, c.localCode, c.odliCode, c.odliName]);
              inserted++;
            }
          }
          return { inserted, updated: codes.length - inserted };
        });
      },
      async unmapped(dictionaries) {
        return read("REG_ODLI_CODE_MAP", async (s) => {
          const out: OdliUnmappedCode[] = [];
          for (const kind of ["services", "specimens", "tests", "units"] as const satisfies readonly OdliCodeKind[]) {
            const rows = decodeRows(await s.all(q.odli.unmapped[kind], [dictionaries[kind]]), { LOCAL_CODE: "text", LOCAL_NAME: "text", WAITING: "integer" });
            for (const r of rows) {
              out.push({ kind, dictionary: dictionaries[kind], localCode: String(r.LOCAL_CODE).trim(), localName: r.LOCAL_NAME as string | null, waitingReferrals: Number(r.WAITING ?? 0) });
            }
          }
          return out;
        });
      },
      async referenceIds() {
        return read("REF_ANALYSIS", async (s) => {
          const ids = async (sql: string) => {
            const out: Record<string, number> = {};
            for (const r of decodeRows(await s.all(sql), { CODE: "text", ID: "integer" })) out[String(r.CODE).trim()] = Number(r.ID);
            return out;
          };
          return { analyses: await ids(q.odli.referenceIds.analyses), parameters: await ids(q.odli.referenceIds.parameters), units: await ids(q.odli.referenceIds.units) };
        });
      },
      async dictionaryVersions() {
        const rows = await read("REG_ODLI_DICT_VERSION", (s) => s.all(q.odli.dictionaryVersions));
        return decodeRows(rows, { DICTIONARY: "text", DICT_VERSION: "text", FETCHED_AT: "timestamp" }).map((r) => ({
          dictionary: String(r.DICTIONARY).trim(),
          version: String(r.DICT_VERSION).trim(),
          fetchedAt: r.FETCHED_AT as Date,
        }));
      },
      async saveDictionaryVersions(versions) {
        await write("REG_ODLI_DICT_VERSION", async (s) => {
          for (const v of versions) {
            const n = await s.run(q.odli.updateDictionaryVersion, [v.version, ts(v.fetchedAt), v.dictionary]);
            if (n === 0) await s.run(q.odli.insertDictionaryVersion, [v.dictionary, v.version, ts(v.fetchedAt)]);
          }
        });
      },
      async pendingReferrals(limit, afterId) {
        const rows = await read("REG_ODLI_NAPR_SEND", (s) => s.all(q.odli.pendingReferrals, [int(afterId ?? FIRST_ID), limit]));
        return decodeRows(rows, { NAPR_ID: "integer" }).map((r) => id(r.NAPR_ID));
      },
      async pendingCount() {
        const rows = await read("REG_ODLI_NAPR_SEND", (s) => s.all(q.odli.pendingCount));
        return Number(rows[0]?.N ?? 0);
      },
      async inFlight(limit) {
        const rows = await read("REG_ODLI_NAPR_SEND", (s) => s.all(q.odli.inFlight, [limit]));
        return decodeRows(rows, { NAPR_ID: "integer" }).map((r) => id(r.NAPR_ID));
      },
      async referral(referralId) {
        return read("DOC_NAPR_ANALYSIS", async (s) => {
          const [r] = decodeRows(await s.all(q.odli.referral, [int(referralId)]), ODLI_REFERRAL_COLUMNS);
          if (!r) return undefined;
          const analyses = decodeRows(await s.all(q.odli.referralAnalyses, [int(referralId)]), ODLI_ANALYSIS_COLUMNS);
          const specimens = decodeRows(await s.all(q.odli.referralSpecimens, [int(referralId)]), ODLI_SPECIMEN_COLUMNS);
          return odliReferral(r, analyses, specimens);
        });
      },
      async markSending(referralId, at) {
        return write("REG_ODLI_NAPR_SEND", async (s) => (await s.run(q.odli.markSending, [ts(at), int(referralId)])) > 0);
      },
      async markReferral(referralId, outcome) {
        await write("REG_ODLI_NAPR_SEND", (s) => {
          if ("held" in outcome) return s.run(q.odli.markHeld, [reason(outcome.held), int(referralId)]);
          if ("requeue" in outcome) return s.run(q.odli.requeue, [int(referralId)]);
          return outcome.sent
            ? s.run(q.odli.markSent, [ts(outcome.at), outcome.orderId ?? null, int(referralId)])
            : s.run(q.odli.markFailed, [reason(outcome.reason), outcome.final ? 2 : 0, int(referralId)]);
        });
      },
      async openOrders(limit, afterId) {
        const rows = await read("REG_ODLI_NAPR_SEND", (s) => s.all(q.odli.openOrders, [int(afterId ?? FIRST_ID), limit]));
        return decodeRows(rows, ODLI_OPEN_ORDER_COLUMNS).map(
          (r): OdliOpenOrder => ({
            referralId: id(r.NAPR_ID),
            orderId: String(r.ORDER_ID).trim(),
            orderStatus: trimmed(r.ORDER_STATUS),
            lpuToId: r.LPU_TO_ID === null ? null : Number(r.LPU_TO_ID),
            labGuid: trimmed(r.LAB_GUID),
          }),
        );
      },
      async writeResults(referralId, o) {
        return write("DOC_ANALYSIS", async (s) => {
          let written = 0;
          const reportIds: string[] = [];
          for (const report of o.reports) {
            const seen = await s.all(q.odli.reportWritten, [report.reportId]);
            if (Number(seen[0]?.N ?? 0) > 0) continue;
            const [doc] = decodeRows(
              await s.all(q.odli.insertAnalysisDoc, [int(referralId), report.num, ts(report.resultAt), int(o.labLpuId), report.doctorFio, report.conclusion, report.status, report.reportId]),
              { ID: "integer" },
            );
            const docId = id(doc!.ID);
            await s.run(q.odli.insertAnalysisNom, [int(docId), report.analysisId, ts(report.resultAt)]);
            for (const p of report.parameters) {
              await s.run(q.odli.insertAnalysisParam, [int(docId), p.parId, decimal(p.valueNum), p.valueText, int(p.unitId), decimal(p.normLow), decimal(p.normHigh), p.normText, p.flag]);
            }
            // A lab's PDF from ОДЛИ: not a document of another МО through the ЦОД, so no ЦОД names and no signature verdict.
            if (report.pdf) {
              await s.all(q.pdf.insertReceived, [int(docId), int(referralId), report.pdf.fileName, bytes(report.pdf.bytes), report.pdf.sha256, ts(o.at), null, null, null, null]);
            }
            written++;
            reportIds.push(report.reportId);
          }
          await s.run(q.odli.setOrderStatus, [o.orderStatus, ts(o.at), o.final ? 4 : 1, int(referralId)]);
          return { written, skipped: o.reports.length - written, reportIds };
        });
      },
      async setOrderStatus(referralId, status, at, final) {
        await write("REG_ODLI_NAPR_SEND", (s) => s.run(q.odli.setOrderStatus, [status, ts(at), final ? 4 : 1, int(referralId)]));
      },
      async queueSummary() {
        return read("REG_ODLI_NAPR_SEND", async (s) => {
          const counts = new Map(decodeRows(await s.all(q.odli.statusCounts), { STATUS: "integer", N: "integer" }).map((r) => [Number(r.STATUS), Number(r.N)]));
          const waiting = Number((await s.all(q.odli.pendingCount))[0]?.N ?? 0);
          return { waiting, sending: counts.get(3) ?? 0, sent: (counts.get(1) ?? 0) + (counts.get(4) ?? 0), parked: counts.get(2) ?? 0, awaitingResults: counts.get(1) ?? 0 };
        });
      },
      async parked(limit) {
        const rows = await read("REG_ODLI_NAPR_SEND", (s) => s.all(q.odli.parked, [limit]));
        return decodeRows(rows, { NAPR_ID: "integer", ATTEMPTS: "integer", LAST_ERROR: "text" }).map((r) => ({
          referralId: id(r.NAPR_ID),
          attempts: Number(r.ATTEMPTS),
          reason: r.LAST_ERROR as string | null,
        }));
      },
    },
  };
}

/** Below every key: the first page of a walk by id. */
const FIRST_ID = -Number.MAX_SAFE_INTEGER;

const trimmed = (v: CellValue): string | null => (v === null || v === undefined ? null : String(v).trim() || null);
const numberOrNull = (v: CellValue): number | null => (v === null || v === undefined ? null : Number(v));

function odliCode(r: Record<keyof typeof ODLI_CODE_COLUMNS, CellValue>): OdliCode {
  return {
    dictionary: String(r.DICTIONARY).trim(),
    version: trimmed(r.DICT_VERSION),
    localCode: String(r.LOCAL_CODE).trim(),
    odliCode: String(r.ODLI_CODE).trim(),
    odliName: r.ODLI_NAME as string | null,
  };
}

function odliReferral(
  r: Record<keyof typeof ODLI_REFERRAL_COLUMNS, CellValue>,
  analyses: Record<keyof typeof ODLI_ANALYSIS_COLUMNS, CellValue>[],
  specimens: Record<keyof typeof ODLI_SPECIMEN_COLUMNS, CellValue>[],
): OdliReferral {
  return {
    id: r.NAPR_ID as string | number,
    num: String(r.NUM).trim(),
    createdAt: r.CREATED_AT as Date,
    cito: Number(r.CITO ?? 0) !== 0,
    diagnosis: trimmed(r.DIAGNOSIS_MKB),
    comment: trimmed(r.COMMENT_TEXT),
    caseNum: trimmed(r.CASE_NUM),
    caseType: numberOrNull(r.CASE_TYPE),
    financeCode: numberOrNull(r.FINANCE_CODE),
    pregnancyWeeks: numberOrNull(r.PREGNANCY_WEEKS),
    lpuToId: numberOrNull(r.LPU_TO_ID),
    labGuid: trimmed(r.LAB_GUID),
    patient: {
      id: r.PATIENT_ID as string | number | null,
      lastName: trimmed(r.P_LAST_NAME),
      firstName: trimmed(r.P_FIRST_NAME),
      middleName: trimmed(r.P_MIDDLE_NAME),
      fio: trimmed(r.PATIENT_FIO),
      birthDate: trimmed(r.P_BIRTH_DATE),
      sex: trimmed(r.P_SEX),
      snils: trimmed(r.P_SNILS),
      policyNumber: trimmed(r.P_POLICY_NUM),
      policySeries: trimmed(r.P_POLICY_SERIES),
      policyKind: numberOrNull(r.P_POLICY_KIND),
      policyFrom: trimmed(r.P_POLICY_FROM),
      insurerCode: trimmed(r.P_INSURER_CODE),
    },
    doctor: {
      id: r.DOCTOR_ID as string | number | null,
      lastName: trimmed(r.D_LAST_NAME),
      firstName: trimmed(r.D_FIRST_NAME),
      middleName: trimmed(r.D_MIDDLE_NAME),
      fio: trimmed(r.DOCTOR_FIO),
      snils: trimmed(r.D_SNILS),
      postCode: trimmed(r.D_POST_CODE),
      specialityCode: trimmed(r.D_SPECIALITY_CODE),
    },
    analyses: analyses.map((a) => ({ analysisId: Number(a.ANALYSIS_ID), code: String(a.CODE).trim(), name: String(a.NAME), specimenCode: trimmed(a.SPECIMEN_CODE) })),
    specimens: specimens.map((b) => ({ id: b.ID as string | number, barcode: String(b.BARCODE).trim(), typeCode: trimmed(b.TYPE_CODE), takenAt: b.TAKEN_AT as Date | null })),
    queue: { status: Number(r.Q_STATUS), attempts: Number(r.Q_ATTEMPTS), orderId: trimmed(r.Q_ORDER_ID), lastError: r.Q_LAST_ERROR as string | null },
  };
}
