import { configTexts as T } from "../messages/areas/config.ts";
import { cliTexts as C } from "../messages/areas/cli.ts";
import { say } from "../messages/text.ts";
import { effectiveSettings } from "../config/effective-config.ts";
import { renderExampleConfig } from "../config/example-file.ts";
import { instancePaths } from "../platform/instance-paths.ts";
import { InstanceLock } from "../store/instance-lock.ts";
import { ControlClient } from "../control/control-client.ts";
import { usageError } from "../kernel/agent-error.ts";
import type { ReloadResult } from "../app/agent-service.ts";
import { renderTextTable } from "../presentation/text-table.ts";
import type { CommandRun } from "./command.ts";

export const checkConfig: CommandRun = (ctx) => {
  const loaded = ctx.config();
  const rows = effectiveSettings(loaded).map((s) => [s.path, s.value, s.origin]);
  for (const line of renderTextTable([say(T.columnSetting), say(T.columnValue), say(T.columnOrigin)], rows)) ctx.out(line);
  ctx.out("");
  for (const w of loaded.warnings) ctx.err(`${say(T.warning)}: ${w}`);
  const source = loaded.file.exists ? loaded.file.path : say(T.noFile, { file: loaded.file.path });
  ctx.out(say(T.checkOk, { source }));
  return 0;
};

export const printExampleConfig: CommandRun = (ctx) => {
  ctx.out(renderExampleConfig({ home: ctx.deps.home, machineTimeZone: ctx.deps.machineTimeZone }).trimEnd());
  return 0;
};

export const reloadConfig: CommandRun = async (ctx) => {
  // Validate here first: a broken file is reported to the person who edited it.
  const { config } = ctx.config();
  const paths = instancePaths(config);
  if (!InstanceLock.probe(paths).held) {
    ctx.out(say(C.noService));
    return 0;
  }
  let client: ControlClient;
  try {
    client = await ControlClient.connect(paths.controlEndpoint, "cli");
  } catch (error) {
    throw usageError(say(C.serviceUnreachable, { detail: (error as Error).message }), error);
  }
  try {
    const result = await client.request<ReloadResult>("config.reload");
    if (result.applied.length > 0) ctx.out(say(T.reloadApplied, { list: result.applied.join(", ") }));
    if (result.needsRestart.length > 0) ctx.out(say(T.reloadNeedsRestart, { list: result.needsRestart.join(", ") }));
    if (result.applied.length === 0 && result.needsRestart.length === 0) ctx.out(say(T.reloadNothing));
    return 0;
  } finally {
    client.close();
  }
};
