import type { CellValue, ExchangeAnalysis, ExchangeExecutor, MailingRequest, MainDb, OdliCode, PdfDocument, PdfSignature } from "./port.ts";
import type { Engine, SqlSession } from "./engine.ts";
import type { ColumnKind } from "./catalog.ts";
import { EXCHANGE_COLUMNS, EXECUTOR_COLUMNS, MAILING_COLUMNS, ODLI_CODE_COLUMNS, PDF_COLUMNS, SIGNATURE_COLUMNS, type TaskQueries } from "./task-queries.ts";
import { MainDbError } from "./main-db-error.ts";

/**
 * The tasks' queues and registers over the named queries of one engine.
 * The logic is written once here; the SQL is in the engine's query modules.
 */

/** LAST_ERROR columns hold this much of a reason. */
const REASON_LENGTH = 1000;

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

  return {
    mailing: {
      async pending(limit) {
        const rows = await read("REG_MAILING", (s) => s.all(q.mailing.pending, [limit]));
        return decodeRows(rows, MAILING_COLUMNS).map(
          (r): MailingRequest => ({
            id: id(r.ID),
            patientId: r.PATIENT_ID as string | number | null,
            analysisDocId: r.ANALYSIS_DOC_ID as string | number | null,
            channel: String(r.CHANNEL).trim() === "sms" ? "sms" : "email",
            address: String(r.ADDRESS),
            subject: r.SUBJECT as string | null,
            body: r.BODY as string | null,
            attempts: Number(r.ATTEMPTS),
            createdAt: r.CREATED_AT as Date,
          }),
        );
      },
      async markSent(mailingId, at) {
        await write("REG_MAILING", (s) => s.run(q.mailing.markSent, [ts(at), int(mailingId)]));
      },
      async markFailed(mailingId, why, final) {
        await write("REG_MAILING", (s) => s.run(q.mailing.markFailed, [reason(why), final ? 2 : 0, int(mailingId)]));
      },
    },
    pdf: {
      async pendingUploads(limit) {
        return read("REG_ANALYSIS_PDF", async (s) => {
          const docs = decodeRows(await s.all(q.pdf.pendingUploads, [limit]), PDF_COLUMNS);
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
      async storeReceived(doc) {
        return write("REG_ANALYSIS_PDF", async (s) => {
          const rows = decodeRows(
            await s.all(q.pdf.insertReceived, [int(doc.analysisDocId), int(doc.referralId), doc.fileName, bytes(doc.pdf), doc.sha256, ts(doc.createdAt)]),
            { ID: "integer" },
          );
          const newId = id(rows[0]!.ID);
          for (const sig of doc.signatures) await s.run(q.pdf.addSignature, [int(newId), sig.role, sig.signerName, bytes(sig.signature), ts(sig.signedAt)]);
          return newId;
        });
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
