import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from "bun:test";
import { setLanguage } from "../../src/messages/text.ts";
import { OdliSimulator } from "../../src/sim/odli/odli-simulator.ts";
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
  describe.skipIf(Boolean(fixture.skip))(`the LIS job against the ОДЛИ simulator: ${fixture.name}`, () => {
    if (fixture.skip) test.skip(`(${fixture.skip})`, () => {});
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
  });
}

void adminOf;
void ({} as MainDb);
