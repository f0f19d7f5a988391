/**
 * The built-in signer and verifier (RSA, ECDSA), held to real OpenSSL both
 * ways: what the agent signs, `openssl cms -verify` must accept; what
 * `openssl cms -sign` signs, the agent must accept — and both must refuse
 * the same bad cases.
 */
import { beforeAll, describe, expect, test } from "bun:test";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { signatureService, type SignConfig } from "../../src/sign/signature-service.ts";
import { SignError } from "../../src/sign/sign-error.ts";
import { setLanguage } from "../../src/messages/text.ts";
import { tempDir } from "../helpers/temp-dir.ts";
import { rejectionOf } from "../helpers/rejection.ts";
import { type Issued, type KeyKind, openssl, opensslSign, opensslVerify, selfSigned, TestCa } from "../helpers/test-ca.ts";
import { gostAvailable } from "../helpers/gost-required.ts";

setLanguage("ru");

const pdf = new TextEncoder().encode("%PDF-1.7\n% Общий анализ крови: лейкоциты 6.1\n%%EOF\n");
const day = 86_400_000;

let dir: string;
const cas: Partial<Record<KeyKind, { ca: TestCa; doctor: Issued }>> = {};

beforeAll(() => {
  dir = tempDir("builtin-sign-");
  writeFileSync(join(dir, "doc.pdf"), pdf);
  for (const kind of ["rsa", "ec"] as const) {
    const ca = new TestCa(join(dir, kind), kind, `Test ${kind.toUpperCase()} CA`);
    cas[kind] = { ca, doctor: ca.issue(`Doctor ${kind.toUpperCase()}`) };
  }
});

const config = (kind: KeyKind, o: Partial<SignConfig> = {}): SignConfig => ({
  engine: "builtin",
  sign_command: "",
  verify_command: "",
  cert_file: cas[kind]!.doctor.cert,
  key_file: cas[kind]!.doctor.key,
  key_password: "",
  trusted_roots_file: cas[kind]!.ca.root.cert,
  crl_file: "",
  timeout_seconds: 10,
  max_pdf_mb: 5,
  ...o,
});
const sign = (kind: KeyKind, o: Partial<SignConfig> = {}) => signatureService(config(kind, o)).sign(pdf, { documentId: "R-1" });
const verify = (kind: KeyKind, doc: Uint8Array, sig: Uint8Array, o: Partial<SignConfig> = {}) => signatureService(config(kind, o)).verify(doc, sig, { documentId: "R-1" });
const codes = (v: { reasons: { code: string }[] }) => v.reasons.map((r) => r.code);

/** The signature written to a file, checked by real OpenSSL. */
function opensslAccepts(kind: KeyKind, sig: Uint8Array, roots = cas[kind]!.ca.root.cert): { code: number; stderr: string } {
  const file = join(dir, `check-${kind}.sig`);
  writeFileSync(file, sig);
  return opensslVerify(dir, kind, join(dir, "doc.pdf"), file, roots);
}

