import { demoTexts as D } from "../../messages/areas/demo.ts";
import { say } from "../../messages/text.ts";
import { describeError } from "../../kernel/describe-error.ts";
import { SqliteEngine } from "../../clinic/sqlite/sqlite-engine.ts";
import type { DemoPart } from "./demo-part.ts";
import type { MainDbDemoPart } from "./main-db-part.ts";
import { DEMO_MO, type CodDemoPart } from "./cod-part.ts";
import { seedDemoCod } from "./cod-seed.ts";

/** How often the "MIS" changes a few rows, so that each push has something to send. */
const MIS_EVERY_MS = 30_000;

/**
 * The ЦОД sync in the demo: the embedded main DB (the main-db part: demo
 * data, change capture installed, the existing rows journalled), the ЦОД
 * simulator seeded with documents and statuses for this МО and the catalogs
 * of the executing МО, and a stand-in for the MIS that changes a few rows of
 * that main DB now and then. So the analysis sync's runs push and
 * pull real rows, and the exchange register job fills the register.
 */
export function syncDemoPart(cod: CodDemoPart, mainDb: MainDbDemoPart, o: { incoming?: number; misEveryMs?: number } = {}): DemoPart {
  let zone = "UTC";
  let mis: SqliteEngine | undefined;
  let timer: ReturnType<typeof setInterval> | undefined;
  return {
    name: "sync",
    prepare(setup) {
      zone = setup.zone;
      return [];
    },
    async start(service, log) {
      const { instance } = service;
      if (!instance.store.meta("demo_cod_seeded")) {
        const sim = cod.simulator();
        const seeded = await seedDemoCod(sim.adminUrl, DEMO_MO, { now: instance.clock.now(), zone, referrals: o.incoming });
        instance.store.setMeta("demo_cod_seeded", String(seeded.items));
        log.info(say(D.codSeeded, seeded));
      }
      // The MIS at work: a referral's status and a result's conclusion change now and then.
      mis = SqliteEngine.open({ path: mainDb.path(), zone });
      let round = 0;
      timer = setInterval(() => {
        round++;
        void mis!
          .write(async (s) => {
            const referrals = await s.run("UPDATE DOC_NAPR_ANALYSIS SET STATUS = 2, COMMENT_TEXT = ? WHERE ID IN (?, ?, ?)", [say(D.misComment, { round }), round, round + 1, round + 2]);
            const results = await s.run("UPDATE DOC_ANALYSIS SET STATUS = 2 WHERE ID = ?", [round]);
            return referrals + results;
          })
          .then((rows) => log.info(say(D.misChanged, { rows })))
          .catch((error) => log.warn(describeError(error)));
      }, o.misEveryMs ?? MIS_EVERY_MS);
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      await mis?.close();
      mis = undefined;
    },
  };
}
