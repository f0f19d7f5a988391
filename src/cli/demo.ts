import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { demoTexts as D } from "../messages/areas/demo.ts";
import { say } from "../messages/text.ts";
import type { Override } from "../config/load.ts";
import { renderExampleConfig } from "../config/example-file.ts";
import type { DemoPart } from "../app/demo/demo-part.ts";
import { ParsedArgs, type CommandRun } from "./command.ts";
import { CliContext } from "./context.ts";
import { uiWithServiceHere } from "./ui.ts";

/**
 * `agent demo [--dir DIR]`: a folder with its own instance, the simulators of
 * the demo's parts started on loopback and the agent pointed at them, the
 * jobs every minute, one injected fault — and the terminal UI with the
 * service in this process. Nothing is faked: the real agent against real
 * simulators; what is not built yet is said in the log.
 */
export const runDemo: CommandRun = async (ctx, args) => {
  const { demoParts } = await import("../app/demo/parts.ts");
  const dir = resolve(args.get("dir") ?? "demo");
  mkdirSync(join(dir, "data"), { recursive: true, mode: 0o700 });
  // The demo's own config file, every setting at its default and explained: a newcomer's place to try a change.
  const configFile = join(dir, "agent.toml");
  if (!existsSync(configFile)) writeFileSync(configFile, `${renderExampleConfig({ home: dir, machineTimeZone: ctx.deps.machineTimeZone }).trimEnd()}\n`, { mode: 0o600 });
  const parts: DemoPart[] = demoParts();
  const overrides: Override[] = [{ path: "data_dir", value: join(dir, "data"), arg: "agent demo" }];
  try {
    for (const part of parts) overrides.push(...((await part.prepare?.({ dir, now: () => ctx.clock.now(), zone: ctx.deps.machineTimeZone })) ?? []));
  } catch (error) {
    for (const part of parts) await part.stop?.();
    throw error;
  }
  // The demo's own context: its folder's config file and data, the simulators' addresses, the person's other options.
  const values = new Map(ctx.globals.values);
  values.set("config", [configFile]);
  values.set("data-dir", [join(dir, "data")]);
  values.set("set", [...(values.get("set") ?? []), ...overrides.filter((o) => o.path !== "data_dir").map((o) => `${o.path}=${o.value}`)]);
  const demo = new CliContext(ctx.deps, new ParsedArgs(values, ctx.globals.positionals));
  try {
    return await uiWithServiceHere(demo, [
      {
        start: async (service) => {
          const log = service.instance.logs.logger("demo");
          log.info(say(D.started, { dir }));
          for (const part of parts) await part.start?.(service, log);
        },
        stop: async () => {
          for (const part of [...parts].reverse()) await part.stop?.();
        },
      },
    ]);
  } catch (error) {
    // Stopping twice is harmless: the simulators may not have been handed to the UI yet.
    for (const part of [...parts].reverse()) await part.stop?.();
    throw error;
  } finally {
    demo.close();
  }
};
