import { maindbTexts as T } from "../messages/areas/maindb.ts";
import { say } from "../messages/text.ts";
import { usageError } from "../kernel/agent-error.ts";
import { closestMatch } from "../kernel/closest-match.ts";
import { initialLoad } from "../clinic/initial-load.ts";
import { requireCapture } from "../clinic/change-batches.ts";
import { SYNCED_TABLES } from "../clinic/synced-tables.ts";
import type { TableInfo } from "../clinic/catalog.ts";
import type { CommandRun } from "./command.ts";
import { withLease, withMainDb } from "./db.ts";

function chosenTables(given: readonly string[]): string[] {
  const names = given.flatMap((g) => g.split(",")).map((t) => t.trim()).filter(Boolean);
  if (names.length === 0) return [...SYNCED_TABLES];
  return names.map((name) => {
    const canonical = SYNCED_TABLES.find((t) => t === name.toUpperCase());
    if (!canonical) throw usageError(say(T.unknownSyncTable, { table: name, suggestion: closestMatch(name.toUpperCase(), SYNCED_TABLES) ?? "" }));
    return canonical;
  });
}

/** `agent sync initial-load [--tables …] [--chunk N]`. */
export const initialLoadCommand: CommandRun = async (ctx, args) => {
  const tables = chosenTables(args.all("tables"));
  const chunkText = args.get("chunk") ?? "5000";
  const chunk = Number(chunkText);
  if (!/^\d+$/.test(chunkText) || chunk < 100 || chunk > 100_000) throw usageError(say(T.badChunk, { got: chunkText }));
  const instance = await ctx.openInstance();
  return withMainDb(ctx, {}, async (db) => {
    await requireCapture(db.backend);
    const infos: TableInfo[] = [];
    for (const name of tables) {
      const info = await db.backend.table(name);
      if (info) infos.push(info);
      else ctx.err(say(T.tableMissingSkipped, { table: name }));
    }
    const started = ctx.clock.monotonic();
    const loads = await withLease(ctx, db, () =>
      initialLoad(db.backend, infos, {
        chunk,
        now: () => ctx.clock.now(),
      }),
    );
    let rows = 0;
    for (const load of loads) {
      if (load.outcome === "already") {
        ctx.out(say(T.initialLoadAlreadyDone, { table: load.table }));
        continue;
      }
      if (load.outcome === "resumed") ctx.out(say(T.initialLoadResumed, { table: load.table }));
      ctx.out(say(T.initialLoadTable, { table: load.table, rows: load.rows }));
      rows += load.rows;
    }
    const line = say(T.initialLoadDone, { rows, tables: loads.length, seconds: ((ctx.clock.monotonic() - started) / 1000).toFixed(1) });
    ctx.out(line);
    instance.log.info(line);
    return 0;
  });
};
