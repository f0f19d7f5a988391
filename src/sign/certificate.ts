import { bitString, bool, DerError, type DerNode, integerHex, isContext, isUniversal, octets, oid, readDer, readDerSequence, sequence, TAG, text, time } from "./der.ts";
import { NAME_ATTRIBUTES, OID } from "./oids.ts";

/**
 * An X.509 certificate read by the agent itself, whatever its key's
 * algorithm: node:crypto cannot even open a GOST certificate, and the checks
 * of dates, names, revocation and chain shape must work for those too.
 */
export interface Certificate {
  /** The whole DER certificate. */
  der: Uint8Array;
  /** The signed part (TBSCertificate), as received. */
  tbs: Uint8Array;
  /** The serial number's content octets, as an INTEGER in this certificate. */
  serialRaw: Uint8Array;
  /** The serial number in hex, upper case. */
  serial: string;
  /** The issuer's and subject's Name, DER as received (compared byte for byte). */
  issuerDer: Uint8Array;
  subjectDer: Uint8Array;
  /** The names for people: `CN=…, O=…` (personal identifiers such as SNILS left out). */
  issuer: string;
  subject: string;
  notBefore: Date;
  notAfter: Date;
  /** SubjectPublicKeyInfo, DER: what node:crypto imports. */
  spki: Uint8Array;
  keyAlgorithm: string;
  signatureAlgorithm: string;
  signature: Uint8Array;
  /** basicConstraints cA. */
  isCa: boolean;
  /** keyUsage bits (digitalSignature = 0, nonRepudiation = 1, keyCertSign = 5, cRLSign = 6), or null without the extension. */
  keyUsage: Set<number> | null;
  subjectKeyId: string | null;
  authorityKeyId: string | null;
}

const WHAT = "X.509";

/** Reads one DER certificate. */
export function parseCertificate(der: Uint8Array): Certificate {
  const top = sequence(readDer(der, WHAT), WHAT);
  return fromNode(top, der);
}

/** Reads a certificate that is already a node of a larger structure (a CMS certificates set). */
export function certificateFromNode(n: DerNode): Certificate {
  return fromNode(sequence(n, WHAT), n.raw);
}

function fromNode(top: DerNode[], der: Uint8Array): Certificate {
  const [tbsNode, sigAlg, sigValue] = top;
  const tbs = sequence(tbsNode, WHAT);
  let i = 0;
  if (isContext(tbs[0], 0)) i++; // version
  const serialNode = tbs[i++];
  const serial = integerHex(serialNode, WHAT);
  i++; // signature algorithm (repeated outside)
  const issuerNode = tbs[i++];
  const validity = sequence(tbs[i++], WHAT);
  const subjectNode = tbs[i++];
  const spkiNode = tbs[i++];
  const keyAlgorithm = oid(sequence(sequence(spkiNode, WHAT)[0], WHAT)[0], WHAT);
  let isCa = false;
  let keyUsage: Set<number> | null = null;
  let subjectKeyId: string | null = null;
  let authorityKeyId: string | null = null;
  for (; i < tbs.length; i++) {
    if (!isContext(tbs[i], 3)) continue;
    for (const ext of sequence(tbs[i]!.children[0], WHAT)) {
      const parts = sequence(ext, WHAT);
      const id = oid(parts[0], WHAT);
      const value = octets(parts[parts.length - 1], WHAT);
      if (id === OID.basicConstraints) {
        const bc = sequence(readDer(value, WHAT), WHAT);
        isCa = isUniversal(bc[0], TAG.boolean) ? bool(bc[0], WHAT) : false;
      } else if (id === OID.keyUsage) {
        const { bytes } = bitString(readDer(value, WHAT), WHAT);
        keyUsage = new Set();
        bytes.forEach((byte, k) => {
          for (let bit = 0; bit < 8; bit++) if (byte & (0x80 >> bit)) keyUsage!.add(k * 8 + bit);
        });
      } else if (id === OID.subjectKeyIdentifier) {
        subjectKeyId = hex(octets(readDer(value, WHAT), WHAT));
      } else if (id === OID.authorityKeyIdentifier) {
        const keyId = sequence(readDer(value, WHAT), WHAT).find((c) => isContext(c, 0));
        if (keyId) authorityKeyId = hex(keyId.content);
      }
    }
  }
  return {
    der,
    tbs: tbsNode!.raw,
    serialRaw: serialNode!.content,
    serial,
    issuerDer: nameNode(issuerNode).raw,
    subjectDer: nameNode(subjectNode).raw,
    issuer: describeName(issuerNode!),
    subject: describeName(subjectNode!),
    notBefore: time(validity[0], WHAT),
    notAfter: time(validity[1], WHAT),
    spki: spkiNode!.raw,
    keyAlgorithm,
    signatureAlgorithm: oid(sequence(sigAlg, WHAT)[0], WHAT),
    signature: bitString(sigValue, WHAT).bytes,
    isCa,
    keyUsage,
    subjectKeyId,
    authorityKeyId,
  };
}

