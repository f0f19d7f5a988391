import { afterEach, describe, expect, test } from "bun:test";
import { ENGINES, drain } from "../helpers/main-db.ts";

/**
 * TIMESTAMP columns carry no zone: the MIS writes the clinic's wall clock.
 * The agent reads and writes them in the clinic's configured zone, whatever
 * zone its own process runs in — checked with the process in New York (with
 * its own DST jumps) and the clinic in Vladivostok (UTC+10, no DST).
 */

const CLINIC = "Asia/Vladivostok";
const processZone = process.env.TZ;
afterEach(() => {
  if (processZone === undefined) delete process.env.TZ;
  else process.env.TZ = processZone;
});

for (const fixture of ENGINES) {
  // Skipped only where no Firebird server runs (the reason is printed by test/helpers/firebird.ts); under CI=true a missing server fails instead.
  describe.skipIf(Boolean(fixture.skip))(`timestamps: ${fixture.name}`, () => {
    test("written and read on the clinic's wall clock, independent of the process's zone", async () => {
      process.env.TZ = "America/New_York";
      // The same instant is 02:30 on 9 March in Vladivostok — a wall time that does not exist in New York (DST jump).
      const instant = new Date("2025-03-08T16:30:00.125Z");
      expect(new Date(2025, 2, 9, 2, 30).getHours()).not.toBe(2);
      const t = await fixture.create({ zone: CLINIC });
      try {
        await t.db.applyIncoming([{ table: "DOC_ANALYSIS", op: "upsert", values: { ID: 1, NUM: "Р-1", RESULT_AT: instant } }]);
        const mis = await t.mis();
        const raw = await mis.all("SELECT CAST(RESULT_AT AS VARCHAR(24)) AS W FROM DOC_ANALYSIS WHERE ID = 1");
        expect(String(raw[0]!.W)).toMatch(/^2025-03-09 02:30:00\.125/);
        expect((await t.db.readRows("DOC_ANALYSIS", [{ ID: 1 }]))[0]!.RESULT_AT).toEqual(instant);

        // The MIS writes a wall-clock time (in summer in New York, winter in the clinic): the push carries the instant.
        await mis.run("INSERT INTO DOC_ANALYSIS (ID, NUM, RESULT_AT) VALUES (2, 'Р-2', CAST('2025-07-01 08:00:00' AS VARCHAR(24)))");
        const [change] = await drain(t.db);
        expect(change!.values!.RESULT_AT).toEqual(new Date("2025-06-30T22:00:00.000Z"));

        // ISO text with its offset is accepted as an instant; text without one is refused (which zone would it be?).
        await t.db.applyIncoming([{ table: "DOC_ANALYSIS", op: "upsert", values: { ID: 3, NUM: "Р-3", RESULT_AT: "2025-01-15T12:00:00+03:00" } }]);
        expect((await t.db.readRows("DOC_ANALYSIS", [{ ID: 3 }]))[0]!.RESULT_AT).toEqual(new Date("2025-01-15T09:00:00Z"));
        await expect(t.db.applyIncoming([{ table: "DOC_ANALYSIS", op: "upsert", values: { ID: 4, NUM: "Р-4", RESULT_AT: "2025-01-15 12:00" } }])).rejects.toThrow("DOC_ANALYSIS.RESULT_AT");
        await mis.close();
      } finally {
        await t.close();
      }
    }, 60_000);

    test("the same database read by an agent configured for another zone sees the same wall clock as other instants", async () => {
      const t = await fixture.create({ zone: CLINIC });
      try {
        await t.db.applyIncoming([{ table: "DOC_ANALYSIS", op: "upsert", values: { ID: 1, NUM: "Р-1", RESULT_AT: new Date("2025-05-14T00:00:00Z") } }]);
        const moscow = await t.reopen({ zone: "Europe/Moscow" });
        // 10:00 on the wall; in Moscow that wall time is 07:00 UTC.
        expect((await moscow.readRows("DOC_ANALYSIS", [{ ID: 1 }]))[0]!.RESULT_AT).toEqual(new Date("2025-05-14T07:00:00Z"));
        await moscow.close();
      } finally {
        await t.close();
      }
    }, 60_000);
  });
}
