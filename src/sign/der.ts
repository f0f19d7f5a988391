/**
 * A small ASN.1 reader (BER, so also DER) and DER writer: just what
 * certificates, CRLs, CMS SignedData and PKCS#12 need. Why our own and not a
 * library: see the README, «Signatures». The reader takes input from outside
 * (a signature the ЦОД handed over), so it is strict about lengths, bounds
 * its depth and never reads past the end; every failure is a DerError with
 * the offset, rendered from the catalog.
 */

/** Tag classes. */
export const UNIVERSAL = 0;
export const CONTEXT = 2;

/** Universal tag numbers used here. */
export const TAG = {
  boolean: 1,
  integer: 2,
  bitString: 3,
  octetString: 4,
  null: 5,
  oid: 6,
  utf8String: 12,
  sequence: 16,
  set: 17,
  printableString: 19,
  t61String: 20,
  ia5String: 22,
  utcTime: 23,
  generalizedTime: 24,
  universalString: 28,
  bmpString: 30,
} as const;

/** One element as received. */
export interface DerNode {
  cls: number;
  constructed: boolean;
  tag: number;
  /** The whole element (header and content), as received: what signatures are computed over. */
  raw: Uint8Array;
  /** The content octets (for an indefinite-length element, without the end-of-content mark). */
  content: Uint8Array;
  /** Where the element starts in the outermost input. */
  offset: number;
  /** The elements inside a constructed element. */
  children: DerNode[];
}

export type DerProblem = "truncated" | "badLength" | "tooDeep" | "trailing" | "unexpected" | "badValue";

/** Input that is not the ASN.1 expected; `what` names the structure, `offset` the byte. */
export class DerError extends Error {
  override readonly name = "DerError";
  constructor(
    readonly problem: DerProblem,
    readonly offset: number,
    readonly what: string,
  ) {
    super(`${what}: ${problem} at byte ${offset}`);
  }
}

const MAX_DEPTH = 40;

/** Reads exactly one element filling the whole input. */
export function readDer(bytes: Uint8Array, what: string): DerNode {
  const [node, end] = readAt(bytes, 0, 0, what, bytes.length);
  if (end !== bytes.length) throw new DerError("trailing", end, what);
  return node;
}

/** Reads every element of an input that holds several back to back (a DER bundle of certificates or CRLs). */
export function readDerSequence(bytes: Uint8Array, what: string): DerNode[] {
  const out: DerNode[] = [];
  for (let at = 0; at < bytes.length; ) {
    const [node, end] = readAt(bytes.subarray(at), 0, 0, what, bytes.length - at);
    out.push(node);
    at += end;
  }
  return out;
}

function readAt(b: Uint8Array, start: number, depth: number, what: string, limit: number): [DerNode, number] {
  if (depth > MAX_DEPTH) throw new DerError("tooDeep", start, what);
  let p = start;
  const need = (n: number) => {
    if (p + n > limit) throw new DerError("truncated", p, what);
  };
  need(2);
  const first = b[p++]!;
  const cls = first >> 6;
  const constructed = (first & 0x20) !== 0;
  let tag = first & 0x1f;
  if (tag === 0x1f) {
    tag = 0;
    for (let i = 0; ; i++) {
      need(1);
      const x = b[p++]!;
      if (i > 3) throw new DerError("badLength", p, what);
      tag = tag * 128 + (x & 0x7f);
      if ((x & 0x80) === 0) break;
    }
  }
  need(1);
  const lenByte = b[p++]!;
  let length: number | null;
  if (lenByte < 0x80) length = lenByte;
  else if (lenByte === 0x80) {
    if (!constructed) throw new DerError("badLength", p - 1, what);
    length = null;
  } else {
    const n = lenByte & 0x7f;
    if (n > 4) throw new DerError("badLength", p - 1, what);
    need(n);
    length = 0;
    for (let i = 0; i < n; i++) length = length * 256 + b[p++]!;
  }
  const children: DerNode[] = [];
  if (length !== null) {
    if (p + length > limit) throw new DerError("truncated", p, what);
    const end = p + length;
    if (constructed) {
      let q = p;
      while (q < end) {
        const [child, next] = readAt(b, q, depth + 1, what, end);
        children.push(child);
        q = next;
      }
    }
    return [{ cls, constructed, tag, raw: b.subarray(start, end), content: b.subarray(p, end), offset: start, children }, end];
  }
  // Indefinite length (BER, as some signers write it): children up to the end-of-content mark 00 00.
  let q = p;
  for (;;) {
    if (q + 2 > limit) throw new DerError("truncated", q, what);
    if (b[q] === 0 && b[q + 1] === 0) break;
    const [child, next] = readAt(b, q, depth + 1, what, limit);
    children.push(child);
    q = next;
  }
  return [{ cls, constructed, tag, raw: b.subarray(start, q + 2), content: b.subarray(p, q), offset: start, children }, q + 2];
}

