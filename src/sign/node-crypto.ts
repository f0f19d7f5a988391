import { createPublicKey, verify } from "node:crypto";
import { DIGESTS, SIGNATURES } from "./oids.ts";

/**
 * What node:crypto (BoringSSL inside Bun) can check: RSA PKCS#1 v1.5 and
 * ECDSA signatures with SHA-1/2. GOST and others answer "unsupported", so
 * the caller decides whether that is a failure (built-in verifier) or work
 * left to the external program.
 */
export type CheckResult = boolean | "unsupported";

/**
 * Checks a signature over `data` with the key in a SubjectPublicKeyInfo.
 * `digestOid` is needed when the signature algorithm does not imply a digest
 * (a bare rsaEncryption or ecPublicKey in a SignerInfo).
 */
export function checkSignature(signatureAlgorithm: string, digestOid: string | null, data: Uint8Array, spki: Uint8Array, signature: Uint8Array): CheckResult {
  const alg = SIGNATURES[signatureAlgorithm];
  if (!alg) return "unsupported";
  const digest = alg.digest ?? (digestOid ? DIGESTS[digestOid] : undefined);
  if (!digest) return "unsupported";
  let key;
  try {
    key = createPublicKey({ key: Buffer.from(spki), format: "der", type: "spki" });
  } catch {
    return "unsupported";
  }
  try {
    return verify(digest, data, key, signature);
  } catch {
    // A signature that is not even well formed for the key (a wrong ECDSA encoding, a wrong RSA length).
    return false;
  }
}
