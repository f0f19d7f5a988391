/**
 * The result of checking a received PDF's signature: what the task stores
 * with the result in the main DB (as JSON) and logs. `valid` is true only
 * when every check passed; an invalid verdict always says why.
 */
export type VerdictReasonCode =
  | "malformed"
  | "not_detached"
  | "content_type"
  | "digest_mismatch"
  | "bad_signature"
  | "no_signer_certificate"
  | "unsupported_algorithm"
  | "self_signed"
  | "untrusted_root"
  | "issuer_not_found"
  | "chain_too_long"
  | "certificate_bad_signature"
  | "issuer_not_ca"
  | "not_for_signing"
  | "expired"
  | "not_yet_valid"
  | "signing_time_in_future"
  | "revoked"
  | "rejected_by_verifier";

/** What was not (or could not be) checked: does not make a verdict invalid, is stored and shown with it. */
export type VerdictNoteCode = "no_signing_time" | "no_crl_configured" | "no_crl_for_issuer" | "crl_outdated" | "crl_signature_unchecked" | "chain_checked_externally";

export interface VerdictReason {
  code: VerdictReasonCode;
  /** In the agent's language at the time of the check. */
  message: string;
}

export interface VerdictNote {
  code: VerdictNoteCode;
  message: string;
}

/** A signer as the verdict records it: enough to find the certificate again, no personal identifiers. */
export interface SignerSummary {
  subject: string;
  issuer: string;
  serial: string;
  notBefore: string;
  notAfter: string;
  /** The signingTime attribute (ISO 8601 UTC), or null when the signature has none. */
  signingTime: string | null;
}

export interface Verdict {
  valid: boolean;
  /** Why it is invalid (empty when valid). */
  reasons: VerdictReason[];
  notes: VerdictNote[];
  signers: SignerSummary[];
  /** When the check ran (ISO 8601 UTC). */
  checkedAt: string;
  /** Which verifier ran: the external program or the built-in one. */
  verifier: "external" | "builtin";
}