describe.each(["rsa", "ec"] as const)("built-in, %s", (kind) => {
  test("its detached signature is accepted by `openssl cms -verify` (real OpenSSL) and by itself", async () => {
    const sig = await sign(kind);
    expect(opensslAccepts(kind, sig)).toEqual({ code: 0, stderr: "CMS Verification successful\n" });
    const v = await verify(kind, pdf, sig);
    expect(v.reasons).toEqual([]);
    expect(v.valid).toBe(true);
    expect(v.verifier).toBe("builtin");
    expect(v.signers[0]!.subject).toBe(`CN=Doctor ${kind.toUpperCase()}, O=Test`);
    expect(v.signers[0]!.signingTime).not.toBeNull();
    // OpenSSL reads the attributes the agent wrote: content type, signing time, digest, ESS signing certificate.
    const printed = new TextDecoder().decode(openssl(dir, ["cms", "-cmsout", "-print", "-inform", "DER", "-in", join(dir, `check-${kind}.sig`)]));
    for (const attr of ["contentType", "signingTime", "messageDigest", "id-smime-aa-signingCertificateV2"]) expect(printed).toContain(attr);
  });

  test("it accepts a signature made by `openssl cms -sign`, with and without signed attributes", async () => {
    const withAttrs = opensslSign(dir, kind, join(dir, "doc.pdf"), cas[kind]!.doctor, join(dir, `o-${kind}.sig`));
    const v = await verify(kind, pdf, withAttrs);
    expect(v.reasons).toEqual([]);
    expect(v.valid).toBe(true);
    // -noattr: no signingTime — checked at the time of verification, and the verdict says so.
    const bare = opensslSign(dir, kind, join(dir, "doc.pdf"), cas[kind]!.doctor, join(dir, `bare-${kind}.sig`), ["-noattr"]);
    const vb = await verify(kind, pdf, bare);
    expect(vb.valid).toBe(true);
    expect(vb.signers[0]!.signingTime).toBeNull();
    expect(vb.notes.map((n) => n.code)).toContain("no_signing_time");
    // PEM output (as some tools write it) is read as well.
    openssl(dir, ["cms", "-sign", "-binary", "-in", join(dir, "doc.pdf"), "-signer", cas[kind]!.doctor.cert, "-inkey", cas[kind]!.doctor.key, "-outform", "PEM", "-out", join(dir, `pem-${kind}.sig`)]);
    expect((await verify(kind, pdf, new Uint8Array(readFileSync(join(dir, `pem-${kind}.sig`))))).valid).toBe(true);
  });

  test("a tampered PDF fails for both: its hash no longer matches", async () => {
    const sig = await sign(kind);
    const tampered = new TextEncoder().encode(new TextDecoder().decode(pdf).replace("6.1", "9.1"));
    const v = await verify(kind, tampered, sig);
    expect(v.valid).toBe(false);
    expect(codes(v)).toEqual(["digest_mismatch"]);
    writeFileSync(join(dir, "tampered.pdf"), tampered);
    writeFileSync(join(dir, "t.sig"), sig);
    expect(opensslVerify(dir, kind, join(dir, "tampered.pdf"), join(dir, "t.sig"), cas[kind]!.ca.root.cert).code).not.toBe(0);
  });

  test("a changed signature value fails (bad_signature), not only a changed PDF", async () => {
    const sig = await sign(kind);
    const broken = new Uint8Array(sig);
    broken[broken.length - 5] = broken[broken.length - 5]! ^ 0x40;
    const v = await verify(kind, pdf, broken);
    expect(v.valid).toBe(false);
    expect(codes(v)).toContain("bad_signature");
  });
});

