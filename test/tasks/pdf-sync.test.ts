/**
 * The PDF job (TSyncPDFThread) end to end with the ЦОД simulator: one МО
 * signs and uploads the PDFs queued in its main DB, another lists, downloads,
 * verifies and stores them with its results — two agent instances, two main
 * DBs (SQLite, and a real Firebird server). Signatures are GOST R 34.10-2012
 * through OpenSSL's GOST engine as the external signer and verifier (the
 * README's templates), and the built-in RSA signer for the edge cases.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "bun:test";
import { join } from "node:path";
import { mkdirSync, writeFileSync } from "node:fs";
import { CodSimulator } from "../../src/sim/cod/cod-simulator.ts";
import { CodClient } from "../../src/cod/cod-client.ts";
import { HttpClient } from "../../src/net/http-client.ts";
import { loadConfig } from "../../src/config/load.ts";
import { AgentInstance } from "../../src/app/agent-instance.ts";
import { AgentService } from "../../src/app/agent-service.ts";
import { systemClock } from "../../src/kernel/clock.ts";
import type { IncomingRow } from "../../src/clinic/port.ts";
import type { LogRecord } from "../../src/logs/log-record.ts";
import { pdfSyncTask } from "../../src/tasks/pdf-sync/task.ts";
import { signatureService, type SignConfig } from "../../src/sign/signature-service.ts";
import { setLanguage } from "../../src/messages/text.ts";
import { firebird } from "../helpers/firebird.ts";
import { ENGINES, type EngineFixture, type TestDb } from "../helpers/main-db.ts";
import { adminOf } from "../helpers/sim-admin.ts";
import { taskHarness } from "../helpers/task-harness.ts";
import { tempDir } from "../helpers/temp-dir.ts";
import { opensslVerify, TestCa } from "../helpers/test-ca.ts";
import { gostAvailable } from "../helpers/gost-required.ts";

setLanguage("ru");

/** The README's templates («Подписи»): OpenSSL with the GOST engine as the external signer and verifier. */
const GOST_SIGN = "openssl cms -engine gost -sign -binary -md md_gost12_256 -in {input} -signer {cert} -inkey {key} -passin env:SIGN_KEY_PASSWORD -outform DER -out {signature}";
const GOST_VERIFY = "openssl cms -engine gost -verify -binary -inform DER -in {signature} -content {input} -CAfile {roots} -attime {signing_time} -purpose any -out /dev/null";

/** Whether OpenSSL has the GOST engine here (under CI=true its absence fails the run). */
const GOST = gostAvailable();

let dir: string;
let sim: CodSimulator;
let rsa: TestCa;
let gost: TestCa | undefined;
const admin = adminOf(() => sim.adminUrl);

beforeAll(async () => {
  dir = tempDir("pdf-sync-");
  sim = await CodSimulator.start({ dataDir: join(dir, "sim") });
  rsa = new TestCa(join(dir, "rsa"), "rsa", "Region Lab CA");
  if (GOST) gost = new TestCa(join(dir, "gost"), "gost", "Region GOST CA");
});
afterAll(() => sim.stop());

const pdfOf = (text: string, size = 0) => {
  const head = new TextEncoder().encode(`%PDF-1.4\n% ${text}\n`);
  const out = new Uint8Array(head.length + size + 6);
  out.set(head);
  for (let i = 0; i < size; i++) out[head.length + i] = (i * 131 + text.length) % 256;
  out.set(new TextEncoder().encode("%%EOF\n"), head.length + size);
  return out;
};

function rsaSign(o: Partial<Record<string, string | number>> = {}): Record<string, string | number> {
  const doctor = rsa.issue(`Lab Doctor ${Math.random().toString(36).slice(2, 7)}`);
  return { "sign.engine": "builtin", "sign.cert_file": doctor.cert, "sign.key_file": doctor.key, "sign.trusted_roots_file": rsa.root.cert, ...o };
}

