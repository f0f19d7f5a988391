import { createDecipheriv, createHash, createHmac, pbkdf2Sync, timingSafeEqual } from "node:crypto";
import { type Certificate, parseCertificate } from "./certificate.ts";
import { concat, CONTEXT, DerError, expectContext, isUniversal, octets, offsetOf, oid, readDer, sequence, smallInt, TAG } from "./der.ts";
import { CIPHERS, DIGESTS, HMACS, OID } from "./oids.ts";

/**
 * PKCS#12 (RFC 7292) files (.p12, .pfx): the MAC is checked with the
 * password, encrypted parts are decrypted with PBES2 (PBKDF2 + AES, what
 * OpenSSL 3 and current Windows write) or the legacy SHA-1/3DES scheme (older
 * Windows and OpenSSL exports). RC2 (OpenSSL's old -legacy certificate
 * encryption) is not available in node:crypto: such a file gets a message
 * saying how to convert it.
 */
export interface Pkcs12Contents {
  /** Unencrypted PKCS#8 PrivateKeyInfo, DER. */
  keys: Uint8Array[];
  certificates: Certificate[];
}

export type Pkcs12Problem = "wrongPassword" | "unsupportedCipher" | "malformed";

export class Pkcs12Error extends Error {
  override readonly name = "Pkcs12Error";
  constructor(
    readonly problem: Pkcs12Problem,
    /** The algorithm, for unsupportedCipher. */
    readonly detail = "",
    options?: { cause?: unknown },
  ) {
    super(`PKCS#12: ${problem}${detail ? ` (${detail})` : ""}`, options);
  }
}

const WHAT = "PKCS#12";

/** Opens a PKCS#12 file with its password. */
export function openPkcs12(file: Uint8Array, password: string): Pkcs12Contents {
  try {
    return open(file, password);
  } catch (error) {
    if (error instanceof DerError) throw new Pkcs12Error("malformed", "", { cause: error });
    throw error;
  }
}

function open(file: Uint8Array, password: string): Pkcs12Contents {
  const pfx = sequence(readDer(file, WHAT), WHAT);
  if (smallInt(pfx[0], WHAT) !== 3) throw new Pkcs12Error("malformed");
  const authSafe = sequence(pfx[1], WHAT);
  if (oid(authSafe[0], WHAT) !== OID.data) throw new Pkcs12Error("unsupportedCipher", "public-key integrity");
  const safeBytes = octets(expectContext(authSafe[1], 0, WHAT).children[0], WHAT);
  if (pfx[2]) checkMac(pfx[2].children, safeBytes, password);
  const out: Pkcs12Contents = { keys: [], certificates: [] };
  for (const ci of sequence(readDer(safeBytes, WHAT), WHAT)) {
    const [type, content] = sequence(ci, WHAT);
    const t = oid(type, WHAT);
    let bags: Uint8Array;
    if (t === OID.data) bags = octets(expectContext(content, 0, WHAT).children[0], WHAT);
    else if (t === OID.encryptedData) {
      const ed = sequence(expectContext(content, 0, WHAT).children[0], WHAT);
      const eci = sequence(ed[1], WHAT);
      const [, alg, encrypted] = eci;
      // [0] IMPLICIT OCTET STRING: primitive, or constructed in BER.
      if (!alg || !encrypted || encrypted.cls !== CONTEXT) throw new DerError("unexpected", offsetOf(encrypted ?? eci[0]), WHAT);
      const data = encrypted.constructed ? concat(encrypted.children.map((c) => octets(c, WHAT))) : encrypted.content;
      bags = decrypt(alg.raw, data, password);
    } else continue; // enveloped (public-key privacy): not used by the tools of the field
    readBags(bags, password, out);
  }
  return out;
}

function readBags(bytes: Uint8Array, password: string, out: Pkcs12Contents): void {
  for (const bag of sequence(readDer(bytes, WHAT), WHAT)) {
    const [type, value] = sequence(bag, WHAT);
    const t = oid(type, WHAT);
    const inner = expectContext(value, 0, WHAT).children[0];
    if (!inner) throw new DerError("unexpected", offsetOf(value), WHAT);
    if (t === OID.keyBag) out.keys.push(inner.raw);
    else if (t === OID.pkcs8ShroudedKeyBag) {
      const [alg, data] = sequence(inner, WHAT);
      if (!alg) throw new DerError("unexpected", inner.offset, WHAT);
      out.keys.push(decrypt(alg.raw, octets(data, WHAT), password));
    } else if (t === OID.certBag) {
      const [certType, certValue] = sequence(inner, WHAT);
      if (oid(certType, WHAT) === OID.x509Certificate) out.certificates.push(parseCertificate(octets(expectContext(certValue, 0, WHAT).children[0], WHAT)));
    }
  }
}

/** The password as PKCS#12 wants it for its own key derivation: BMPString with two zero bytes at the end. */
function bmpPassword(password: string): Uint8Array {
  const out = new Uint8Array((password.length + 1) * 2);
  for (let i = 0; i < password.length; i++) {
    out[i * 2] = password.charCodeAt(i) >> 8;
    out[i * 2 + 1] = password.charCodeAt(i) & 0xff;
  }
  return out;
}