// ---- reading values ----------------------------------------------------------

/** Whether a node is a universal element with this tag number. */
export const isUniversal = (n: DerNode | undefined, tag: number): n is DerNode => n !== undefined && n.cls === UNIVERSAL && n.tag === tag;
/** Whether a node is a context-specific element [tag]. */
export const isContext = (n: DerNode | undefined, tag: number): n is DerNode => n !== undefined && n.cls === CONTEXT && n.tag === tag;

/** Where a node starts, for messages; -1 when it is missing. */
export const offsetOf = (n: DerNode | undefined): number => n?.offset ?? -1;

/** The node, which must be a universal element of this tag (and constructed for SEQUENCE and SET). */
export function expectUniversal(n: DerNode | undefined, tag: number, what: string): DerNode {
  if (!isUniversal(n, tag)) throw new DerError("unexpected", offsetOf(n), what);
  if ((tag === TAG.sequence || tag === TAG.set) && !n.constructed) throw new DerError("unexpected", n.offset, what);
  return n;
}

export function expectContext(n: DerNode | undefined, tag: number, what: string): DerNode {
  if (!isContext(n, tag)) throw new DerError("unexpected", offsetOf(n), what);
  return n;
}

/** The children of a SEQUENCE. */
export const sequence = (n: DerNode | undefined, what: string): DerNode[] => expectUniversal(n, TAG.sequence, what).children;

/** The octets of an OCTET STRING (a constructed BER one is joined). */
export function octets(n: DerNode | undefined, what: string, tag = TAG.octetString, cls = UNIVERSAL): Uint8Array {
  if (!n || n.cls !== cls || n.tag !== tag) throw new DerError("unexpected", n?.offset ?? -1, what);
  if (!n.constructed) return n.content;
  return concat(n.children.map((c) => octets(c, what)));
}

/** An OBJECT IDENTIFIER in dotted form. */
export function oid(n: DerNode | undefined, what: string): string {
  const c = expectUniversal(n, TAG.oid, what).content;
  if (c.length === 0 || c.length > 64) throw new DerError("badValue", n!.offset, what);
  const parts: number[] = [];
  let v = 0;
  for (let i = 0; i < c.length; i++) {
    v = v * 128 + (c[i]! & 0x7f);
    if (v > Number.MAX_SAFE_INTEGER / 128) throw new DerError("badValue", n!.offset, what);
    if ((c[i]! & 0x80) === 0) {
      if (parts.length === 0) parts.push(v < 80 ? Math.floor(v / 40) : 2, v < 80 ? v % 40 : v - 80);
      else parts.push(v);
      v = 0;
    }
  }
  if ((c[c.length - 1]! & 0x80) !== 0) throw new DerError("badValue", n!.offset, what);
  return parts.join(".");
}

/** An INTEGER as a bigint. */
export function integer(n: DerNode | undefined, what: string): bigint {
  const c = expectUniversal(n, TAG.integer, what).content;
  if (c.length === 0) throw new DerError("badValue", n!.offset, what);
  let v = 0n;
  for (const x of c) v = (v << 8n) | BigInt(x);
  if (c[0]! & 0x80) v -= 1n << BigInt(c.length * 8);
  return v;
}

/** A small INTEGER as a number. */
export function smallInt(n: DerNode | undefined, what: string): number {
  const v = integer(n, what);
  if (v < 0n || v > 1_000_000_000n) throw new DerError("badValue", n!.offset, what);
  return Number(v);
}

/** An INTEGER's content octets in hex, upper case, without leading zero octets: a serial number as people read it. */
export function integerHex(n: DerNode | undefined, what: string): string {
  let c = expectUniversal(n, TAG.integer, what).content;
  while (c.length > 1 && c[0] === 0) c = c.subarray(1);
  return Buffer.from(c).toString("hex").toUpperCase();
}

/** A BIT STRING's bytes (the unused-bits count must be 0 for signatures and keys; any for flags). */
export function bitString(n: DerNode | undefined, what: string): { unused: number; bytes: Uint8Array } {
  const c = expectUniversal(n, TAG.bitString, what).content;
  if (c.length === 0 || c[0]! > 7) throw new DerError("badValue", n!.offset, what);
  return { unused: c[0]!, bytes: c.subarray(1) };
}

export function bool(n: DerNode | undefined, what: string): boolean {
  const c = expectUniversal(n, TAG.boolean, what).content;
  if (c.length !== 1) throw new DerError("badValue", n!.offset, what);
  return c[0] !== 0;
}

