import { statSync } from "node:fs";
import { appTexts as A } from "../messages/areas/app.ts";
import { cliTexts as C } from "../messages/areas/cli.ts";
import { say } from "../messages/text.ts";
import { usageError } from "../kernel/agent-error.ts";
import { instancePaths } from "../platform/instance-paths.ts";
import { ControlClient } from "../control/control-client.ts";
import { AgentApi } from "../api/agent-api.ts";
import type { CliContext } from "./context.ts";

/**
 * The running service of this instance, if there is one. Commands that
 * change jobs or run tasks go through it rather than around it, so that
 * there is never a second scheduler or a second writer. An administrator
 * who may not use the channel is told so instead of being ignored.
 */
export async function connectToService(ctx: CliContext, kind: "cli" | "ui" = "cli"): Promise<AgentApi | undefined> {
  const paths = instancePaths(ctx.config().config);
  try {
    statSync(paths.controlEndpoint);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "";
    // Not there: no service. Not visible to this user: say so rather than "no service".
    if (code === "EACCES" || code === "EPERM") throw usageError(say(A.noChannelAccess, { path: paths.controlEndpoint }), error);
    return undefined;
  }
  try {
    return new AgentApi(await ControlClient.connect(paths.controlEndpoint, kind));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "";
    if (code === "EACCES" || code === "EPERM") throw usageError(say(A.noChannelAccess, { path: paths.controlEndpoint }), error);
    if (code === "ENOENT" || code === "ECONNREFUSED") {
      // A socket left behind by a service that died: nothing listens.
      const { InstanceLock } = await import("../store/instance-lock.ts");
      if (!InstanceLock.probe(paths).held) return undefined;
    }
    throw usageError(say(C.serviceUnreachable, { detail: (error as Error).message }), error);
  }
}

/**
 * Runs `remote` through the running service when there is one, otherwise
 * `local` in this process: commands that change what a service owns (its
 * jobs, the main DB it holds the lease of) never work around it.
 */
export async function throughServiceOr<T>(ctx: CliContext, remote: (api: AgentApi) => Promise<T>, local: () => Promise<T>): Promise<T> {
  const api = await connectToService(ctx);
  if (!api) return local();
  try {
    return await remote(api);
  } finally {
    api.close();
  }
}