/** The key derivation of RFC 7292 appendix B.2. `id`: 1 key, 2 IV, 3 MAC key. */
function pkcs12Kdf(hash: string, password: Uint8Array, salt: Uint8Array, iterations: number, id: number, length: number): Uint8Array {
  const u = createHash(hash).digest().length;
  const v = hash === "sha384" || hash === "sha512" ? 128 : 64;
  const fill = (src: Uint8Array) => {
    if (src.length === 0) return new Uint8Array(0);
    const out = new Uint8Array(v * Math.ceil(src.length / v));
    for (let i = 0; i < out.length; i++) out[i] = src[i % src.length]!;
    return out;
  };
  const D = new Uint8Array(v).fill(id);
  const I = concat([fill(salt), fill(password)]);
  const result: Uint8Array[] = [];
  let have = 0;
  while (have < length) {
    let A: Uint8Array = createHash(hash).update(D).update(I).digest();
    for (let k = 1; k < iterations; k++) A = createHash(hash).update(A).digest();
    result.push(A);
    have += A.length;
    const B = fill(A.subarray(0, u));
    for (let j = 0; j < I.length; j += v) {
      let carry = 1;
      for (let k = v - 1; k >= 0; k--) {
        const sum = I[j + k]! + B[k]! + carry;
        I[j + k] = sum & 0xff;
        carry = sum >> 8;
      }
    }
  }
  return concat(result).subarray(0, length);
}

function checkMac(mac: ReturnType<typeof sequence>, data: Uint8Array, password: string): void {
  const [digestInfo, saltNode, iterNode] = mac;
  const [alg, digest] = sequence(digestInfo, WHAT);
  const hash = DIGESTS[oid(sequence(alg, WHAT)[0], WHAT)];
  if (!hash) throw new Pkcs12Error("unsupportedCipher", oid(sequence(alg, WHAT)[0], WHAT));
  const salt = octets(saltNode, WHAT);
  const iterations = iterNode ? smallInt(iterNode, WHAT) : 1;
  const expected = octets(digest, WHAT);
  const key = pkcs12Kdf(hash, bmpPassword(password), salt, iterations, 3, createHash(hash).digest().length);
  const got = createHmac(hash, key).update(data).digest();
  if (got.length !== expected.length || !timingSafeEqual(got, expected)) throw new Pkcs12Error("wrongPassword");
}

/** Decrypts with a password-based scheme given by its encoded AlgorithmIdentifier. */
function decrypt(algorithm: Uint8Array, data: Uint8Array, password: string): Uint8Array {
  const [idNode, params] = sequence(readDer(algorithm, WHAT), WHAT);
  const id = oid(idNode, WHAT);
  let cipher: string;
  let key: Uint8Array;
  let iv: Uint8Array;
  if (id === OID.pbes2) {
    const [kdf, scheme] = sequence(params, WHAT);
    const [kdfId, kdfParams] = sequence(kdf, WHAT);
    if (oid(kdfId, WHAT) !== OID.pbkdf2) throw new Pkcs12Error("unsupportedCipher", oid(kdfId, WHAT));
    const p = sequence(kdfParams, WHAT);
    const salt = octets(p[0], WHAT);
    const iterations = smallInt(p[1], WHAT);
    const prfNode = p.slice(2).find((x) => isUniversal(x, TAG.sequence));
    const prf = prfNode ? HMACS[oid(prfNode.children[0], WHAT)] : "sha1";
    const [cipherId, ivNode] = sequence(scheme, WHAT);
    const c = CIPHERS[oid(cipherId, WHAT)];
    if (!c || !prf) throw new Pkcs12Error("unsupportedCipher", oid(cipherId, WHAT));
    cipher = c.name;
    // PBES2 takes the password as its bytes (UTF-8), not as PKCS#12's BMPString.
    key = pbkdf2Sync(Buffer.from(password, "utf8"), salt, iterations, c.keyLength, prf);
    iv = octets(ivNode, WHAT);
  } else if (id === OID.pbeSha1TripleDes) {
    const [saltNode, iterNode] = sequence(params, WHAT);
    const salt = octets(saltNode, WHAT);
    const iterations = smallInt(iterNode, WHAT);
    cipher = "des-ede3-cbc";
    key = pkcs12Kdf("sha1", bmpPassword(password), salt, iterations, 1, 24);
    iv = pkcs12Kdf("sha1", bmpPassword(password), salt, iterations, 2, 8);
  } else {
    throw new Pkcs12Error("unsupportedCipher", id === OID.pbeSha1Rc2_40 ? "RC2-40" : id);
  }
  try {
    const d = createDecipheriv(cipher, key, iv);
    return new Uint8Array(Buffer.concat([d.update(data), d.final()]));
  } catch (error) {
    // A file without a MAC has no other check of the password: bad padding is the sign.
    throw new Pkcs12Error("wrongPassword", "", { cause: error });
  }
}
