/**
 * Why signing or checking a signature could not be done (as opposed to a
 * signature found invalid, which is a Verdict). `scope` tells the task what
 * to do with the document:
 * - `document`: this document is the problem (too large): park it with the reason;
 * - `setup`: the configuration or the key is the problem (missing certificate,
 *   expired certificate, wrong password, bad template, bad CRL): every document
 *   would fail the same way, so stop the run, log once, keep the queue;
 * - `transient`: the signer hung, failed or could not write its files: keep the
 *   document queued and try again at the next run.
 */
export type SignErrorKind =
  | "not_configured"
  | "too_large"
  | "no_certificate"
  | "certificate_expired"
  | "bad_key"
  | "bad_template"
  | "trust_config"
  | "timeout"
  | "tool_failed"
  | "cancelled"
  | "io";

export type SignErrorScope = "document" | "setup" | "transient";

const SCOPE: Record<SignErrorKind, SignErrorScope> = {
  not_configured: "setup",
  too_large: "document",
  no_certificate: "setup",
  certificate_expired: "setup",
  bad_key: "setup",
  bad_template: "setup",
  trust_config: "setup",
  timeout: "transient",
  tool_failed: "transient",
  cancelled: "transient",
  io: "transient",
};

/** One error of src/sign/. `message` is the log line in the agent's language; never holds a password. */
export class SignError extends Error {
  override readonly name = "SignError";
  readonly scope: SignErrorScope;
  constructor(
    readonly kind: SignErrorKind,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.scope = SCOPE[kind];
  }
}
