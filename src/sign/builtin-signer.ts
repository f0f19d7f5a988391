import { createHash, sign } from "node:crypto";
import { buildSignedData, signedAttributes } from "./cms.ts";
import { encode } from "./der.ts";
import { assertCurrent, type KeyMaterial } from "./key-material.ts";
import { DIGEST_OID } from "./oids.ts";

/** Digest and signature algorithm for a key: SHA-256 for RSA and P-256, SHA-384/512 for the larger curves. */
function algorithmsFor(m: KeyMaterial): { digest: string; signatureAlgorithm: Uint8Array } {
  if (m.key.asymmetricKeyType === "rsa") {
    // sha256WithRSAEncryption, with the NULL parameters RFC 4055 asks for.
    return { digest: "sha256", signatureAlgorithm: encode.algorithm("1.2.840.113549.1.1.11", encode.null()) };
  }
  const curve = m.key.asymmetricKeyDetails?.namedCurve;
  if (curve === "secp521r1") return { digest: "sha512", signatureAlgorithm: encode.algorithm("1.2.840.10045.4.3.4") };
  if (curve === "secp384r1") return { digest: "sha384", signatureAlgorithm: encode.algorithm("1.2.840.10045.4.3.3") };
  return { digest: "sha256", signatureAlgorithm: encode.algorithm("1.2.840.10045.4.3.2") };
}

/**
 * Signs a PDF in-process with an RSA or ECDSA key: a detached CMS SignedData
 * (DER) with signed attributes (content type, signing time, message digest,
 * ESS signing-certificate-v2), the signer's certificate and chain inside.
 * The certificate must be valid now.
 */
export function signBuiltin(pdf: Uint8Array, m: KeyMaterial, now: Date): Uint8Array {
  assertCurrent(m.certificate, now);
  const { digest, signatureAlgorithm } = algorithmsFor(m);
  const attrs = signedAttributes({
    messageDigest: createHash(digest).update(pdf).digest(),
    signingTime: now,
    certificateSha256: createHash("sha256").update(m.certificate.der).digest(),
  });
  const signature = sign(digest, attrs, m.key);
  return buildSignedData({ signer: m.certificate, chain: m.chain, digestAlgorithm: DIGEST_OID[digest]!, signatureAlgorithm, signedAttributes: attrs, signature });
}
