import { join } from "node:path";
import { demoTexts as D } from "../../messages/areas/demo.ts";
import { say } from "../../messages/text.ts";
import { BUILD } from "../../platform/build-info.ts";
import { systemClock } from "../../kernel/clock.ts";
import { SqliteEngine } from "../../clinic/sqlite/sqlite-engine.ts";
import { applyReferenceSchema } from "../../clinic/reference-schema.ts";
import { fillDemo } from "../../clinic/demo/demo-writer.ts";
import { DEMO_SIZES } from "../../clinic/demo/generator.ts";
import { installPlan, runPlan } from "../../clinic/capture.ts";
import { initialLoad } from "../../clinic/initial-load.ts";
import { SYNCED_TABLES } from "../../clinic/synced-tables.ts";
import type { TableInfo } from "../../clinic/catalog.ts";
import type { DemoPart } from "./demo-part.ts";

/** What the main DB part made, for the parts that use the same file. */
export interface MainDbDemoPart extends DemoPart {
  /** The file (known once `prepare` ran). */
  path(): string;
}

/**
 * The embedded main DB (SQLite, `main.db` in the demo's folder), made as a
 * clinic would make it: `agent db demo` (the reference schema and demo data),
 * `agent db capture install` and `agent sync initial-load` (the existing rows
 * journalled for the ЦОД). It is made before the service starts — a job that
 * fires at once finds it there — filled once per demo folder, and brought up
 * to the current schema on later demos. `maindb.path` points at it; the tasks
 * open it through the service. The other parts (ОДЛИ, mailing, PDFs, the ЦОД
 * sync's stand-in MIS) use this one file.
 */
export function mainDbDemoPart(o: { referrals?: number } = {}): MainDbDemoPart {
  let path = "";
  let created: { referrals: number; rows: number; journalled: number } | undefined;
  return {
    name: "main-db",
    path: () => path,
    async prepare(setup) {
      path = join(setup.dir, "main.db");
      const engine = SqliteEngine.open({ path, zone: setup.zone, create: true });
      try {
        const schema = await applyReferenceSchema(engine, BUILD.version, setup.now());
        if (!schema.foreign && schema.applied.includes(1)) {
          const filled = await fillDemo(engine, { referrals: o.referrals ?? DEMO_SIZES.small!, seed: 1, now: setup.now() });
          created = { referrals: filled.referrals, rows: filled.rows, journalled: await captureAll(engine) };
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
      if (created) log.info(say(D.mainDbCreated, { path, ...created }));
      else log.info(say(D.mainDbKept, { path }));
    },
  };
}

/** `agent db capture install` and `agent sync initial-load` on the new file: answers the rows journalled. */
async function captureAll(engine: SqliteEngine): Promise<number> {
  await runPlan(engine, await installPlan(engine));
  const infos: TableInfo[] = [];
  for (const name of SYNCED_TABLES) {
    const info = await engine.table(name);
    if (info) infos.push(info);
  }
  const loads = await initialLoad(engine, infos, { chunk: 5_000, now: () => systemClock.now() });
  return loads.reduce((n, l) => n + l.rows, 0);
}
