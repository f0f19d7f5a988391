import { pdfSyncTexts as T } from "../../messages/areas/pdf-sync.ts";
import { say } from "../../messages/text.ts";
import type { MainDb } from "../../clinic/port.ts";
import type { CodClient } from "../../cod/cod-client.ts";
import type { CodError } from "../../cod/cod-error.ts";
import type { SignatureService } from "../../sign/signature-service.ts";
import type { ThreadHandle } from "../../threads/thread-manager.ts";
import type { TaskContext } from "../task.ts";

/** What one run of TSyncPDFThread did, for its log lines and summary. */
export interface PdfTally {
  /** Uploaded (stored or duplicate at the ЦОД). */
  sent: number;
  parked: number;
  /** Received and stored, valid or not. */
  received: number;
  invalid: number;
  duplicates: number;
  tooLarge: number;
  /** Listed, not stored now (a transfer or a check to try again): they stay at the ЦОД. */
  deferred: number;
}

export const newTally = (): PdfTally => ({ sent: 0, parked: 0, received: 0, invalid: 0, duplicates: 0, tooLarge: 0, deferred: 0 });

/** One run's systems and state, shared by its outgoing and incoming halves. */
export interface PdfRun {
  ctx: TaskContext;
  db: MainDb;
  client: CodClient;
  signer: SignatureService;
  thread: ThreadHandle;
  tally: PdfTally;
  /** What this run stopped: the outgoing queue (signing), or everything with the ЦОД. */
  stopped: { outgoing: boolean; cod: boolean };
  /** Something kept the run from its work (setup, the ЦОД down): `--once` exits 1. */
  problem: boolean;
}

/** The role under which the agent keeps the signature it made for an upload (REG_ANALYSIS_PDF_SIGN.SIGNER_ROLE). */
export const AGENT_SIGNATURE_ROLE = "mo";
/**
 * The role under which a received PDF's signature is kept: the sending МО's (the executing lab's), never
 * `mo`, which the MIS reads as this МО's own (README, "What the MIS must provide").
 */
export const SENDER_SIGNATURE_ROLE = "sender_mo";
/** REG_ANALYSIS_PDF_SIGN.SIGNER_FIO is VARCHAR(180). */
export const SIGNER_NAME_LENGTH = 180;

/** A pause after this many signer or verifier failures in a row: the program is down, not the document. */
export const TRANSIENT_IN_A_ROW = 3;

/**
 * A ЦОД call that failed for a reason other than the document itself: the
 * token or the protocol (setup) or the connection, the server, the answer
 * (transient). Either way nothing more is sent to or asked of the ЦОД in
 * this run; the queue and the ЦОД's list stay as they are for the next run.
 */
export function stopForCod(run: PdfRun, error: CodError): void {
  run.stopped.cod = true;
  run.stopped.outgoing = true;
  run.problem = true;
  if (error.kind === "unauthorized" || error.kind === "version") run.thread.log.error(say(T.codSetup, { reason: error.message }));
  else run.thread.log.warn(say(T.codLater, { reason: error.message }));
}