describe("built-in verifier: certificates", () => {
  test("a certificate from another CA fails, as with openssl", async () => {
    const other = new TestCa(join(dir, "other"), "rsa", "Other CA");
    const stranger = other.issue("Stranger");
    const sig = await sign("rsa", { cert_file: stranger.cert, key_file: stranger.key });
    const v = await verify("rsa", pdf, sig);
    expect(codes(v)).toEqual(["issuer_not_found"]);
    expect(opensslAccepts("rsa", sig).code).not.toBe(0);
  });

  test("a forged CA with the trusted root's name, carried in the signature, is not taken for the root", async () => {
    // Same subject as the trusted root, another key.
    const forger = new TestCa(join(dir, "forged"), "rsa", "Test RSA CA");
    // With key identifiers, the forged root is told apart by them: a chain to an untrusted root.
    const victim = forger.issue("Doctor RSA");
    const sig = opensslSign(dir, "rsa", join(dir, "doc.pdf"), victim, join(dir, "forged.sig"), ["-certfile", forger.root.cert]);
    const v = await verify("rsa", pdf, sig);
    expect(codes(v)).toEqual(["untrusted_root"]);
    expect(opensslAccepts("rsa", sig).code).not.toBe(0);
    // Without them, the trusted root is found by name, and the certificate's signature does not verify with its key.
    const plain = forger.issue("Doctor RSA", { withoutKeyIds: true });
    const sig2 = opensslSign(dir, "rsa", join(dir, "doc.pdf"), plain, join(dir, "forged2.sig"), ["-certfile", forger.root.cert]);
    const v2 = await verify("rsa", pdf, sig2);
    expect(codes(v2)).toEqual(["certificate_bad_signature"]);
    expect(v2.reasons[0]!.message).toContain("CN=Test RSA CA");
    expect(opensslAccepts("rsa", sig2).code).not.toBe(0);
  });

  test("a self-signed certificate fails unless it is itself a configured root", async () => {
    const self = selfSigned(join(dir, "self"), "ec", "Self Doctor");
    const sig = await sign("ec", { cert_file: self.cert, key_file: self.key });
    expect(codes(await verify("ec", pdf, sig))).toEqual(["self_signed"]);
    expect((await verify("ec", pdf, sig, { trusted_roots_file: self.cert })).valid).toBe(true);
  });

  test("an expired certificate: the signer refuses it; a signature made after its end fails; one made in time stays valid later", async () => {
    const { ca } = cas.rsa!;
    const old = ca.issue("Old Doctor", { start: new Date(Date.now() - 10 * day), end: new Date(Date.now() - day) });
    const e = await rejectionOf(sign("rsa", { cert_file: old.cert, key_file: old.key }), SignError);
    expect([e.kind, e.scope]).toEqual(["certificate_expired", "setup"]);
    expect(e.message).toContain("CN=Old Doctor");
    const sig = opensslSign(dir, "rsa", join(dir, "doc.pdf"), old, join(dir, "old.sig"));
    const v = await verify("rsa", pdf, sig);
    expect(codes(v)).toEqual(["expired"]);
    // Checked at the signing time, not now: a signature from when it was valid stays valid.
    const laterService = signatureService(config("rsa"), { now: () => new Date(Date.now() + 30 * day) });
    const fresh = await sign("rsa");
    const later = await laterService.verify(pdf, fresh, { documentId: "R-1" });
    expect(codes(later)).toEqual([]);
  });

  test("a revoked certificate fails against the CRL; the CRL's own signature is checked", async () => {
    const { ca } = cas.ec!;
    const gone = ca.issue("Revoked Doctor");
    const sig = await sign("ec", { cert_file: gone.cert, key_file: gone.key });
    ca.revoke(gone.cert);
    const crl = ca.crl();
    const v = await verify("ec", pdf, sig, { crl_file: crl });
    expect(codes(v)).toEqual(["revoked"]);
    // A CRL with the right issuer name but signed by another key is a setup error, not a verdict.
    const impostor = new TestCa(join(dir, "impostor"), "ec", "Test EC CA");
    const fakeCrl = impostor.crl();
    const e = await rejectionOf(verify("ec", pdf, sig, { crl_file: fakeCrl }), SignError);
    expect([e.kind, e.scope]).toEqual(["trust_config", "setup"]);
    expect(e.message).toContain(fakeCrl);
    // A CRL of an unrelated CA: revocation not checked, said in a note.
    const unrelated = new TestCa(join(dir, "unrelated"), "ec", "Unrelated CA").crl();
    const vn = await verify("ec", pdf, await sign("ec"), { crl_file: unrelated });
    expect(vn.valid).toBe(true);
    expect(vn.notes.map((n) => n.code)).toContain("no_crl_for_issuer");
  });

  test("a GOST signature is not checked by the built-in verifier: invalid, saying to use the external one", async () => {
    if (!gostAvailable()) return;
    const gost = new TestCa(join(dir, "gost"), "gost", "GOST CA");
    const doc = gost.issue("GOST Doctor");
    const sig = opensslSign(dir, "gost", join(dir, "doc.pdf"), doc, join(dir, "gost.sig"));
    const v = await verify("rsa", pdf, sig, { trusted_roots_file: gost.root.cert });
    expect(v.valid).toBe(false);
    expect(codes(v)).toContain("unsupported_algorithm");
    expect(v.reasons.find((r) => r.code === "unsupported_algorithm")!.message).toContain("GOST R 34.1");
  });

  test("a signature without the signer's certificate (openssl -nocerts) is invalid: there is nothing to check it with", async () => {
    const sig = opensslSign(dir, "rsa", join(dir, "doc.pdf"), cas.rsa!.doctor, join(dir, "nocerts.sig"), ["-nocerts"]);
    const v = await verify("rsa", pdf, sig);
    expect(codes(v)).toEqual(["no_signer_certificate"]);
    expect(v.signers).toEqual([]);
  });

  test("garbage, a cut-off signature and an attached signature are invalid verdicts that say what is wrong", async () => {
    const sig = await sign("rsa");
    const cut = await verify("rsa", pdf, sig.subarray(0, sig.length - 30));
    expect(codes(cut)).toEqual(["malformed"]);
    expect(cut.reasons[0]!.message).toContain("байт");
    const attached = new Uint8Array(openssl(dir, ["cms", "-sign", "-nodetach", "-binary", "-in", join(dir, "doc.pdf"), "-signer", cas.rsa!.doctor.cert, "-inkey", cas.rsa!.doctor.key, "-outform", "DER"]));
    expect(codes(await verify("rsa", pdf, attached))).toContain("not_detached");
  });
});

