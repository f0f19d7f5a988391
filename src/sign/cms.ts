import { type Certificate, certificateFromNode, personName } from "./certificate.ts";
import { DerError, encode, offsetOf, expectContext, isContext, isUniversal, integerHex, octets, oid, readDer, sequence, smallInt, TAG, time, type DerNode } from "./der.ts";
import { OID } from "./oids.ts";

/**
 * A detached CMS (PKCS#7) SignedData (RFC 5652): read from whatever a signer
 * wrote (DER, BER with indefinite lengths, PEM, bare base64), and written in
 * DER by the built-in signer.
 */

/** Who signed: by issuer and serial number, or by subject key identifier. */
export type SignerId = { kind: "issuerSerial"; issuerDer: Uint8Array; serial: string } | { kind: "keyId"; keyId: string };

export interface SignerInfo {
  sid: SignerId;
  digestAlgorithm: string;
  /** The signed attributes as DER `SET OF` (the [0] tag put back to SET): what the signature covers. Null without them. */
  signedAttributes: Uint8Array | null;
  contentType: string | null;
  messageDigest: Uint8Array | null;
  /** The signer's claim of when it signed (the signingTime attribute); null when absent. */
  signingTime: Date | null;
  signatureAlgorithm: string;
  signature: Uint8Array;
}

export interface SignedData {
  /** The content type the signature is over (id-data for a PDF). */
  contentType: string;
  /** False when the content is embedded: a PDF's signature must be detached. */
  detached: boolean;
  certificates: Certificate[];
  signers: SignerInfo[];
}

const WHAT = "CMS";

/** The DER (or BER) of a signature file: binary as is, PEM, or bare base64 text. */
export function signatureBytes(file: Uint8Array): Uint8Array {
  if (file[0] === 0x30) return file;
  const textual = new TextDecoder("latin1").decode(file);
  const pem = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/.exec(textual);
  const body = pem ? pem[2]! : textual;
  const compact = body.replace(/\s+/g, "");
  if (compact.length > 0 && /^[A-Za-z0-9+/]+={0,2}$/.test(compact)) return new Uint8Array(Buffer.from(compact, "base64"));
  return file;
}

/** Reads a SignedData, wrapped in its ContentInfo. */
export function parseSignedData(file: Uint8Array): SignedData {
  const bytes = signatureBytes(file);
  const ci = sequence(readDer(bytes, WHAT), WHAT);
  if (oid(ci[0], WHAT) !== OID.signedData) throw new DerError("unexpected", ci[0]!.offset, WHAT);
  const sd = sequence(expectContext(ci[1], 0, WHAT).children[0], WHAT);
  let i = 0;
  smallInt(sd[i++], WHAT); // version
  i++; // digestAlgorithms
  const eci = sequence(sd[i++], WHAT);
  const contentType = oid(eci[0], WHAT);
  const detached = eci[1] === undefined;
  const certificates: Certificate[] = [];
  if (isContext(sd[i], 0)) {
    for (const c of sd[i]!.children) if (isUniversal(c, TAG.sequence)) certificates.push(certificateFromNode(c));
    i++;
  }
  if (isContext(sd[i], 1)) i++; // crls
  const set = sd[i];
  if (!isUniversal(set, TAG.set)) throw new DerError("unexpected", offsetOf(set), WHAT);
  const signers = set.children.map(signerInfo);
  if (signers.length === 0) throw new DerError("unexpected", set.offset, WHAT);
  return { contentType, detached, certificates, signers };
}

