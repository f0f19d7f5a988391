/**
 * The mailing job (TSendRasThread) end to end, on SQLite and on a real
 * Firebird server: the queue in the main DB, a real SMTP server (smtp-server,
 * STARTTLS with a test CA, login) whose received messages are parsed, and the
 * SMS gateway simulator (SMSC.ru's API) with its faults. The crash in the
 * middle of a batch is in mailing-crash.test.ts.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "bun:test";
import PostalMime from "postal-mime";
import { mailingTask } from "../../src/tasks/mailing/task.ts";
import type { IncomingRow } from "../../src/clinic/port.ts";
import { wallClockAt } from "../../src/kernel/zoned-time.ts";
import { setLanguage } from "../../src/messages/text.ts";
import { ENGINES, type TestDb } from "../helpers/main-db.ts";
import { freePort } from "../helpers/free-port.ts";
import { mailingServers } from "../helpers/mailing-servers.ts";
import { taskHarness } from "../helpers/task-harness.ts";

setLanguage("ru");

const servers = mailingServers();
const { simAdmin } = servers;

/** Quiet hours that hold now in Moscow: from the current hour for two hours. */
function quietNow(): string {
  const w = wallClockAt(Date.now(), "Europe/Moscow");
  return `${w.hour}:00-${(w.hour + 2) % 24}:00`;
}

interface Item {
  id: number;
  channel: "email" | "sms";
  address: string;
  /** PATIENT.MAILING_CONSENT (default 1: notices). */
  consent?: 0 | 1 | 2 | null;
  pdf?: Uint8Array;
  status?: number;
  attempts?: number;
  /** Without a request: only the patient and the final result (for the agent's own queueing). */
  noRequest?: boolean;
  email?: string;
}

const pdfBytes = (n: number, seed: number) => new Uint8Array(Array.from({ length: n }, (_, i) => (i * 7919 + seed) % 256));

