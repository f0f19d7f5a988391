import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from "bun:test";
import { setLanguage } from "../../src/messages/text.ts";
import { OdliSimulator } from "../../src/sim/odli/odli-simulator.ts";
import type { OdliSimCall } from "../../src/sim/odli/odli-faults.ts";
import type { MainDb } from "../../src/clinic/port.ts";
import { ENGINES, type TestDb } from "../helpers/main-db.ts";
import { LAB_OTHER, odliConfig, referralRows, runLis, seedReference, TOKEN } from "../helpers/odli.ts";
import { adminOf } from "../helpers/sim-admin.ts";

/**
 * The LIS job (TLISThread) end to end: the real runner, a real main DB
 * (SQLite and the local Firebird 3 server), the real HTTP client and the ОДЛИ
 * simulator on loopback, whose checks share nothing with the agent's mapping.
 */
for (const fixture of ENGINES) {
  // Skipped only where no Firebird server runs (the reason is printed by test/helpers/firebird.ts); under CI=true a missing server fails instead.
  describe.skipIf(Boolean(fixture.skip))(`the LIS job against the ОДЛИ simulator: ${fixture.name}`, () => {
    let t: TestDb;
    let sim: OdliSimulator;

    beforeAll(() => setLanguage("ru"));
    beforeEach(async () => {
      t = await fixture.create();
      await seedReference(t.engine);
      sim = await OdliSimulator.start({ tokens: [TOKEN] });
    });
    afterEach(async () => {
      await sim.stop();
      await t.close();
    });
    afterAll(() => setLanguage("ru"));

    const seed = async (...referrals: Array<[number, Parameters<typeof referralRows>[1]?]>) => {
      await t.db.applyIncoming(referrals.flatMap(([id, spec]) => referralRows(id, spec)));
    };
    const queue = async (id: number) => (await t.db.readRows("REG_ODLI_NAPR_SEND", [{ NAPR_ID: id }]))[0]!;
    const count = async (sql: string, params: unknown[] = []) => Number((await t.engine.read((s) => s.all(sql, params)))[0]!.N);

    test("sends each referral once as a bundle, records the Order id, writes the results; bad input waits with a precise reason", async () => {
      await seed(
        [1, { analyses: [101] }],
        [2, { analyses: [102, 103], cito: true, pregnancyWeeks: 12 }],
        [3, { analyses: [106] }],
        [4, { patient: { snils: null, policy: null } }],
        [5, { patient: { last: "Smith", first: "John", middle: null } }],
        [6, { patient: { last: "Ивaнова" } }],
        [7, { lab: LAB_OTHER }],
      );
      const config = odliConfig(sim);
      const first = await runLis(t.db, config);
      expect(first.outcome.result).toBe("ok");
      const m = first.messages;
      if (process.env.SHOW_LINES) console.log(m.join("\n"));
      expect(m).toContain("Получение версий справочников из Нетрика.");
      expect(m).toContain("Остановка получения версий справочников из Нетрика.");
      expect(m).toContain("Отправка направлений на анализы в Нетрику.");
      expect(m).toContain("Отправлено направлений 2 из 6");
      expect(m).toContain("Остановка отправки направлений на анализы в Нетрику.");
      expect(m.find((l) => l.startsWith("Направление 3 не отправлено"))).toContain("код услуги «A09.05.NEO» не сопоставлен со справочником 1.2.643.2.69.1.1.1.31");
      expect(m.find((l) => l.startsWith("Направление 4 не отправлено"))).toContain("нет ни СНИЛС, ни полиса ОМС");
      expect(m.find((l) => l.startsWith("Направление 5 не отправлено"))).toContain("только латиницей");
      expect(m.find((l) => l.startsWith("Направление 6 не отправлено"))).toContain("«фамилия» пациента смешаны кириллица и латиница");
      expect(sim.ordersFor("1")).toHaveLength(1);
      expect(sim.ordersFor("2")).toHaveLength(1);
      expect(sim.orders.size).toBe(2);
      expect(await queue(1)).toMatchObject({ STATUS: 4, ATTEMPTS: 1, ORDER_ID: sim.ordersFor("1")[0]!.id, ORDER_STATUS: "completed" });
      expect(await queue(3)).toMatchObject({ STATUS: 0, ATTEMPTS: 0 });
      expect(String((await queue(3)).LAST_ERROR)).toContain("A09.05.NEO");
      expect(await queue(7)).toMatchObject({ STATUS: 0, LAST_ERROR: null });
      // Results: CBC 10 values, chemistry 8 and urine 7, each report once.
      expect(await count("SELECT COUNT(*) AS N FROM DOC_ANALYSIS WHERE ODLI_REPORT_ID IS NOT NULL")).toBe(3);
      expect(await count("SELECT COUNT(*) AS N FROM DOCTAB_ANALYSIS_PARAMS p JOIN DOC_ANALYSIS d ON d.ID = p.ANALYSIS_DOC_ID WHERE d.NAPR_ID = ?", [2])).toBe(15);
      const versions = await t.db.odli.dictionaryVersions();
      expect(versions.find((v) => v.dictionary === "1.2.643.2.69.1.1.1.31")?.version).toBe("124");

      const second = await runLis(t.db, config);
      expect(second.messages).toContain("Отправлено направлений 0 из 4");
      expect(second.messages.some((l) => l.startsWith("Версии справочников (10) получены менее 24 ч назад"))).toBe(true);
      expect(sim.orders.size).toBe(2);
      expect(await count("SELECT COUNT(*) AS N FROM DOC_ANALYSIS WHERE ODLI_REPORT_ID IS NOT NULL")).toBe(3);
      expect(JSON.stringify([first.lines, second.lines])).not.toContain(TOKEN);
    }, 60_000);

    test("a refusal keeps the OperationOutcome (every issue, redacted), is retried next run and parked after odli.max_attempts", async () => {
      await seed([11, { analyses: [101] }], [12, { analyses: [103] }]);
      // ОДЛИ's terminology has moved on: the specimen dictionary has another version, the urine service is gone.
      const specimens = sim.dictionary("1.2.643.5.1.13.13.11.1081")!;
      const services = sim.dictionary("1.2.643.2.69.1.1.1.31")!;
      const config = odliConfig(sim, { "odli.max_attempts": "2" });
      await runLis(t.db, config);
      sim.setDictionary({ ...specimens, versions: ["3.0"] });
      sim.setDictionary({ ...services, codes: Object.fromEntries(Object.entries(services.codes!).filter(([code]) => code !== "B03.016.006")) });
      await t.db.applyIncoming(referralRows(13, { analyses: [103] }));
      const first = await runLis(t.db, config);
      const refused = first.messages.find((l) => l.startsWith("Направление 13 отклонено Нетрикой (попытка 1 из 2)"));
      expect(refused).toContain("замечаний: 2");
      expect(refused).toContain("1.2.643.5.1.13.13.11.1081 has no version 2.12");
      expect(refused).toContain("B03.016.006 is not a code of 1.2.643.2.69.1.1.1.31");
      expect(await queue(13)).toMatchObject({ STATUS: 0, ATTEMPTS: 1 });
      expect(String((await queue(13)).LAST_ERROR)).toMatch(/^error code-invalid: .*; error code-invalid: /);

      const second = await runLis(t.db, config);
      expect(second.messages.find((l) => l.startsWith("Направление 13 отложено после 2 отказов Нетрики"))).toBeDefined();
      expect(second.lines.find((l) => l.message.startsWith("Направление 13 отложено"))?.level).toBe("error");
      expect(await queue(13)).toMatchObject({ STATUS: 2, ATTEMPTS: 2 });
      expect(await t.db.odli.parked(10)).toEqual([{ referralId: 13, attempts: 2, reason: expect.stringContaining("has no version 2.12") }]);
      const third = await runLis(t.db, config);
      expect(third.messages).toContain("Отправлено направлений 0 из 0");
      expect(sim.ordersFor("13")).toHaveLength(0);

      // A service that quotes the patient in its refusal: only the redacted text is kept and logged.
      await t.db.applyIncoming(referralRows(14));
      await adminOf(() => sim.url)("PUT", "/admin/faults", {
        rules: [{ kind: "outcome", calls: ["transaction"], times: 1, issues: ["Пациент Петрова Анна Сергеевна, СНИЛС 123-456-789 01: полис не найден", "Адрес не указан"] }],
      });
      const quoted = await runLis(t.db, config);
      const line = quoted.messages.find((l) => l.startsWith("Направление 14 отклонено"))!;
      expect(line).toContain("замечаний: 2");
      expect(line).toContain("***-***-*** **");
      expect(line).not.toContain("Петрова");
      expect(line).not.toContain("123-456-789");
      expect(String((await queue(14)).LAST_ERROR)).not.toContain("Петрова");
    }, 60_000);

    test("an unmapped code holds the referral back; once mapped it is sent, nothing lost", async () => {
      await seed([21, { analyses: [106] }]);
      const config = odliConfig(sim);
      const first = await runLis(t.db, config);
      expect(first.messages).toContain("Отправлено направлений 0 из 1");
      expect((await t.db.odli.unmapped({ services: "1.2.643.2.69.1.1.1.31", tests: "1.2.643.5.1.13.13.11.1080", units: "1.2.643.5.1.13.13.11.1358", specimens: "1.2.643.5.1.13.13.11.1081" }))
        .filter((u) => u.kind === "services" || u.kind === "specimens")
        .map((u) => [u.localCode, u.waitingReferrals])).toEqual([["A09.05.NEO", 1], ["DBS", 1]]);
      // The administrator maps the two codes (the lab knows them too).
      await t.db.odli.upsertCodes([
        { dictionary: "1.2.643.2.69.1.1.1.31", version: "124", localCode: "A09.05.NEO", odliCode: "A09.05.023", odliName: null },
        { dictionary: "1.2.643.5.1.13.13.11.1081", version: "2.12", localCode: "DBS", odliCode: "37", odliName: null },
      ]);
      const second = await runLis(t.db, config);
      expect(second.messages).toContain("Отправлено направлений 1 из 1");
      expect(sim.ordersFor("21")).toHaveLength(1);
      expect(await queue(21)).toMatchObject({ LAST_ERROR: null });
    }, 60_000);

    test("a 401 says the token is wrong or expired and stops the run at once, without a retry loop; nothing is lost", async () => {
      await seed([31], [32]);
      const bad = odliConfig(sim, { "odli.token": "11111111-2222-4333-8444-555555555555", "odli.retries": "3" });
      const run = await runLis(t.db, bad);
      expect(run.outcome.result).toBe("failed");
      expect(run.messages.some((l) => l.includes("отказала в доступе (401)") && l.includes("AGENT_ODLI_TOKEN"))).toBe(true);
      expect(run.lines.find((l) => l.message.includes("(401)"))?.level).toBe("error");
      expect(sim.requests.get("valueset")).toBe(1);
      expect(sim.requests.get("transaction")).toBeUndefined();
      expect(run.messages).not.toContain("Отправка направлений на анализы в Нетрику.");
      expect(JSON.stringify(run.lines)).not.toContain("11111111-2222-4333-8444-555555555555");

      // The token expires while referrals go out (one at a time here): the one in hand goes back to the queue, uncounted.
      const config = odliConfig(sim, { "odli.parallel_sends": "1" });
      await adminOf(() => sim.url)("PUT", "/admin/faults", { rules: [{ kind: "unauthorized", calls: ["transaction"], times: 1 }] });
      const midway = await runLis(t.db, config);
      expect(midway.outcome.result).toBe("failed");
      expect(midway.messages).toContain("Отправлено направлений 0 из 2");
      expect(sim.requests.get("transaction")).toBe(1);
      expect(await queue(31)).toMatchObject({ STATUS: 0, ATTEMPTS: 0 });
      const after = await runLis(t.db, config);
      expect(after.messages).toContain("Отправлено направлений 2 из 2");
    }, 60_000);

    test("a crash between the POST and its record: the next run asks $getorder and records the order instead of sending it again", async () => {
      await seed([41], [42]);
      const config = odliConfig(sim);
      // The process dies right after ОДЛИ answered: the answer is never recorded.
      const crashing: MainDb = Object.create(t.db, {
        odli: {
          value: {
            ...t.db.odli,
            markReferral: async (id: string | number, outcome: Parameters<MainDb["odli"]["markReferral"]>[1]) => {
              if ("sent" in outcome && outcome.sent && id === 41) throw new Error("the agent process was killed");
              return t.db.odli.markReferral(id, outcome);
            },
          },
        },
      });
      const crashed = await runLis(crashing, config);
      expect(crashed.outcome.result).toBe("failed");
      expect(await queue(41)).toMatchObject({ STATUS: 3, ORDER_ID: null });
      expect(sim.ordersFor("41")).toHaveLength(1);

      const next = await runLis(t.db, config);
      expect(next.messages.find((l) => l.startsWith("Направление 41: ответ на прошлую отправку не был записан, но Нетрика приняла его"))).toBeDefined();
      expect(sim.ordersFor("41")).toHaveLength(1);
      expect(await queue(41)).toMatchObject({ ORDER_ID: sim.ordersFor("41")[0]!.id });
      expect(sim.ordersFor("42")).toHaveLength(1);
      expect(sim.refusals).toEqual([]);
    }, 60_000);

    test("a dropped connection, a timeout or an unreadable answer after the POST: settled by $getorder, sent once", async () => {
      await seed([51], [52], [53]);
      const admin = adminOf(() => sim.url);
      const config = odliConfig(sim, { "odli.timeout_seconds": "1", "odli.parallel_sends": "1" });
      for (const [id, rule] of [
        [51, { kind: "drop", calls: ["transaction"], times: 1 }],
        [52, { kind: "slow", calls: ["transaction"], times: 1, delay_ms: 1500 }],
        [53, { kind: "malformed", calls: ["transaction"], times: 1 }],
      ] as const) {
        await admin("PUT", "/admin/faults", { rules: [rule] });
        const run = await runLis(t.db, config);
        expect(run.outcome.result).toBe("failed");
        expect(run.messages.find((l) => l.startsWith(`Направление ${id}: `) && l.includes("будет выяснено по $getorder"))).toBeDefined();
        expect(run.messages.some((l) => l.startsWith("Отправка прервана"))).toBe(true);
        expect(await queue(id)).toMatchObject({ STATUS: 3 });
        await Bun.sleep(rule.kind === "slow" ? 600 : 0);
      }
      await admin("DELETE", "/admin/faults");
      const settled = await runLis(t.db, config);
      expect(settled.outcome.result).toBe("ok");
      for (const id of [51, 52, 53]) {
        expect(sim.ordersFor(String(id))).toHaveLength(1);
        expect(await queue(id)).toMatchObject({ ORDER_ID: sim.ordersFor(String(id))[0]!.id });
      }
      expect(sim.refusals).toEqual([]);
    }, 60_000);

    test("several referrals in flight at once: a drop and a 401 among them; each referral is sent once, the 401 said once, the rest kept", async () => {
      await seed(...Array.from({ length: 24 }, (_, i) => [100 + i] as [number]));
      const admin = adminOf(() => sim.url);
      const config = odliConfig(sim, { "odli.parallel_sends": "6" });
      await admin("PUT", "/admin/faults", { rules: [{ kind: "drop", calls: ["transaction"], times: 1 }] });
      await runLis(t.db, config);
      await admin("PUT", "/admin/faults", { rules: [{ kind: "unauthorized", calls: ["transaction"] }] });
      const refused = await runLis(t.db, config);
      expect(refused.messages.filter((l) => l.includes("(401)"))).toHaveLength(1);
      await admin("DELETE", "/admin/faults");
      const rest = await runLis(t.db, config);
      expect(rest.outcome.result).toBe("ok");
      for (let i = 0; i < 24; i++) {
        expect(sim.ordersFor(String(100 + i))).toHaveLength(1);
        expect(await queue(100 + i)).toMatchObject({ ATTEMPTS: 1, ORDER_ID: sim.ordersFor(String(100 + i))[0]!.id });
      }
      expect(sim.refusals).toEqual([]);
    }, 60_000);

    test("a 5xx: the order was not made, $getorder says so, it is sent again once; a non-FHIR answer to $getresult is retried next run", async () => {
      await seed([61]);
      const admin = adminOf(() => sim.url);
      const config = odliConfig(sim);
      await admin("PUT", "/admin/faults", { rules: [{ kind: "status", status: 503, calls: ["transaction"], times: 1 }] });
      const failed = await runLis(t.db, config);
      expect(failed.messages.find((l) => l.startsWith("Направление 61: ") && l.includes("503"))).toBeDefined();
      expect(await queue(61)).toMatchObject({ STATUS: 3 });
      await admin("PUT", "/admin/faults", { rules: [{ kind: "not_fhir", calls: ["getresult"], times: 1 }] });
      const resent = await runLis(t.db, config);
      expect(resent.messages).toContain("Направление 61: прошлая отправка до Нетрики не дошла ($getorder его не знает) — будет отправлено снова");
      expect(resent.messages).toContain("Отправлено направлений 1 из 1");
      expect(sim.ordersFor("61")).toHaveLength(1);
      expect(resent.messages.find((l) => l.startsWith("Результат по направлению 61 не получен"))).toContain("не ожидаемый ресурс FHIR: resourceType");
      const results = await runLis(t.db, config);
      expect(results.messages.find((l) => l.startsWith("Направление 61: записано документов результата 1"))).toBeDefined();
    }, 60_000);

    test("a bundle over the size limit: over odli.max_bundle_kb it waits with the reason; a 413 from the service counts as a refusal", async () => {
      await seed([71, { analyses: Array.from({ length: 60 }, () => 101) }], [72]);
      const config = odliConfig(sim, { "odli.max_bundle_kb": "16" });
      const run = await runLis(t.db, config);
      expect(run.messages.find((l) => l.startsWith("Направление 71 не отправлено: пакет направления —"))).toContain("больше допустимого odli.max_bundle_kb = 16 КБ");
      expect(await queue(71)).toMatchObject({ STATUS: 0, ATTEMPTS: 0 });
      await adminOf(() => sim.url)("PUT", "/admin/results", { max_body_bytes: 8192 });
      const refused = await runLis(t.db, odliConfig(sim));
      expect(refused.messages.find((l) => l.startsWith("Направление 71 отклонено"))).toContain("пакет больше допустимого сервисом (413)");
      expect(await queue(71)).toMatchObject({ STATUS: 0, ATTEMPTS: 1 });
      expect(sim.ordersFor("72")).toHaveLength(1);
    }, 60_000);

    test("stale dictionary versions are refreshed first; when that fails nothing is sent, unless odli.use_stored_versions", async () => {
      await seed([81]);
      const config = odliConfig(sim);
      await runLis(t.db, config);
      const old = new Date(Date.now() - 25 * 3_600_000);
      await t.db.odli.saveDictionaryVersions((await t.db.odli.dictionaryVersions()).map((v) => ({ ...v, fetchedAt: old })));
      const services = sim.dictionary("1.2.643.2.69.1.1.1.31")!;
      sim.setDictionary({ ...services, versions: [...services.versions, "125"] });
      await t.db.applyIncoming(referralRows(82));
      await adminOf(() => sim.url)("PUT", "/admin/faults", { rules: [{ kind: "status", status: 502, calls: ["valueset"] }] });
      const stopped = await runLis(t.db, config);
      expect(stopped.outcome.result).toBe("failed");
      expect(stopped.messages.find((l) => l.startsWith("Версии справочников не обновлены"))).toContain("Направления не отправляются");
      expect(stopped.messages).not.toContain("Отправка направлений на анализы в Нетрику.");
      expect(sim.ordersFor("82")).toHaveLength(0);
      const stored = await runLis(t.db, odliConfig(sim, { "odli.use_stored_versions": "true" }));
      expect(stored.messages.find((l) => l.startsWith("Версии справочников не обновлены"))).toContain("Отправка идёт с сохранёнными версиями");
      expect(sim.ordersFor("82")).toHaveLength(1);
      await adminOf(() => sim.url)("DELETE", "/admin/faults");
      const refreshed = await runLis(t.db, config);
      expect(refreshed.messages).toContain("Версии справочников обновлены: 10; изменились: 1.2.643.2.69.1.1.1.31 124 → 125");
      const versions = await t.db.odli.dictionaryVersions();
      expect(versions.find((v) => v.dictionary === "1.2.643.2.69.1.1.1.31")).toMatchObject({ version: "125" });
      expect(versions.every((v) => Date.now() - v.fetchedAt.getTime() < 60_000)).toBe(true);
    }, 60_000);

    test("results after the lab's delay, with the PDF; an order the lab rejects is closed with its status", async () => {
      await seed([91, { analyses: [102] }], [92, { analyses: [103] }]);
      const admin = adminOf(() => sim.url);
      await admin("PUT", "/admin/results", { delay_ms: 60_000, pdf: true, reject_services: ["B03.016.006"] });
      const config = odliConfig(sim);
      const sent = await runLis(t.db, config);
      expect(sent.messages).toContain("Получены результаты по 0 направлениям из 2 ожидающих (новых документов результата: 0)");
      await admin("PUT", "/admin/results", { delay_ms: 0 });
      const got = await runLis(t.db, config);
      expect(got.messages).toContain("Направление 91: записано документов результата 1, показателей 8, PDF 1; заявка: completed");
      expect(got.messages.find((l) => l.startsWith("Направление 92: лаборатория закрыла заявку со статусом rejected"))).toBeDefined();
      const pdf = await t.engine.read((s) => s.all("SELECT PDF, DIRECTION, NAPR_ID FROM REG_ANALYSIS_PDF WHERE NAPR_ID = ?", [91]));
      expect(pdf).toHaveLength(1);
      expect(Buffer.from(pdf[0]!.PDF as Uint8Array).subarray(0, 5).toString()).toBe("%PDF-");
      expect(await queue(92)).toMatchObject({ STATUS: 4, ORDER_STATUS: "rejected" });
      expect(await t.db.odli.openOrders(10)).toEqual([]);
    }, 60_000);

    const requests = (call: OdliSimCall) => sim.requests.get(call) ?? 0;
    const reports = (id: number) => count("SELECT COUNT(*) AS N FROM DOC_ANALYSIS WHERE NAPR_ID = ? AND ODLI_REPORT_ID IS NOT NULL", [id]);

    test("a 401 while $getorder settles what a crash left: one line, the run stops at once, nothing is sent or resent; the next run settles it", async () => {
      await seed([201], [202]);
      const admin = adminOf(() => sim.url);
      const config = odliConfig(sim, { "odli.parallel_sends": "1", "odli.retries": "3" });
      // The connection drops after ОДЛИ made the order: 201 is left "being sent", 202 waits.
      await admin("PUT", "/admin/faults", { rules: [{ kind: "drop", calls: ["transaction"], times: 1 }] });
      const dropped = await runLis(t.db, config);
      expect(dropped.outcome.result).toBe("failed");
      expect(await queue(201)).toMatchObject({ STATUS: 3, ORDER_ID: null });
      expect(sim.ordersFor("201")).toHaveLength(1);

      await admin("PUT", "/admin/faults", { rules: [{ kind: "unauthorized", calls: ["getorder"] }] });
      const [getorders, transactions] = [requests("getorder"), requests("transaction")];
      const refused = await runLis(t.db, config);
      expect(refused.outcome.result).toBe("failed");
      const denied = refused.lines.filter((l) => l.message.includes("отказала в доступе (401)"));
      expect(denied).toHaveLength(1);
      expect(denied[0]!.level).toBe("error");
      expect(denied[0]!.message).toContain("AGENT_ODLI_TOKEN");
      // Asked once (a 401 is not retried), nothing sent, and the results are not asked for either.
      expect(requests("getorder") - getorders).toBe(1);
      expect(requests("transaction")).toBe(transactions);
      expect(refused.messages).not.toContain("Получение результатов анализов из Нетрики.");
      expect(JSON.stringify(refused.lines)).not.toContain(TOKEN);
      // Nothing lost: 201 stays "being sent" (not resent until ОДЛИ answers), 202 waiting.
      expect(await queue(201)).toMatchObject({ STATUS: 3, ORDER_ID: null });
      expect(await queue(202)).toMatchObject({ STATUS: 0, ATTEMPTS: 0 });

      await admin("DELETE", "/admin/faults");
      const next = await runLis(t.db, config);
      expect(next.outcome.result).toBe("ok");
      expect(next.messages.find((l) => l.startsWith("Направление 201: ответ на прошлую отправку не был записан, но Нетрика приняла его"))).toBeDefined();
      expect(next.messages).toContain("Отправлено направлений 1 из 1");
      for (const id of [201, 202]) {
        expect(sim.ordersFor(String(id))).toHaveLength(1);
        expect(await queue(id)).toMatchObject({ ORDER_ID: sim.ordersFor(String(id))[0]!.id });
        expect(await reports(id)).toBe(1);
      }
      expect(sim.refusals).toEqual([]);
    }, 60_000);

    test("a 401 while results are fetched: one line, the run stops at once, nothing written; the next run writes each result once", async () => {
      await seed([211], [212]);
      const admin = adminOf(() => sim.url);
      const config = odliConfig(sim, { "odli.retries": "3" });
      await admin("PUT", "/admin/faults", { rules: [{ kind: "unauthorized", calls: ["getresult"] }] });
      const refused = await runLis(t.db, config);
      expect(refused.outcome.result).toBe("failed");
      expect(refused.messages).toContain("Отправлено направлений 2 из 2");
      const denied = refused.lines.filter((l) => l.message.includes("отказала в доступе (401)"));
      expect(denied).toHaveLength(1);
      expect(denied[0]!.level).toBe("error");
      // The first $getresult met the 401: the other order was not asked, nothing retried.
      expect(requests("getresult")).toBe(1);
      expect(requests("read")).toBe(0);
      expect(refused.messages).toContain("Получены результаты по 0 направлениям из 1 ожидающих (новых документов результата: 0)");
      for (const id of [211, 212]) {
        expect(await queue(id)).toMatchObject({ STATUS: 1, ORDER_STATUS: null });
        expect(await reports(id)).toBe(0);
      }

      await admin("DELETE", "/admin/faults");
      const next = await runLis(t.db, config);
      expect(next.outcome.result).toBe("ok");
      expect(next.messages).toContain("Отправлено направлений 0 из 0");
      for (const id of [211, 212]) {
        expect(next.messages.find((l) => l.startsWith(`Направление ${id}: записано документов результата 1`))).toBeDefined();
        expect(await queue(id)).toMatchObject({ STATUS: 4, ORDER_STATUS: "completed" });
        expect(await reports(id)).toBe(1);
        expect(sim.ordersFor(String(id))).toHaveLength(1);
      }
      const again = await runLis(t.db, config);
      expect(again.outcome.result).toBe("ok");
      expect(await count("SELECT COUNT(*) AS N FROM DOC_ANALYSIS WHERE ODLI_REPORT_ID IS NOT NULL")).toBe(2);
    }, 60_000);

    test("a read that times out ($getresult, then a report's GET): retried, then the run says so and fails; nothing half written; the next run writes it", async () => {
      await seed([221]);
      const admin = adminOf(() => sim.url);
      const config = odliConfig(sim, { "odli.timeout_seconds": "1", "odli.retries": "1", "odli.retry_pause_seconds": "1" });
      // Sent without results yet (the lab's delay), then the lab is done.
      await admin("PUT", "/admin/results", { delay_ms: 60_000 });
      expect((await runLis(t.db, config)).outcome.result).toBe("ok");
      await admin("PUT", "/admin/results", { delay_ms: 0 });

      for (const call of ["getresult", "read"] as const) {
        await admin("PUT", "/admin/faults", { rules: [{ kind: "slow", calls: [call], times: 2, delay_ms: 1_500 }] });
        const before = requests(call);
        const slow = await runLis(t.db, config);
        expect(slow.outcome.result).toBe("failed");
        // Once and once more (odli.retries = 1), and the line says so.
        expect(requests(call) - before).toBe(2);
        const interrupted = slow.lines.find((l) => l.message.startsWith("Получение результатов прервано: "));
        expect(interrupted?.level).toBe("warn");
        expect(interrupted?.message).toContain("нет ответа за 1 с");
        expect(interrupted?.message).toContain("попыток: 2");
        expect(interrupted?.message).toContain("Остальные будут запрошены при следующем запуске");
        expect(slow.messages).toContain("Получены результаты по 0 направлениям из 1 ожидающих (новых документов результата: 0)");
        expect(await queue(221)).toMatchObject({ STATUS: 1, ORDER_STATUS: null });
        expect(await reports(221)).toBe(0);
        expect(await count("SELECT COUNT(*) AS N FROM DOCTAB_ANALYSIS_PARAMS p JOIN DOC_ANALYSIS d ON d.ID = p.ANALYSIS_DOC_ID WHERE d.NAPR_ID = ?", [221])).toBe(0);
        // The simulator's slow answers finish before the next run.
        await Bun.sleep(600);
      }

      const next = await runLis(t.db, config);
      expect(next.outcome.result).toBe("ok");
      expect(next.messages.find((l) => l.startsWith("Направление 221: записано документов результата 1"))).toBeDefined();
      expect(await queue(221)).toMatchObject({ STATUS: 4, ORDER_STATUS: "completed" });
      expect(await reports(221)).toBe(1);
      expect(sim.ordersFor("221")).toHaveLength(1);
    }, 60_000);
  });
}
