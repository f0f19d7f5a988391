import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { AgentError } from "../../src/kernel/agent-error.ts";
import { ManualClock } from "../../src/kernel/clock.ts";
import { setLanguage } from "../../src/messages/text.ts";
import { MainDbError } from "../../src/clinic/main-db-error.ts";
import { MainDbLease } from "../../src/clinic/lease.ts";
import { captureStatus, installPlan, removePlan, runPlan } from "../../src/clinic/capture.ts";
import { initialLoad, initialLoadProgress } from "../../src/clinic/initial-load.ts";
import { SYNCED_TABLES } from "../../src/clinic/synced-tables.ts";
import type { Change, Row } from "../../src/clinic/port.ts";
import { ENGINES, drain, type TestDb } from "../helpers/main-db.ts";

/**
 * The contract of the main DB port, run against SQLite and a real Firebird
 * server with the same tests. What differs between engines (Firebird lets
 * two transactions write at once, SQLite queues writers) is stated where a
 * test depends on it.
 */

setLanguage("en");

const INSERT_NAPR = "INSERT INTO DOC_NAPR_ANALYSIS (ID, NUM, DOC_DATE, CREATED_AT, PATIENT_FIO) VALUES (?, ?, CAST(? AS VARCHAR(10)), CAST(? AS VARCHAR(24)), ?)";
const napr = (id: number | string, fio = "Иванов Иван Иванович") => [String(id), `Н-${id}`, "2025-05-14", "2025-05-14 10:00:00.000", fio];

function referral(id: number | string, extra: Row = {}): Row {
  return { ID: id, NUM: `Ц-${id}`, DOC_DATE: "2025-05-14", CREATED_AT: new Date("2025-05-14T07:00:00.000Z"), PATIENT_FIO: "Петрова Анна Сергеевна", CITO: 0, STATUS: 0, ...extra };
}

const keysOf = (changes: readonly Change[], table: string) => changes.filter((c) => c.table === table).map((c) => String(Object.values(c.key)[0]));

