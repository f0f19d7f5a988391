import { pdfSyncTexts as T } from "../../messages/areas/pdf-sync.ts";
import { say } from "../../messages/text.ts";
import { type DocumentEntry, type DownloadedDocument } from "../../cod/cod-client.ts";
import { CodError } from "../../cod/cod-error.ts";
import { SignError } from "../../sign/sign-error.ts";
import type { Verdict } from "../../sign/verdict.ts";
import { type PdfRun, SENDER_SIGNATURE_ROLE, SIGNER_NAME_LENGTH, stopForCod, TRANSIENT_IN_A_ROW } from "./pdf-run.ts";
import { signerName } from "../../sign/cms.ts";

/** Documents listed at a time (the list carries no files). */
const PAGE = 100;
/** Pages one run walks at most; the rest wait for the next run. */
const MAX_PAGES = 50;
/** REG_ANALYSIS_PDF_SIGN.SIGNER_FIO holds this much of the signer's subject. */

/**
 * What became of one listed document: stored (valid or not) or found stored
 * before; `deferred` stays at the ЦОД for a later run (too large, a damaged
 * transfer, a verifier that failed), so nothing listed after it is
 * acknowledged (acknowledgements are cumulative); `gone` the ЦОД no longer
 * has; `stop` ends the incoming half.
 */
type Receipt = "stored" | "duplicate" | "refused" | "deferred" | "gone" | "stop";

/**
 * The incoming half: lists what the ЦОД holds for this МО, stores each
 * document with its verdict, and acknowledges through the last position
 * before anything that could not be stored (`refused`: too large, waits at
 * the ЦОД for a larger limit; `deferred`: try again), so that nothing unstored is ever
 * acknowledged. Documents stored but not yet acknowledged are listed again
 * and skipped as duplicates.
 */
export async function receiveDocuments(run: PdfRun): Promise<void> {
  let after: string | null = null;
  let ackThrough: string | null = null;
  let acked: string | null = null;
  let blocked = false;
  let failuresInARow = 0;
  try {
    for (let pages = 0; pages < MAX_PAGES; pages++) {
      const page = await run.client.listDocuments(after, { limit: PAGE, signal: run.thread.signal });
      let stop = false;
      for (const entry of page.documents) {
        run.thread.checkpoint();
        const receipt = await receiveOne(run, entry);
        failuresInARow = receipt === "deferred" ? failuresInARow + 1 : 0;
        if (failuresInARow >= TRANSIENT_IN_A_ROW) {
          run.thread.log.warn(say(T.receiverDown, { count: failuresInARow }));
          run.problem = true;
        }
        if (receipt === "stop" || failuresInARow >= TRANSIENT_IN_A_ROW) {
          stop = true;
          break;
        }
        if (receipt === "deferred" || receipt === "refused") blocked = true;
        if (!blocked) ackThrough = entry.position;
      }
      if (ackThrough !== null && ackThrough !== acked) {
        await run.client.ackDocuments(ackThrough, { signal: run.thread.signal });
        acked = ackThrough;
      }
      if (stop || !page.more || page.lastPosition === null) break;
      after = page.lastPosition;
    }
  } catch (error) {
    if (!(error instanceof CodError)) throw error;
    stopForCod(run, error);
  }
  const t = run.tally;
  run.thread.log.info(
    say(T.incoming, { stored: t.received, invalid: t.invalid, duplicates: t.duplicates, tooLarge: t.tooLarge, deferred: t.deferred, acked: acked ?? say(T.nothingAcked) }),
  );
}

async function receiveOne(run: PdfRun, entry: DocumentEntry): Promise<Receipt> {
  const { db, client, signer, thread, tally } = run;
  const named = { document: entry.documentId, mo: entry.fromMo };
  if (await db.pdf.isReceived(entry.fromMo, entry.documentId)) {
    tally.duplicates++;
    thread.log.info(say(T.duplicate, named));
    return "duplicate";
  }
  const max = run.ctx.config.sign.max_pdf_mb;
  if (entry.pdfSize > max * 1024 * 1024) return tooLarge(run, entry, entry.pdfSize);

  let doc: DownloadedDocument;
  try {
    doc = await client.downloadDocument(entry.fromMo, entry.documentId, { signal: thread.signal });
  } catch (error) {
    if (!(error instanceof CodError)) throw error;
    if (error.kind === "rejected" && error.status === 404) return "gone";
    if (error.kind === "format") return deferred(run, entry, error.message);
    stopForCod(run, error);
    return "stop";
  }
  if (doc.pdf.length > max * 1024 * 1024) return tooLarge(run, entry, doc.pdf.length);

  let verdict: Verdict;
  try {
    verdict = await signer.verify(doc.pdf, doc.signature, { documentId: entry.documentId, signal: thread.signal });
  } catch (error) {
    if (!(error instanceof SignError)) throw error;
    thread.checkpoint();
    if (error.scope === "setup") {
      thread.log.error(say(T.verifySetup, { reason: error.message }));
      run.problem = true;
      return "stop";
    }
    return deferred(run, entry, error.message);
  }

  const signer0 = verdict.signers[0];
  await db.pdf.storeReceived({
    analysisDocId: null,
    referralId: /^\d{1,18}$/.test(doc.referralId) ? doc.referralId : null,
    fileName: doc.fileName,
    pdf: doc.pdf,
    sha256: new Bun.CryptoHasher("sha256").update(doc.pdf).digest("hex"),
    createdAt: new Date(run.ctx.clock.now()),
    signatures: [
      {
        role: SENDER_SIGNATURE_ROLE,
        // The person's name from the certificate's subject (surname and given name, else CN), or the subject itself.
        signerName: (signerName(doc.signature) ?? signer0?.subject ?? null)?.slice(0, SIGNER_NAME_LENGTH) ?? null,
        signature: doc.signature,
        signedAt: signer0?.signingTime ? new Date(signer0.signingTime) : null,
      },
    ],
    codMo: entry.fromMo,
    codDocumentId: entry.documentId,
    verdict: { valid: verdict.valid, json: JSON.stringify(verdict) },
  });
  tally.received++;
  const where = { ...named, referral: doc.referralId };
  if (verdict.valid) {
    thread.log.info(say(T.receivedValid, { ...where, serial: signer0?.serial ?? "?", issuer: signer0?.issuer ?? "?" }));
  } else {
    tally.invalid++;
    // Loud: an error line, never a quiet acceptance.
    thread.log.error(say(T.receivedInvalid, { ...where, reasons: verdict.reasons.map((r) => r.message).join("; ") }));
  }
  return "stored";
}

function tooLarge(run: PdfRun, entry: DocumentEntry, bytes: number): "refused" {
  run.tally.tooLarge++;
  run.thread.log.warn(say(T.tooLarge, { document: entry.documentId, mo: entry.fromMo, mb: (bytes / 1024 / 1024).toFixed(1), max: run.ctx.config.sign.max_pdf_mb }));
  return "refused";
}

function deferred(run: PdfRun, entry: DocumentEntry, reason: string): "deferred" {
  run.tally.deferred++;
  run.thread.log.warn(say(T.receiveLater, { document: entry.documentId, mo: entry.fromMo, reason }));
  return "deferred";
}
