import type { NetErrorKind } from "../net/net-error.ts";

/**
 * How a call to the ЦОД failed. The HTTP kinds come from src/net/; the ЦОД adds:
 * - `rejected`: the ЦОД refused the request as invalid (a batch to park, with its reason);
 * - `unauthorized`: the token is not this МО's;
 * - `version`: the ЦОД speaks another major protocol version, or lacks the call.
 */
export type CodErrorKind = NetErrorKind | "rejected" | "unauthorized" | "version";

/** The calls of the protocol (PROTOCOL.md). */
export type CodCall = "hello" | "push" | "read" | "ack" | "catalog" | "upload" | "list" | "download" | "doc-ack" | "update" | "update-download" | "statistics";

export interface CodErrorInit {
  kind: CodErrorKind;
  call: CodCall;
  /** `host:port` of the ЦОД. */
  address: string;
  retryable: boolean;
  status?: number;
  /** The ЦОД's error code (`invalid_batch`), when it gave one. */
  code?: string;
  /** The ЦОД's reason, redacted of patient data: what a parked batch keeps. */
  reason?: string;
  cause?: unknown;
}

/**
 * The one error of the ЦОД client. `message` is the log line, in the
 * agent's language, in the manual's wording where it has one; it names the
 * address, the cause and what to check, and never the token.
 */
export class CodError extends Error {
  override readonly name = "CodError";
  readonly kind: CodErrorKind;
  readonly call: CodCall;
  readonly address: string;
  /** Whether the same request may work later (in this run with backoff, or at the next run). */
  readonly retryable: boolean;
  readonly status: number | undefined;
  readonly code: string | undefined;
  readonly reason: string | undefined;

  constructor(message: string, init: CodErrorInit) {
    super(message, { cause: init.cause });
    this.kind = init.kind;
    this.call = init.call;
    this.address = init.address;
    this.retryable = init.retryable;
    this.status = init.status;
    this.code = init.code;
    this.reason = init.reason;
  }
}
