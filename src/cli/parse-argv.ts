import { cliTexts as C } from "../messages/areas/cli.ts";
import { say } from "../messages/text.ts";
import { usageError } from "../kernel/agent-error.ts";
import { closestMatch } from "../kernel/closest-match.ts";
import { ParsedArgs, type CommandSpec, type OptionSpec } from "./command.ts";
import { GLOBAL_OPTIONS } from "./global-options.ts";

export interface Invocation {
  command: CommandSpec;
  args: ParsedArgs;
  globals: ParsedArgs;
}

const commandName = (c: CommandSpec) => ["agent", ...c.path].join(" ");

/**
 * Splits argv into the command, its options and the global options. Global
 * options may stand anywhere; the command is the longest run of leading
 * words that names one. Every mistake is an exit-2 error saying what to type.
 */
export function parseArgv(argv: readonly string[], commands: readonly CommandSpec[]): Invocation {
  const words: string[] = [];
  const rawOptions: { name: string; value?: string; raw: string }[] = [];
  let onlyPositionals = false;
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i]!;
    if (onlyPositionals || token === "-" || !token.startsWith("-")) {
      words.push(token);
      continue;
    }
    if (token === "--") {
      onlyPositionals = true;
      continue;
    }
    let name: string;
    let value: string | undefined;
    if (token.startsWith("--")) {
      const eq = token.indexOf("=");
      name = eq < 0 ? token.slice(2) : token.slice(2, eq);
      value = eq < 0 ? undefined : token.slice(eq + 1);
    } else {
      const short = token.slice(1);
      const global = GLOBAL_OPTIONS.find((o) => o.short === short);
      name = global?.name ?? short;
    }
    rawOptions.push({ name, value, raw: token });
    // The value of an option that takes one is the next token, read below once the command is known.
    // A following token that is itself an option (`--once --help`) is not taken as the value.
    if (value === undefined && takesValue(name, commands) && i + 1 < argv.length && !argv[i + 1]!.startsWith("--")) {
      rawOptions[rawOptions.length - 1]!.value = argv[++i];
    }
  }

  // `--once X` is a mode of its own: the `once` command.
  const onceOption = rawOptions.find((o) => o.name === "once");
  let command: CommandSpec | undefined;
  let consumed = 0;
  if (onceOption) {
    command = commands.find((c) => c.path.length === 1 && c.path[0] === "once");
  } else {
    for (const c of commands) {
      if (c.path.length > consumed && c.path.length <= words.length && c.path.every((w, i) => words[i] === w)) {
        command = c;
        consumed = c.path.length;
      }
    }
    if (!command) {
      if (words.length > 0) {
        const visible = commands.filter((c) => !c.hidden && c.path.length > 0).map((c) => c.path.join(" "));
        throw usageError(say(C.unknownCommand, { got: words.join(" "), suggestion: closestMatch(words[0]!, visible) ?? "" }));
      }
      command = commands.find((c) => c.path.length === 0)!;
    }
  }
  return finish(command!, words, consumed, rawOptions, onceOption);
}

function finish(
  command: CommandSpec,
  words: string[],
  consumed: number,
  rawOptions: readonly { name: string; value?: string; raw: string }[],
  onceOption: { value?: string } | undefined,
): Invocation {
  const globals = new Map<string, string[]>();
  const values = new Map<string, string[]>();
  for (const o of rawOptions) {
    const spec = GLOBAL_OPTIONS.find((g) => g.name === o.name) ?? command.options.find((c) => c.name === o.name || c.short === o.name);
    if (!spec) {
      const names = [...command.options, ...GLOBAL_OPTIONS].map((s) => `--${s.name}`);
      throw usageError(say(C.unknownOption, { got: o.raw, command: commandName(command), suggestion: closestMatch(`--${o.name}`, names) ?? "" }));
    }
    const target = GLOBAL_OPTIONS.includes(spec) ? globals : values;
    // `--once` without a value is checked below, where `--once --help` is allowed.
    if (spec.arg && o.value === undefined && spec.name !== "once") throw usageError(say(C.missingValue, { option: `--${spec.name}`, arg: spec.arg }));
    if (!spec.arg && o.value !== undefined && o.raw.includes("=")) throw usageError(say(C.unexpectedValue, { option: `--${spec.name}` }));
    const list = target.get(spec.name) ?? [];
    if (!spec.arg) {
      // A flag's "value" taken from the next token was really a positional.
      if (o.value !== undefined) words.push(o.value);
      list.push("");
    } else if (o.value !== undefined) list.push(o.value);
    target.set(spec.name, list);
  }

  if (onceOption && onceOption.value === undefined && !globals.has("help")) {
    throw usageError(say(C.missingValue, { option: "--once", arg: "TASK|JOB" }));
  }
  const positionals = onceOption ? [...(onceOption.value === undefined ? [] : [onceOption.value]), ...words] : words.slice(consumed);
  const specs = command.positionals ?? [];
  if (!globals.has("help")) {
    const required = specs.filter((p) => p.required).length;
    if (positionals.length < required) {
      throw usageError(say(C.missingArgument, { name: specs[positionals.length]!.name, command: commandName(command) }));
    }
    if (positionals.length > specs.length) {
      throw usageError(say(C.extraArgument, { got: positionals[specs.length]!, command: commandName(command) }));
    }
  }
  return { command, args: new ParsedArgs(values, positionals), globals: new ParsedArgs(globals, []) };
}

/** Whether an option named so takes a value, in any command (the command is not known yet). */
function takesValue(name: string, commands: readonly CommandSpec[]): boolean {
  const find = (list: readonly OptionSpec[]) => list.find((o) => o.name === name || o.short === name);
  const global = find(GLOBAL_OPTIONS);
  if (global) return global.arg !== undefined;
  return commands.some((c) => find(c.options)?.arg !== undefined);
}
