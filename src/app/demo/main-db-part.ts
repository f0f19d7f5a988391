import { join } from "node:path";
import { demoTexts as D } from "../../messages/areas/demo.ts";
import { say } from "../../messages/text.ts";
import { machineTimeZone } from "../../kernel/zoned-time.ts";
import { BUILD } from "../../platform/build-info.ts";
import { SqliteEngine } from "../../clinic/sqlite/sqlite-engine.ts";
import { applyReferenceSchema } from "../../clinic/reference-schema.ts";
import { fillDemo, type DemoFill } from "../../clinic/demo/demo-writer.ts";
import { DEMO_SIZES } from "../../clinic/demo/generator.ts";
import type { DemoPart } from "./demo-part.ts";

/**
 * The embedded main DB (SQLite, `main.db` in the demo's folder) with the
 * reference schema and small demo data, as `agent db demo` makes it. It is
 * made before the service starts — a job that fires at once finds it there —
 * filled once per demo folder, and brought up to the current schema on later
 * demos. `maindb.path` points at it; the tasks open it through the service.
 */
export function mainDbDemoPart(o: { referrals?: number } = {}): DemoPart {
  let filled: (DemoFill & { where: string }) | undefined;
  return {
    name: "main-db",
    async prepare(setup) {
      const path = join(setup.dir, "main.db");
      const engine = SqliteEngine.open({ path, zone: machineTimeZone(), create: true });
      try {
        const schema = await applyReferenceSchema(engine, BUILD.version, setup.now());
        if (!schema.foreign && schema.applied.includes(1)) {
          filled = { ...(await fillDemo(engine, { referrals: o.referrals ?? DEMO_SIZES.small!, seed: 1, now: setup.now() })), where: path };
        }
      } finally {
        await engine.close();
      }
      return [
        { path: "maindb.engine", value: "sqlite", arg: "agent demo" },
        { path: "maindb.path", value: path, arg: "agent demo" },
      ];
    },
    start(_service, log) {
      if (filled) log.info(say(D.mainDbCreated, { referrals: filled.referrals, rows: filled.rows, where: filled.where }));
    },
  };
}
