import { createHash, createPublicKey } from "node:crypto";

// Replaced at compile time by `bun build --define` (src/build/compile.ts): the
// PEM of the Ed25519 public key whose signature an update must carry.
declare const AGENT_UPDATE_PUBLIC_KEY: string | undefined;

/**
 * The development key. Its private half is test/fixtures/dev-update-key.pem,
 * in the repository for everyone to read: a binary that trusts it accepts
 * updates anyone can sign. Builds use it unless given the release key
 * (`bun run build -- --update-key FILE`, or AGENT_UPDATE_KEY_FILE).
 */
export const DEV_UPDATE_PUBLIC_KEY = `-----BEGIN PUBLIC KEY-----
MCowBQYDK2VwAyEA9Go5ONnkZtClAwEptwWgpOkEUnMvkIGwHZD+p/OLjzY=
-----END PUBLIC KEY-----
`;

/** The public key this binary trusts for updates (PEM, SPKI). */
export const UPDATE_PUBLIC_KEY: string = typeof AGENT_UPDATE_PUBLIC_KEY === "string" ? AGENT_UPDATE_PUBLIC_KEY : DEV_UPDATE_PUBLIC_KEY;

/** A short, stable name of a public key: the first 16 hex digits of the SHA-256 of its DER form. */
export function keyFingerprint(pem: string): string {
  const der = createPublicKey(pem).export({ type: "spki", format: "der" });
  return createHash("sha256").update(der).digest("hex").slice(0, 16);
}

/** Whether a key is the development key (shown by `agent version`, warned about by the build). */
export function isDevelopmentKey(pem: string): boolean {
  return keyFingerprint(pem) === keyFingerprint(DEV_UPDATE_PUBLIC_KEY);
}
