/**
 * The external signer and verifier for real: GOST R 34.10-2012 keys and
 * certificates made in the test by OpenSSL with the GOST engine, the PDF
 * signed and checked by `openssl cms` run from the configured templates, as a
 * site without CryptoPro would do it.
 */
import { beforeAll, describe, expect, test } from "bun:test";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { signatureService, type SignConfig } from "../../src/sign/signature-service.ts";
import { SignError } from "../../src/sign/sign-error.ts";
import { setLanguage } from "../../src/messages/text.ts";
import { tempDir } from "../helpers/temp-dir.ts";
import { rejectionOf } from "../helpers/rejection.ts";
import { type Issued, opensslVerify, selfSigned, TestCa } from "../helpers/test-ca.ts";
import { gostAvailable } from "../helpers/gost-required.ts";

setLanguage("ru");

/** The templates of README «Подписи», OpenSSL with the GOST engine. */
export const GOST_SIGN = "openssl cms -engine gost -sign -binary -md md_gost12_256 -in {input} -signer {cert} -inkey {key} -passin env:SIGN_KEY_PASSWORD -outform DER -out {signature}";
export const GOST_VERIFY = "openssl cms -engine gost -verify -binary -inform DER -in {signature} -content {input} -CAfile {roots} -attime {signing_time} -purpose any -out /dev/null";

const pdf = new TextEncoder().encode("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% Результат анализа: гемоглобин 140 г/л\n%%EOF\n");

const run = gostAvailable() ? describe : describe.skip;