/** A UTCTime or GeneralizedTime as a Date (UTC; fractions of a second are kept). */
export function time(n: DerNode | undefined, what: string): Date {
  if (!n || n.cls !== UNIVERSAL || (n.tag !== TAG.utcTime && n.tag !== TAG.generalizedTime)) throw new DerError("unexpected", n?.offset ?? -1, what);
  const s = new TextDecoder().decode(n.content);
  const m =
    n.tag === TAG.utcTime
      ? /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?Z$/.exec(s)
      : /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?(\.\d{1,9})?Z$/.exec(s);
  if (!m) throw new DerError("badValue", n.offset, what);
  let year = Number(m[1]);
  if (n.tag === TAG.utcTime) year += year < 50 ? 2000 : 1900;
  const ms = m[7] ? Math.round(Number(`0${m[7]}`) * 1000) : 0;
  const d = new Date(Date.UTC(year, Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0), ms));
  if (Number.isNaN(d.getTime())) throw new DerError("badValue", n.offset, what);
  return d;
}

/** A character string of a name (UTF8String, PrintableString, BMPString …) as text. */
export function text(n: DerNode): string {
  if (n.tag === TAG.bmpString) {
    let s = "";
    for (let i = 0; i + 1 < n.content.length; i += 2) s += String.fromCharCode((n.content[i]! << 8) | n.content[i + 1]!);
    return s;
  }
  if (n.tag === TAG.universalString) {
    let s = "";
    for (let i = 0; i + 3 < n.content.length; i += 4) s += String.fromCodePoint(((n.content[i + 1]! << 16) | (n.content[i + 2]! << 8) | n.content[i + 3]!) >>> 0);
    return s;
  }
  return new TextDecoder().decode(n.content);
}

// ---- writing DER ---------------------------------------------------------------

function lengthBytes(n: number): number[] {
  if (n < 0x80) return [n];
  const out: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) out.unshift(v & 0xff);
  return [0x80 | out.length, ...out];
}

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** One element from its identifier octet and content. */
export function tlv(identifier: number, content: Uint8Array): Uint8Array {
  return concat([Uint8Array.from([identifier, ...lengthBytes(content.length)]), content]);
}

export const encode = {
  sequence: (...parts: Uint8Array[]) => tlv(0x30, concat(parts)),
  /** A SET OF, its elements sorted by their encoding as DER requires. */
  setOf: (...parts: Uint8Array[]) => tlv(0x31, concat([...parts].sort(compareBytes))),
  integer(v: bigint | number): Uint8Array {
    let n = BigInt(v);
    if (n < 0n) throw new RangeError("negative integers are not written here");
    const bytes: number[] = [];
    do {
      bytes.unshift(Number(n & 0xffn));
      n >>= 8n;
    } while (n > 0n);
    if (bytes[0]! & 0x80) bytes.unshift(0);
    return tlv(0x02, Uint8Array.from(bytes));
  },
  /** An INTEGER from content octets as they stand in a certificate (a serial number). */
  integerRaw: (content: Uint8Array) => tlv(0x02, content),
  octetString: (bytes: Uint8Array) => tlv(0x04, bytes),
  null: () => Uint8Array.from([0x05, 0x00]),
  oid(dotted: string): Uint8Array {
    const p = dotted.split(".").map(Number);
    const out: number[] = [];
    const arcs = [p[0]! * 40 + p[1]!, ...p.slice(2)];
    for (const arc of arcs) {
      const chunk: number[] = [arc & 0x7f];
      for (let v = Math.floor(arc / 128); v > 0; v = Math.floor(v / 128)) chunk.unshift((v & 0x7f) | 0x80);
      out.push(...chunk);
    }
    return tlv(0x06, Uint8Array.from(out));
  },
  /** UTCTime for 1950–2049, GeneralizedTime after (RFC 5280), whole seconds. */
  time(d: Date): Uint8Array {
    const iso = d.toISOString();
    const digits = iso.slice(0, 19).replace(/[-:T]/g, "");
    const year = d.getUTCFullYear();
    if (year >= 1950 && year < 2050) return tlv(0x17, new TextEncoder().encode(`${digits.slice(2)}Z`));
    return tlv(0x18, new TextEncoder().encode(`${digits}Z`));
  },
  /** [n] EXPLICIT or a constructed [n] IMPLICIT: a constructed context element around the parts. */
  context: (n: number, ...parts: Uint8Array[]) => tlv(0xa0 | n, concat(parts)),
  algorithm: (dotted: string, params?: Uint8Array) => encode.sequence(encode.oid(dotted), ...(params ? [params] : [])),
};

export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && compareBytes(a, b) === 0;
}
