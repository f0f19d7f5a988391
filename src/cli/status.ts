import { cliTexts as C } from "../messages/areas/cli.ts";
import { say } from "../messages/text.ts";
import { InstanceLock, describeHolder } from "../store/instance-lock.ts";
import { instancePaths } from "../platform/instance-paths.ts";
import type { CommandRun } from "./command.ts";
import { connectToService } from "./service-connection.ts";

/** The bare `agent`: until the terminal UI exists, the instance's state and how to start the service. */
export const showStatus: CommandRun = async (ctx) => {
  const loaded = ctx.config();
  const { config } = loaded;
  const paths = instancePaths(config);
  const probe = InstanceLock.probe(paths);
  const api = await connectToService(ctx);
  const snapshot = api ? await api.call("snapshot").finally(() => api.close()) : undefined;
  const instance = await ctx.openInstance();
  ctx.out(say(C.statusTitle, { instance: config.instance }));
  if (snapshot) {
    ctx.out(say(C.statusLine, { clients: snapshot.status.clients }));
    ctx.out(say(C.statusService, { pid: snapshot.status.pid, version: snapshot.status.version, threads: snapshot.threads.filter((t) => t.state === "running").length }));
  } else {
    ctx.out(probe.held ? say(C.statusRunning, { holder: describeHolder(probe.holder, config.timezone) }) : say(C.statusStopped));
  }
  ctx.out(say(C.statusConfig, { file: loaded.file.path }));
  ctx.out(say(C.statusDataDir, { dir: paths.root }));
  const where = config.maindb.engine === "sqlite" ? config.maindb.path || paths.defaultMainDb : `${config.maindb.host}:${config.maindb.port}/${config.maindb.database}`;
  ctx.out(say(C.statusMainDb, { engine: config.maindb.engine, where }));
  ctx.out(config.cod.url ? say(C.statusCod, { url: config.cod.url }) : say(C.statusCodNone));
  ctx.out(say(C.statusLogLines, { count: instance.logStore.count(), errors: instance.logStore.count({ minLevel: "error" }) }));
  ctx.out("");
  ctx.out(say(C.statusHowToStart));
  return 0;
};
