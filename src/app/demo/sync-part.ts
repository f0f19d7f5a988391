import { demoTexts as D } from "../../messages/areas/demo.ts";
import { say } from "../../messages/text.ts";
import { describeError } from "../../kernel/describe-error.ts";
import { SqliteEngine } from "../../clinic/sqlite/sqlite-engine.ts";
import { demoStreamItems } from "../../clinic/demo/stream-items.ts";
import { OTHER_MO, PANELS, BIOMATERIAL_TYPES } from "../../clinic/demo/vocabulary.ts";
import type { DemoPart } from "./demo-part.ts";
import type { MainDbDemoPart } from "./main-db-part.ts";
import { DEMO_MO, type CodDemoPart } from "./cod-part.ts";
import { seedCatalog, seedStreams } from "./cod-seed.ts";

/** Referrals of what the ЦОД holds for the МО. */
const DEMO_INCOMING = 40;
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
        const items = demoStreamItems({
          referrals: o.incoming ?? DEMO_INCOMING,
          seed: 11,
          now: instance.clock.now(),
          zone,
          firstId: 50_000_000,
          ownReferrals: Array.from({ length: 15 }, (_, i) => i + 1),
          ownResults: Array.from({ length: 10 }, (_, i) => i + 1),
        });
        await seedStreams(sim.adminUrl, DEMO_MO, items);
        for (const [index, mo] of OTHER_MO.entries()) {
          const analyses = PANELS.slice(0, 6 - (index % 3)).map((p) => ({
            analysis_id: p.id,
            code: p.code,
            name: p.name,
            biomaterial: BIOMATERIAL_TYPES.find((b) => b[0] === p.biomaterial)?.[2] ?? null,
            days: p.bacteriology ? 5 : 1,
          }));
          await seedCatalog(sim.adminUrl, String(mo[1]), analyses);
        }
        instance.store.setMeta("demo_cod_seeded", String(items.length));
        log.info(say(D.codSeeded, { items: items.length, catalogs: OTHER_MO.length }));
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
