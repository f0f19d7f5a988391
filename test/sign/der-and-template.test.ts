/**
 * The two small parsers under the signatures: the ASN.1 reader (input from
 * outside: it must refuse, never misread) and the command templates.
 */
import { describe, expect, test } from "bun:test";
import { DerError, encode, oid, readDer, integerHex, time, octets, tlv } from "../../src/sign/der.ts";
import { personName } from "../../src/sign/certificate.ts";
import { expandTemplate, parseTemplate } from "../../src/sign/command-template.ts";
import { SignError } from "../../src/sign/sign-error.ts";
import { setLanguage } from "../../src/messages/text.ts";

setLanguage("en");

const bytes = (...b: number[]) => Uint8Array.from(b);
const problemOf = (f: () => unknown): string => {
  try {
    f();
  } catch (error) {
    if (error instanceof DerError) return `${error.problem}@${error.offset}`;
    throw error;
  }
  throw new Error("no DerError");
};

describe("ASN.1 reader", () => {
  test("reads what the writer writes: OIDs with large arcs, integers, times, nested sequences", () => {
    const der = encode.sequence(encode.oid("1.2.643.7.1.1.3.2"), encode.oid("2.999.1"), encode.integer(0x80n), encode.time(new Date("2049-12-31T23:59:59Z")), encode.time(new Date("2050-01-01T00:00:00Z")));
    const [a, b, c, d, e] = readDer(der, "t").children;
    expect(oid(a, "t")).toBe("1.2.643.7.1.1.3.2");
    expect(oid(b, "t")).toBe("2.999.1");
    expect(integerHex(c, "t")).toBe("80");
    expect(c!.content).toEqual(bytes(0x00, 0x80));
    expect(d!.tag).toBe(23); // UTCTime until 2049
    expect(time(d, "t").toISOString()).toBe("2049-12-31T23:59:59.000Z");
    expect(e!.tag).toBe(24); // GeneralizedTime from 2050
    expect(time(e, "t").toISOString()).toBe("2050-01-01T00:00:00.000Z");
  });

  test("BER as some signers write it: indefinite lengths and a constructed OCTET STRING", () => {
    // SEQUENCE (indefinite) { OCTET STRING (constructed, indefinite) { "ab", "c" } } 00 00
    const ber = bytes(0x30, 0x80, 0x24, 0x80, 0x04, 0x02, 0x61, 0x62, 0x04, 0x01, 0x63, 0x00, 0x00, 0x00, 0x00);
    const n = readDer(ber, "ber");
    expect(n.raw.length).toBe(ber.length);
    expect(new TextDecoder().decode(octets(n.children[0], "ber"))).toBe("abc");
  });

  test("refuses, with the byte, what is cut off, too long, trailing, too deep or impossible", () => {
    expect(problemOf(() => readDer(bytes(0x30, 0x05, 0x02, 0x01), "t"))).toBe("truncated@2");
    expect(problemOf(() => readDer(bytes(0x30, 0x85, 1, 1, 1, 1, 1), "t"))).toBe("badLength@1");
    expect(problemOf(() => readDer(bytes(0x05, 0x00, 0x05), "t"))).toBe("trailing@2");
    expect(problemOf(() => readDer(bytes(0x04, 0x80, 0x00, 0x00), "t"))).toBe("badLength@1"); // indefinite primitive
    expect(problemOf(() => readDer(bytes(0x30, 0x80, 0x05, 0x00), "t"))).toBe("truncated@4"); // no end-of-content
    let deep: Uint8Array = bytes(0x05, 0x00);
    for (let i = 0; i < 60; i++) deep = encode.sequence(deep);
    expect(problemOf(() => readDer(deep, "t"))).toMatch(/^tooDeep@/);
    expect(problemOf(() => oid(readDer(bytes(0x06, 0x01, 0x81), "t"), "t"))).toBe("badValue@0");
  });

  test("never reads past its input, whatever the bytes (a quick fuzz with a fixed seed)", () => {
    let seed = 7;
    const next = () => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 16) & 0xff;
    const base = encode.sequence(encode.oid("1.2.840.113549.1.7.2"), encode.context(0, encode.sequence(encode.integer(1), encode.octetString(bytes(1, 2, 3)))));
    for (let i = 0; i < 2000; i++) {
      const b = new Uint8Array(base);
      for (let k = 0; k < 3; k++) b[next() % b.length] = next();
      const cut = b.subarray(0, 1 + (next() % b.length));
      try {
        readDer(cut, "fuzz");
      } catch (error) {
        expect(error).toBeInstanceOf(DerError);
      }
    }
  });
});

