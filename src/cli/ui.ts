import { tuiTexts as T } from "../messages/areas/tui.ts";
import { say } from "../messages/text.ts";
import { usageError } from "../kernel/agent-error.ts";
import { AgentApi } from "../api/agent-api.ts";
import { ControlClient } from "../control/control-client.ts";
import type { AgentService } from "../app/agent-service.ts";
import type { CommandRun } from "./command.ts";
import type { CliContext } from "./context.ts";
import { connectToService } from "./service-connection.ts";

/** Something started beside an in-process service (the demo's simulators), stopped after it. */
export interface UiCompanion {
  start(service: AgentService): Promise<void> | void;
  stop(): Promise<void> | void;
}

/**
 * The bare `agent`. At a terminal: the terminal UI, attached to the running
 * service over the control channel, or — without one — with the service
 * started here (holding the instance's lock) and stopped when the UI quits.
 * Not at a terminal (a script, a pipe): the instance's state in lines.
 */
export const openUi: CommandRun = async (ctx) => {
  if (!ctx.deps.interactive) {
    const { showStatus } = await import("./status.ts");
    return showStatus(ctx, undefined as never);
  }
  const api = await connectToService(ctx, "ui");
  if (api) {
    const { TerminalUi } = await import("../tui/terminal-ui.ts");
    await new TerminalUi({ api, host: { mode: { kind: "attached" } }, zone: ctx.config().config.timezone }).run();
    return 0;
  }
  return uiWithServiceHere(ctx);
};

/** The UI with the service in this process: the same AgentService as `agent run`, reached through its own control channel. */
export async function uiWithServiceHere(ctx: CliContext, companions: readonly UiCompanion[] = []): Promise<number> {
  if (!ctx.deps.interactive) throw usageError(say(T.notATerminal));
  const { AgentService } = await import("../app/agent-service.ts");
  const { TerminalUi } = await import("../tui/terminal-ui.ts");
  // No console copy of the log: the screen is the UI's. The log DB has every line.
  const instance = await ctx.openInstance({ lockMode: "ui" });
  // "Wait for the threads" waits as long as they take; "stop them" cancels first.
  const service = new AgentService(instance, { rereadConfig: () => ctx.readConfig(), graceMs: 12 * 3_600_000 });
  await service.openMainDb();
  service.start();
  let stopped = false;
  const stop = async (cancelThreads: boolean) => {
    if (stopped) return;
    stopped = true;
    if (cancelThreads) for (const run of service.runner.activeRuns()) service.runner.cancelRun(run.runId);
    for (const c of [...companions].reverse()) await c.stop();
    await service.stop();
  };
  try {
    for (const c of companions) await c.start(service);
    const api = new AgentApi(await ControlClient.connect(instance.paths.controlEndpoint, "ui"));
    // A closed terminal (SSH dropped) or a kill: stop like the service does, without asking.
    const leave = () =>
      void stop(true).then(() => {
        // Closing the instance writes the pending log lines; the screen is gone, so exit here.
        ctx.close();
        process.exit(0);
      });
    const offSignal = ctx.deps.onStopSignal(leave);
    const onHangup = leave;
    if (process.platform !== "win32") process.once("SIGHUP", onHangup);
    try {
      await new TerminalUi({ api, host: { mode: { kind: "in-process" }, stop: (o) => stop(o.cancelThreads) }, zone: instance.config.timezone }).run();
    } finally {
      offSignal();
      process.off("SIGHUP", onHangup);
    }
  } catch (error) {
    await stop(true);
    throw error;
  }
  await stop(true);
  return 0;
}