/** The settings of one МО's agent: its ЦОД identity, its main DB and its signer. */
function moSettings(mo: string, t: TestDb, fixture: EngineFixture, sign: Record<string, string | number>) {
  return {
    timezone: "Europe/Moscow",
    instance: `mo-${mo}`,
    "cod.url": sim.url,
    "cod.mo_id": mo,
    "cod.token": `token-of-${mo}`,
    "cod.retries": 0,
    "cod.timeout_seconds": 10,
    ...(fixture.name === "sqlite"
      ? { "maindb.engine": "sqlite", "maindb.path": t.path }
      : { "maindb.engine": "firebird", "maindb.host": firebird!.host, "maindb.port": firebird!.port, "maindb.database": t.path, "maindb.user": firebird!.user, "maindb.password": firebird!.password }),
    ...sign,
  };
}

/** An МО's agent as the service runs it: instance, stores, its main DB opened by the service, the real runner. */
async function agentOf(mo: string, settings: Record<string, string | number>) {
  const home = tempDir(`agent-${mo}-`);
  mkdirSync(join(home, "data"));
  const overrides = Object.entries({ data_dir: join(home, "data"), "log.stderr": "false", ...settings }).map(([path, value]) => ({ path, value: String(value), arg: "test" }));
  const loaded = loadConfig({ home, machineTimeZone: "UTC", env: {}, overrides, readFile: () => undefined });
  const instance = AgentInstance.open(loaded, { clock: systemClock, lockMode: "run", stderr: () => {} });
  const service = new AgentService(instance, { rereadConfig: () => loaded, control: false, schedule: false, announce: false });
  const lines: LogRecord[] = [];
  instance.logs.subscribe((r) => lines.push(r));
  return {
    lines,
    run: () => service.runner.run({ task: "pdf-sync", trigger: "once" }),
    thread: () => lines.filter((l) => l.service === "TSyncPDFThread").map((l) => l.message),
    async close() {
      await service.stop();
      instance.close();
    },
  };
}

/** A raw client of the protocol, as another МО's agent (to upload what the test needs at the ЦОД). */
const clientOf = (mo: string) => new CodClient(new HttpClient({ setting: "cod", baseUrl: sim.url, timeoutMs: 5000, retries: 0, backoff: { firstPauseMs: 10, maxPauseMs: 50 } }), mo, `token-of-${mo}`);

const documents = async () => (await admin("GET", "/admin/dump?what=documents")).documents as Array<{ from_mo: string; document_id: string; to_mo: string; uploads: number; stored: number; listed: number; downloads: number; acked: number | boolean }>;