function nameNode(n: DerNode | undefined): DerNode {
  sequence(n, WHAT);
  return n!;
}

/** `CN=…, O=…`: the attributes people recognise, in the order the certificate lists them (as OpenSSL shows them). */
export function describeName(name: DerNode): string {
  const parts: string[] = [];
  for (const rdn of name.children) {
    for (const atv of rdn.children) {
      const [type, value] = atv.children;
      const label = type ? NAME_ATTRIBUTES[oid(type, WHAT)] : undefined;
      if (label && value) parts.push(`${label}=${text(value)}`);
    }
  }
  return parts.join(", ");
}

/** CN, surname and given name (+ patronymic in Russian certificates, RFC 4519 / ГОСТ Р 34.10 profiles). */
const PERSON = { cn: "2.5.4.3", surname: "2.5.4.4", givenName: "2.5.4.42" } as const;

/**
 * The person a certificate names, from its subject (DER Name): surname and
 * given name where the certificate has them (as Russian qualified
 * certificates do: SN=Иванов, G=Иван Иванович), else its common name; null
 * when it has neither or the name cannot be read. Never SNILS, INN or OGRN.
 */
export function personName(subjectDer: Uint8Array): string | null {
  const found: Partial<Record<keyof typeof PERSON, string>> = {};
  try {
    for (const rdn of sequence(readDer(subjectDer, WHAT), WHAT)) {
      for (const atv of rdn.children) {
        const [type, value] = atv.children;
        if (!type || !value) continue;
        const id = oid(type, WHAT);
        for (const [key, want] of Object.entries(PERSON) as [keyof typeof PERSON, string][]) if (id === want) found[key] ??= text(value).trim();
      }
    }
  } catch (error) {
    if (error instanceof DerError) return null;
    throw error;
  }
  const full = [found.surname, found.givenName].filter(Boolean).join(" ");
  return (found.surname ? full : found.cn) || null;
}

export const hex = (b: Uint8Array): string => Buffer.from(b).toString("hex").toUpperCase();

/** Whether the certificate names itself as its issuer (a root, or a self-signed end certificate). */
export const isSelfIssued = (c: Certificate): boolean => Buffer.compare(c.issuerDer, c.subjectDer) === 0;

/**
 * Every certificate in a PEM bundle (any number of BEGIN CERTIFICATE blocks)
 * or a DER file (one or several certificates back to back).
 */
export function parseCertificates(file: Uint8Array): Certificate[] {
  const pem = pemBlocks(file, "CERTIFICATE");
  if (pem !== null) return pem.map(parseCertificate);
  return readDerSequence(file, WHAT).map(certificateFromNode);
}

/**
 * The DER blocks of one label in a PEM text, or null when the file is not
 * PEM at all (so the caller reads it as DER). A PEM file without any block
 * of that label answers an empty list.
 */
export function pemBlocks(file: Uint8Array, label: string): Uint8Array[] | null {
  const head = new TextDecoder("latin1").decode(file.subarray(0, Math.min(file.length, 1 << 20)));
  if (!head.includes("-----BEGIN")) return null;
  const all = new TextDecoder("latin1").decode(file);
  const re = new RegExp(`-----BEGIN ${label}-----([\\s\\S]*?)-----END ${label}-----`, "g");
  return [...all.matchAll(re)].map((m) => new Uint8Array(Buffer.from(m[1]!.replace(/[^A-Za-z0-9+/=]/g, ""), "base64")));
}

export { DerError };
