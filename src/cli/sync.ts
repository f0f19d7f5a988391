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
import { syncTexts as SY } from "../messages/areas/sync.ts";
import { cliTexts as C } from "../messages/areas/cli.ts";
import { formatManual } from "../kernel/zoned-time.ts";
import { renderTextTable, renderTsv } from "../presentation/text-table.ts";
import { parkedKindText, parkedReasonText } from "../presentation/parked-table.ts";
import type { ParkedEntry } from "../clinic/port.ts";
import type { CliContext } from "./context.ts";
import { throughServiceOr } from "./service-connection.ts";

function chosenTables(given: readonly string[], configured: string): string[] {
  const names = given.flatMap((g) => g.split(",")).map((t) => t.trim()).filter(Boolean);
  if (names.length === 0) return configured ? configured.split(",") : [...SYNCED_TABLES];
  return names.map((name) => {
    const canonical = SYNCED_TABLES.find((t) => t === name.toUpperCase());
    if (!canonical) throw usageError(say(T.unknownSyncTable, { table: name, suggestion: closestMatch(name.toUpperCase(), SYNCED_TABLES) ?? "" }));
    return canonical;
  });
}

/** `agent sync initial-load [--tables …] [--chunk N]`. */
export const initialLoadCommand: CommandRun = async (ctx, args) => {
  const tables = chosenTables(args.all("tables"), ctx.config().config.sync.tables);
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

/**
 * `agent sync parked [retry|drop]`: through the running service when there
 * is one (it holds the main DB's lease), otherwise on the main DB directly —
 * under the lease for a change, so the old server or another agent cannot
 * be writing meanwhile.
 */
async function withParked<T>(ctx: CliContext, change: boolean, remote: (api: import("../api/agent-api.ts").AgentApi) => Promise<T>, local: (commands: import("../app/parked-commands.ts").ParkedCommands) => Promise<T>): Promise<T> {
  return throughServiceOr(ctx, remote, async () => {
    const instance = await ctx.openInstance();
    const { ParkedCommands } = await import("../app/parked-commands.ts");
    return withMainDb(ctx, {}, (db) => {
      const commands = new ParkedCommands(db, instance.log);
      return change ? withLease(ctx, db, () => local(commands)) : local(commands);
    });
  });
}

function parkedRow(e: ParkedEntry, zone: string): string[] {
  return [String(e.id), parkedKindText(e), e.ref, formatManual(e.parkedAt, zone), String(e.attempts), String(e.entries), parkedReasonText(e)];
}

export const listParkedCommand: CommandRun = async (ctx, args) => {
  const format = args.get("format") ?? "table";
  if (!["table", "tsv", "json"].includes(format)) throw usageError(say(C.unexpectedValue, { option: `--format ${format}` }));
  const entries = await withParked(ctx, false, (api) => api.call("sync.parked"), (c) => c.list());
  if (format === "json") {
    for (const e of entries) ctx.out(JSON.stringify({ ...e, parkedAt: new Date(e.parkedAt).toISOString() }));
    return 0;
  }
  if (entries.length === 0 && format === "table") {
    ctx.out(say(SY.parkedNone));
    return 0;
  }
  const zone = ctx.config().config.timezone;
  const header = [SY.columnId, SY.columnKind, SY.columnRef, SY.columnParkedAt, SY.columnAttempts, SY.columnEntries, SY.columnReason].map((t) => say(t));
  const rows = entries.map((e) => parkedRow(e, zone));
  ctx.out((format === "tsv" ? renderTsv(header, rows) : renderTextTable(header, rows)).join("\n"));
  return 0;
};

export const retryParkedCommand: CommandRun = async (ctx, args) => {
  const { parkedId } = await import("../app/parked-commands.ts");
  const id = parkedId(args.positionals[0]);
  ctx.out(await withParked(ctx, true, async (api) => (await api.call("sync.parked.retry", { id })).message, (c) => c.retry(id)));
  return 0;
};

export const dropParkedCommand: CommandRun = async (ctx, args) => {
  const { parkedId } = await import("../app/parked-commands.ts");
  const id = parkedId(args.positionals[0]);
  ctx.out(await withParked(ctx, true, async (api) => (await api.call("sync.parked.drop", { id })).message, (c) => c.drop(id)));
  return 0;
};
