import { cliTexts as C } from "../messages/areas/cli.ts";
import { say } from "../messages/text.ts";
import { AgentService } from "../app/agent-service.ts";
import type { CommandRun } from "./command.ts";

/** `agent run`: the service, until SIGINT/SIGTERM (Ctrl+C, Ctrl+Break). */
export const runService: CommandRun = async (ctx) => {
  const instance = await ctx.openInstance({ lockMode: "run", console: true });
  const service = new AgentService(instance, { rereadConfig: () => ctx.readConfig() });
  // Listen for signals before anything is started: a stop request during start-up must stop cleanly too.
  const stopped = new Promise<void>((resolve) => {
    const offReload = ctx.deps.onReloadSignal(() => {
      try {
        service.reloadConfig();
      } catch {
        // The service logged why; the old config stays in force.
      }
    });
    const offStop = ctx.deps.onStopSignal((signal) => {
      instance.log.info(say(C.serviceStopping, { signal }));
      offStop();
      offReload();
      resolve();
    });
  });
  service.start();
  await stopped;
  await service.stop();
  return 0;
};
