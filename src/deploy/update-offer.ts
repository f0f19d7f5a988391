import { createPrivateKey, createPublicKey, sign, verify } from "node:crypto";
import type { UpdateFields } from "../cod/wire.ts";

/**
 * An update as a source offers it: which binary, for which platform and CPU
 * level, its size and SHA-256, and an Ed25519 signature over all of these
 * (`signedText`). The signature binds the version and the platform to the
 * hash, so a genuine binary cannot be replayed as another version (a
 * downgrade) or offered to another platform.
 */
export interface UpdateOffer extends UpdateFields {
  /** Where to download it: a path on the ЦОД (`/api/v1/…`) or an absolute URL (a manifest's). */
  download: string;
}

export const VERSION_PATTERN = /^\d{1,6}\.\d{1,6}\.\d{1,6}$/;
export const SHA256_PATTERN = /^[0-9a-f]{64}$/;

/** The exact text that is signed: one field a line, in this order, with a trailing newline. */
export function signedText(o: Pick<UpdateOffer, "version" | "platform" | "cpu" | "size" | "sha256">): string {
  return ["lab-agent update 1", `platform=${o.platform}`, `cpu=${o.cpu}`, `version=${o.version}`, `size=${o.size}`, `sha256=${o.sha256}`, ""].join("\n");
}

/** Signs an offer's fields with a private key (PEM, PKCS#8): the release tool and the tests. */
export function signOffer(o: Pick<UpdateOffer, "version" | "platform" | "cpu" | "size" | "sha256">, privateKeyPem: string): string {
  return sign(null, Buffer.from(signedText(o)), createPrivateKey(privateKeyPem)).toString("base64");
}

/** Whether the offer's signature was made by the private half of `publicKeyPem`. */
export function signatureValid(o: UpdateOffer, publicKeyPem: string): boolean {
  let signature: Buffer;
  try {
    signature = Buffer.from(o.signature, "base64");
  } catch {
    return false;
  }
  if (signature.length !== 64) return false;
  try {
    return verify(null, Buffer.from(signedText(o)), createPublicKey(publicKeyPem), signature);
  } catch {
    return false;
  }
}

/** Compares `X.Y.Z` versions numerically: negative when a < b. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split(".").map(Number);
  const pb = b.split(".").map(Number);
  for (let i = 0; i < 3; i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}
