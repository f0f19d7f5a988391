import { demoTexts as D } from "../../messages/areas/demo.ts";
import { say } from "../../messages/text.ts";
import { BUILD } from "../../platform/build-info.ts";
import { openMainDb } from "../../clinic/open-main-db.ts";
import { applyReferenceSchema } from "../../clinic/reference-schema.ts";
import { fillDemo } from "../../clinic/demo/demo-writer.ts";
import { DEMO_SIZES } from "../../clinic/demo/generator.ts";
import type { DemoPart } from "./demo-part.ts";

/**
 * The embedded main DB (SQLite, in the demo's data folder) with the
 * reference schema and small demo data, as `agent db demo` makes it: created
 * and filled once per demo folder, brought up to the current schema on later
 * demos. The tasks open it themselves, through the service, on first use.
 */
export function mainDbDemoPart(o: { referrals?: number } = {}): DemoPart {
  return {
    name: "main-db",
    async start(service, log) {
      const { config, clock } = service.instance;
      // The demo's own embedded database only; a configured Firebird is the administrator's.
      if (config.maindb.engine !== "sqlite") return;
      const db = await openMainDb(config, { clock, create: true });
      try {
        const schema = await applyReferenceSchema(db.backend, BUILD.version, clock.now());
        if (schema.foreign || !schema.applied.includes(1)) return;
        const fill = await fillDemo(db.backend, { referrals: o.referrals ?? DEMO_SIZES.small!, seed: 1, now: clock.now() });
        log.info(say(D.mainDbCreated, { referrals: fill.referrals, rows: fill.rows, where: db.where }));
      } finally {
        await db.close();
      }
    },
  };
}