describe("built-in verifier: damaged input", () => {
  test("whatever bytes of a real signature are changed or cut, the answer is a verdict, never a crash", async () => {
    const sig = await sign("ec");
    const service = signatureService(config("ec"));
    let seed = 11;
    const next = () => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 16) & 0xffff;
    let invalid = 0;
    for (let i = 0; i < 600; i++) {
      const b = new Uint8Array(sig);
      for (let k = 0; k < 1 + (i % 4); k++) b[next() % b.length] = next() & 0xff;
      const damaged = i % 3 === 0 ? b.subarray(0, next() % b.length) : b;
      const v = await service.verify(pdf, damaged, { documentId: "fuzz" });
      if (!v.valid) invalid++;
      expect(v.valid).toBe(v.reasons.length === 0);
    }
    expect(invalid).toBeGreaterThan(500);
  });
});

describe("built-in signer: keys", () => {
  test("PKCS#12 (OpenSSL 3 default, AES) and legacy 3DES files open with the password; a wrong one is named, never shown", async () => {
    const { doctor, ca } = cas.ec!;
    for (const [file, extra] of [["modern.p12", []], ["tdes.p12", ["-keypbe", "PBE-SHA1-3DES", "-certpbe", "PBE-SHA1-3DES", "-macalg", "sha1"]]] as const) {
      openssl(dir, ["pkcs12", "-export", "-in", doctor.cert, "-inkey", doctor.key, "-certfile", ca.root.cert, "-out", file, "-passout", "pass:P12-pass", ...extra]);
      const sig = await sign("ec", { key_file: join(dir, file), cert_file: "", key_password: "P12-pass" });
      expect(opensslAccepts("ec", sig).code).toBe(0);
      const e = await rejectionOf(sign("ec", { key_file: join(dir, file), cert_file: "", key_password: "Wrong-pass" }), SignError);
      expect([e.kind, e.scope]).toEqual(["bad_key", "setup"]);
      expect(e.message).toContain("AGENT_SIGN_KEY_PASSWORD");
      expect(e.message).not.toContain("Wrong-pass");
    }
  });

  test("an old RC2 PKCS#12 gets the command that converts it", async () => {
    const { doctor } = cas.rsa!;
    openssl(dir, ["pkcs12", "-export", "-legacy", "-in", doctor.cert, "-inkey", doctor.key, "-out", "legacy.p12", "-passout", "pass:P12-pass"]);
    const e = await rejectionOf(sign("rsa", { key_file: join(dir, "legacy.p12"), cert_file: "", key_password: "P12-pass" }), SignError);
    expect(e.kind).toBe("bad_key");
    expect(e.message).toContain("RC2-40");
    expect(e.message).toContain("openssl pkcs12 -legacy");
  });

  test("an encrypted PEM key with the password from the environment setting; a key of another certificate is refused", async () => {
    const { doctor, ca } = cas.rsa!;
    openssl(dir, ["pkey", "-in", doctor.key, "-aes256", "-passout", "pass:Pem-pass", "-out", "enc.pem"]);
    expect(opensslAccepts("rsa", await sign("rsa", { key_file: join(dir, "enc.pem"), key_password: "Pem-pass" })).code).toBe(0);
    const wrong = await rejectionOf(sign("rsa", { key_file: join(dir, "enc.pem"), key_password: "nope-nope" }), SignError);
    expect(wrong.message).toContain("AGENT_SIGN_KEY_PASSWORD");
    const mismatch = await rejectionOf(sign("rsa", { key_file: ca.root.key }), SignError);
    expect(mismatch.kind).toBe("bad_key");
    expect(mismatch.message).toContain("sign.cert_file");
    const missing = await rejectionOf(sign("rsa", { key_file: join(dir, "absent.key") }), SignError);
    expect(missing.message).toContain("absent.key");
    expect(missing.message).toContain("ENOENT");
  });
});
