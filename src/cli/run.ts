import { cliTexts as C } from "../messages/areas/cli.ts";
import { say } from "../messages/text.ts";
import { AgentService } from "../app/agent-service.ts";
import { SUPERVISOR_ENV } from "../deploy/supervisor.ts";
import type { CommandRun } from "./command.ts";

/**
 * `agent run`: the service, until SIGINT/SIGTERM (Ctrl+C, Ctrl+Break) or a
 * stop over the control channel. Under its supervisor (`agent service run`)
 * it may also end with code 75, to be switched to a prepared update.
 */
export const runService: CommandRun = async (ctx) => {
  const instance = await ctx.openInstance({ lockMode: "run", console: true });
  const supervisor = Number(ctx.deps.env[SUPERVISOR_ENV] ?? "");
  const service = new AgentService(instance, {
    rereadConfig: () => ctx.readConfig(),
    supervisorPid: Number.isInteger(supervisor) && supervisor > 0 ? supervisor : undefined,
  });
  // Listen for signals before anything is started: a stop request during start-up must stop cleanly too.
  const stopped = new Promise<number>((resolve) => {
    const offReload = ctx.deps.onReloadSignal(() => {
      try {
        service.reloadConfig();
      } catch {
        // The service logged why; the old config stays in force.
      }
    });
    const done = (exitCode: number) => {
      offStop();
      offReload();
      offExit();
      resolve(exitCode);
    };
    const offStop = ctx.deps.onStopSignal((signal) => {
      instance.log.info(say(C.serviceStopping, { signal }));
      done(0);
    });
    const offExit = service.onExitRequested((exitCode) => done(exitCode));
  });
  await service.openMainDb();
  service.start();
  const code = await stopped;
  await service.stop();
  return code;
};