for (const fixture of ENGINES) {
  // Skipped only where no Firebird server runs (the reason is printed by test/helpers/firebird.ts); under CI=true a missing server fails instead.
  describe.skipIf(Boolean(fixture.skip))(`the PDF job (TSyncPDFThread), main DBs on ${fixture.name}`, () => {
    // Each engine's pair of МО has its own ids at the (shared) ЦОД simulator.
    const LAB = `lab-${fixture.name}`;
    const ORDERER = `ord-${fixture.name}`;
    let lab: TestDb;
    let orderer: TestDb;
    beforeAll(async () => {
      lab = await fixture.create({ capture: false });
      orderer = await fixture.create({ capture: false });
    }, 60_000);
    afterAll(async () => {
      await lab?.close();
      await orderer?.close();
    }, 60_000);
    beforeEach(async () => {
      await admin("DELETE", "/admin/faults");
      for (const t of [lab, orderer]) {
        await t.engine.write(async (s) => {
          for (const table of ["REG_ANALYSIS_PDF_SIGN", "REG_ANALYSIS_PDF", "DOC_ANALYSIS", "DOC_NAPR_ANALYSIS"]) await s.run(`DELETE FROM ${table}`);
        });
      }
      // Whatever an earlier test left listed for the orderer is acknowledged, so each test starts with an empty list.
      const left = await clientOf(ORDERER).listDocuments(null, { limit: 1000 });
      if (left.lastPosition) await clientOf(ORDERER).ackDocuments(left.lastPosition);
    });

    /** PDFs of results made at the lab, queued for upload. */
    async function queue(items: Array<{ id: number; to?: string | null; pdf?: Uint8Array; napr?: number | null }>) {
      const now = new Date();
      const rows: IncomingRow[] = items.map((it) => ({
        table: "REG_ANALYSIS_PDF",
        op: "upsert",
        values: {
          ID: it.id, ANALYSIS_DOC_ID: 90_000 + it.id, NAPR_ID: it.napr === undefined ? 70_000 + it.id : it.napr, DIRECTION: "out", FILE_NAME: `C:\\МИС\\result_${it.id}.pdf`,
          PDF: it.pdf ?? pdfOf(`result ${it.id}`, 2000), STATUS: 0, CREATED_AT: now, COD_MO: it.to === undefined ? ORDERER : it.to,
        },
      }));
      await lab.db.applyIncoming(rows);
    }
    const labRow = async (id: number) => (await lab.db.readRows("REG_ANALYSIS_PDF", [{ ID: id }]))[0]!;
    /** The PDFs the ordering МО received, in the order they were stored. */
    const received = async () => {
      const ids = await orderer.engine.read((s) => s.all("SELECT ID FROM REG_ANALYSIS_PDF WHERE DIRECTION = 'in' ORDER BY ID"));
      return ids.length === 0 ? [] : orderer.db.readRows("REG_ANALYSIS_PDF", ids.map((r) => ({ ID: Number(r.ID) })));
    };

    const withGost = GOST ? test : test.skip;
    withGost("end to end, two instances: the lab signs (GOST, external) and uploads; the ordering МО downloads, verifies, stores with its result, acknowledges", async () => {
      const doctor = gost!.issue("GOST Lab Doctor");
      const labAgent = await agentOf(LAB, moSettings(LAB, lab, fixture, { "sign.engine": "external", "sign.sign_command": GOST_SIGN, "sign.cert_file": doctor.cert, "sign.key_file": doctor.key }));
      const ordererAgent = await agentOf(
        ORDERER,
        moSettings(ORDERER, orderer, fixture, { "sign.engine": "external", "sign.verify_command": GOST_VERIFY, "sign.trusted_roots_file": gost!.root.cert }),
      );
      try {
        const pdf501 = pdfOf("Общий анализ крови", 50_000);
        await queue([{ id: 501, pdf: pdf501 }, { id: 502 }, { id: 503, to: "3003" }, { id: 504, to: null }]);
        // The ordering МО has the referral and its result (they came by the analysis sync).
        await orderer.db.applyIncoming([
          { table: "DOC_NAPR_ANALYSIS", op: "upsert", values: { ID: 70_501, NUM: "Н-501", DOC_DATE: "2025-06-01", CREATED_AT: new Date() } },
          { table: "DOC_ANALYSIS", op: "upsert", values: { ID: 90_501, NAPR_ID: 70_501, NUM: "Р-501", RESULT_AT: new Date(), STATUS: 2 } },
        ]);

        const up = await labAgent.run();
        expect(up.result).toBe("ok");
        const labLines = labAgent.thread();
        expect(labLines).toContain("Подписание и передача PDF на ЦОД закончена. Всего передано [3] записей. Очередь на отправку [0]");
        expect(labLines).toContain(`PDF № 501 подписан и передан в ЦОД для МО ${ORDERER} (документ pdf-501)`);
        expect(labLines.some((l) => l.startsWith("PDF № 504 отложен") && l.includes("REG_ANALYSIS_PDF.COD_MO"))).toBe(true);
        expect(await labRow(501)).toMatchObject({ STATUS: 1, LAST_ERROR: null });
        expect(await labRow(504)).toMatchObject({ STATUS: 2 });
        const atSim = (await documents()).filter((d) => d.from_mo === LAB);
        expect(atSim.map((d) => [d.document_id, d.to_mo, d.uploads, d.stored])).toEqual([
          ["pdf-501", ORDERER, 1, 1],
          ["pdf-502", ORDERER, 1, 1],
          ["pdf-503", "3003", 1, 1],
        ]);

        const down = await ordererAgent.run();
        expect(down.result).toBe("ok");
        expect(down.summary).toBe("передано PDF 0, отложено 0, в очереди 0; получено 2 (подпись недействительна: 0)");
        const got = await received();
        expect(got.map((r) => [r.COD_MO, r.COD_DOC_ID, r.SIGN_VALID, r.STATUS])).toEqual([
          [LAB, "pdf-501", 1, 1],
          [LAB, "pdf-502", 1, 1],
        ]);
        const r501 = got[0]!;
        expect(r501).toMatchObject({ ANALYSIS_DOC_ID: 90_501, NAPR_ID: 70_501, FILE_NAME: "result_501.pdf" });
        expect(Buffer.from(r501.PDF as Uint8Array).equals(Buffer.from(pdf501))).toBe(true);
        const verdict = JSON.parse(String(r501.SIGN_VERDICT));
        expect(verdict).toMatchObject({ valid: true, verifier: "external", reasons: [] });
        expect(verdict.signers[0].subject).toBe("CN=GOST Lab Doctor, O=Test");
        const [sig] = await orderer.engine.read((s) => s.all("SELECT SIGNATURE, SIGNER_ROLE FROM REG_ANALYSIS_PDF_SIGN WHERE PDF_ID = ?", [r501.ID]));
        // What was stored is what the lab signed: real OpenSSL agrees.
        writeFileSync(join(dir, "got.pdf"), r501.PDF as Uint8Array);
        writeFileSync(join(dir, "got.sig"), Buffer.from(sig!.SIGNATURE as Uint8Array));
        expect(opensslVerify(dir, "gost", join(dir, "got.pdf"), join(dir, "got.sig"), gost!.root.cert).code).toBe(0);
        const ordererLines = ordererAgent.thread();
        expect(ordererLines.some((l) => l.startsWith(`Получен PDF pdf-501 от МО ${LAB} (направление 70501): подпись действительна`))).toBe(true);
        expect(ordererLines.some((l) => l.startsWith("Получено PDF из ЦОД: 2 (подпись недействительна — 0)"))).toBe(true);
        expect((await documents()).filter((d) => d.to_mo === ORDERER).map((d) => [d.document_id, d.downloads, Boolean(d.acked)])).toEqual([
          ["pdf-501", 1, true],
          ["pdf-502", 1, true],
        ]);

        // Again: nothing to upload, nothing listed; the counts stay true.
        expect((await labAgent.run()).result).toBe("ok");
        expect(labAgent.thread().filter((l) => l.startsWith("Подписание и передача PDF")).at(-1)).toBe("Подписание и передача PDF на ЦОД закончена. Всего передано [0] записей. Очередь на отправку [0]");
        await ordererAgent.run();
        expect((await received()).length).toBe(2);
        expect((await documents()).filter((d) => d.from_mo === LAB).map((d) => d.uploads)).toEqual([1, 1, 1]);
      } finally {
        await labAgent.close();
        await ordererAgent.close();
      }
    }, 120_000);

    withGost("an invalid signature (a PDF changed after signing) is stored as invalid, logged as an error, and acknowledged", async () => {
      const doctor = gost!.issue("GOST Careless Doctor");
      const gostConfig: SignConfig = {
        engine: "external", sign_command: GOST_SIGN, verify_command: GOST_VERIFY, cert_file: doctor.cert, key_file: doctor.key,
        key_password: "", trusted_roots_file: gost!.root.cert, crl_file: "", timeout_seconds: 20, max_pdf_mb: 5,
      };
      const signature = await signatureService(gostConfig).sign(pdfOf("version 1"), { documentId: "t-1" });
      await clientOf(LAB).uploadDocument({ documentId: "tampered-1", toMo: ORDERER, referralId: "70777", fileName: "r.pdf", pdf: pdfOf("version 2"), signature });
      const h = taskHarness({ task: pdfSyncTask, settings: moSettings(ORDERER, orderer, fixture, { "sign.engine": "external", "sign.verify_command": GOST_VERIFY, "sign.trusted_roots_file": gost!.root.cert }), mainDb: async () => orderer.db });
      const outcome = await h.run();
      expect(outcome.result).toBe("ok");
      expect(outcome.summary).toBe("передано PDF 0, отложено 0, в очереди 0; получено 1 (подпись недействительна: 1)");
      const [row] = await received();
      expect(row).toMatchObject({ COD_DOC_ID: "tampered-1", SIGN_VALID: 0, NAPR_ID: 70777 });
      expect(JSON.parse(String(row!.SIGN_VERDICT)).reasons.map((r: { code: string }) => r.code)).toEqual(["rejected_by_verifier"]);
      const loud = h.lines.find((l) => l.message.startsWith("ПОДПИСЬ НЕДЕЙСТВИТЕЛЬНА"))!;
      expect(loud.level).toBe("error");
      expect(loud.message).toContain(`PDF tampered-1 от МО ${LAB} (направление 70777) сохранён с отметкой «подпись недействительна»`);
      expect((await documents()).find((d) => d.document_id === "tampered-1")!.acked).toBeTruthy();
    }, 60_000);

    test("a signer outside the trusted roots: stored as invalid, never accepted (built-in RSA)", async () => {
      const stranger = new TestCa(join(tempDir("other-ca-"), "ca"), "rsa", "Unknown CA").issue("Stranger");
      const strangerConfig = { ...rsaSignConfig(), cert_file: stranger.cert, key_file: stranger.key };
      const pdf = pdfOf("foreign");
      const signature = await signatureService(strangerConfig).sign(pdf, { documentId: "s-1" });
      await clientOf(LAB).uploadDocument({ documentId: "stranger-1", toMo: ORDERER, referralId: "napr-x", fileName: "r.pdf", pdf, signature });
      const h = taskHarness({ task: pdfSyncTask, settings: moSettings(ORDERER, orderer, fixture, rsaSign()), mainDb: async () => orderer.db });
      await h.run();
      const [row] = await received();
      expect(row).toMatchObject({ COD_DOC_ID: "stranger-1", SIGN_VALID: 0, NAPR_ID: null });
      expect(JSON.parse(String(row!.SIGN_VERDICT)).reasons.map((r: { code: string }) => r.code)).toEqual(["issuer_not_found"]);
    }, 60_000);

    test("signatures are kept by role with the signer's name: the lab's own as `mo`, the one received from the lab as `sender_mo` (built-in RSA)", async () => {
      await queue([{ id: 651 }]);
      const doctor = rsa.issue("Petrova Anna");
      const labSign = { "sign.engine": "builtin", "sign.cert_file": doctor.cert, "sign.key_file": doctor.key, "sign.trusted_roots_file": rsa.root.cert };
      expect((await taskHarness({ task: pdfSyncTask, settings: moSettings(LAB, lab, fixture, labSign), mainDb: async () => lab.db }).run()).result).toBe("ok");
      const own = await lab.engine.read((s) => s.all("SELECT SIGNER_ROLE, SIGNER_FIO FROM REG_ANALYSIS_PDF_SIGN WHERE PDF_ID = ?", [651]));
      expect(own).toEqual([{ SIGNER_ROLE: "mo", SIGNER_FIO: "Petrova Anna" }]);

      expect((await taskHarness({ task: pdfSyncTask, settings: moSettings(ORDERER, orderer, fixture, rsaSign()), mainDb: async () => orderer.db }).run()).result).toBe("ok");
      const [row] = await received();
      expect(row).toMatchObject({ COD_DOC_ID: "pdf-651", SIGN_VALID: 1 });
      const theirs = await orderer.engine.read((s) => s.all("SELECT SIGNER_ROLE, SIGNER_FIO FROM REG_ANALYSIS_PDF_SIGN WHERE PDF_ID = ?", [row!.ID]));
      expect(theirs).toEqual([{ SIGNER_ROLE: "sender_mo", SIGNER_FIO: "Petrova Anna" }]);
      // Nothing received is ever taken for the ordering МО's own signature.
      expect(await orderer.engine.read((s) => s.all("SELECT ID FROM REG_ANALYSIS_PDF_SIGN WHERE SIGNER_ROLE = 'mo'"))).toEqual([]);
    }, 60_000);

    test("an oversized document is refused from its listed size before any download; nothing after it is acknowledged until it is taken", async () => {
      const big = pdfOf("big", 2 * 1024 * 1024);
      const signer = signatureService({ ...rsaSignConfig(), max_pdf_mb: 5 });
      await clientOf(LAB).uploadDocument({ documentId: "big-1", toMo: ORDERER, referralId: "1", fileName: "big.pdf", pdf: big, signature: await signer.sign(big, { documentId: "big-1" }) });
      const small = pdfOf("small");
      await clientOf(LAB).uploadDocument({ documentId: "small-1", toMo: ORDERER, referralId: "2", fileName: "small.pdf", pdf: small, signature: await signer.sign(small, { documentId: "small-1" }) });
      const settings = (mb: number) => moSettings(ORDERER, orderer, fixture, rsaSign({ "sign.max_pdf_mb": mb }));

      const first = taskHarness({ task: pdfSyncTask, settings: settings(1), mainDb: async () => orderer.db });
      expect((await first.run()).result).toBe("ok");
      expect(first.messages("TSyncPDFThread").some((l) => l.startsWith(`PDF big-1 от МО ${LAB}: 2.0 МБ — больше sign.max_pdf_mb (1); не загружен и остаётся в ЦОД`))).toBe(true);
      expect((await received()).map((r) => r.COD_DOC_ID)).toEqual(["small-1"]);
      const atSim = async () => Object.fromEntries((await documents()).filter((d) => d.to_mo === ORDERER && d.from_mo === LAB).map((d) => [d.document_id, [d.downloads, Boolean(d.acked)]]));
      expect(await atSim()).toMatchObject({ "big-1": [0, false], "small-1": [1, false] });

      // Listed again: the stored one is skipped as a repeat, the big one still waits.
      const second = taskHarness({ task: pdfSyncTask, settings: settings(1), mainDb: async () => orderer.db });
      await second.run();
      expect(second.messages("TSyncPDFThread")).toContain(`PDF small-1 от МО ${LAB} уже сохранён ранее — повтор пропущен`);
      expect((await received()).length).toBe(1);

      // A larger limit: taken, and everything acknowledged.
      await taskHarness({ task: pdfSyncTask, settings: settings(5), mainDb: async () => orderer.db }).run();
      expect((await received()).map((r) => r.COD_DOC_ID)).toEqual(["small-1", "big-1"]);
      expect(await atSim()).toMatchObject({ "big-1": [1, true], "small-1": [1, true] });
    }, 60_000);

    test("a ЦОД that lists every document twice: each is stored once", async () => {
      const signer = signatureService(rsaSignConfig());
      for (const id of ["dup-1", "dup-2"]) {
        const pdf = pdfOf(id);
        await clientOf(LAB).uploadDocument({ documentId: id, toMo: ORDERER, referralId: "3", fileName: "r.pdf", pdf, signature: await signer.sign(pdf, { documentId: id }) });
      }
      await admin("PUT", "/admin/faults", { rules: [{ kind: "duplicate", calls: ["list"] }] });
      const h = taskHarness({ task: pdfSyncTask, settings: moSettings(ORDERER, orderer, fixture, rsaSign()), mainDb: async () => orderer.db });
      expect((await h.run()).result).toBe("ok");
      expect((await received()).map((r) => r.COD_DOC_ID)).toEqual(["dup-1", "dup-2"]);
      expect(h.messages("TSyncPDFThread").filter((l) => l.includes("повтор пропущен")).length).toBe(2);
    }, 60_000);

    test("a setup error stops the run and keeps the queue: the signer is not configured", async () => {
      await queue([{ id: 601 }, { id: 602 }]);
      const h = taskHarness({ task: pdfSyncTask, settings: moSettings(LAB, lab, fixture, { "sign.engine": "external" }), mainDb: async () => lab.db });
      const outcome = await h.run();
      expect(outcome.result).toBe("failed");
      const lines = h.messages("TSyncPDFThread");
      expect(lines.some((l) => l.startsWith("Подписание PDF остановлено: Подпись PDF не настроена") && l.includes("sign.sign_command"))).toBe(true);
      expect(lines).toContain("Подписание и передача PDF на ЦОД закончена. Всего передано [0] записей. Очередь на отправку [2]");
      expect([(await labRow(601)).STATUS, (await labRow(602)).STATUS]).toEqual([0, 0]);
    }, 60_000);

    test("a document error parks that PDF with its reason; the others go; the queue count leaves it out", async () => {
      await queue([{ id: 611, pdf: pdfOf("huge", 2 * 1024 * 1024) }, { id: 612 }, { id: 613, napr: null }]);
      const h = taskHarness({ task: pdfSyncTask, settings: moSettings(LAB, lab, fixture, rsaSign({ "sign.max_pdf_mb": 1 })), mainDb: async () => lab.db });
      expect((await h.run()).result).toBe("ok");
      const parked = await labRow(611);
      expect(parked.STATUS).toBe(2);
      expect(String(parked.LAST_ERROR)).toContain("размер 2.0 МБ больше допустимого (sign.max_pdf_mb = 1)");
      expect(String((await labRow(613)).LAST_ERROR)).toContain("REG_ANALYSIS_PDF.NAPR_ID");
      expect((await labRow(612)).STATUS).toBe(1);
      expect(h.messages("TSyncPDFThread")).toContain("Подписание и передача PDF на ЦОД закончена. Всего передано [1] записей. Очередь на отправку [0]");
    }, 60_000);

    test("a signer that fails is transient: the PDFs stay queued with the reason, and go at a later run", async () => {
      await queue([{ id: 621 }, { id: 622 }, { id: 623 }, { id: 624 }]);
      const failing = taskHarness({ task: pdfSyncTask, settings: moSettings(LAB, lab, fixture, { "sign.engine": "external", "sign.sign_command": "false {input} {signature}" }), mainDb: async () => lab.db });
      expect((await failing.run()).result).toBe("failed");
      const lines = failing.messages("TSyncPDFThread");
      expect(lines.filter((l) => l.startsWith("PDF № 62") && l.includes("не подписан сейчас")).length).toBe(3);
      expect(lines).toContain("Подписание прервано до следующего запуска: программа подписи не справилась 3 раза подряд. Документы остаются в очереди.");
      expect(lines).toContain("Подписание и передача PDF на ЦОД закончена. Всего передано [0] записей. Очередь на отправку [4]");
      expect((await labRow(621)).STATUS).toBe(0);
      expect(String((await labRow(621)).LAST_ERROR)).toContain("false");

      const fixed = taskHarness({ task: pdfSyncTask, settings: moSettings(LAB, lab, fixture, rsaSign()), mainDb: async () => lab.db });
      expect((await fixed.run()).result).toBe("ok");
      expect(fixed.messages("TSyncPDFThread")).toContain("Подписание и передача PDF на ЦОД закончена. Всего передано [4] записей. Очередь на отправку [0]");
      expect((await labRow(621)).LAST_ERROR).toBeNull();
    }, 60_000);

    test("the ЦОД down: nothing is marked sent, the count is true, the run fails; later the same signature goes, once", async () => {
      await queue([{ id: 631 }]);
      await admin("PUT", "/admin/faults", { refuse: true });
      const down = taskHarness({ task: pdfSyncTask, settings: moSettings(LAB, lab, fixture, rsaSign()), mainDb: async () => lab.db });
      expect((await down.run()).result).toBe("failed");
      expect(down.messages("TSyncPDFThread").some((l) => l.startsWith("Обмен PDF с ЦОД прерван до следующего запуска: Ответ Сервера ЦОД не получен"))).toBe(true);
      expect(down.messages("TSyncPDFThread")).toContain("Подписание и передача PDF на ЦОД закончена. Всего передано [0] записей. Очередь на отправку [1]");
      expect((await labRow(631)).STATUS).toBe(0);
      const [kept] = await lab.engine.read((s) => s.all("SELECT SIGNATURE FROM REG_ANALYSIS_PDF_SIGN WHERE PDF_ID = ? AND SIGNER_ROLE = 'mo'", [631]));

      await admin("DELETE", "/admin/faults");
      // A new signer: the kept signature is what goes, so a repeat is never a conflict.
      const up = taskHarness({ task: pdfSyncTask, settings: moSettings(LAB, lab, fixture, rsaSign()), mainDb: async () => lab.db });
      expect((await up.run()).result).toBe("ok");
      expect((await labRow(631)).STATUS).toBe(1);
      const got = await clientOf(ORDERER).downloadDocument(LAB, "pdf-631");
      expect(Buffer.from(got.signature).equals(Buffer.from(kept!.SIGNATURE as Uint8Array))).toBe(true);
    }, 60_000);

    test("the connection drops after the ЦОД stored the upload: the next run gets `duplicate` and marks it sent; one copy", async () => {
      await queue([{ id: 641 }]);
      await admin("PUT", "/admin/faults", { rules: [{ kind: "drop", calls: ["upload"], times: 1 }] });
      const first = taskHarness({ task: pdfSyncTask, settings: moSettings(LAB, lab, fixture, rsaSign()), mainDb: async () => lab.db });
      expect((await first.run()).result).toBe("failed");
      expect((await labRow(641)).STATUS).toBe(0);
      const second = taskHarness({ task: pdfSyncTask, settings: moSettings(LAB, lab, fixture, rsaSign()), mainDb: async () => lab.db });
      expect((await second.run()).result).toBe("ok");
      expect(second.messages("TSyncPDFThread")).toContain(`PDF № 641 подписан и передан в ЦОД для МО ${ORDERER} (документ pdf-641); ЦОД уже имел его — повтор после обрыва, второй копии нет`);
      expect((await labRow(641)).STATUS).toBe(1);
      const d = (await documents()).filter((x) => x.from_mo === LAB && x.document_id === "pdf-641");
      expect(d.map((x) => [x.uploads, x.stored])).toEqual([[2, 1]]);
    }, 60_000);
  });
}

/** The built-in RSA signer with a fresh doctor's certificate of the test CA, and its root trusted. */
function rsaSignConfig(): SignConfig {
  const doctor = rsa.issue(`Lab Doctor ${Math.random().toString(36).slice(2, 7)}`);
  return { engine: "builtin", sign_command: "", verify_command: "", cert_file: doctor.cert, key_file: doctor.key, key_password: "", trusted_roots_file: rsa.root.cert, crl_file: "", timeout_seconds: 20, max_pdf_mb: 5 };
}
