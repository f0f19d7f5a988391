import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { odliTexts as T } from "../messages/areas/odli.ts";
import { cliTexts as C } from "../messages/areas/cli.ts";
import { say } from "../messages/text.ts";
import { usageError } from "../kernel/agent-error.ts";
import { describeError } from "../kernel/describe-error.ts";
import type { OdliCode, OdliUnmappedCode } from "../clinic/port.ts";
import type { MainDatabase } from "../clinic/main-database.ts";
import { decodeCodeMapFile, parseCodeMapFile, renderCodeMapFile } from "../odli/code-map-file.ts";
import { dictionaryOf, MAPPED_DICTIONARIES } from "../odli/mapping.ts";
import { renderTextTable, renderTsv } from "../presentation/text-table.ts";
import type { AgentApi } from "../api/agent-api.ts";
import type { CommandRun } from "./command.ts";
import type { CliContext } from "./context.ts";
import { connectToService } from "./service-connection.ts";
import { withLease, withMainDb } from "./db.ts";

/**
 * The ОДЛИ code map in the main DB. While a service runs on this instance it
 * holds the main DB (and its lease): the commands then go through it, so
 * there is never a second writer; otherwise they open the main DB themselves.
 */
async function viaServiceOr<T>(ctx: CliContext, remote: (api: AgentApi) => Promise<T>, local: (db: MainDatabase) => Promise<T>): Promise<T> {
  const api = await connectToService(ctx);
  if (api) {
    try {
      return await remote(api);
    } finally {
      api.close();
    }
  }
  await ctx.openInstance();
  return withMainDb(ctx, {}, local);
}

/** `agent odli map import FILE.csv`: every line checked first; a file with any error changes nothing. */
export const importCodeMap: CommandRun = async (ctx, args) => {
  const path = resolve(args.positionals[0]!);
  let text: string;
  try {
    text = decodeCodeMapFile(readFileSync(path));
  } catch (error) {
    throw usageError(say(T.fileUnreadable, { path, detail: describeError(error) }), error);
  }
  const { codes, errors } = parseCodeMapFile(text);
  if (errors.length > 0) {
    ctx.err(say(T.importRefused, { path, count: errors.length }));
    for (const e of errors) ctx.err(`  ${e}`);
    return 2;
  }
  const result = await viaServiceOr(
    ctx,
    (api) => api.call("odli.map.import", { codes }),
    async (db) => ((await db.backend.table("AGENT_LEASE")) ? withLease(ctx, db, () => db.odli.upsertCodes(codes)) : db.odli.upsertCodes(codes)),
  );
  const line = say(T.importDone, { path, inserted: result.inserted, updated: result.updated });
  ctx.out(line);
  (await ctx.openInstance()).log.info(line);
  return 0;
};

/** `agent odli map export [--dictionary D]`: the map as CSV on stdout, ready to edit and import again. */
export const exportCodeMap: CommandRun = async (ctx, args) => {
  const wanted = args.get("dictionary");
  const dictionary = wanted === undefined ? undefined : dictionaryOf(wanted);
  if (wanted !== undefined && !dictionary) throw usageError(say(T.fileBadDictionary, { got: wanted }));
  await ctx.openInstance();
  const codes: OdliCode[] = await withMainDb(ctx, {}, (db) => (dictionary ? db.odli.codes(dictionary) : db.odli.allCodes()));
  ctx.deps.stdout(renderCodeMapFile(codes).trimEnd());
  return 0;
};

/** `agent odli map unmapped`: local codes without an ОДЛИ code, and the referrals each holds back. */
export const listUnmapped: CommandRun = async (ctx, args) => {
  const format = args.get("format") ?? "table";
  if (!["table", "tsv", "json"].includes(format)) throw usageError(say(C.unexpectedValue, { option: `--format ${format}` }));
  const unmapped: OdliUnmappedCode[] = await viaServiceOr(
    ctx,
    async (api) => {
      const state = await api.call("odli.state");
      if (state.error) throw usageError(state.error);
      return state.unmapped ?? [];
    },
    (db) => db.odli.unmapped(MAPPED_DICTIONARIES),
  );
  if (format === "json") {
    for (const u of unmapped) ctx.out(JSON.stringify(u));
    return 0;
  }
  if (unmapped.length === 0) {
    if (format === "table") ctx.out(say(T.unmappedNone));
    return 0;
  }
  const header = [say(T.columnKind), say(T.columnDictionary), say(T.columnLocalCode), say(T.columnLocalName), say(T.columnWaiting)];
  const rows = unmapped.map((u) => [u.kind, u.dictionary, u.localCode, u.localName ?? "", String(u.waitingReferrals)]);
  ctx.out((format === "tsv" ? renderTsv(header, rows) : renderTextTable(header, rows)).join("\n"));
  if (format === "table") ctx.out(say(T.unmappedHint));
  return 0;
};

/** `agent odli` and `agent odli map` alone: the help of their subcommands. */
export function odliGroupHelp(path: readonly string[]): CommandRun {
  return async (ctx) => {
    const { COMMANDS } = await import("./commands.ts");
    const { renderCommandHelp } = await import("./help.ts");
    ctx.out(await renderCommandHelp(COMMANDS.find((c) => c.path.join(" ") === path.join(" "))!, COMMANDS));
    return 0;
  };
}