describe("the signer's name from a certificate's subject", () => {
  const utf8 = (v: string) => tlv(0x0c, new TextEncoder().encode(v));
  const name = (...atvs: [string, string][]) => encode.sequence(...atvs.map(([type, value]) => encode.setOf(encode.sequence(encode.oid(type), utf8(value)))));
  test("surname and given name (with patronymic) where the certificate has them, else CN; never SNILS or INN", () => {
    const qualified = name(["2.5.4.3", "ГБУЗ Поликлиника №1"], ["2.5.4.4", "Иванова"], ["2.5.4.42", "Анна Петровна"], ["1.2.643.100.3", "12345678901"], ["1.2.643.3.131.1.1", "770000000000"]);
    expect(personName(qualified)).toBe("Иванова Анна Петровна");
    expect(personName(name(["2.5.4.3", "Lab Doctor"], ["2.5.4.10", "Test"]))).toBe("Lab Doctor");
    expect(personName(name(["2.5.4.10", "Test"]))).toBeNull();
    expect(personName(Uint8Array.from([0x30, 0x05, 0x31]))).toBeNull();
  });
});

describe("command templates", () => {
  test("quotes keep spaces (Windows paths with backslashes), placeholders fill anywhere in a word", () => {
    const t = parseTemplate("sign.sign_command", `"C:\\Program Files\\Crypto Pro\\CSP\\cryptcp.exe" -sign -detached -f {input} -out={signature} 'a b'`, ["input", "signature"]);
    expect(expandTemplate(t, { input: "/tmp/in.pdf", signature: "/tmp/in.sig" })).toEqual([
      "C:\\Program Files\\Crypto Pro\\CSP\\cryptcp.exe",
      "-sign",
      "-detached",
      "-f",
      "/tmp/in.pdf",
      "-out=/tmp/in.sig",
      "a b",
    ]);
  });

  test("an optional part in [ ] is left out when a placeholder in it has no value, kept when all have", () => {
    const t = parseTemplate("sign.verify_command", "verify {input} {signature} [-CRLfile {crl} -crl_check] -end", ["input", "signature"]);
    expect(expandTemplate(t, { input: "i", signature: "s" })).toEqual(["verify", "i", "s", "-end"]);
    expect(expandTemplate(t, { input: "i", signature: "s", crl: "c.pem" })).toEqual(["verify", "i", "s", "-CRLfile", "c.pem", "-crl_check", "-end"]);
  });

  test("mistakes are setup errors that name the setting and what is wrong", () => {
    const msg = (source: string) => {
      try {
        const t = parseTemplate("sign.sign_command", source, ["input", "signature"]);
        expandTemplate(t, { input: "i", signature: "s" });
      } catch (error) {
        expect(error).toBeInstanceOf(SignError);
        expect((error as SignError).kind).toBe("bad_template");
        return (error as SignError).message;
      }
      throw new Error("no error");
    };
    expect(msg(`tool "unclosed {input} {signature}`)).toContain("a quote is not closed");
    expect(msg("tool [{input} {signature}")).toContain("square bracket");
    expect(msg("tool {input} {signature} {thumbprint}")).toContain("unknown placeholder {thumbprint}");
    expect(msg("tool {input}")).toContain("{signature}");
    expect(msg("   ")).toContain("empty");
    expect(msg("tool {input} {signature} -certfile {cert}")).toContain("sign.cert_file is not set");
  });
});
