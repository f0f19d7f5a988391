import { createPrivateKey, createPublicKey, type KeyObject } from "node:crypto";
import { signTexts as S } from "../messages/areas/sign.ts";
import { say } from "../messages/text.ts";
import { type Certificate, parseCertificates, pemBlocks } from "./certificate.ts";
import { DerError, equalBytes } from "./der.ts";
import { describeDerError, showTime } from "./describe.ts";
import { openPkcs12, Pkcs12Error } from "./pkcs12.ts";
import { algorithmName } from "./oids.ts";
import { SignError } from "./sign-error.ts";
import type { ReadFile } from "./trust.ts";

/** The built-in signer's key, its certificate, and the rest of its chain. */
export interface KeyMaterial {
  key: KeyObject;
  certificate: Certificate;
  chain: Certificate[];
}

function read(readFile: ReadFile, setting: string, path: string): Uint8Array {
  try {
    return readFile(path);
  } catch (error) {
    const kind = setting === "sign.cert_file" ? "no_certificate" : "bad_key";
    throw new SignError(kind, say(S.fileUnreadable, { setting, path, detail: (error as NodeJS.ErrnoException).code ?? String(error) }), { cause: error });
  }
}

/** Certificates of a PEM/DER file; a file that holds none is "no certificate". */
export function readCertificateFile(readFile: ReadFile, setting: string, path: string): Certificate[] {
  const bytes = read(readFile, setting, path);
  let certs: Certificate[];
  try {
    certs = parseCertificates(bytes);
  } catch (error) {
    if (!(error instanceof DerError)) throw error;
    throw new SignError("no_certificate", say(S.badCertificateFile, { setting, path, detail: describeDerError(error) }), { cause: error });
  }
  if (certs.length === 0) throw new SignError("no_certificate", say(S.noCertificateInFile, { setting, path }));
  return certs;
}

/** A signer's certificate must be valid now: an expired one stops signing with a message naming it. */
export function assertCurrent(c: Certificate, now: Date): void {
  if (now.getTime() > c.notAfter.getTime()) {
    throw new SignError("certificate_expired", say(S.certificateExpired, { subject: c.subject, serial: c.serial, notAfter: showTime(c.notAfter) }));
  }
  if (now.getTime() < c.notBefore.getTime()) {
    throw new SignError("certificate_expired", say(S.certificateNotYetValid, { subject: c.subject, serial: c.serial, notBefore: showTime(c.notBefore) }));
  }
}

/**
 * Loads the built-in signer's key and certificate:
 * - `keyFile` a PKCS#12 (.p12/.pfx: key and certificates inside; `certFile` may be empty), or
 * - `keyFile` a PEM key (PKCS#8, PKCS#1 or SEC1; encrypted or not) and `certFile` a PEM/DER
 *   certificate, optionally followed by its chain.
 * The password comes from sign.key_password (set it through AGENT_SIGN_KEY_PASSWORD).
 */
export function loadKeyMaterial(o: { keyFile: string; certFile: string; password: string }, readFile: ReadFile): KeyMaterial {
  const keyBytes = read(readFile, "sign.key_file", o.keyFile);
  let key: KeyObject;
  let certs: Certificate[] = [];
  if (pemBlocks(keyBytes, "CERTIFICATE") === null) {
    // Not PEM: a PKCS#12 file.
    let contents;
    try {
      contents = openPkcs12(keyBytes, o.password);
    } catch (error) {
      if (!(error instanceof Pkcs12Error)) throw error;
      if (error.problem === "wrongPassword") throw new SignError("bad_key", say(S.wrongPassword, { path: o.keyFile }), { cause: error });
      if (error.problem === "unsupportedCipher") throw new SignError("bad_key", say(S.pkcs12Unsupported, { path: o.keyFile, algorithm: error.detail }), { cause: error });
      const detail = error.cause instanceof DerError ? describeDerError(error.cause) : "PKCS#12";
      throw new SignError("bad_key", say(S.keyUnreadable, { path: o.keyFile, detail }), { cause: error });
    }
    if (contents.keys.length === 0) throw new SignError("bad_key", say(S.keyUnreadable, { path: o.keyFile, detail: "PKCS#12" }));
    key = privateKey(() => createPrivateKey({ key: Buffer.from(contents.keys[0]!), format: "der", type: "pkcs8" }), o.keyFile);
    certs = contents.certificates;
  } else {
    const encrypted = /ENCRYPTED/.test(new TextDecoder("latin1").decode(keyBytes));
    key = privateKey(() => createPrivateKey({ key: Buffer.from(keyBytes), format: "pem", passphrase: o.password }), o.keyFile, encrypted);
    // A PEM key file may carry its certificate too.
    certs = pemBlocks(keyBytes, "CERTIFICATE")!.length > 0 ? parseCertificates(keyBytes) : [];
  }
  if (o.certFile !== "") certs = [...readCertificateFile(readFile, "sign.cert_file", o.certFile), ...certs];
  if (certs.length === 0) throw new SignError("no_certificate", say(S.noCertificateInFile, { setting: o.certFile ? "sign.cert_file" : "sign.key_file", path: o.certFile || o.keyFile }));
  const type = key.asymmetricKeyType;
  if (type !== "rsa" && type !== "ec") throw new SignError("bad_key", say(S.keyAlgorithmUnsupported, { algorithm: type ?? "?" }));
  const spki = new Uint8Array(createPublicKey(key).export({ type: "spki", format: "der" }));
  const certificate = certs.find((c) => equalBytes(c.spki, spki));
  if (!certificate) throw new SignError("bad_key", say(S.keyNotForCertificate, { path: o.keyFile }));
  return { key, certificate, chain: certs.filter((c) => c !== certificate) };
}

/** Makes the key; an encrypted key that does not open is a wrong password (BoringSSL reports it as a decode error). */
function privateKey(make: () => KeyObject, path: string, encrypted = false): KeyObject {
  try {
    return make();
  } catch (error) {
    const code = String((error as NodeJS.ErrnoException).code ?? "");
    const message = String((error as Error).message ?? "");
    if (encrypted || /BAD_DECRYPT|bad decrypt|passphrase/i.test(`${code} ${message}`)) throw new SignError("bad_key", say(S.wrongPassword, { path }), { cause: error });
    throw new SignError("bad_key", say(S.keyUnreadable, { path, detail: code || algorithmName(message.slice(0, 80)) }), { cause: error });
  }
}