function signerInfo(n: DerNode): SignerInfo {
  const s = sequence(n, WHAT);
  let i = 0;
  smallInt(s[i++], WHAT);
  const sidNode = s[i++]!;
  let sid: SignerId;
  if (isContext(sidNode, 0)) sid = { kind: "keyId", keyId: Buffer.from(sidNode.content).toString("hex").toUpperCase() };
  else {
    const [issuer, serial] = sequence(sidNode, WHAT);
    sequence(issuer, WHAT);
    sid = { kind: "issuerSerial", issuerDer: issuer!.raw, serial: integerHex(serial, WHAT) };
  }
  const digestAlgorithm = oid(sequence(s[i++], WHAT)[0], WHAT);
  let signedAttributes: Uint8Array | null = null;
  let contentType: string | null = null;
  let messageDigest: Uint8Array | null = null;
  let signingTime: Date | null = null;
  if (isContext(s[i], 0)) {
    const attrs = s[i++]!;
    signedAttributes = new Uint8Array(attrs.raw);
    signedAttributes[0] = 0x31;
    for (const a of attrs.children) {
      const [type, values] = sequence(a, WHAT);
      const t = oid(type, WHAT);
      const value = values?.children[0];
      if (t === OID.contentType) contentType = oid(value, WHAT);
      else if (t === OID.messageDigest) messageDigest = octets(value, WHAT);
      else if (t === OID.signingTime) signingTime = time(value, WHAT);
    }
  }
  const signatureAlgorithm = oid(sequence(s[i++], WHAT)[0], WHAT);
  const signature = octets(s[i++], WHAT);
  return { sid, digestAlgorithm, signedAttributes, contentType, messageDigest, signingTime, signatureAlgorithm, signature };
}

/** The certificate a SignerInfo names, among those the SignedData carries (and any others given). */
export function signerCertificate(signer: SignerInfo, candidates: readonly Certificate[]): Certificate | undefined {
  const sid = signer.sid;
  if (sid.kind === "keyId") return candidates.find((c) => c.subjectKeyId === sid.keyId);
  return candidates.find((c) => c.serial === sid.serial && Buffer.compare(c.issuerDer, sid.issuerDer) === 0);
}

/**
 * The name of the person who signed (the first signer's certificate, when the
 * signature carries it): `personName` of its subject; null when unknown.
 */
export function signerName(signature: Uint8Array): string | null {
  try {
    const sd = parseSignedData(signature);
    const certificate = sd.signers[0] ? signerCertificate(sd.signers[0], sd.certificates) : undefined;
    return certificate ? personName(certificate.subjectDer) : null;
  } catch (error) {
    if (error instanceof DerError) return null;
    throw error;
  }
}

// ---- writing ---------------------------------------------------------------------

/** The signed attributes as DER SET OF: content type (data), signing time, message digest, and the signer's certificate hash (ESS, RFC 5035). */
export function signedAttributes(o: { messageDigest: Uint8Array; signingTime: Date; certificateSha256: Uint8Array }): Uint8Array {
  const attribute = (type: string, value: Uint8Array) => encode.sequence(encode.oid(type), encode.setOf(value));
  return encode.setOf(
    attribute(OID.contentType, encode.oid(OID.data)),
    attribute(OID.signingTime, encode.time(o.signingTime)),
    attribute(OID.messageDigest, encode.octetString(o.messageDigest)),
    // SigningCertificateV2 { certs: [ ESSCertIDv2 { hashAlgorithm: sha256 (the default, so omitted), certHash } ] }
    attribute(OID.signingCertificateV2, encode.sequence(encode.sequence(encode.sequence(encode.octetString(o.certificateSha256))))),
  );
}

/** A detached SignedData in its ContentInfo, with one signer identified by issuer and serial number. */
export function buildSignedData(o: {
  signer: Certificate;
  /** Other certificates to carry (the signer's chain), without the root ideally. */
  chain: readonly Certificate[];
  digestAlgorithm: string;
  /** The encoded AlgorithmIdentifier of the signature (RSA with its NULL parameters, ECDSA without). */
  signatureAlgorithm: Uint8Array;
  signedAttributes: Uint8Array;
  signature: Uint8Array;
}): Uint8Array {
  const digestAlg = encode.algorithm(o.digestAlgorithm);
  // [0] IMPLICIT SET OF Attribute: the same content under the context tag.
  const attrs = new Uint8Array(o.signedAttributes);
  attrs[0] = 0xa0;
  const signerInfo = encode.sequence(
    encode.integer(1),
    encode.sequence(o.signer.issuerDer, encode.integerRaw(o.signer.serialRaw)),
    digestAlg,
    attrs,
    o.signatureAlgorithm,
    encode.octetString(o.signature),
  );
  const certs = [o.signer, ...o.chain.filter((c) => Buffer.compare(c.der, o.signer.der) !== 0)];
  const signedData = encode.sequence(
    encode.integer(1),
    encode.setOf(digestAlg),
    encode.sequence(encode.oid(OID.data)),
    encode.context(0, ...certs.map((c) => c.der)),
    encode.setOf(signerInfo),
  );
  return encode.sequence(encode.oid(OID.signedData), encode.context(0, signedData));
}
