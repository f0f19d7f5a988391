import { bitString, DerError, isContext, isUniversal, integerHex, oid, readDerSequence, sequence, TAG, time, type DerNode } from "./der.ts";
import { describeName, pemBlocks } from "./certificate.ts";

/** A certificate revocation list (RFC 5280 §5), read by the agent whatever its algorithm. */
export interface Crl {
  der: Uint8Array;
  /** The signed part (TBSCertList), as received. */
  tbs: Uint8Array;
  issuerDer: Uint8Array;
  issuer: string;
  thisUpdate: Date;
  nextUpdate: Date | null;
  /** Revoked serial numbers (hex, upper case) → revocation date. */
  revoked: Map<string, Date>;
  signatureAlgorithm: string;
  signature: Uint8Array;
}

const WHAT = "CRL";

function fromNode(n: DerNode): Crl {
  const [tbsNode, sigAlg, sigValue] = sequence(n, WHAT);
  const tbs = sequence(tbsNode, WHAT);
  let i = 0;
  if (isUniversal(tbs[0], TAG.integer)) i++; // version
  i++; // signature algorithm
  const issuerNode = tbs[i++]!;
  sequence(issuerNode, WHAT);
  const thisUpdate = time(tbs[i++], WHAT);
  let nextUpdate: Date | null = null;
  if (tbs[i] && isUniversal(tbs[i], TAG.utcTime)) nextUpdate = time(tbs[i++], WHAT);
  else if (tbs[i] && isUniversal(tbs[i], TAG.generalizedTime)) nextUpdate = time(tbs[i++], WHAT);
  const revoked = new Map<string, Date>();
  if (isUniversal(tbs[i], TAG.sequence)) {
    for (const entry of tbs[i]!.children) {
      const [serial, date] = sequence(entry, WHAT);
      revoked.set(integerHex(serial, WHAT), time(date, WHAT));
    }
    i++;
  }
  if (tbs[i] && !isContext(tbs[i], 0)) throw new DerError("unexpected", tbs[i]!.offset, WHAT);
  return {
    der: n.raw,
    tbs: tbsNode!.raw,
    issuerDer: issuerNode.raw,
    issuer: describeName(issuerNode),
    thisUpdate,
    nextUpdate,
    revoked,
    signatureAlgorithm: oid(sequence(sigAlg, WHAT)[0], WHAT),
    signature: bitString(sigValue, WHAT).bytes,
  };
}

/** Every CRL in a file: PEM (`X509 CRL` blocks, several allowed) or DER (one or several back to back). */
export function parseCrls(file: Uint8Array): Crl[] {
  const pem = pemBlocks(file, "X509 CRL");
  return (pem ?? [file]).flatMap((der) => readDerSequence(der, WHAT).map(fromNode));
}
