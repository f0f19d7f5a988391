import { signTexts as S } from "../messages/areas/sign.ts";
import { say } from "../messages/text.ts";
import { type Certificate, isSelfIssued } from "./certificate.ts";
import { equalBytes } from "./der.ts";
import { showTime } from "./describe.ts";
import { checkSignature } from "./node-crypto.ts";
import { algorithmName } from "./oids.ts";
import { SignError } from "./sign-error.ts";
import type { Trust } from "./trust.ts";
import type { VerdictNote, VerdictReason } from "./verdict.ts";

/** What the certificate checks found: reasons make the verdict invalid, notes are kept beside it. */
export interface PolicyResult {
  reasons: VerdictReason[];
  notes: VerdictNote[];
}

export interface PolicyOptions {
  /**
   * Whether a certificate or CRL signature that node:crypto cannot check (GOST)
   * may be left to the external verifier (true), or fails (false: the built-in
   * verifier, which must check everything itself).
   */
  externalCrypto: boolean;
}

const MAX_CHAIN = 10;

/** The issuer of `c` among candidates: same name, and the same key id where both say one. */
function issuerOf(c: Certificate, candidates: readonly Certificate[]): Certificate | undefined {
  return candidates.find(
    (i) => i !== c && equalBytes(i.subjectDer, c.issuerDer) && (c.authorityKeyId === null || i.subjectKeyId === null || c.authorityKeyId === i.subjectKeyId) && !equalBytes(i.der, c.der),
  );
}

/**
 * Checks the signer's certificate as the issue asks:
 * - the chain leads to one of the configured roots (byte for byte), through
 *   certificates the signature carries; a self-signed certificate passes only
 *   if it is itself a configured root; roots are looked up before the
 *   signature's own certificates, so a forged "root" inside it is never used;
 * - each link is signed by its issuer (checked here for RSA/ECDSA; for GOST by
 *   the external program), and every issuer is a CA;
 * - every certificate of the chain is valid at `at` (the signing time);
 * - none is listed in a configured CRL of its issuer; the CRL itself must be
 *   signed by that issuer (otherwise a SignError: the setup is wrong).
 */
export function checkCertificates(signer: Certificate, carried: readonly Certificate[], trust: Trust, at: Date, now: Date, o: PolicyOptions): PolicyResult {
  const reasons: VerdictReason[] = [];
  const notes: VerdictNote[] = [];
  const reason = (code: VerdictReason["code"], message: string) => reasons.push({ code, message });
  const unsupported = new Set<string>();

  const linkOk = (child: { signatureAlgorithm: string; tbs: Uint8Array; signature: Uint8Array }, issuer: Certificate): boolean => {
    const r = checkSignature(child.signatureAlgorithm, null, child.tbs, issuer.spki, child.signature);
    if (r === "unsupported") {
      // Said once at the end: a note (the external program checked it) or a reason (the built-in verifier cannot).
      unsupported.add(algorithmName(child.signatureAlgorithm));
      return true;
    }
    return r;
  };

  // The chain, signer first.
  const chain: Certificate[] = [signer];
  for (let current = signer; ; ) {
    if (trust.roots.some((r) => equalBytes(r.der, current.der))) break;
    if (isSelfIssued(current)) {
      if (current === signer) reason("self_signed", say(S.selfSigned, { subject: current.subject }));
      else reason("untrusted_root", say(S.untrustedRoot, { subject: current.subject }));
      break;
    }
    const issuer = issuerOf(current, trust.roots) ?? issuerOf(current, carried);
    if (!issuer) {
      reason("issuer_not_found", say(S.issuerNotFound, { subject: current.subject, issuer: current.issuer }));
      break;
    }
    if (chain.length >= MAX_CHAIN || chain.includes(issuer)) {
      reason("chain_too_long", say(S.chainTooLong));
      break;
    }
    if (!linkOk(current, issuer)) {
      reason("certificate_bad_signature", say(S.certificateBadSignature, { subject: current.subject, issuer: issuer.subject }));
      break;
    }
    // A configured root is trusted as the administrator gave it (old v1 roots have no basicConstraints).
    const isRoot = trust.roots.some((r) => equalBytes(r.der, issuer.der));
    if (!isRoot && (!issuer.isCa || (issuer.keyUsage !== null && !issuer.keyUsage.has(5)))) {
      reason("issuer_not_ca", say(S.issuerNotCa, { subject: issuer.subject }));
      break;
    }
    chain.push(issuer);
    current = issuer;
  }

  if (signer.keyUsage !== null && !signer.keyUsage.has(0) && !signer.keyUsage.has(1)) {
    reason("not_for_signing", say(S.notForSigning, { subject: signer.subject }));
  }

  for (const c of chain) {
    if (at.getTime() > c.notAfter.getTime()) reason("expired", say(S.expiredAt, { subject: c.subject, notAfter: showTime(c.notAfter), at: showTime(at) }));
    else if (at.getTime() < c.notBefore.getTime()) reason("not_yet_valid", say(S.notYetValidAt, { subject: c.subject, notBefore: showTime(c.notBefore), at: showTime(at) }));
  }

  if (!trust.crlConfigured) notes.push({ code: "no_crl_configured", message: say(S.noCrlConfigured) });
  else {
    // Every certificate but a root is looked up in its issuer's CRL. Any listing counts, whatever its
    // date: the signing time is the signer's own claim, so a compromised key could back-date it.
    for (const [k, c] of chain.entries()) {
      if (isSelfIssued(c)) continue;
      const issuer = chain[k + 1];
      const crls = trust.crls.filter((l) => equalBytes(l.issuerDer, c.issuerDer));
      if (crls.length === 0) {
        notes.push({ code: "no_crl_for_issuer", message: say(S.noCrlForIssuer, { issuer: c.issuer }) });
        continue;
      }
      for (const crl of crls) {
        const signed = issuer ? checkSignature(crl.signatureAlgorithm, null, crl.tbs, issuer.spki, crl.signature) : "unsupported";
        if (signed === false) throw new SignError("trust_config", say(S.crlNotSigned, { path: trust.crlPath, issuer: crl.issuer }));
        // A GOST CRL: node:crypto cannot check its signature. The file is the administrator's, like the roots.
        if (signed === "unsupported") notes.push({ code: "crl_signature_unchecked", message: say(S.crlSignatureUnchecked, { issuer: crl.issuer, algorithm: algorithmName(crl.signatureAlgorithm) }) });
        const date = crl.revoked.get(c.serial);
        if (date) reason("revoked", say(S.revoked, { subject: c.subject, serial: c.serial, date: showTime(date) }));
        if (crl.nextUpdate && crl.nextUpdate.getTime() < now.getTime()) {
          notes.push({ code: "crl_outdated", message: say(S.crlOutdated, { issuer: crl.issuer, nextUpdate: showTime(crl.nextUpdate) }) });
        }
      }
    }
  }

  if (unsupported.size > 0) {
    const algorithm = [...unsupported].join(", ");
    if (o.externalCrypto) notes.push({ code: "chain_checked_externally", message: say(S.chainCheckedExternally, { algorithm }) });
    else reason("unsupported_algorithm", say(S.unsupportedAlgorithm, { algorithm }));
  }
  return { reasons, notes };
}
