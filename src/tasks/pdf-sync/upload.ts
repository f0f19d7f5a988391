import { basename } from "node:path";
import { pdfSyncTexts as T } from "../../messages/areas/pdf-sync.ts";
import { say } from "../../messages/text.ts";
import type { PdfDocument } from "../../clinic/port.ts";
import { CodError } from "../../cod/cod-error.ts";
import { SignError } from "../../sign/sign-error.ts";
import { AGENT_SIGNATURE_ROLE, type PdfRun, SIGNER_NAME_LENGTH, stopForCod, TRANSIENT_IN_A_ROW } from "./pdf-run.ts";
import { signerName } from "../../sign/cms.ts";

/** PDFs read at a time: each may be megabytes, so few. */
const PAGE = 5;

/** How an upload ended: sent, parked for good, left queued for the next run, or the outgoing half stops. */
type Upload = "sent" | "parked" | "later" | "stop";

/** The document id at the ЦОД: fixed per PDF of this МО, so a repeated upload is a `duplicate`, never a second copy. */
export const documentIdOf = (pdfId: string | number): string => `pdf-${pdfId}`;

/**
 * The outgoing half: every PDF waiting in the main DB, oldest first, is
 * signed (or its signature from an earlier try reused) and uploaded; it is
 * marked sent only once the ЦОД answered `stored` or `duplicate`.
 */
export async function uploadDocuments(run: PdfRun): Promise<void> {
  let afterId: string | number = 0;
  let failuresInARow = 0;
  for (;;) {
    const page = await run.db.pdf.pendingUploads(PAGE, afterId);
    if (page.length === 0) return;
    for (const doc of page) {
      run.thread.checkpoint();
      afterId = doc.id;
      const outcome = await uploadOne(run, doc);
      failuresInARow = outcome === "later" ? failuresInARow + 1 : 0;
      if (failuresInARow >= TRANSIENT_IN_A_ROW) {
        run.thread.log.warn(say(T.signerDown, { count: failuresInARow }));
        run.problem = true;
        return;
      }
      if (outcome === "stop" || run.stopped.outgoing) return;
    }
  }
}

async function uploadOne(run: PdfRun, doc: PdfDocument): Promise<Upload> {
  const id = String(doc.id);
  if (!doc.codMo) return park(run, doc, say(T.noRecipient));
  if (doc.referralId === null) return park(run, doc, say(T.noReferral));
  if (doc.pdf.length === 0) return park(run, doc, say(T.emptyPdf));

  // A signature made by an earlier try is used again: the same files under the same id are a `duplicate` at the ЦОД.
  let signature = doc.signatures.find((s) => s.role === AGENT_SIGNATURE_ROLE)?.signature;
  if (!signature) {
    try {
      signature = await run.signer.sign(doc.pdf, { documentId: id, signal: run.thread.signal });
    } catch (error) {
      if (!(error instanceof SignError)) throw error;
      if (error.scope === "document") return park(run, doc, error.message);
      if (error.scope === "setup") {
        run.thread.log.error(say(T.signSetup, { reason: error.message }));
        run.stopped.outgoing = true;
        run.problem = true;
        return "stop";
      }
      run.thread.checkpoint();
      await run.db.pdf.noteError(doc.id, error.message);
      run.thread.log.warn(say(T.signLater, { id, reason: error.message }));
      return "later";
    }
    // The signer's name from the certificate in the signature (null when the signer left it out).
    const name = signerName(signature)?.slice(0, SIGNER_NAME_LENGTH) ?? null;
    await run.db.pdf.addSignature(doc.id, { role: AGENT_SIGNATURE_ROLE, signerName: name, signature, signedAt: new Date(run.ctx.clock.now()) });
  }

  const documentId = documentIdOf(doc.id);
  try {
    const ack = await run.client.uploadDocument(
      { documentId, toMo: doc.codMo, referralId: String(doc.referralId), fileName: fileNameOf(doc), pdf: doc.pdf, signature },
      { signal: run.thread.signal },
    );
    await run.db.pdf.markUploaded(doc.id, new Date(run.ctx.clock.now()));
    run.tally.sent++;
    run.thread.log.info(say(T.uploaded, { id, document: documentId, mo: doc.codMo, duplicate: ack.status === "duplicate" }));
    return "sent";
  } catch (error) {
    if (!(error instanceof CodError)) throw error;
    // Refused as it is (a conflict, an invalid request, too large): this document, not the connection.
    if (error.kind === "rejected") return park(run, doc, say(T.rejectedByCod, { reason: error.message }));
    stopForCod(run, error);
    return "stop";
  }
}

async function park(run: PdfRun, doc: PdfDocument, reason: string): Promise<"parked"> {
  await run.db.pdf.park(doc.id, reason);
  run.tally.parked++;
  run.thread.log.warn(say(T.parked, { id: String(doc.id), reason }));
  return "parked";
}

/** The file's name as the protocol takes it: no folder, 1–255 characters. */
function fileNameOf(doc: PdfDocument): string {
  const name = basename((doc.fileName ?? "").replace(/\\/g, "/")).trim().slice(-255);
  return name || `result-${doc.id}.pdf`;
}
