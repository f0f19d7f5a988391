import { cliTexts as C } from "../messages/areas/cli.ts";
import { say } from "../messages/text.ts";
import type { CommandSpec, OptionSpec } from "./command.ts";
import { GLOBAL_OPTIONS } from "./global-options.ts";

const optionLabel = (o: OptionSpec) => `${o.short ? `-${o.short}, ` : ""}--${o.name}${o.arg ? ` ${o.arg}` : ""}`;

function optionLines(options: readonly OptionSpec[]): string[] {
  const width = Math.max(...options.map((o) => optionLabel(o).length));
  return options.map((o) => `  ${optionLabel(o).padEnd(width)}  ${say(o.doc)}`);
}

function usageLine(c: CommandSpec): string {
  const positionals = (c.positionals ?? []).map((p) => (p.required ? p.name : `[${p.name}]`));
  const options = c.options.length > 0 ? ["[options]"] : [];
  return ["agent", ...c.path, ...positionals, ...options].join(" ");
}

/** `agent --help`: every visible command, the global options, the exit codes. */
export function renderOverview(commands: readonly CommandSpec[]): string {
  const visible = commands.filter((c) => !c.hidden);
  const labels = visible.map((c) => (c.path.length === 0 ? "agent" : c.path[0] === "once" ? "agent --once TASK|JOB" : `agent ${c.path.join(" ")}`));
  const width = Math.max(...labels.map((l) => l.length));
  return [
    say(C.about),
    "",
    `${say(C.commandsTitle)}:`,
    ...visible.map((c, i) => `  ${labels[i]!.padEnd(width)}  ${say(c.summary)}`),
    "",
    `${say(C.globalOptionsTitle)}:`,
    ...optionLines(GLOBAL_OPTIONS),
    "",
    `${say(C.exitCodesTitle)}: ${say(C.exitCodes)}`,
    say(C.moreHelp),
  ].join("\n");
}

/** `agent COMMAND --help`: its usage, positionals, options, and its subcommands. */
export async function renderCommandHelp(command: CommandSpec, commands: readonly CommandSpec[]): Promise<string> {
  const sub = commands.filter(
    (c) => !c.hidden && c.path.length === command.path.length + 1 && command.path.every((w, i) => c.path[i] === w),
  );
  const lines = [say(command.summary), "", `${say(C.usageTitle)}: ${usageLine(command)}`];
  for (const p of command.positionals ?? []) lines.push(`  ${p.name}  ${say(p.doc)}`);
  if (command.helpDetails) lines.push("", ...(await command.helpDetails()));
  if (sub.length > 0) {
    const width = Math.max(...sub.map((c) => usageLine(c).length));
    lines.push("", `${say(C.commandsTitle)}:`, ...sub.map((c) => `  ${usageLine(c).padEnd(width)}  ${say(c.summary)}`));
  }
  if (command.options.length > 0) lines.push("", `${say(C.optionsTitle)}:`, ...optionLines(command.options));
  lines.push("", `${say(C.globalOptionsTitle)}:`, ...optionLines(GLOBAL_OPTIONS));
  lines.push("", `${say(C.exitCodesTitle)}: ${say(C.exitCodes)}`);
  return lines.join("\n");
}
