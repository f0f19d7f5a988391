/**
 * Signed PDF documents through the ЦОД protocol 1.1: the agent's real client
 * against the simulator, and the signatures made and checked by src/sign/
 * (GOST through OpenSSL's engine, and the built-in RSA signer). An executing
 * МО uploads; the ordering МО lists, downloads, verifies and acknowledges.
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from "bun:test";
import { join } from "node:path";
import { CodSimulator } from "../../src/sim/cod/cod-simulator.ts";
import { CodClient, type DocumentUpload } from "../../src/cod/cod-client.ts";
import { CodError } from "../../src/cod/cod-error.ts";
import { HttpClient } from "../../src/net/http-client.ts";
import { signatureService, type SignConfig } from "../../src/sign/signature-service.ts";
import { setLanguage } from "../../src/messages/text.ts";
import { tempDir } from "../helpers/temp-dir.ts";
import { rejectionOf } from "../helpers/rejection.ts";
import { adminOf } from "../helpers/sim-admin.ts";
import { TestCa } from "../helpers/test-ca.ts";
import { gostAvailable } from "../helpers/gost-required.ts";

setLanguage("ru");

let sim: CodSimulator;
let dir: string;
let rsa: TestCa;
const pauses: number[] = [];

beforeAll(async () => {
  dir = tempDir("sim-docs-");
  sim = await CodSimulator.start({ dataDir: join(dir, "sim") });
  rsa = new TestCa(join(dir, "rsa"), "rsa", "Region Lab CA");
});
afterAll(() => sim.stop());
afterEach(() => admin("DELETE", "/admin/faults"));

const admin = adminOf(() => sim.adminUrl);

function client(mo: string, o: { retries?: number; base?: string } = {}): CodClient {
  const http = new HttpClient(
    { setting: "cod", baseUrl: o.base ?? sim.url, timeoutMs: 5000, retries: o.retries ?? 0, backoff: { firstPauseMs: 10, maxPauseMs: 50 } },
    { sleep: async (ms) => void pauses.push(ms) },
  );
  return new CodClient(http, mo, `token-of-${mo}`);
}

const codError = (p: Promise<unknown>) => rejectionOf(p, CodError);
const documentsOf = async (from: string) => ((await admin("GET", "/admin/dump?what=documents")).documents as any[]).filter((d) => d.from_mo === from);
const pdfOf = (text: string) => new TextEncoder().encode(`%PDF-1.4\n% ${text}\n%%EOF\n`);

function upload(id: string, pdf: Uint8Array, signature: Uint8Array, toMo = "orderer"): DocumentUpload {
  return { documentId: id, toMo, referralId: `napr-${id}`, fileName: `${id}.pdf`, pdf, signature };
}

const signConfig = (o: Partial<SignConfig>): SignConfig => ({
  engine: "builtin",
  sign_command: "",
  verify_command: "",
  cert_file: "",
  key_file: "",
  key_password: "",
  trusted_roots_file: "",
  crl_file: "",
  timeout_seconds: 20,
  max_pdf_mb: 5,
  ...o,
});

describe("documents: upload at one МО, download and verify at another", () => {
  const engines: [string, () => SignConfig | null][] = [
    [
      "built-in RSA",
      () => {
        const doctor = rsa.issue("Lab Doctor");
        return signConfig({ engine: "builtin", cert_file: doctor.cert, key_file: doctor.key, trusted_roots_file: rsa.root.cert });
      },
    ],
    [
      "external GOST (OpenSSL + GOST engine)",
      () => {
        if (!gostAvailable()) return null;
        const gost = new TestCa(join(dir, "gost"), "gost", "Region GOST CA");
        const doctor = gost.issue("GOST Lab Doctor");
        return signConfig({
          engine: "external",
          sign_command: "openssl cms -engine gost -sign -binary -in {input} -signer {cert} -inkey {key} -outform DER -out {signature}",
          verify_command: "openssl cms -engine gost -verify -binary -inform DER -in {signature} -content {input} -CAfile {roots} -attime {signing_time} -purpose any -out /dev/null",
          cert_file: doctor.cert,
          key_file: doctor.key,
          trusted_roots_file: gost.root.cert,
        });
      },
    ],
  ];

  test.each(engines)("round trip, %s: stored once, listed, downloaded intact, verified valid, acknowledged", async (name, make) => {
    const config = make();
    if (!config) return;
    const tag = name.startsWith("built") ? "b" : "g";
    const lab = `lab-${tag}`;
    const orderer = `ord-${tag}`;
    const signer = signatureService(config);
    const pdf = pdfOf(`result of ${name}`);
    const signature = await signer.sign(pdf, { documentId: `res-${tag}` });

    const sent = await client(lab).uploadDocument(upload(`res-${tag}`, pdf, signature, orderer));
    expect(sent.status).toBe("stored");

    const page = await client(orderer).listDocuments(null);
    expect(page.documents.map((d) => [d.documentId, d.fromMo, d.referralId, d.fileName, d.pdfSize])).toEqual([[`res-${tag}`, lab, `napr-res-${tag}`, `res-${tag}.pdf`, pdf.length]]);
    expect(page.lastPosition).toBe(sent.position);
    // Another МО sees nothing of it.
    expect((await client(`other-${tag}`).listDocuments(null)).documents).toEqual([]);

    const got = await client(orderer).downloadDocument(lab, `res-${tag}`);
    expect(got.pdf).toEqual(pdf);
    expect(got.signature).toEqual(signature);
    const verdict = await signatureService(config).verify(got.pdf, got.signature, { documentId: got.documentId });
    expect(verdict.reasons).toEqual([]);
    expect(verdict.valid).toBe(true);

    expect(await client(orderer).ackDocuments(page.lastPosition!)).toEqual({ through: sent.position, acknowledged: 1 });
    expect((await client(orderer).listDocuments(null)).documents).toEqual([]);
    const [d] = await documentsOf(lab);
    expect([d.uploads, d.stored, d.listed, d.downloads, d.acked]).toEqual([1, 1, 1, 1, true]);
    // Acknowledged: no longer served.
    const gone = await codError(client(orderer).downloadDocument(lab, `res-${tag}`));
    expect([gone.kind, gone.status, gone.code]).toEqual(["rejected", 404, "unknown_document"]);
  });

  test("a signature of another PDF arrives as it is, and the verdict says the PDF does not match: never accepted", async () => {
    const doctor = rsa.issue("Careless Doctor");
    const config = signConfig({ cert_file: doctor.cert, key_file: doctor.key, trusted_roots_file: rsa.root.cert });
    const signature = await signatureService(config).sign(pdfOf("version 1"), { documentId: "res-x" });
    await client("lab-x").uploadDocument(upload("res-x", pdfOf("version 2"), signature, "ord-x"));
    const got = await client("ord-x").downloadDocument("lab-x", "res-x");
    const verdict = await signatureService(config).verify(got.pdf, got.signature, { documentId: "res-x" });
    expect(verdict.valid).toBe(false);
    expect(verdict.reasons.map((r) => r.code)).toEqual(["digest_mismatch"]);
  });
});

describe("documents: idempotence and faults", () => {
  const sig = new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x01]);

  test("uploading the same id again is `duplicate`, stored once; with other files it is a conflict", async () => {
    const pdf = pdfOf("idempotent");
    expect((await client("lab-i").uploadDocument(upload("doc-1", pdf, sig, "ord-i"))).status).toBe("stored");
    expect((await client("lab-i").uploadDocument(upload("doc-1", pdf, sig, "ord-i"))).status).toBe("duplicate");
    const [d] = await documentsOf("lab-i");
    expect([d.uploads, d.stored]).toEqual([2, 1]);
    const e = await codError(client("lab-i").uploadDocument(upload("doc-1", pdfOf("changed"), sig, "ord-i")));
    expect([e.kind, e.status, e.code, e.call]).toEqual(["rejected", 409, "document_conflict", "upload"]);
    expect(e.message).toContain("документ doc-1");
    // The same id from another МО is another document.
    expect((await client("lab-j").uploadDocument(upload("doc-1", pdfOf("other lab"), sig, "ord-i"))).status).toBe("stored");
  });

  test("the connection drops after the ЦОД stored the upload: the client sends it again and gets `duplicate`", async () => {
    await admin("PUT", "/admin/faults", { rules: [{ kind: "drop", calls: ["upload"], times: 1 }] });
    const a = await client("lab-d", { retries: 2 }).uploadDocument(upload("doc-d", pdfOf("dropped"), sig, "ord-d"));
    expect(a.status).toBe("duplicate");
    const [d] = await documentsOf("lab-d");
    expect([d.uploads, d.stored]).toEqual([2, 1]);
    expect((await admin("GET", "/admin/faults")).fired).toEqual({ drop: 1 });
  });

  test("5xx on a download is retried; a cut-off list is a format error naming the call; a list served twice repeats items", async () => {
    await client("lab-f").uploadDocument(upload("doc-f1", pdfOf("f1"), sig, "ord-f"));
    await client("lab-f").uploadDocument(upload("doc-f2", pdfOf("f2"), sig, "ord-f"));
    await admin("PUT", "/admin/faults", { rules: [{ kind: "status", status: 503, calls: ["download"], times: 1 }] });
    expect((await client("ord-f", { retries: 2 }).downloadDocument("lab-f", "doc-f1")).pdf).toEqual(pdfOf("f1"));

    await admin("PUT", "/admin/faults", { rules: [{ kind: "truncated", calls: ["list"], times: 1 }] });
    const cut = await codError(client("ord-f").listDocuments(null));
    expect([cut.kind, cut.call]).toEqual(["format", "list"]);
    expect(cut.message).toContain("Неправильный формат файла ответа на получение списка PDF с подписями");

    await admin("PUT", "/admin/faults", { rules: [{ kind: "duplicate", calls: ["list"], times: 1 }] });
    const twice = await client("ord-f").listDocuments("999999");
    expect(twice.documents.map((d) => d.documentId)).toEqual(["doc-f1", "doc-f1", "doc-f2", "doc-f2"]);
  });

  test("the simulator refuses an upload whose file does not match its hash (422), and the refusal names it", async () => {
    const body = { document_id: "doc-h", to_mo: "ord-h", referral_id: "n-1", file_name: "a.pdf", pdf: { base64: "JVBERg==" }, pdf_sha256: "0".repeat(64), signature: { base64: "MAA=" }, signature_sha256: "0".repeat(64) };
    const r = await fetch(`${sim.url}/api/v1/documents`, { method: "POST", headers: { "cod-protocol": "1.1", "cod-mo": "lab-h", authorization: "Bearer t" }, body: JSON.stringify(body) });
    expect(r.status).toBe(422);
    expect(((await r.json()) as any).error.message).toContain("pdf_sha256");
  });

  test("hello lists the documents call; a 1.0 agent's calls are still served", async () => {
    expect((await client("lab-v").hello()).calls).toContain("documents");
    const r = await fetch(`${sim.url}/api/v1/streams/referrals`, { headers: { "cod-protocol": "1.0", "cod-mo": "lab-v", authorization: "Bearer t" } });
    expect(r.status).toBe(200);
  });
});

describe("documents: a ЦОД that does not speak 1.1, or damages a file", () => {
  let fake: ReturnType<typeof Bun.serve>;
  let answer: (req: Request) => Response;
  beforeAll(() => {
    fake = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: (req) => answer(req) });
  });
  afterAll(() => fake.stop(true));
  const base = () => `http://127.0.0.1:${fake.port}`;

  test("a 1.0 ЦОД answers unknown_call: a version error saying which call it lacks", async () => {
    answer = () => Response.json({ error: { code: "unknown_call", message: "no such call" } }, { status: 404, headers: { "cod-protocol": "1.0" } });
    const e = await codError(client("m1", { base: base() }).listDocuments(null));
    expect([e.kind, e.call]).toEqual(["version", "list"]);
    expect(e.message).toContain("GET /api/v1/documents");
    expect(e.message).toContain("1.0");
  });

  test("a downloaded file that does not match its hash is a format error, not a document", async () => {
    const pdf = Buffer.from("%PDF-1.4 damaged");
    answer = () =>
      Response.json(
        {
          document_id: "d1",
          from_mo: "lab",
          referral_id: "n1",
          file_name: "d1.pdf",
          uploaded_at: "2025-05-14T13:50:00Z",
          pdf: { base64: pdf.toString("base64") },
          pdf_sha256: "a".repeat(64),
          signature: { base64: "MAA=" },
          signature_sha256: new Bun.CryptoHasher("sha256").update(new Uint8Array([0x30, 0])).digest("hex"),
        },
        { headers: { "cod-protocol": "1.1" } },
      );
    const e = await codError(client("m1", { base: base() }).downloadDocument("lab", "d1"));
    expect([e.kind, e.call]).toEqual(["format", "download"]);
    expect(e.message).toContain("pdf: файл не совпадает со своим хешем SHA-256");
  });
});
