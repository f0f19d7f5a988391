import { pdfSyncTexts as T } from "../../messages/areas/pdf-sync.ts";
import { say } from "../../messages/text.ts";
import { codSettingsOf } from "../cod-settings.ts";
import { signatureService } from "../../sign/signature-service.ts";
import type { TaskDefinition } from "../task.ts";
import { newTally, type PdfRun } from "./pdf-run.ts";
import { receiveDocuments } from "./receive.ts";
import { uploadDocuments } from "./upload.ts";

/**
 * The PDF part of «Синхронизация» (thread TSyncPDFThread), README "Signed PDFs":
 * 1. outgoing: PDFs of results made here, queued in the main DB, are signed
 *    (detached CMS) and uploaded to the ЦОД idempotently by document id, and
 *    marked sent only on the ЦОД's `stored`/`duplicate`; then the manual's
 *    line with the true number sent and the true queue left;
 * 2. incoming: the documents the ЦОД lists for this МО are downloaded (an
 *    oversized one is refused from its listed size, before the download),
 *    verified, stored with their verdict by the result, and acknowledged
 *    only once stored. An invalid signature is stored as invalid and logged
 *    as an error.
 */
export const pdfSyncTask: TaskDefinition = {
  name: "pdf-sync",
  async run(ctx) {
    const tally = newTally();
    let problem = false;
    let queue: number | undefined;
    const state = await ctx.thread("TSyncPDFThread", async (thread) => {
      const db = await ctx.services.mainDb();
      const client = ctx.services.cod({ settings: codSettingsOf(ctx), log: thread.log });
      const run: PdfRun = { ctx, db, client, signer: signatureService(ctx.config.sign), thread, tally, stopped: { outgoing: false, cod: false }, problem: false };
      try {
        await uploadDocuments(run);
        // The manual's line, with the queue as it really is now.
        queue = await db.pdf.queueLength();
        thread.log.info(say(T.finished, { sent: tally.sent, queue }));
        if (!run.stopped.cod) await receiveDocuments(run);
      } finally {
        client.close();
        problem = run.problem;
      }
    });
    const { sent, parked, received, invalid } = tally;
    return { ok: state === "finished" && !problem, summary: say(T.summary, { sent, parked, queue: queue ?? "?", received, invalid }) };
  },
};