for (const fixture of ENGINES) {
  describe.skipIf(Boolean(fixture.skip))(`main DB contract: ${fixture.name}`, () => {
    let t: TestDb;
    beforeAll(async () => {
      t = await fixture.create();
    }, 60_000);
    afterAll(async () => {
      await t?.close();
    }, 60_000);

    test("the reference schema has the 37 synchronised tables, each captured, and the registers", async () => {
      const status = await captureStatus(t.engine);
      expect(status.absentTables).toEqual([]);
      expect(status.capturedTables.sort()).toEqual([...SYNCED_TABLES].sort());
      expect(status.objectsMissing).toEqual([]);
      for (const register of ["PATIENT", "REG_MAILING", "REG_ANALYSIS_PDF", "REG_ANALYSIS_PDF_SIGN", "REG_EXCHANGE_ANALYSIS", "REG_ODLI_CODE_MAP", "REG_ODLI_NAPR_SEND"]) {
        expect(await t.engine.table(register)).toBeDefined();
      }
      // Installing again finds nothing to do.
      expect((await installPlan(t.engine)).statements).toEqual([]);
    }, 60_000);

    test("changes by another client arrive as batches; acknowledging removes exactly them", async () => {
      await drain(t.db);
      const mis = await t.mis();
      for (const id of [101, 102, 103]) await mis.run(INSERT_NAPR, napr(id));
      const batch = (await t.db.readChanges({ limit: 2 }))!;
      expect(batch.resent).toBe(false);
      expect(batch.journal.entries).toBe(2);
      expect(keysOf(batch.changes, "DOC_NAPR_ANALYSIS")).toEqual(["101", "102"]);
      const first = batch.changes[0]!;
      expect(first.op).toBe("upsert");
      expect(first.values!.PATIENT_FIO).toBe("Иванов Иван Иванович");
      expect(first.values!.CREATED_AT).toEqual(new Date("2025-05-14T07:00:00.000Z"));
      // Every column the table has, discovered from the catalog.
      expect(Object.keys(first.values!).sort()).toEqual((await t.engine.table("DOC_NAPR_ANALYSIS"))!.columns.map((c) => c.name).sort());

      // Not acknowledged: the same batch again, with the same id, before anything new.
      await mis.run(INSERT_NAPR, napr(104));
      const again = (await t.db.readChanges({ limit: 100 }))!;
      expect(again.id).toBe(batch.id);
      expect(again.resent).toBe(true);
      expect(keysOf(again.changes, "DOC_NAPR_ANALYSIS")).toEqual(["101", "102"]);

      expect(await t.db.ack(batch.id)).toBe(2);
      expect(await t.db.ack(batch.id)).toBe(0);
      const rest = await drain(t.db);
      expect(keysOf(rest, "DOC_NAPR_ANALYSIS")).toEqual(["103", "104"]);
      expect((await t.db.health()).journalBacklog).toBe(0);
      await mis.close();
    }, 60_000);

    test("repeated changes of a row collapse to its current state; deletes go as deletes", async () => {
      await drain(t.db);
      const mis = await t.mis();
      await mis.run(INSERT_NAPR, napr(201));
      for (let i = 1; i <= 5; i++) await mis.run("UPDATE DOC_NAPR_ANALYSIS SET STATUS = ? WHERE ID = ?", [i, 201]);
      await mis.run(INSERT_NAPR, napr(202));
      await mis.run("DELETE FROM DOC_NAPR_ANALYSIS WHERE ID = ?", [202]);
      await mis.run(INSERT_NAPR, napr(203));
      await mis.run("UPDATE DOC_NAPR_ANALYSIS SET ID = ? WHERE ID = ?", [204, 203]);
      const batch = (await t.db.readChanges({ limit: 100 }))!;
      expect(batch.journal.entries).toBe(11);
      const byKey = new Map(batch.changes.map((c) => [String(c.key.ID), c]));
      expect(batch.changes.length).toBe(4);
      expect(byKey.get("201")!.values!.STATUS).toBe(5);
      expect(byKey.get("202")).toMatchObject({ op: "delete", values: null });
      // A key changed by an update: the old key is gone, the new one is there.
      expect(byKey.get("203")).toMatchObject({ op: "delete" });
      expect(byKey.get("204")).toMatchObject({ op: "upsert" });
      await t.db.ack(batch.id);
      await mis.close();
    }, 60_000);

    test("no echo: rows applied from the ЦОД are not journalled, the MIS's own changes still are", async () => {
      await drain(t.db);
      const mis = await t.mis();
      const outcome = await t.db.applyIncoming(
        [
          { table: "DOC_NAPR_ANALYSIS", op: "upsert", values: referral(301) },
          { table: "DOC_NAPR_ANALYSIS", op: "upsert", values: referral(302) },
          { table: "REG_NAPR_MARKS", op: "upsert", values: { ID: 301, NAPR_ID: 301, MARK_CODE: "CITO", MARK_TEXT: "Срочно" } },
        ],
        [{ name: "cod.marks", value: "301" }],
      );
      expect(outcome).toEqual({ inserted: 3, updated: 0, deleted: 0 });
      await mis.run(INSERT_NAPR, napr(303));
      // An update from the ЦОД of a row that exists: updated, and still no echo.
      expect(await t.db.applyIncoming([{ table: "DOC_NAPR_ANALYSIS", op: "upsert", values: { ID: 301, STATUS: 3 } }])).toEqual({ inserted: 0, updated: 1, deleted: 0 });
      expect(await t.db.applyIncoming([{ table: "DOC_NAPR_ANALYSIS", op: "delete", key: { ID: 302 } }])).toEqual({ inserted: 0, updated: 0, deleted: 1 });
      const changes = await drain(t.db);
      expect(changes.map((c) => `${c.table}:${c.key.ID}`)).toEqual(["DOC_NAPR_ANALYSIS:303"]);
      expect(await t.db.position("cod.marks")).toBe("301");
      const [row] = await t.db.readRows("DOC_NAPR_ANALYSIS", [{ ID: 301 }]);
      expect(row!.STATUS).toBe(3);
      // Columns not named keep their values.
      expect(row!.PATIENT_FIO).toBe("Петрова Анна Сергеевна");
      await mis.close();
    }, 60_000);

    test("applying rows is one transaction with its positions: a bad row leaves nothing behind", async () => {
      await drain(t.db);
      await t.db.setPosition({ name: "cod.results", value: "10" });
      const attempt = t.db.applyIncoming(
        [
          { table: "DOC_NAPR_ANALYSIS", op: "upsert", values: referral(351) },
          { table: "DOC_NAPR_ANALYSIS", op: "upsert", values: referral(352, { CREATED_AT: "yesterday" }) },
        ],
        [{ name: "cod.results", value: "11" }],
      );
      const error = await attempt.catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MainDbError);
      expect((error as MainDbError).message).toContain("DOC_NAPR_ANALYSIS.CREATED_AT");
      expect(await t.db.readRows("DOC_NAPR_ANALYSIS", [{ ID: 351 }])).toEqual([]);
      expect(await t.db.position("cod.results")).toBe("10");
    }, 60_000);

    test("names from outside are checked: unknown tables and columns are refused, never spliced into SQL", async () => {
      const table = await t.db.readRows('DOC_NAPR_ANALYSIS"; DROP TABLE PATIENT; --', [{ ID: 1 }]).catch((e: unknown) => e);
      expect(table).toBeInstanceOf(MainDbError);
      expect((table as MainDbError).kind).toBe("schema");
      const column = await t.db.applyIncoming([{ table: "DOC_NAPR_ANALYSIS", op: "upsert", values: { ID: 1, 'NUM" = NULL --': "x" } }]).catch((e: unknown) => e);
      expect(column).toBeInstanceOf(MainDbError);
      expect((column as MainDbError).message).toContain("has no column");
      expect(await t.engine.table("PATIENT")).toBeDefined();
    }, 60_000);

    test("NULLs, decimals, dates, Cyrillic and keys beyond 2^53 round-trip exactly", async () => {
      await drain(t.db);
      const big = "9007199254740993";
      const max = "9223372036854775807";
      await t.db.applyIncoming([
        { table: "DOC_NAPR_ANALYSIS", op: "upsert", values: referral(big, { COMMENT_TEXT: null, BIRTH_DATE: "1956-02-29", SEX: "Ж", DIAGNOSIS_MKB: null }) },
        { table: "DOC_ANALYSIS", op: "upsert", values: { ID: max, NAPR_ID: big, NUM: "Р-1", RESULT_AT: new Date("2025-05-14T09:30:15.250Z"), CONCLUSION: "Ёлка, щука, объём — «норма» №5" } },
        {
          table: "DOCTAB_ANALYSIS_PARAMS",
          op: "upsert",
          values: { ID: 1, ANALYSIS_DOC_ID: max, PAR_ID: 1001, VALUE_NUM: "12345678901.1234", NORM_LOW: "-0.5", NORM_HIGH: 7, VALUE_TEXT: null, FLAG: "H" },
        },
        { table: "DOC_ANALYSIS_BAK", op: "upsert", values: { ID: 1, NUM: "Б-1", RESULT_AT: new Date("2025-05-14T09:00:00Z") } },
        { table: "DOCTAB_ANALYSIS_BAK_ORG", op: "upsert", values: { ID: 1, BAK_ID: 1, ORGANISM_ID: 1, CFU: "123456789012345678" } },
      ]);
      const [n] = await t.db.readRows("DOC_NAPR_ANALYSIS", [{ ID: big }]);
      expect(n).toMatchObject({ ID: big, COMMENT_TEXT: null, BIRTH_DATE: "1956-02-29", SEX: "Ж", DIAGNOSIS_MKB: null, PATIENT_FIO: "Петрова Анна Сергеевна" });
      const [d] = await t.db.readRows("DOC_ANALYSIS", [{ ID: max }]);
      expect(d).toMatchObject({ ID: max, NAPR_ID: big, CONCLUSION: "Ёлка, щука, объём — «норма» №5", RESULT_AT: new Date("2025-05-14T09:30:15.250Z") });
      const [p] = await t.db.readRows("DOCTAB_ANALYSIS_PARAMS", [{ ID: 1 }]);
      // SQLite keeps NUMERIC as a double: 15 significant digits survive, which is what its NUMERIC(15, 4) can hold.
      expect(p).toMatchObject({ VALUE_NUM: "12345678901.1234", NORM_LOW: "-0.5000", NORM_HIGH: "7.0000", VALUE_TEXT: null, FLAG: "H" });
      const [o] = await t.db.readRows("DOCTAB_ANALYSIS_BAK_ORG", [{ ID: 1 }]);
      expect(o!.CFU).toBe("123456789012345678");
      // The journal carries the big keys as exact strings too.
      const mis = await t.mis();
      await mis.run("UPDATE DOC_ANALYSIS SET STATUS = 1 WHERE ID = ?", [max]);
      const changes = await drain(t.db);
      expect(changes.map((c) => c.key)).toEqual([{ ID: max }]);
      expect(changes[0]!.values!.NAPR_ID).toBe(big);
      await mis.close();
    }, 60_000);

    test("composite keys: journalled, collapsed, read and deleted by every key column", async () => {
      await drain(t.db);
      const mis = await t.mis();
      const big = "9007199254740995";
      await mis.run("INSERT INTO REG_BIOMATERIAL_NAPRS (BIOMATERIAL_ID, NAPR_ID) VALUES (?, ?)", [big, "7"]);
      await mis.run("INSERT INTO REG_BIOMATERIAL_NAPRS (BIOMATERIAL_ID, NAPR_ID) VALUES (?, ?)", [big, "8"]);
      await mis.run("INSERT INTO REG_ANALYSIS_SOSTAV (ANALYSIS_ID, PAR_ID, SORT_ORDER) VALUES (?, ?, ?)", [901, 902, 1]);
      await mis.run("UPDATE REG_ANALYSIS_SOSTAV SET SORT_ORDER = 2 WHERE ANALYSIS_ID = 901 AND PAR_ID = 902");
      await mis.run("DELETE FROM REG_BIOMATERIAL_NAPRS WHERE BIOMATERIAL_ID = ? AND NAPR_ID = ?", [big, "8"]);
      const changes = await drain(t.db);
      expect(changes.map((c) => [c.table, c.key, c.op])).toEqual([
        ["REG_BIOMATERIAL_NAPRS", { BIOMATERIAL_ID: big, NAPR_ID: 7 }, "upsert"],
        ["REG_BIOMATERIAL_NAPRS", { BIOMATERIAL_ID: big, NAPR_ID: 8 }, "delete"],
        ["REG_ANALYSIS_SOSTAV", { ANALYSIS_ID: 901, PAR_ID: 902 }, "upsert"],
      ]);
      expect(changes[2]!.values!.SORT_ORDER).toBe(2);
      expect(await t.db.readRows("REG_BIOMATERIAL_NAPRS", [{ BIOMATERIAL_ID: big, NAPR_ID: 7 }, { BIOMATERIAL_ID: big, NAPR_ID: 8 }])).toEqual([{ BIOMATERIAL_ID: big, NAPR_ID: 7 }]);
      expect(await t.db.applyIncoming([{ table: "REG_BIOMATERIAL_NAPRS", op: "delete", key: { BIOMATERIAL_ID: big, NAPR_ID: 7 } }])).toEqual({ inserted: 0, updated: 0, deleted: 1 });
      await mis.close();
    }, 60_000);

    test("BLOBs of several megabytes, with their signatures, through the PDF register", async () => {
      const pdf = new Uint8Array(5 * 1024 * 1024 + 17);
      for (let i = 0; i < pdf.length; i++) pdf[i] = (i * 31 + (i >> 8)) & 0xff;
      const signature = new Uint8Array(2048).map((_, i) => (i * 7) & 0xff);
      const signedAt = new Date("2025-05-14T10:00:00.000Z");
      const id = await t.db.pdf.storeReceived({
        analysisDocId: 5,
        referralId: "9007199254740997",
        fileName: "результат.pdf",
        pdf,
        sha256: "ab".repeat(32),
        createdAt: new Date("2025-05-14T09:00:00.000Z"),
        signatures: [{ role: "doctor", signerName: "Сидоров Пётр Ильич", signature, signedAt }],
      });
      const [row] = await t.db.readRows("REG_ANALYSIS_PDF", [{ ID: id }]);
      expect(row!.FILE_NAME).toBe("результат.pdf");
      expect(row!.NAPR_ID).toBe("9007199254740997");
      expect((row!.PDF as Uint8Array).length).toBe(pdf.length);
      expect(Buffer.compare(Buffer.from(row!.PDF as Uint8Array), Buffer.from(pdf))).toBe(0);

      // One made here, waiting to be signed and uploaded.
      await t.db.applyIncoming([{ table: "REG_ANALYSIS_PDF", op: "upsert", values: { ID: 900001, ANALYSIS_DOC_ID: 6, DIRECTION: "out", PDF: pdf.subarray(0, 4000), STATUS: 0, CREATED_AT: new Date("2025-05-14T08:00:00Z") } }]);
      expect(await t.db.pdf.queueLength()).toBeGreaterThanOrEqual(1);
      const waiting = await t.db.pdf.pendingUploads(10);
      const mine = waiting.find((d) => String(d.id) === "900001")!;
      expect(mine.signatures).toEqual([]);
      expect(mine.pdf.length).toBe(4000);
      await t.db.pdf.addSignature(mine.id, { role: "mo", signerName: null, signature, signedAt });
      const signed = (await t.db.pdf.pendingUploads(10)).find((d) => String(d.id) === "900001")!;
      expect(signed.signatures).toHaveLength(1);
      expect(Buffer.compare(Buffer.from(signed.signatures[0]!.signature), Buffer.from(signature))).toBe(0);
      expect(signed.signatures[0]!.signedAt).toEqual(signedAt);
      await t.db.pdf.markUploaded(mine.id, new Date("2025-05-14T11:00:00Z"));
      expect((await t.db.pdf.pendingUploads(10)).some((d) => String(d.id) === "900001")).toBe(false);
    }, 60_000);

    test("the mailing queue's states: due by channel and retry time, sending guarded, counts, consent from the patient, the PDF to attach, results queued by the agent", async () => {
      const at = (iso: string) => new Date(`2025-06-01T${iso}Z`);
      await t.db.applyIncoming([
        { table: "PATIENT", op: "upsert", values: { ID: 71, LAST_NAME: "Тестова", FIRST_NAME: "Анна", EMAIL: "anna@example.ru", PHONE: "+79160000071", MAILING_CONSENT: 2 } },
        { table: "PATIENT", op: "upsert", values: { ID: 72, LAST_NAME: "Тестов", FIRST_NAME: "Иван", PHONE: "+79160000072", MAILING_CONSENT: 1 } },
        { table: "PATIENT", op: "upsert", values: { ID: 73, LAST_NAME: "Отказов", FIRST_NAME: "Пётр", EMAIL: "petr@example.ru", MAILING_CONSENT: 0 } },
        { table: "DOC_NAPR_ANALYSIS", op: "upsert", values: { ID: 710, NUM: "Н-710", DOC_DATE: "2025-06-01", CREATED_AT: at("06:00:00"), PATIENT_ID: 71 } },
        { table: "DOC_NAPR_ANALYSIS", op: "upsert", values: { ID: 720, NUM: "Н-720", DOC_DATE: "2025-06-01", CREATED_AT: at("06:00:00"), PATIENT_ID: 72 } },
        { table: "DOC_NAPR_ANALYSIS", op: "upsert", values: { ID: 730, NUM: "Н-730", DOC_DATE: "2025-06-01", CREATED_AT: at("06:00:00"), PATIENT_ID: 73 } },
        { table: "DOC_ANALYSIS", op: "upsert", values: { ID: 7100, NAPR_ID: 710, NUM: "Р-7100", RESULT_AT: at("08:00:00"), STATUS: 2 } },
        { table: "DOC_ANALYSIS", op: "upsert", values: { ID: 7200, NAPR_ID: 720, NUM: "Р-7200", RESULT_AT: at("08:30:00"), STATUS: 2 } },
        { table: "DOC_ANALYSIS", op: "upsert", values: { ID: 7300, NAPR_ID: 730, NUM: "Р-7300", RESULT_AT: at("08:30:00"), STATUS: 2 } },
        { table: "DOC_ANALYSIS", op: "upsert", values: { ID: 7101, NAPR_ID: 710, NUM: "Р-7101", RESULT_AT: at("02:00:00"), STATUS: 2 } },
        { table: "REG_ANALYSIS_PDF", op: "upsert", values: { ID: 7001, ANALYSIS_DOC_ID: 7100, DIRECTION: "out", PDF: new Uint8Array([1, 2, 3]), FILE_NAME: "r.pdf", STATUS: 1, CREATED_AT: at("08:00:00") } },
        { table: "REG_ANALYSIS_PDF", op: "upsert", values: { ID: 7002, ANALYSIS_DOC_ID: 7200, DIRECTION: "in", PDF: new Uint8Array([9]), STATUS: 1, SIGN_VALID: 0, CREATED_AT: at("08:00:00") } },
        { table: "REG_MAILING", op: "upsert", values: { ID: 301, PATIENT_ID: 72, ANALYSIS_DOC_ID: 7200, CHANNEL: "sms", ADDRESS: "+79160000072", STATUS: 0, ATTEMPTS: 0, CREATED_AT: at("09:00:00") } },
      ]);
      expect(await t.db.mailing.enqueueFinalResults({ since: at("07:00:00"), at: at("09:10:00") })).toBe(1);
      expect(await t.db.mailing.enqueueFinalResults({ since: at("07:00:00"), at: at("09:11:00") })).toBe(0);
      // (Firebird takes the new row's id from GEN_REG_MAILING_ID, SQLite from the rowid: compare by result.)
      const queued = (await t.db.mailing.pending(10)).sort((a, b) => Number(a.analysisDocId) - Number(b.analysisDocId));
      expect(queued.map((m) => [m.analysisDocId, m.channel, m.address, m.consent, m.status])).toEqual([
        [7100, "email", "anna@example.ru", "documents", "queued"],
        [7200, "sms", "+79160000072", "notice", "queued"],
      ]);
      const anna = queued[0]!;
      expect(anna.createdAt).toEqual(at("09:10:00"));
      expect(await t.db.mailing.resultPdf(7100)).toEqual({ pdf: new Uint8Array([1, 2, 3]), fileName: "r.pdf" });
      expect(await t.db.mailing.resultPdf(7200)).toBeUndefined(); // received, its signature invalid: never sent to a patient

      const now = at("10:00:00");
      expect((await t.db.mailing.due({ channel: "email", now, afterId: 0, limit: 10 })).map((m) => m.id)).toEqual([anna.id]);
      expect(await t.db.mailing.due({ channel: "email", now, afterId: anna.id, limit: 10 })).toEqual([]);
      expect(await t.db.mailing.markSending(anna.id)).toBe(true);
      expect(await t.db.mailing.markSending(anna.id)).toBe(false);
      expect(await t.db.mailing.due({ channel: "email", now, afterId: 0, limit: 10 })).toEqual([]);
      expect((await t.db.mailing.inFlight(10)).map((m) => [m.id, m.status])).toEqual([[anna.id, "sending"]]);
      await t.db.mailing.markUncertain(anna.id, { reason: "соединение прервано", nextAt: at("10:20:00") });
      expect((await t.db.mailing.inFlight(10)).map((m) => [m.attempts, m.lastError, m.nextAt])).toEqual([[1, "соединение прервано", at("10:20:00")]]);

      await t.db.mailing.markRetry(301, { reason: "503", nextAt: at("10:30:00"), counted: true });
      expect(await t.db.mailing.due({ channel: "sms", now, afterId: 0, limit: 10 })).toEqual([]);
      const later = await t.db.mailing.due({ channel: "sms", now: at("10:30:00"), afterId: 0, limit: 10 });
      expect(later.map((m) => [m.id, m.attempts, m.nextAt, m.lastError])).toEqual([[301, 1, at("10:30:00"), "503"]]);
      expect(await t.db.mailing.counts(now)).toEqual({ email: { queued: 0, due: 0, sending: 1 }, sms: { queued: 1, due: 0, sending: 0 } });
      expect(await t.db.mailing.counts(at("11:00:00"))).toEqual({ email: { queued: 0, due: 0, sending: 1 }, sms: { queued: 1, due: 1, sending: 0 } });
      await t.db.mailing.markRetry(anna.id, { reason: null, nextAt: now, counted: false });
      await t.db.mailing.markSending(anna.id);
      await t.db.mailing.markSent(anna.id, { at: now, messageId: "<main-q7@clinic.example>", counted: false });
      const [row] = await t.db.readRows("REG_MAILING", [{ ID: anna.id }]);
      expect(row).toMatchObject({ STATUS: 1, ATTEMPTS: 1, MESSAGE_ID: "<main-q7@clinic.example>", LAST_ERROR: null, NEXT_AT: null });

      await t.db.mailing.markFailed(301, "нет согласия", { counted: false });
      expect(await t.db.mailing.pending(10)).toEqual([]);

      // Received PDFs are found again by the uploader's МО and document id; one made here is parked with its reason.
      await t.db.applyIncoming([{ table: "REG_ANALYSIS_PDF", op: "upsert", values: { ID: 7003, DIRECTION: "out", PDF: new Uint8Array([7]), STATUS: 0, COD_MO: "5678", CREATED_AT: now } }]);
      expect(await t.db.pdf.isReceived("1234", "pdf-1")).toBe(false);
      const stored = await t.db.pdf.storeReceived({
        analysisDocId: null, referralId: 710, fileName: "x.pdf", pdf: new Uint8Array([5]), sha256: null, createdAt: now, signatures: [],
        codMo: "1234", codDocumentId: "pdf-1", verdict: { valid: true, json: '{"valid":true}' },
      });
      expect(await t.db.pdf.isReceived("1234", "pdf-1")).toBe(true);
      const [received] = await t.db.readRows("REG_ANALYSIS_PDF", [{ ID: stored }]);
      expect(received).toMatchObject({ DIRECTION: "in", ANALYSIS_DOC_ID: 7101, NAPR_ID: 710, COD_MO: "1234", COD_DOC_ID: "pdf-1", SIGN_VALID: 1, SIGN_VERDICT: '{"valid":true}' });
      const before = await t.db.pdf.queueLength();
      expect((await t.db.pdf.pendingUploads(10, 7002)).map((d) => [d.id, d.codMo])).toEqual([[7003, "5678"]]);
      await t.db.pdf.noteError(7003, "подпись: программа не ответила");
      expect((await t.db.pdf.pendingUploads(10, 7002))[0]!.lastError).toBe("подпись: программа не ответила");
      await t.db.pdf.park(7003, "слишком большой");
      expect(await t.db.pdf.queueLength()).toBe(before - 1);
      expect((await t.db.readRows("REG_ANALYSIS_PDF", [{ ID: 7003 }]))[0]).toMatchObject({ STATUS: 2, LAST_ERROR: "слишком большой" });
    }, 60_000);

    test("the mailing queue, the exchange register and the ОДЛИ code map and queue", async () => {
      await t.db.applyIncoming([
        { table: "REG_MAILING", op: "upsert", values: { ID: 1, PATIENT_ID: 1, ANALYSIS_DOC_ID: 2, CHANNEL: "email", ADDRESS: "patient@example.ru", SUBJECT: "Результаты", BODY: "Здравствуйте! Результаты готовы.", STATUS: 0, ATTEMPTS: 0, CREATED_AT: new Date("2025-05-14T08:00:00Z") } },
        { table: "REG_MAILING", op: "upsert", values: { ID: 2, CHANNEL: "sms", ADDRESS: "+79161234567", STATUS: 0, ATTEMPTS: 0, CREATED_AT: new Date("2025-05-14T08:01:00Z") } },
        // Two referrals to a lab reached through ОДЛИ (it has a GUID), one to a lab that is not: only the first two are the job's.
        { table: "REG_LPU_FOR_RECEIVE_NAPR_ANAL", op: "upsert", values: { ID: 71, LPU_ID: 4601001, LPU_NAME: "Лаборатория через ОДЛИ", IS_ACTIVE: 1, ODLI_GUID: "3f1c2a9e-5b7d-4e21-9a63-0c8d1e2f4a51" } },
        { table: "REG_LPU_FOR_RECEIVE_NAPR_ANAL", op: "upsert", values: { ID: 72, LPU_ID: 4601002, LPU_NAME: "Лаборатория без ОДЛИ", IS_ACTIVE: 1 } },
        ...[["9007199254740999", 4601001], [12, 4601001], [13, 4601002]].map(([ID, LPU_TO_ID]) => ({
          table: "DOC_NAPR_ANALYSIS",
          op: "upsert" as const,
          values: { ID: ID!, NUM: `Н-${ID}`, DOC_DATE: "2025-05-14", CREATED_AT: new Date("2025-05-14T07:00:00Z"), LPU_TO_ID: LPU_TO_ID!, CITO: 0, STATUS: 1 },
        })),
        { table: "REG_ODLI_NAPR_SEND", op: "upsert", values: { NAPR_ID: "9007199254740999", STATUS: 0, ATTEMPTS: 0, QUEUED_AT: new Date("2025-05-14T08:00:00Z") } },
        { table: "REG_ODLI_NAPR_SEND", op: "upsert", values: { NAPR_ID: 12, STATUS: 0, ATTEMPTS: 0, QUEUED_AT: new Date("2025-05-14T08:05:00Z") } },
        { table: "REG_ODLI_NAPR_SEND", op: "upsert", values: { NAPR_ID: 13, STATUS: 0, ATTEMPTS: 0, QUEUED_AT: new Date("2025-05-14T08:06:00Z") } },
      ]);
      const pending = await t.db.mailing.pending(10);
      expect(pending.map((m) => [m.id, m.channel, m.body])).toEqual([
        [1, "email", "Здравствуйте! Результаты готовы."],
        [2, "sms", null],
      ]);
      expect(pending[0]!.createdAt).toEqual(new Date("2025-05-14T08:00:00Z"));
      await t.db.mailing.markSent(1, { at: new Date("2025-05-14T09:00:00Z"), messageId: "<main-q1@clinic.example>" });
      await t.db.mailing.markRetry(2, { reason: "SMS gateway: 503", nextAt: new Date("2025-05-14T09:05:00Z"), counted: true });
      expect((await t.db.mailing.pending(10)).map((m) => [m.id, m.attempts])).toEqual([[2, 1]]);
      await t.db.mailing.markFailed(2, "x".repeat(5000), { counted: true });
      expect(await t.db.mailing.pending(10)).toEqual([]);
      const [sent] = await t.db.readRows("REG_MAILING", [{ ID: 1 }]);
      expect(sent).toMatchObject({ STATUS: 1, ATTEMPTS: 1, SENT_AT: new Date("2025-05-14T09:00:00Z"), MESSAGE_ID: "<main-q1@clinic.example>" });
      expect(((await t.db.readRows("REG_MAILING", [{ ID: 2 }]))[0]!.LAST_ERROR as string).length).toBe(1000);

      await t.db.exchange.replace(4601001, [
        { analysisCode: "B03.016.002", analysisName: "Общий анализ крови", biomaterial: "Кровь" },
        { analysisCode: "A09.05.023", analysisName: "Глюкоза", biomaterial: null },
      ], new Date());
      await t.db.exchange.replace(4601001, [{ analysisCode: "B03.016.002", analysisName: "Общий (клинический) анализ крови", biomaterial: "Кровь" }], new Date());
      expect(await t.db.exchange.list(4601001)).toEqual([{ analysisCode: "B03.016.002", analysisName: "Общий (клинический) анализ крови", biomaterial: "Кровь" }]);
      expect(await t.db.exchange.clear(4601001)).toBe(1);
      expect(await t.db.exchange.list(4601001)).toEqual([]);

      await t.db.odli.upsertCodes([
        { dictionary: "1.2.643.5.1.13.13.11.1080", version: "3.1", localCode: "HGB", odliCode: "718-7", odliName: "Гемоглобин" },
        { dictionary: "1.2.643.5.1.13.13.11.1080", version: "3.1", localCode: "RBC", odliCode: "789-8", odliName: "Эритроциты" },
      ]);
      await t.db.odli.upsertCodes([{ dictionary: "1.2.643.5.1.13.13.11.1080", version: "3.2", localCode: "HGB", odliCode: "718-7", odliName: "Гемоглобин в крови" }]);
      expect((await t.db.odli.codes("1.2.643.5.1.13.13.11.1080")).map((c) => [c.localCode, c.version, c.odliName])).toEqual([
        ["HGB", "3.2", "Гемоглобин в крови"],
        ["RBC", "3.1", "Эритроциты"],
      ]);
      expect(await t.db.odli.pendingReferrals(10)).toEqual([12, "9007199254740999"]);
      expect(await t.db.odli.pendingReferrals(10, 12)).toEqual(["9007199254740999"]);
      expect(await t.db.odli.pendingCount()).toBe(2);
      expect(await t.db.odli.markSending("9007199254740999", new Date())).toBe(true);
      expect(await t.db.odli.markSending("9007199254740999", new Date())).toBe(false);
      expect(await t.db.odli.inFlight(10)).toEqual(["9007199254740999"]);
      await t.db.odli.markReferral("9007199254740999", { sent: true, at: new Date(), orderId: "0b8c3f0e-0000-4000-8000-000000000001" });
      await t.db.odli.markReferral(12, { sent: false, reason: "ОДЛИ: 400 Bad Request", final: false });
      expect(await t.db.odli.pendingReferrals(10)).toEqual([12]);
      expect(await t.db.odli.inFlight(10)).toEqual([]);
      expect(await t.db.odli.openOrders(10)).toEqual([
        { referralId: "9007199254740999", orderId: "0b8c3f0e-0000-4000-8000-000000000001", orderStatus: null, lpuToId: 4601001, labGuid: "3f1c2a9e-5b7d-4e21-9a63-0c8d1e2f4a51" },
      ]);
      await t.db.odli.markReferral(12, { sent: false, reason: "ОДЛИ: 400 Bad Request", final: true });
      expect(await t.db.odli.parked(10)).toEqual([{ referralId: 12, attempts: 2, reason: "ОДЛИ: 400 Bad Request" }]);
      expect(await t.db.odli.queueSummary()).toEqual({ waiting: 0, sending: 0, sent: 1, parked: 1, awaitingResults: 1 });
    }, 60_000);

    test("a table with more columns than ours: the new column travels with the changes", async () => {
      await drain(t.db);
      const mis = await t.mis();
      await mis.run("ALTER TABLE REF_LAB_TYPE ADD EXTRA_NOTE VARCHAR(100)");
      t.engine.forgetCatalog();
      await mis.run("INSERT INTO REF_LAB_TYPE (ID, CODE, NAME, EXTRA_NOTE) VALUES (?, ?, ?, ?)", [77, "X", "Экспресс-лаборатория", "круглосуточно"]);
      const [change] = await drain(t.db);
      expect(change!.values).toEqual({ ID: 77, CODE: "X", NAME: "Экспресс-лаборатория", EXTRA_NOTE: "круглосуточно" });
      await mis.close();
    }, 60_000);

    test("concurrent writers while the reader reads: every committed row is delivered", async () => {
      await drain(t.db);
      const writers = await Promise.all([t.mis(), t.mis()]);
      const perWriter = 150;
      let writing = true;
      const written = Promise.all(
        writers.map(async (mis, w) => {
          for (let i = 0; i < perWriter; i++) await mis.run(INSERT_NAPR, napr(10_000 + w * 1000 + i));
        }),
      ).finally(() => (writing = false));
      const seen = new Set<string>();
      while (writing) {
        const batch = await t.db.readChanges({ limit: 37 });
        if (!batch) {
          await Bun.sleep(5);
          continue;
        }
        expect(batch.journal.entries).toBeLessThanOrEqual(37);
        for (const k of keysOf(batch.changes, "DOC_NAPR_ANALYSIS")) seen.add(k);
        await t.db.ack(batch.id);
      }
      await written;
      for (const c of await drain(t.db)) seen.add(String(c.key.ID));
      expect(seen.size).toBe(2 * perWriter);
      expect((await t.db.health()).journalBacklog).toBe(0);
      for (const w of writers) await w.close();
    }, 60_000);

    test("a transaction held open across sync runs is delivered when it commits; others are not held up", async () => {
      await drain(t.db);
      const slow = await t.mis();
      const others = await t.mis();
      const long = await slow.begin();
      await long.run(INSERT_NAPR, napr(500));
      if (t.engine.concurrentWriters) {
        // Firebird: others commit while it stays open; its journal id is lower than theirs.
        for (let run = 0; run < 3; run++) {
          await others.run(INSERT_NAPR, napr(510 + run));
          const delivered = await drain(t.db);
          expect(keysOf(delivered, "DOC_NAPR_ANALYSIS")).toEqual([String(510 + run)]);
        }
      } else {
        // SQLite: one writer at a time — nobody can commit meanwhile, so nothing can be held up. Reading
        // what was committed before does not wait for the open transaction.
        expect(await t.db.readRows("DOC_NAPR_ANALYSIS", [{ ID: 500 }])).toEqual([]);
      }
      await long.commit();
      expect(keysOf(await drain(t.db), "DOC_NAPR_ANALYSIS")).toEqual(["500"]);
      await slow.close();
      await others.close();
    }, 60_000);

    test("the initial load journals existing rows in chunks and resumes after a crash without duplicates", async () => {
      const fresh = await fixture.create({ capture: false });
      try {
        const mis = await fresh.mis();
        for (let i = 1; i <= 230; i++) await mis.run("INSERT INTO REF_ANALYSIS_PAR (ID, CODE, NAME, IS_NUMERIC) VALUES (?, ?, ?, 1)", [i, `P${i}`, `Показатель ${i}`]);
        for (let i = 1; i <= 120; i++) await mis.run("INSERT INTO REG_ANALYSIS_SOSTAV (ANALYSIS_ID, PAR_ID) VALUES (?, ?)", [Math.ceil(i / 10), i]);
        await runPlan(fresh.engine, await installPlan(fresh.engine));
        const tables = [(await fresh.engine.table("REF_ANALYSIS_PAR"))!, (await fresh.engine.table("REG_ANALYSIS_SOSTAV"))!];
        let chunks = 0;
        const crash = initialLoad(fresh.engine, tables, {
          chunk: 100,
          now: () => Date.now(),
          onChunk: () => {
            if (++chunks === 2) throw new Error("power cut");
          },
        });
        await expect(crash).rejects.toThrow("power cut");
        expect((await initialLoadProgress(fresh.engine)).get("REF_ANALYSIS_PAR")).toMatchObject({ rows: 200, done: false });
        // Meanwhile the MIS changes a row the load has not reached yet, and one it has.
        await mis.run("UPDATE REF_ANALYSIS_PAR SET NAME = ? WHERE ID = ?", ["Изменён", 220]);
        const resumed = await initialLoad(fresh.engine, tables, { chunk: 100, now: () => Date.now() });
        expect(resumed).toEqual([
          { table: "REF_ANALYSIS_PAR", rows: 230, outcome: "resumed" },
          { table: "REG_ANALYSIS_SOSTAV", rows: 120, outcome: "loaded" },
        ]);
        const again = await initialLoad(fresh.engine, tables, { chunk: 100, now: () => Date.now() });
        expect(again.map((l) => l.outcome)).toEqual(["already", "already"]);
        const changes = await drain(fresh.db, 500);
        const pars = keysOf(changes, "REF_ANALYSIS_PAR");
        expect(new Set(pars).size).toBe(230);
        expect(changes.filter((c) => c.table === "REG_ANALYSIS_SOSTAV")).toHaveLength(120);
        expect(changes.find((c) => c.table === "REF_ANALYSIS_PAR" && c.key.ID === 220)!.values!.NAME).toBe("Изменён");
        await mis.close();
      } finally {
        await fresh.close();
      }
    }, 60_000);

    test("the lease: a second agent is refused naming the holder; a dead holder's lease expires", async () => {
      const clock = new ManualClock(Date.UTC(2025, 4, 14, 10, 0, 0));
      const first = await MainDbLease.acquire(t.engine, { instance: "clinic-a", ttlMs: 60_000, clock, host: "srv-a", pid: 111 });
      const refused = await MainDbLease.acquire(t.engine, { instance: "clinic-b", ttlMs: 60_000, clock, host: "srv-b", pid: 222 }).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(AgentError);
      expect((refused as AgentError).exitCode).toBe(3);
      expect((refused as AgentError).message).toContain("instance clinic-a on srv-a, process 111");
      clock.advance(50_000);
      await first.heartbeat();
      clock.advance(50_000);
      // Renewed 50 s ago: still held.
      await expect(MainDbLease.acquire(t.engine, { instance: "clinic-b", ttlMs: 60_000, clock, host: "srv-b", pid: 222 })).rejects.toThrow("clinic-a");
      // The holder dies: no more heartbeats; after the lease runs out the second agent takes it.
      clock.advance(61_000);
      const second = await MainDbLease.acquire(t.engine, { instance: "clinic-b", ttlMs: 60_000, clock, host: "srv-b", pid: 222 });
      const lost = await first.heartbeat().catch((e: unknown) => e);
      expect((lost as AgentError).exitCode).toBe(3);
      expect((lost as AgentError).message).toContain("clinic-b");
      await second.release();
      const third = await MainDbLease.acquire(t.engine, { instance: "clinic-c", ttlMs: 60_000, clock });
      await third.release();
    }, 60_000);

    test("reading ahead: the next batch while one is in flight; after a restart the open batches come again in order", async () => {
      await drain(t.db);
      const mis = await t.mis();
      for (const id of [8101, 8102, 8103, 8104, 8105, 8106]) await mis.run(INSERT_NAPR, napr(id));
      const b1 = (await t.db.readChanges({ limit: 2 }))!;
      const b2 = (await t.db.readChanges({ limit: 2, after: b1.id }))!;
      expect([keysOf(b1.changes, "DOC_NAPR_ANALYSIS"), keysOf(b2.changes, "DOC_NAPR_ANALYSIS"), b2.resent]).toEqual([["8101", "8102"], ["8103", "8104"], false]);
      // The agent stopped here: both are open, and come again, oldest first, with their ids.
      const again1 = (await t.db.readChanges({ limit: 2 }))!;
      const again2 = (await t.db.readChanges({ limit: 2, after: again1.id }))!;
      expect([again1.id, again1.resent, again2.id, again2.resent]).toEqual([b1.id, true, b2.id, true]);
      expect(await t.db.ack(b1.id)).toBe(2);
      const b3 = (await t.db.readChanges({ limit: 5, after: b2.id }))!;
      expect(keysOf(b3.changes, "DOC_NAPR_ANALYSIS")).toEqual(["8105", "8106"]);
      expect(await t.db.readChanges({ limit: 5, after: b3.id })).toBeUndefined();
      await t.db.ack(b2.id);
      await t.db.ack(b3.id);
      expect(await t.db.readChanges({ limit: 5 })).toBeUndefined();
      await mis.close();
    }, 60_000);

    test("the lease of an agent on this machine whose process is gone is taken over without waiting for it to expire", async () => {
      const clock = new ManualClock(Date.UTC(2025, 4, 14, 10, 0, 0));
      // A process id that cannot be alive: a child that has exited.
      const gone = Bun.spawnSync(["true"]).pid;
      const dead = await MainDbLease.acquire(t.engine, { instance: "clinic-a", ttlMs: 60_000, clock, host: "srv-a", pid: gone });
      // On another machine nothing can be known about the process: it waits for the lease to run out.
      await expect(MainDbLease.acquire(t.engine, { instance: "clinic-a", ttlMs: 60_000, clock, host: "srv-b", pid: process.pid })).rejects.toThrow("srv-a");
      // A live process on this machine is never taken over.
      const alive = await MainDbLease.acquire(t.engine, { instance: "clinic-a", ttlMs: 60_000, clock, host: "srv-b", pid: process.ppid }).catch((e: unknown) => e);
      expect(alive).toBeInstanceOf(AgentError);
      if (fixture.name === "firebird") {
        // Firebird is reached from other machines (which may share a host name): only once its heartbeat has stopped.
        await expect(MainDbLease.acquire(t.engine, { instance: "clinic-a", ttlMs: 60_000, clock, host: "srv-a", pid: process.pid })).rejects.toThrow("srv-a");
        clock.advance(26_000);
      }
      const next = await MainDbLease.acquire(t.engine, { instance: "clinic-a", ttlMs: 60_000, clock, host: "srv-a", pid: process.pid });
      expect((await dead.heartbeat().catch((e: unknown) => e)) as AgentError).toBeInstanceOf(AgentError);
      await next.release();
    }, 60_000);

    test("parking: a batch leaves the push with its changes kept; a requeue journals its rows again; an item parks with its position", async () => {
      await drain(t.db);
      const mis = await t.mis();
      for (const id of [7301, 7302]) await mis.run(INSERT_NAPR, napr(id));
      const batch = (await t.db.readChanges({ limit: 10 }))!;
      const content = batch.changes.map((c) => ({ table: c.table, key: c.key, op: c.op }));
      const id = await t.db.parked.parkBatch(batch.id, { attempts: 3, status: 422, code: "invalid_batch", reason: "changes[0].row.NUM: слишком длинно" }, content);
      expect((await t.db.health()).journalBacklog).toBe(0);
      expect(await t.db.readChanges({ limit: 10 })).toBeUndefined();
      expect(await t.db.parked.count()).toBe(1);
      const [entry] = await t.db.parked.list();
      expect(entry).toMatchObject({ id, kind: "push", ref: batch.id, attempts: 3, status: 422, code: "invalid_batch", reason: "changes[0].row.NUM: слишком длинно", entries: 2 });
      expect((await t.db.parked.content(id))!.changes).toEqual(content);
      // Retried: the rows' keys are journalled again and go out with their current state.
      await mis.run("UPDATE DOC_NAPR_ANALYSIS SET PATIENT_FIO = ? WHERE ID = ?", ["Сидоров Пётр Ильич", "7302"]);
      await drain(t.db);
      expect(await t.db.parked.requeue(id)).toBe(2);
      expect(await t.db.parked.requeue(id)).toBeUndefined();
      const again = await drain(t.db);
      expect(keysOf(again, "DOC_NAPR_ANALYSIS").sort()).toEqual(["7301", "7302"]);
      expect(again.find((c) => c.key.ID === 7302)!.values!.PATIENT_FIO).toBe("Сидоров Пётр Ильич");

      // An item from the ЦОД that cannot be written: parked, and the stream's position moves past it in the same transaction.
      const itemId = await t.db.parked.parkItem({ stream: "results", id: "res-9", changes: [{ table: "DOC_ANALYSIS", key: { ID: 9 }, op: "upsert", row: { ID: 9 } }] }, { attempts: 1, reason: "NOT NULL" }, { name: "cod:results", value: "77" });
      expect(await t.db.position("cod:results")).toBe("77");
      expect((await t.db.parked.list()).map((e) => [e.kind, e.stream, e.ref])).toEqual([["pull", "results", "res-9"]]);
      // Resolving it applies rows without echo and removes it; dropping what is gone answers false.
      const outcome = await t.db.parked.resolve(itemId, [{ table: "DOC_ANALYSIS", op: "upsert", values: { ID: 9, NUM: "Р-9", RESULT_AT: new Date("2025-05-14T08:00:00Z"), STATUS: 2 } }]);
      expect(outcome).toEqual({ inserted: 1, updated: 0, deleted: 0 });
      expect(await t.db.parked.count()).toBe(0);
      expect((await t.db.health()).journalBacklog).toBe(0);
      expect(await t.db.parked.drop(itemId)).toBe(false);
      await mis.close();
    }, 60_000);

    test("the list of organisations that receive referrals, and the МО in the exchange register", async () => {
      await t.db.applyIncoming([
        { table: "REG_LPU_FOR_RECEIVE_NAPR_ANAL", op: "upsert", values: { ID: 9001, LPU_ID: 9900001, LPU_CODE: "9900001", LPU_NAME: "ОКБ", IS_ACTIVE: 1 } },
        { table: "REG_LPU_FOR_RECEIVE_NAPR_ANAL", op: "upsert", values: { ID: 9002, LPU_ID: 9900002, LPU_CODE: null, LPU_NAME: "Онкоцентр", IS_ACTIVE: 0 } },
      ]);
      // Other tests of this database add organisations of their own (the ОДЛИ labs): only these two are looked at.
      expect((await t.db.exchange.executors()).filter((e) => e.lpuId >= 9900001)).toEqual([
        { lpuId: 9900001, code: "9900001", active: true },
        { lpuId: 9900002, code: null, active: false },
      ]);
      await t.db.exchange.replace(4601003, [{ analysisCode: "A", analysisName: null, biomaterial: null }], new Date());
      expect(await t.db.exchange.registered()).toEqual([4601003]);
      await t.db.exchange.clear(4601003);
      await drain(t.db);
    }, 60_000);

    test("capture can be removed cleanly and installed again; the MIS tables are untouched", async () => {
      const fresh = await fixture.create();
      try {
        await fresh.db.applyIncoming([{ table: "DOC_NAPR_ANALYSIS", op: "upsert", values: referral(1) }]);
        const plan = await removePlan(fresh.engine);
        expect(plan.tables).toHaveLength(37);
        await runPlan(fresh.engine, plan);
        const status = await captureStatus(fresh.engine);
        expect(status.objectsPresent).toEqual([]);
        expect(status.capturedTables).toEqual([]);
        expect((await fresh.db.readRows("DOC_NAPR_ANALYSIS", [{ ID: 1 }])).length).toBe(1);
        const error = await fresh.db.readChanges({ limit: 10 }).catch((e: unknown) => e);
        expect((error as MainDbError).kind).toBe("schema");
        await runPlan(fresh.engine, await installPlan(fresh.engine));
        expect((await captureStatus(fresh.engine)).capturedTables).toHaveLength(37);
      } finally {
        await fresh.close();
      }
    }, 60_000);

    test("health and size", async () => {
      const h = await t.db.health();
      expect(h.engine).toBe(fixture.name);
      expect(h.version).toMatch(fixture.name === "sqlite" ? /^SQLite 3\./ : /^Firebird [23]\./);
      expect(h.captureInstalled).toBe(true);
      expect((await t.db.size()).bytes).toBeGreaterThan(100_000);
    });
  });
}
