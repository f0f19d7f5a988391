import { cliTexts as C } from "../messages/areas/cli.ts";
import { threadTexts as T } from "../messages/areas/threads.ts";
import { say } from "../messages/text.ts";
import { usageError } from "../kernel/agent-error.ts";
import { renderTextTable } from "../presentation/text-table.ts";
import { threadTableHeader, threadTableRow } from "../presentation/thread-table.ts";
import type { CommandRun } from "./command.ts";
import { connectToService } from "./service-connection.ts";

/** `agent threads`: the service's live threads (the manual's «Менеджер потоков»). */
export const listThreads: CommandRun = async (ctx) => {
  const api = await connectToService(ctx);
  if (!api) {
    ctx.out(say(C.noServiceNoThreads));
    return 0;
  }
  try {
    const threads = await api.call("threads.list");
    const zone = ctx.config().config.timezone;
    ctx.out(renderTextTable(threadTableHeader(), threads.map((t) => threadTableRow(t, zone))).join("\n"));
    return 0;
  } finally {
    api.close();
  }
};

/** `agent threads cancel ID`: asks a thread to stop at its next safe point. */
export const cancelThread: CommandRun = async (ctx, args) => {
  const id = Number(args.positionals[0]);
  if (!Number.isInteger(id)) throw usageError(say(C.missingArgument, { name: "ID", command: "agent threads cancel" }));
  const api = await connectToService(ctx);
  if (!api) throw usageError(say(C.noServiceNoThreads));
  try {
    const thread = await api.call("threads.cancel", { id });
    ctx.out(say(T.cancelRequested, { id: thread.id, name: thread.name }));
    return 0;
  } finally {
    api.close();
  }
};