run("external signer and verifier with GOST R 34.10-2012 (OpenSSL + GOST engine)", () => {
  let dir: string;
  let ca: TestCa;
  let doctor: Issued;
  const config = (o: Partial<SignConfig> = {}): SignConfig => ({
    engine: "external",
    sign_command: GOST_SIGN,
    verify_command: GOST_VERIFY,
    cert_file: doctor.cert,
    key_file: doctor.key,
    key_password: "",
    trusted_roots_file: ca.root.cert,
    crl_file: "",
    timeout_seconds: 20,
    max_pdf_mb: 1,
    ...o,
  });
  const signWith = (o: Partial<SignConfig> = {}) => signatureService(config(o)).sign(pdf, { documentId: "DOC-1" });
  const verifyWith = (doc: Uint8Array, sig: Uint8Array, o: Partial<SignConfig> = {}) => signatureService(config(o)).verify(doc, sig, { documentId: "DOC-1" });

  beforeAll(() => {
    dir = tempDir("gost-");
    ca = new TestCa(join(dir, "ca"), "gost", "Test GOST CA");
    doctor = ca.issue("Doctor GOST");
  });

  test("signs a PDF and verifies it: a valid verdict naming the signer and the signing time; real openssl agrees", async () => {
    const sig = await signWith();
    expect(sig[0]).toBe(0x30);
    const v = await verifyWith(pdf, sig);
    expect(v.reasons).toEqual([]);
    expect(v.valid).toBe(true);
    expect(v.verifier).toBe("external");
    expect(v.signers).toHaveLength(1);
    expect(v.signers[0]!.subject).toBe("CN=Doctor GOST, O=Test");
    expect(v.signers[0]!.issuer).toBe("CN=Test GOST CA, O=Test");
    expect(Math.abs(Date.parse(v.signers[0]!.signingTime!) - Date.now())).toBeLessThan(60_000);
    // GOST certificates are not checked by node:crypto: the verdict says who did.
    expect(v.notes.map((n) => n.code).sort()).toEqual(["chain_checked_externally", "no_crl_configured"]);
    writeFileSync(join(dir, "ok.pdf"), pdf);
    writeFileSync(join(dir, "ok.sig"), sig);
    expect(opensslVerify(dir, "gost", join(dir, "ok.pdf"), join(dir, "ok.sig"), ca.root.cert).code).toBe(0);
  });

  test("a PDF changed after signing fails: the verifier rejects it, and says so", async () => {
    const sig = await signWith();
    const tampered = new Uint8Array(pdf);
    tampered[40] = tampered[40]! ^ 1;
    const v = await verifyWith(tampered, sig);
    expect(v.valid).toBe(false);
    expect(v.reasons.map((r) => r.code)).toEqual(["rejected_by_verifier"]);
    expect(v.reasons[0]!.message).toContain("openssl");
    expect(v.reasons[0]!.message).toMatch(/verif/i);
  });

  test("a certificate outside the trusted roots fails, in the agent's check and in openssl's", async () => {
    const other = new TestCa(join(dir, "other"), "gost", "Other GOST CA");
    const stranger = other.issue("Stranger");
    const sig = await signWith({ cert_file: stranger.cert, key_file: stranger.key });
    const v = await verifyWith(pdf, sig);
    expect(v.valid).toBe(false);
    expect(v.reasons.map((r) => r.code).sort()).toEqual(["issuer_not_found", "rejected_by_verifier"]);
    expect(v.reasons.find((r) => r.code === "issuer_not_found")!.message).toContain("CN=Other GOST CA");
  });

  test("a self-signed certificate passes only if it is itself a configured root", async () => {
    const self = selfSigned(join(dir, "self"), "gost", "Self Signed Doctor");
    const sig = await signWith({ cert_file: self.cert, key_file: self.key });
    const v = await verifyWith(pdf, sig);
    expect(v.valid).toBe(false);
    expect(v.reasons.map((r) => r.code)).toContain("self_signed");
    const bundle = join(dir, "roots-with-self.pem");
    writeFileSync(bundle, readFileSync(ca.root.cert, "utf8") + readFileSync(self.cert, "utf8"));
    const trusted = await verifyWith(pdf, sig, { trusted_roots_file: bundle });
    expect(trusted.reasons).toEqual([]);
    expect(trusted.valid).toBe(true);
  });

  test("an expired certificate fails; the signer refuses to sign with it at all", async () => {
    const day = 86_400_000;
    const old = ca.issue("Expired Doctor", { start: new Date(Date.now() - 10 * day), end: new Date(Date.now() - day) });
    const e = await rejectionOf(signWith({ cert_file: old.cert, key_file: old.key }), SignError);
    expect(e.kind).toBe("certificate_expired");
    expect(e.scope).toBe("setup");
    expect(e.message).toContain("CN=Expired Doctor");
    expect(e.message).toContain("sign.cert_file");
    // Signed anyway (a site with an old key): the verifier finds it expired at the signing time.
    const sig = await signWith({ cert_file: "", sign_command: GOST_SIGN.replace("{cert}", old.cert).replace("{key}", old.key) });
    const v = await verifyWith(pdf, sig);
    expect(v.valid).toBe(false);
    expect(v.reasons.map((r) => r.code)).toContain("expired");
    expect(v.reasons.find((r) => r.code === "expired")!.message).toContain("CN=Expired Doctor");
  });

  test("a revoked certificate fails against the configured CRL", async () => {
    const revoked = ca.issue("Revoked Doctor");
    const sig = await signWith({ cert_file: revoked.cert, key_file: revoked.key });
    ca.revoke(revoked.cert);
    const crl = ca.crl("gost-crl.pem");
    const v = await verifyWith(pdf, sig, { crl_file: crl });
    expect(v.valid).toBe(false);
    expect(v.reasons.map((r) => r.code)).toEqual(["revoked"]);
    expect(v.reasons[0]!.message).toContain("CN=Revoked Doctor");
    expect(v.reasons[0]!.message).toContain("sign.crl_file");
    // The same CRL, a certificate not on it: valid, and no "not checked" note.
    const fine = await verifyWith(pdf, await signWith(), { crl_file: crl });
    expect(fine.reasons).toEqual([]);
    expect(fine.notes.map((n) => n.code).sort()).toEqual(["chain_checked_externally", "crl_signature_unchecked"]);
  });

  test("a signer that hangs is killed at the timeout, with what it started", async () => {
    const pidFile = join(dir, "hang.pid");
    const hang = `sh -c 'sleep 30 & echo $! > ${pidFile}; wait' sh {input} {signature}`;
    const started = Date.now();
    const e = await rejectionOf(signWith({ sign_command: hang, timeout_seconds: 1 }), SignError);
    expect(e.kind).toBe("timeout");
    expect(e.scope).toBe("transient");
    expect(e.message).toContain("sign.sign_command");
    expect(e.message).toContain("1 с");
    expect(Date.now() - started).toBeLessThan(5000);
    const pid = Number(readFileSync(pidFile, "utf8"));
    await Bun.sleep(100);
    expect(isRunning(pid)).toBe(false);
  });

  test("a signer that fails: its stderr in the error, with patient data and the key password cut out", async () => {
    const password = "S3cret-Pa55";
    const failing = `sh -c 'echo "cannot sign for пациент Иванов Иван Иванович, pin ${password}, tel +7 916 123-45-12" >&2; exit 3' sh {input} {signature}`;
    const e = await rejectionOf(signWith({ sign_command: failing, key_password: password }), SignError);
    expect(e.kind).toBe("tool_failed");
    expect(e.message).toContain("кодом 3");
    expect(e.message).toContain("cannot sign for");
    expect(e.message).not.toContain(password);
    expect(e.message).not.toContain("Иванов");
    expect(e.message).not.toContain("123-45-12");
  });

  test("a signer that exits 0 but writes no detached signature is a failure, not a signature", async () => {
    const e = await rejectionOf(signWith({ sign_command: "sh -c 'echo garbage > \"$2\"' sh {input} {signature}" }), SignError);
    expect(e.kind).toBe("tool_failed");
    expect(e.message).toContain("{signature}");
    // An attached signature (the PDF inside) is refused as well.
    const attached = GOST_SIGN.replace("-sign ", "-sign -nodetach ");
    const e2 = await rejectionOf(signWith({ sign_command: attached }), SignError);
    expect(e2.kind).toBe("tool_failed");
    expect(e2.message).toContain("отсоединённ");
  });

  test("an encrypted key: the password reaches the program in SIGN_KEY_PASSWORD (not on its command line) and never shows in an error", async () => {
    openssl(join(dir, "ca"), ["pkey", "-engine", "gost", "-in", doctor.key, "-aes256", "-passout", "pass:Key-Pass-1", "-out", "enc.key"]);
    const sig = await signWith({ key_file: join(dir, "ca", "enc.key"), key_password: "Key-Pass-1" });
    expect((await verifyWith(pdf, sig)).valid).toBe(true);
    const e = await rejectionOf(signWith({ key_file: join(dir, "ca", "enc.key"), key_password: "wrong-pass" }), SignError);
    expect(e.kind).toBe("tool_failed");
    expect(e.message).not.toContain("wrong-pass");
  });

  test("a verifier that hangs is an error to retry, not a verdict", async () => {
    const sig = await signWith();
    const e = await rejectionOf(verifyWith(pdf, sig, { verify_command: "sh -c 'sleep 30' sh {input} {signature}", timeout_seconds: 1 }), SignError);
    expect(e.kind).toBe("timeout");
    expect(e.message).toContain("sign.verify_command");
  });

  test("a signature that is not CMS at all is an invalid verdict saying so, without running the verifier", async () => {
    const v = await verifyWith(pdf, new TextEncoder().encode("not a signature"));
    expect(v.valid).toBe(false);
    expect(v.reasons.map((r) => r.code)).toEqual(["malformed"]);
    expect(v.reasons[0]!.message).toContain("CMS");
  });

  test("limits and setup: a PDF over max_pdf_mb, missing settings, a bad template, a missing certificate file", async () => {
    const big = new Uint8Array(1024 * 1024 + 1);
    const tooBig = await rejectionOf(signatureService(config()).sign(big, { documentId: "DOC-9" }), SignError);
    expect([tooBig.kind, tooBig.scope]).toEqual(["too_large", "document"]);
    expect(tooBig.message).toContain("DOC-9");
    expect(tooBig.message).toContain("sign.max_pdf_mb = 1");
    const inBig = await rejectionOf(signatureService(config()).verify(big, new Uint8Array(1), { documentId: "DOC-8" }), SignError);
    expect(inBig.kind).toBe("too_large");

    const none = await rejectionOf(signWith({ sign_command: "" }), SignError);
    expect(none.kind).toBe("not_configured");
    expect(none.message).toContain("sign.sign_command");
    const noRoots = await rejectionOf(verifyWith(pdf, new Uint8Array(1), { trusted_roots_file: "" }), SignError);
    expect(noRoots.message).toContain("sign.trusted_roots_file");

    const unknown = await rejectionOf(signWith({ sign_command: "openssl cms -sign -in {input} -out {signature} -certfile {chain}" }), SignError);
    expect(unknown.kind).toBe("bad_template");
    expect(unknown.message).toContain("{chain}");
    const noOutput = await rejectionOf(signWith({ sign_command: "openssl cms -sign -in {input}" }), SignError);
    expect(noOutput.message).toContain("{signature}");
    const noCrl = await rejectionOf(verifyWith(pdf, await signWith(), { verify_command: `${GOST_VERIFY} -CRLfile {crl}` }), SignError);
    expect(noCrl.kind).toBe("bad_template");
    expect(noCrl.message).toContain("sign.crl_file");

    const missing = await rejectionOf(signWith({ cert_file: join(dir, "nope.pem") }), SignError);
    expect(missing.kind).toBe("no_certificate");
    expect(missing.message).toContain("nope.pem");
    expect(existsSync(join(dir, "nope.pem"))).toBe(false);
  });
});

/** Whether a process runs (a killed child that nobody reaped yet is a zombie: not running). */
function isRunning(pid: number): boolean {
  if (!existsSync(`/proc/${pid}/stat`)) return false;
  const state = readFileSync(`/proc/${pid}/stat`, "utf8").replace(/^.*\) /, "")[0];
  return state !== "Z" && state !== "X";
}

function openssl(cwd: string, args: string[]): void {
  const r = Bun.spawnSync(["openssl", ...args], { cwd, stderr: "pipe" });
  if (r.exitCode !== 0) throw new Error(r.stderr.toString());
}
