import type { CellValue, ExchangeAnalysis, MailingChannelCounts, MailingConsent, MailingRequest, MailingStatus, MainDb, OdliCode, PdfDocument, PdfSignature } from "./port.ts";
import type { Engine, SqlSession } from "./engine.ts";
import type { ColumnKind } from "./catalog.ts";
import { EXCHANGE_COLUMNS, MAILING_COLUMNS, ODLI_CODE_COLUMNS, PDF_COLUMNS, SIGNATURE_COLUMNS, type TaskQueries } from "./task-queries.ts";
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
      async markUncertain(mailingId, why) {
        await write("REG_MAILING", (s) => s.run(q.mailing.markUncertain, [reason(why), int(mailingId)]));
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
    },
    odli: {
      async codes(dictionary) {
        const rows = await read("REG_ODLI_CODE_MAP", (s) => s.all(q.odli.codes, [dictionary]));
        return decodeRows(rows, ODLI_CODE_COLUMNS).map(
          (r): OdliCode => ({
            dictionary: String(r.DICTIONARY),
            version: r.DICT_VERSION as string | null,
            localCode: String(r.LOCAL_CODE),
            odliCode: String(r.ODLI_CODE),
            odliName: r.ODLI_NAME as string | null,
          }),
        );
      },
      async upsertCodes(codes) {
        await write("REG_ODLI_CODE_MAP", async (s) => {
          for (const c of codes) {
            const n = await s.run(q.odli.updateCode, [c.version, c.odliCode, c.odliName, c.dictionary, c.localCode]);
            if (n === 0) await s.run(q.odli.insertCode, [c.dictionary, c.version, c.localCode, c.odliCode, c.odliName]);
          }
        });
      },
      async pendingReferrals(limit) {
        const rows = await read("REG_ODLI_NAPR_SEND", (s) => s.all(q.odli.pendingReferrals, [limit]));
        return decodeRows(rows, { NAPR_ID: "integer" }).map((r) => id(r.NAPR_ID));
      },
      async markReferral(referralId, outcome) {
        await write("REG_ODLI_NAPR_SEND", (s) =>
          outcome.sent
            ? s.run(q.odli.markSent, [ts(outcome.at), int(referralId)])
            : s.run(q.odli.markFailed, [reason(outcome.reason), outcome.final ? 2 : 0, int(referralId)]),
        );
      },
    },
  };
}
