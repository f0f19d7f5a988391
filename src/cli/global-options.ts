import { cliTexts as C } from "../messages/areas/cli.ts";
import type { OptionSpec } from "./command.ts";

/** Options every command takes, anywhere on the line. */
export const GLOBAL_OPTIONS: readonly OptionSpec[] = [
  { name: "config", arg: "PATH", doc: C.optConfig },
  { name: "instance", arg: "NAME", doc: C.optInstance },
  { name: "data-dir", arg: "DIR", doc: C.optDataDir },
  { name: "lang", arg: "ru|en", doc: C.optLang },
  { name: "set", arg: "KEY=VALUE", doc: C.optSet, repeatable: true },
  { name: "once", arg: "TASK|JOB", doc: C.optOnce },
  { name: "help", doc: C.optHelp, short: "h" },
  { name: "version", doc: C.optVersion, short: "V" },
];