for (const fixture of ENGINES) {
  // Skipped only where no Firebird server runs (the reason is printed by test/helpers/firebird.ts); under CI=true a missing server fails instead.
  describe.skipIf(Boolean(fixture.skip))(`the mailing job (TSendRasThread) on ${fixture.name}`, () => {
    let t: TestDb;
    beforeAll(async () => {
      t = await fixture.create({ capture: false });
    }, 60_000);
    afterAll(async () => {
      await t?.close();
    }, 60_000);
    beforeEach(async () => {
      servers.smtp.behaviour = {};
      await simAdmin("DELETE", "/admin/messages");
      await simAdmin("DELETE", "/admin/faults");
      await simAdmin("PUT", "/admin/balance", { balance: 10_000 });
      await simAdmin("PUT", "/admin/numbers", { unknown: [], statuses: {} });
      await t.engine.write(async (s) => {
        for (const table of ["REG_MAILING", "REG_ANALYSIS_PDF_SIGN", "REG_ANALYSIS_PDF", "DOC_ANALYSIS", "DOC_NAPR_ANALYSIS", "PATIENT"]) await s.run(`DELETE FROM ${table}`);
      });
    });

    async function seed(items: Item[]): Promise<void> {
      const rows: IncomingRow[] = [];
      const now = new Date();
      for (const it of items) {
        const patient = 5000 + it.id;
        const doc = 9000 + it.id;
        rows.push({
          table: "PATIENT",
          op: "upsert",
          values: { ID: patient, LAST_NAME: "Тестова", FIRST_NAME: "Анна", MAILING_CONSENT: it.consent === undefined ? 1 : it.consent, EMAIL: it.email ?? null, PHONE: it.channel === "sms" ? it.address : null },
        });
        rows.push({ table: "DOC_NAPR_ANALYSIS", op: "upsert", values: { ID: 7000 + it.id, NUM: `Н-${it.id}`, DOC_DATE: "2025-06-01", CREATED_AT: now, PATIENT_ID: patient } });
        rows.push({ table: "DOC_ANALYSIS", op: "upsert", values: { ID: doc, NAPR_ID: 7000 + it.id, NUM: `Р-${doc}`, RESULT_AT: now, STATUS: 2 } });
        if (it.pdf) rows.push({ table: "REG_ANALYSIS_PDF", op: "upsert", values: { ID: 8000 + it.id, ANALYSIS_DOC_ID: doc, DIRECTION: "out", PDF: it.pdf, FILE_NAME: `result_${doc}.pdf`, STATUS: 1, CREATED_AT: now } });
        if (!it.noRequest) {
          rows.push({
            table: "REG_MAILING",
            op: "upsert",
            values: { ID: it.id, PATIENT_ID: patient, ANALYSIS_DOC_ID: doc, CHANNEL: it.channel, ADDRESS: it.address, STATUS: it.status ?? 0, ATTEMPTS: it.attempts ?? 0, CREATED_AT: now },
          });
        }
      }
      await t.db.applyIncoming(rows);
    }

    const row = async (id: number) => (await t.db.readRows("REG_MAILING", [{ ID: id }]))[0]!;
    const texts = async (): Promise<Array<{ id: string; phone: string; text: string; at: number }>> => (await simAdmin("GET", "/admin/messages")).messages;
    const harness = (o: Record<string, string | number | boolean> = {}) => taskHarness({ task: mailingTask, settings: servers.settings(o), mainDb: async () => t.db });

    test("sends what is due by e-mail (STARTTLS, login) and SMS; each is marked sent with its id; the PDF goes byte for byte, only with consent to documents", async () => {
      const pdf = pdfBytes(70_000, 1);
      await seed([
        { id: 101, channel: "email", address: "anna@mail.example", consent: 2, pdf },
        { id: 102, channel: "email", address: "boris@mail.example", consent: 1, pdf: pdfBytes(1000, 2) },
        { id: 103, channel: "sms", address: "8 (916) 000-01-03", consent: 1 },
      ]);
      const before = servers.smtp.received.length;
      const h = harness();
      const outcome = await h.run();
      expect(outcome.result).toBe("ok");
      expect(outcome.summary).toBe("писем 2, SMS 1; не отправлено 0; в очереди 0");

      const got = servers.smtp.received.slice(before);
      expect(got.map((m) => [m.to, m.user, m.secure])).toEqual([
        [["anna@mail.example"], "clinic", true],
        [["boris@mail.example"], "clinic", true],
      ]);
      const anna = await PostalMime.parse(got[0]!.raw);
      expect(anna.subject).toBe("Результат анализа готов — Поликлиника №1");
      expect(got[0]!.raw.toString("latin1")).toMatch(/^Subject: =\?UTF-8\?[BQ]\?/im);
      expect(anna.messageId).toBe("<main-q101@clinic.example>");
      expect(anna.from).toMatchObject({ address: "results@clinic.example", name: "Поликлиника №1" });
      expect(anna.text).toContain("Он приложен к этому письму (файл PDF).");
      expect(anna.attachments.length).toBe(1);
      const a = anna.attachments[0]!;
      expect([a.filename, a.mimeType]).toEqual(["Результат анализа.pdf", "application/pdf"]);
      const bytes = typeof a.content === "string" ? Buffer.from(a.content, "base64") : new Uint8Array(a.content as ArrayBuffer);
      expect(Buffer.from(bytes).equals(Buffer.from(pdf))).toBe(true);
      const boris = await PostalMime.parse(got[1]!.raw);
      expect(boris.attachments).toEqual([]);
      expect(boris.text).not.toContain("приложен");

      const sent = await texts();
      expect(sent.map((x) => [x.id, x.phone])).toEqual([["103", "79160000103"]]);
      expect(sent[0]!.text).toBe("Результат анализа готов. Смотрите: https://lk.clinic.example или тел. 8 (4712) 00-00-00. Поликлиника №1");

      expect(await row(101)).toMatchObject({ STATUS: 1, ATTEMPTS: 1, MESSAGE_ID: "<main-q101@clinic.example>", LAST_ERROR: null });
      expect(await row(103)).toMatchObject({ STATUS: 1, ATTEMPTS: 1, MESSAGE_ID: "103" });
      expect((await row(103)).SENT_AT).toBeInstanceOf(Date);

      const lines = h.messages("TSendRasThread");
      expect(lines[0]).toBe("Поток создан");
      expect(lines[1]).toBe("Запускаю поток");
      expect(lines[2]).toBe("Начата рассылка почты!");
      expect(lines).toContain("Отправлено: письмо № 101 на a***@mail.example (с PDF результата)");
      expect(lines).toContain("Отправлено: SMS № 103 на +7********03 (2 ч.)");
      expect(lines.at(-4)).toBe("Рассылка: отправлено писем — 2, SMS — 1; отложено до повтора — 0; не отправлено окончательно — 0. В очереди осталось 0");
      expect(lines.at(-3)).toBe("Остановка рассылки почты!");
      expect(lines.slice(-2)).toEqual(["Завершил работу", "Поток разрушен"]);

      // Nothing is sent twice: a second run finds nothing due.
      const again = await harness().run();
      expect(again.summary).toBe("писем 0, SMS 0; не отправлено 0; в очереди 0");
      expect(servers.smtp.received.length).toBe(before + 2);
      expect((await texts()).length).toBe(1);
    }, 30_000);

    test("missing consent: nothing is sent, the request is failed with the reason; documents go only with consent to them", async () => {
      await seed([
        { id: 111, channel: "email", address: "nobody@mail.example", consent: 0, pdf: pdfBytes(100, 3) },
        { id: 112, channel: "sms", address: "+79160000112", consent: null },
      ]);
      const before = servers.smtp.received.length;
      const h = harness();
      const outcome = await h.run();
      expect(outcome.result).toBe("ok");
      expect(servers.smtp.received.length).toBe(before);
      expect(await texts()).toEqual([]);
      for (const id of [111, 112]) {
        const r = await row(id);
        expect(r.STATUS).toBe(2);
        expect(r.ATTEMPTS).toBe(0);
        expect(String(r.LAST_ERROR)).toContain("Пациент не давал согласия на получение результатов");
      }
      expect(h.messages("TSendRasThread").some((l) => l.startsWith("Не отправлено, повторять не будем: письмо № 111 на n***@mail.example. Пациент не давал согласия"))).toBe(true);
    }, 30_000);

    test("a permanently bad address or number: failed at once, never retried, the reason stored and logged with the address masked", async () => {
      servers.smtp.behaviour = { rcpt: [[/^ivanov@/, 550, "5.1.1 <ivanov@mail.example>: User unknown"]] };
      await simAdmin("PUT", "/admin/numbers", { unknown: ["79160000123"] });
      await seed([
        { id: 121, channel: "email", address: "ivanov@mail.example" },
        { id: 122, channel: "sms", address: "+7 916 12" },
        { id: 123, channel: "sms", address: "+79160000123" },
        { id: 124, channel: "email", address: "petrov@mail.example" },
      ]);
      const h = harness();
      const outcome = await h.run();
      // Failed messages are the MIS's to correct; the run itself did its work.
      expect(outcome.result).toBe("ok");
      expect(outcome.summary).toBe("писем 1, SMS 0; не отправлено 3; в очереди 0");
      const bad = await row(121);
      expect(bad).toMatchObject({ STATUS: 2, ATTEMPTS: 1 });
      expect(String(bad.LAST_ERROR)).toContain("550 5.1.1 <i***@mail.example>: User unknown");
      expect(String(bad.LAST_ERROR)).not.toContain("ivanov");
      expect(await row(122)).toMatchObject({ STATUS: 2 });
      expect(String((await row(122)).LAST_ERROR)).toContain("в номере телефона 6 цифр");
      const unknown = await row(123);
      expect(unknown.STATUS).toBe(2);
      expect(String(unknown.LAST_ERROR)).toContain("+7********23");
      expect(String(unknown.LAST_ERROR)).not.toContain("79160000123");
      expect(await row(124)).toMatchObject({ STATUS: 1 });

      // Masking in storage: no line of this run holds an address or a number in full.
      const everything = JSON.stringify(h.lines);
      for (const secret of ["ivanov@mail.example", "petrov@mail.example", "79160000123", "+7 916 12"]) expect(everything).not.toContain(secret);

      const rcptsBefore = servers.smtp.rcpts;
      await harness().run();
      expect(servers.smtp.rcpts).toBe(rcptsBefore);
      expect((await row(121)).ATTEMPTS).toBe(1);
    }, 30_000);

    test("a temporary failure is retried after a pause, not before; after mailing.max_attempts tries it fails for good", async () => {
      servers.smtp.behaviour = { rcpt: [[/^later@/, 451, "4.3.0 Try again later"]] };
      await seed([{ id: 131, channel: "email", address: "later@mail.example" }]);
      const started = Date.now();
      const h = harness({ "mailing.max_attempts": 2, "mailing.retry_pause_minutes": 5 });
      expect((await h.run()).result).toBe("ok");
      const first = await row(131);
      expect(first).toMatchObject({ STATUS: 0, ATTEMPTS: 1 });
      expect(String(first.LAST_ERROR)).toContain("451 4.3.0 Try again later");
      const wait = (first.NEXT_AT as Date).getTime() - started;
      expect(wait).toBeGreaterThanOrEqual(5 * 60_000 - 1000);
      expect(wait).toBeLessThan(5 * 60_000 + 30_000);
      expect(h.messages("TSendRasThread").some((l) => /^Не отправлено сейчас: письмо № 131 на l\*\*\*@mail\.example\. .*Попытка 1 из 2; следующая — не раньше \d/.test(l))).toBe(true);

      // Not due yet: the next run leaves it alone.
      const rcpts = servers.smtp.rcpts;
      await harness({ "mailing.max_attempts": 2 }).run();
      expect(servers.smtp.rcpts).toBe(rcpts);
      // Its time has come (as if five minutes passed): the second and last try.
      await t.engine.write((s) => s.run("UPDATE REG_MAILING SET NEXT_AT = NULL WHERE ID = ?", [131]));
      const last = harness({ "mailing.max_attempts": 2 });
      await last.run();
      const gaveUp = await row(131);
      expect(gaveUp).toMatchObject({ STATUS: 2, ATTEMPTS: 2 });
      expect(String(gaveUp.LAST_ERROR)).toMatch(/^Попытки исчерпаны \(2, mailing\.max_attempts\)\. Последняя ошибка: .*451/);
    }, 30_000);

    test("the SMTP server down: nothing is lost or counted, the run says so and fails; the SMS channel goes on", async () => {
      await seed([
        { id: 141, channel: "email", address: "anna@mail.example" },
        { id: 142, channel: "sms", address: "+79160000142" },
      ]);
      const h = harness({ "mail.port": await freePort() });
      const outcome = await h.run();
      expect(outcome.result).toBe("failed");
      expect(await row(141)).toMatchObject({ STATUS: 0, ATTEMPTS: 0 });
      expect(await row(142)).toMatchObject({ STATUS: 1 });
      expect(h.messages("TSendRasThread").some((l) => /^Рассылка по почте прервана до следующего запуска: \[SMTP\]\[127\.0\.0\.1:\d+\]: соединение отклонено/.test(l))).toBe(true);
    }, 30_000);

    test("a refused login is a configuration failure: the channel stops, the messages stay queued with no attempt counted", async () => {
      await seed([{ id: 151, channel: "email", address: "anna@mail.example" }]);
      const h = harness({ "mail.password": "wrong" });
      expect((await h.run()).result).toBe("failed");
      expect(await row(151)).toMatchObject({ STATUS: 0, ATTEMPTS: 0 });
      const line = h.lines.find((l) => l.message.startsWith("Рассылка по почте остановлена до следующего запуска"))!;
      expect(line.level).toBe("error");
      expect(line.message).toContain("Проверьте mail.user и mail.password");
      expect(line.message).not.toContain("wrong");
    }, 30_000);

    test("quiet hours: texts wait, e-mails go", async () => {
      await seed([
        { id: 161, channel: "sms", address: "+79160000161" },
        { id: 162, channel: "email", address: "anna@mail.example" },
      ]);
      const h = harness({ "sms.quiet_hours": quietNow() });
      expect((await h.run()).result).toBe("ok");
      expect(await texts()).toEqual([]);
      expect(await row(161)).toMatchObject({ STATUS: 0, ATTEMPTS: 0 });
      expect(await row(162)).toMatchObject({ STATUS: 1 });
      expect(h.messages("TSendRasThread").some((l) => /^Тихие часы \(sms\.quiet_hours = \d+:00-\d+:00\): SMS \(1\) будут отправлены не раньше \d\d\.\d\d\.\d{4} \d+:00:00\.$/.test(l))).toBe(true);
    }, 30_000);

    test("never twice: a text the gateway took without answering is reconciled by its status, not sent again; one it never got is sent; an e-mail left sending goes again with its Message-ID", async () => {
      await simAdmin("PUT", "/admin/faults", { rules: [{ kind: "drop", calls: ["send"], times: 1 }] });
      await seed([{ id: 171, channel: "sms", address: "+79160000171" }]);
      const first = harness();
      await first.run();
      expect(await row(171)).toMatchObject({ STATUS: 3, ATTEMPTS: 1 });
      expect((await texts()).length).toBe(1);
      expect(first.messages("TSendRasThread").some((l) => l.startsWith("Неясно, ушло ли SMS № 171 на +7********71") && l.endsWith("Перед повтором агент спросит шлюз о его статусе."))).toBe(true);

      // Left "sending" by a run that died before the gateway got it, and an e-mail left "sending".
      await seed([
        { id: 172, channel: "sms", address: "+79160000172", status: 3 },
        { id: 173, channel: "email", address: "anna@mail.example", status: 3 },
        // Left "sending" after its last allowed try, and never taken: it fails instead of going round again.
        { id: 174, channel: "sms", address: "+79160000174", status: 3, attempts: 10 },
      ]);
      const before = servers.smtp.received.length;
      const second = harness();
      expect((await second.run()).result).toBe("ok");
      expect(await row(171)).toMatchObject({ STATUS: 1, ATTEMPTS: 1, MESSAGE_ID: "171" });
      expect(await row(172)).toMatchObject({ STATUS: 1, MESSAGE_ID: "172" });
      expect(await row(173)).toMatchObject({ STATUS: 1, MESSAGE_ID: "<main-q173@clinic.example>" });
      expect((await texts()).map((x) => x.id).sort()).toEqual(["171", "172"]);
      expect(await row(174)).toMatchObject({ STATUS: 2, ATTEMPTS: 10 });
      expect(String((await row(174)).LAST_ERROR)).toStartWith("Попытки исчерпаны (10, mailing.max_attempts)");
      expect(servers.smtp.received.length).toBe(before + 1);
      expect((await PostalMime.parse(servers.smtp.received[before]!.raw)).messageId).toBe("<main-q173@clinic.example>");
      const lines = second.messages("TSendRasThread");
      expect(lines.some((l) => l.startsWith("SMS № 171 на +7********71 осталось в состоянии «отправляется»; шлюз подтвердил, что принял его"))).toBe(true);
      expect(lines).toContain("SMS № 172 на +7********72 осталось в состоянии «отправляется», но шлюз его не получал — будет отправлено сейчас.");
      expect(lines.some((l) => l.startsWith("Письмо № 173 на a***@mail.example осталось в состоянии «отправляется»") && l.includes("<main-q173@clinic.example>"))).toBe(true);
    }, 30_000);

    test("the SMS gateway answering 500 (an outage): one text is tried per run and waits out a growing pause; the rest keep their attempts", async () => {
      await simAdmin("PUT", "/admin/faults", { rules: [{ kind: "status", status: 500, calls: ["send"] }] });
      await seed([
        { id: 211, channel: "sms", address: "+79160000211" },
        { id: 212, channel: "sms", address: "+79160000212" },
        { id: 213, channel: "sms", address: "+79160000213" },
      ]);
      const settings = { "mailing.max_attempts": 3, "mailing.retry_pause_minutes": 5 };
      const started = Date.now();
      const first = harness(settings);
      expect((await first.run()).result).toBe("failed");
      // The first 500 stops the channel for the run: one attempt counted, the others untouched.
      const r211 = await row(211);
      expect(r211).toMatchObject({ STATUS: 3, ATTEMPTS: 1 });
      const wait = (r211.NEXT_AT as Date).getTime() - started;
      expect(wait).toBeGreaterThanOrEqual(5 * 60_000 - 1000);
      expect(wait).toBeLessThan(5 * 60_000 + 30_000);
      expect(await row(212)).toMatchObject({ STATUS: 0, ATTEMPTS: 0 });
      expect(await row(213)).toMatchObject({ STATUS: 0, ATTEMPTS: 0 });
      expect(first.messages("TSendRasThread").some((l) => l.startsWith("Рассылка SMS прервана до следующего запуска"))).toBe(true);

      // The next run, minutes later: the gateway never got 211, so it waits for its retry time instead of burning an attempt now.
      const second = harness(settings);
      await second.run();
      expect(await row(211)).toMatchObject({ STATUS: 0, ATTEMPTS: 1 });
      expect(((await row(211)).NEXT_AT as Date).getTime()).toBe((r211.NEXT_AT as Date).getTime());
      expect(second.messages("TSendRasThread").some((l) => l.startsWith("SMS № 211 на +7********11 осталось в состоянии «отправляется», но шлюз его не получал — будет отправлено после паузы, не раньше "))).toBe(true);
      expect(await row(212)).toMatchObject({ STATUS: 3, ATTEMPTS: 1 });
      expect(await row(213)).toMatchObject({ STATUS: 0, ATTEMPTS: 0 });

      // 211's time came and the outage goes on: its second try earns a doubled pause, still within max_attempts.
      await t.engine.write((s) => s.run("UPDATE REG_MAILING SET NEXT_AT = NULL WHERE ID = ?", [211]));
      const third = Date.now();
      await harness(settings).run();
      const again = await row(211);
      expect(again).toMatchObject({ STATUS: 3, ATTEMPTS: 2 });
      expect((again.NEXT_AT as Date).getTime() - third).toBeGreaterThanOrEqual(10 * 60_000 - 1000);
      expect(await row(213)).toMatchObject({ STATUS: 0, ATTEMPTS: 0 });
      expect((await texts()).length).toBe(0);

      // The gateway is back: what is due goes, once each.
      await simAdmin("DELETE", "/admin/faults");
      await t.engine.write((s) => s.run("UPDATE REG_MAILING SET NEXT_AT = NULL"));
      expect((await harness(settings).run()).result).toBe("ok");
      for (const id of [211, 212, 213]) expect(await row(id)).toMatchObject({ STATUS: 1 });
      expect((await texts()).map((x) => x.id).sort()).toEqual(["211", "212", "213"]);
    }, 30_000);

    test("a text left sending that the gateway took but reports as failed (wrong number, expired …) fails for good with the masked reason, never marked sent", async () => {
      await simAdmin("PUT", "/admin/numbers", { statuses: { "+79160000221": 22, "+79160000222": 3 } });
      // Each text taken by the gateway, its answer lost (a drop stops the channel for that run).
      await simAdmin("PUT", "/admin/faults", { rules: [{ kind: "drop", calls: ["send"], times: 1 }] });
      await seed([{ id: 221, channel: "sms", address: "+79160000221" }]);
      await harness().run();
      expect(await row(221)).toMatchObject({ STATUS: 3, ATTEMPTS: 1 });
      await simAdmin("PUT", "/admin/faults", { rules: [{ kind: "drop", calls: ["send"], times: 1 }] });
      await seed([{ id: 222, channel: "sms", address: "+79160000222" }]);
      const h = harness();
      await h.run();
      expect(await row(222)).toMatchObject({ STATUS: 3, ATTEMPTS: 1 });
      expect((await texts()).map((x) => x.id).sort()).toEqual(["221", "222"]);
      const wrong = await row(221);
      expect(wrong).toMatchObject({ STATUS: 2, ATTEMPTS: 1, SENT_AT: null });
      expect(wrong.LAST_ERROR).toBe("SMSC.ru: SMS на номер +7********21 не доставлено — неверный номер (статус 22); повторять не будем.");
      const h3 = harness();
      expect((await h3.run()).result).toBe("ok");
      const expired = await row(222);
      expect(expired.STATUS).toBe(2);
      expect(String(expired.LAST_ERROR)).toContain("просрочено");
      expect(String(expired.LAST_ERROR)).toContain("(статус 3)");
      expect(h.messages("TSendRasThread")).toContain("Не отправлено, повторять не будем: SMS № 221 на +7********21. SMSC.ru: SMS на номер +7********21 не доставлено — неверный номер (статус 22); повторять не будем.");
      expect(JSON.stringify([h.lines, h3.lines])).not.toContain("79160000221");
      expect((await texts()).length).toBe(2);
    }, 30_000);

    test("a low balance is warned about once, and again only after it was topped up and fell again", async () => {
      const h = (id: number) => {
        const run = harness({ "sms.balance_warn": 100 });
        return seed([{ id, channel: "sms", address: `+791600001${id - 100}` }]).then(() => run.run().then(() => run.lines.filter((l) => l.level === "warn" && l.message.includes("sms.balance_warn"))));
      };
      expect(await h(181)).toEqual([]);
      await simAdmin("PUT", "/admin/balance", { balance: 50 });
      const warned = await h(182);
      expect(warned.map((l) => l.message)).toEqual(["Баланс у SMSC.ru: 50.00 RUR — меньше порога sms.balance_warn (100). Пополните счёт, иначе рассылка SMS остановится."]);
      expect(await h(183)).toEqual([]);
      await simAdmin("PUT", "/admin/balance", { balance: 5000 });
      expect(await h(184)).toEqual([]);
      await simAdmin("PUT", "/admin/balance", { balance: 20 });
      expect((await h(185)).length).toBe(1);
    }, 30_000);

    test("a rate limit per channel: at most sms.per_minute texts a minute, after a short burst", async () => {
      await seed(Array.from({ length: 8 }, (_, i): Item => ({ id: 190 + i, channel: "sms", address: `+7916000019${i}` })));
      // 60 a minute: a burst of 6, then one a second.
      await harness({ "sms.per_minute": 60 }).run();
      const at = (await texts()).map((x) => x.at);
      expect(at.length).toBe(8);
      expect(at[7]! - at[0]!).toBeGreaterThanOrEqual(1500);
      expect(at[5]! - at[0]!).toBeLessThan(1000);
    }, 30_000);

    test("mailing.enqueue_results_hours: off by default; on, final results of consenting patients are queued and sent once", async () => {
      await seed([
        { id: 201, channel: "email", address: "", email: "anna@mail.example", consent: 2, noRequest: true },
        { id: 202, channel: "sms", address: "+79160000202", consent: 1, noRequest: true },
        { id: 203, channel: "email", address: "", email: "petr@mail.example", consent: 0, noRequest: true },
      ]);
      await harness().run();
      expect(await t.db.mailing.pending(10)).toEqual([]);
      const before = servers.smtp.received.length;
      const h = harness({ "mailing.enqueue_results_hours": 24 });
      expect((await h.run()).result).toBe("ok");
      expect(h.messages("TSendRasThread")).toContain("Поставлено в очередь рассылки окончательных результатов пациентов, давших согласие (за последние 24 ч.): 2");
      expect(servers.smtp.received.slice(before).map((m) => m.to)).toEqual([["anna@mail.example"]]);
      expect((await texts()).map((x) => x.phone)).toEqual(["79160000202"]);
      const again = harness({ "mailing.enqueue_results_hours": 24 });
      await again.run();
      expect(again.messages("TSendRasThread").some((l) => l.startsWith("Поставлено в очередь"))).toBe(false);
      expect(servers.smtp.received.length).toBe(before + 1);
    }, 30_000);
  });
}
