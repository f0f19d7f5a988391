import { cliTexts as C } from "../messages/areas/cli.ts";
import { logTexts as T } from "../messages/areas/logs.ts";
import { say } from "../messages/text.ts";
import { usageError } from "../kernel/agent-error.ts";
import { LOG_LEVELS, type LogLevel, type LogLine } from "../logs/log-record.ts";
import type { LogFilter } from "../logs/log-filter.ts";
import { formatJsonLine, formatManualLine, formatTableLine, tableHeader } from "../logs/log-format.ts";
import type { CommandRun } from "./command.ts";
import { parseTimeArgument } from "../kernel/time-argument.ts";

const FORMATS = ["table", "tsv", "json"] as const;
type Format = (typeof FORMATS)[number];

/** How often `--follow` looks for new lines; the writer flushes every 200 ms. */
const FOLLOW_POLL_MS = 250;
/** Lines shown before following when nothing else limits them, like `tail -f`. */
const FOLLOW_BACKLOG = 20;
/** Lines handed to stdout per write: a million lines print without a million syscalls. */
const OUTPUT_CHUNK = 1_000;

export const showLogs: CommandRun = async (ctx, args) => {
  const format = (args.get("format") ?? "table") as Format;
  if (!FORMATS.includes(format)) throw usageError(say(T.badFormat, { got: format }));
  const level = args.get("level");
  if (level !== undefined && !LOG_LEVELS.includes(level as LogLevel)) throw usageError(say(T.badLevel, { got: level }));
  const limitText = args.get("limit");
  const limit = limitText === undefined ? undefined : Number(limitText);
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 1)) throw usageError(say(C.missingValue, { option: "--limit", arg: "N" }));
  const threadText = args.get("thread");
  const thread = threadText === undefined ? undefined : Number(threadText);
  if (thread !== undefined && !Number.isInteger(thread)) throw usageError(say(C.missingValue, { option: "--thread", arg: "ID" }));

  const { config } = ctx.config();
  const zone = config.timezone;
  const now = ctx.clock.now();
  const filter: LogFilter = {
    since: args.has("since") ? parseTimeArgument("--since", args.get("since")!, now, zone) : undefined,
    until: args.has("until") ? parseTimeArgument("--until", args.get("until")!, now, zone, true) : undefined,
    services: args.all("service"),
    minLevel: level as LogLevel | undefined,
    text: args.get("grep"),
    thread,
  };
  const store = (await ctx.openInstance()).logStore;
  const render = (line: LogLine) =>
    format === "json" ? formatJsonLine(line, zone) : format === "tsv" ? formatManualLine(line, zone) : formatTableLine(line, zone);

  let chunk: string[] = [];
  const emit = (line: LogLine) => {
    chunk.push(render(line));
    if (chunk.length >= OUTPUT_CHUNK) flush();
  };
  const flush = () => {
    if (chunk.length > 0) ctx.out(chunk.join("\n"));
    chunk = [];
  };

  if (format === "table") ctx.out(tableHeader());
  const follow = args.has("follow");
  const backlog = limit ?? (follow && filter.since === undefined ? FOLLOW_BACKLOG : undefined);
  let lastId = 0;
  let printed = 0;
  if (backlog !== undefined) {
    const newest = store.newest(filter, backlog).reverse();
    for (const line of newest) emit(line);
    printed = newest.length;
    lastId = Math.max(store.lastId(), 0);
  } else {
    lastId = store.lastId();
    for (const line of store.iterate({ ...filter })) {
      emit(line);
      printed++;
    }
  }
  flush();
  if (!follow) {
    if (printed === 0 && format === "table") ctx.err(say(T.noLines));
    return 0;
  }

  // Follow: poll by id, which only grows; the writer flushes within 200 ms.
  await new Promise<void>((resolve) => {
    const stop = ctx.deps.onStopSignal(() => {
      clearInterval(timer);
      stop();
      resolve();
    });
    const timer = setInterval(() => {
      for (const line of store.iterate({ ...filter, until: undefined, afterId: lastId })) {
        emit(line);
        lastId = line.id;
      }
      flush();
    }, FOLLOW_POLL_MS);
  });
  return 0;
};
