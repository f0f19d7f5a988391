import { createHash } from "node:crypto";
import { signTexts as S } from "../messages/areas/sign.ts";
import { say } from "../messages/text.ts";
import { type Certificate } from "./certificate.ts";
import { checkCertificates } from "./certificate-policy.ts";
import { parseSignedData, signerCertificate, type SignedData, type SignerInfo } from "./cms.ts";
import { DerError, equalBytes } from "./der.ts";
import { describeDerError, showTime } from "./describe.ts";
import { checkSignature } from "./node-crypto.ts";
import { algorithmName, DIGESTS, OID } from "./oids.ts";
import type { Trust } from "./trust.ts";
import type { SignerSummary, Verdict, VerdictNote, VerdictReason } from "./verdict.ts";

/** A signing time this far ahead of the local clock is a clock problem, not yet a lie. */
const CLOCK_TOLERANCE_MS = 5 * 60_000;

/** One signer of a parsed signature, with its certificate, as the cryptographic check sees it. */
export interface SignerToCheck {
  info: SignerInfo;
  certificate: Certificate;
}

/**
 * The cryptographic check of a signature over the PDF: in-process for RSA and
 * ECDSA (builtin), or an external program (GOST). It answers reasons; empty
 * means the signature matches.
 */
export type ContentCheck = (pdf: Uint8Array, signature: Uint8Array, parsed: SignedData, signers: readonly SignerToCheck[]) => Promise<VerdictReason[]>;

/**
 * Checks a detached signature of a PDF: reads it, finds each signer's
 * certificate, checks the certificates (certificate-policy.ts) at the signing
 * time, and lets `content` check the signature itself. Every signer must
 * pass. A signature that cannot be read is an invalid verdict, not an error:
 * it came from outside, and it is stored as what it is.
 */
export async function verifyDetached(
  pdf: Uint8Array,
  signature: Uint8Array,
  o: { trust: Trust; now: Date; verifier: Verdict["verifier"]; externalCrypto: boolean; content: ContentCheck },
): Promise<Verdict> {
  const reasons: VerdictReason[] = [];
  const notes: VerdictNote[] = [];
  const signers: SignerSummary[] = [];
  const verdict = (): Verdict => ({ valid: reasons.length === 0, reasons, notes, signers, checkedAt: o.now.toISOString(), verifier: o.verifier });

  let parsed: SignedData;
  try {
    parsed = parseSignedData(signature);
  } catch (error) {
    if (!(error instanceof DerError)) throw error;
    reasons.push({ code: "malformed", message: say(S.malformed, { detail: describeDerError(error) }) });
    return verdict();
  }
  if (!parsed.detached) reasons.push({ code: "not_detached", message: say(S.notDetached) });

  const toCheck: SignerToCheck[] = [];
  for (const info of parsed.signers) {
    const certificate = signerCertificate(info, [...parsed.certificates, ...o.trust.roots]);
    if (!certificate) {
      reasons.push({ code: "no_signer_certificate", message: say(S.noSignerCertificate) });
      continue;
    }
    signers.push({
      subject: certificate.subject,
      issuer: certificate.issuer,
      serial: certificate.serial,
      notBefore: certificate.notBefore.toISOString(),
      notAfter: certificate.notAfter.toISOString(),
      signingTime: info.signingTime?.toISOString() ?? null,
    });
    let at = info.signingTime;
    if (at === null) {
      at = o.now;
      notes.push({ code: "no_signing_time", message: say(S.noSigningTime, { at: showTime(o.now) }) });
    } else if (at.getTime() > o.now.getTime() + CLOCK_TOLERANCE_MS) {
      reasons.push({ code: "signing_time_in_future", message: say(S.signingTimeInFuture, { at: showTime(at) }) });
    }
    if (info.signedAttributes && info.contentType !== null && info.contentType !== OID.data) {
      reasons.push({ code: "content_type", message: say(S.wrongContentType, { got: info.contentType }) });
    }
    const policy = checkCertificates(certificate, parsed.certificates, o.trust, at, o.now, { externalCrypto: o.externalCrypto });
    reasons.push(...policy.reasons);
    notes.push(...policy.notes);
    toCheck.push({ info, certificate });
  }
  if (toCheck.length > 0) reasons.push(...(await o.content(pdf, signature, parsed, toCheck)));
  // The same note from several signers or chain links once.
  const seen = new Set<string>();
  const unique = notes.filter((n) => !seen.has(n.message) && seen.add(n.message));
  notes.length = 0;
  notes.push(...unique);
  return verdict();
}

/** The in-process check of each signer's signature over the PDF (RSA, ECDSA). */
export const builtinContentCheck: ContentCheck = async (pdf, _signature, _parsed, signers) => {
  const reasons: VerdictReason[] = [];
  for (const { info, certificate } of signers) {
    const digest = DIGESTS[info.digestAlgorithm];
    if (!digest) {
      reasons.push({ code: "unsupported_algorithm", message: say(S.unsupportedAlgorithm, { algorithm: algorithmName(info.digestAlgorithm) }) });
      continue;
    }
    let data = pdf;
    if (info.signedAttributes) {
      const hash = createHash(digest).update(pdf).digest();
      if (!info.messageDigest || !equalBytes(hash, info.messageDigest)) {
        reasons.push({ code: "digest_mismatch", message: say(S.digestMismatch) });
        continue;
      }
      data = info.signedAttributes;
    }
    const r = checkSignature(info.signatureAlgorithm, info.digestAlgorithm, data, certificate.spki, info.signature);
    if (r === "unsupported") reasons.push({ code: "unsupported_algorithm", message: say(S.unsupportedAlgorithm, { algorithm: algorithmName(info.signatureAlgorithm) }) });
    else if (!r) reasons.push({ code: "bad_signature", message: say(S.badSignature) });
  }
  return reasons;
};
