import { cliTexts as C } from "../messages/areas/cli.ts";
import { platformTexts as P } from "../messages/areas/platform.ts";
import { LANGUAGES, say, setLanguage, type Language } from "../messages/text.ts";
import { AgentError } from "../kernel/agent-error.ts";
import { ExitCode } from "../kernel/exit-codes.ts";
import { checkSupport } from "../platform/support.ts";
import { COMMANDS, configExampleCommand, helpCommand } from "./commands.ts";
import { CliContext, type CliDeps } from "./context.ts";
import { renderCommandHelp, renderOverview } from "./help.ts";
import { parseArgv } from "./parse-argv.ts";
import { versionLine } from "./version.ts";

/** Runs one invocation of the agent and answers its exit code; never throws. */
export async function runCli(argv: readonly string[], deps: CliDeps): Promise<number> {
  setLanguage(earlyLanguage(argv, deps.env));
  let ctx: CliContext | undefined;
  try {
    const invocation = parseArgv(argv, COMMANDS);
    const { command, args, globals } = invocation;
    if (globals.has("version")) {
      deps.stdout(versionLine());
      return ExitCode.ok;
    }
    if (command === helpCommand) {
      const target = COMMANDS.find((c) => c.path.length === args.positionals.length && c.path.every((w, i) => w === args.positionals[i]));
      deps.stdout(target && target.path.length > 0 ? await renderCommandHelp(target, COMMANDS) : renderOverview(COMMANDS));
      return ExitCode.ok;
    }
    if (globals.has("help")) {
      deps.stdout(command.path.length === 0 ? renderOverview(COMMANDS) : await renderCommandHelp(command, COMMANDS));
      return ExitCode.ok;
    }

    const support = checkSupport(deps.machineFacts());
    if (support.fatal.length > 0) {
      deps.stderr([say(P.notSupportedPrefix), ...support.fatal.map((f) => `  ${f}`)].join("\n"));
      return ExitCode.unsupported;
    }

    ctx = new CliContext(deps, globals);
    // The example must print even when the current config is broken: it is how one fixes it.
    if (command !== configExampleCommand) setLanguage(ctx.config().config.language);
    if (command.path[0] === "run") for (const w of support.warnings) deps.stderr(say(C.supportWarning, { detail: w }));
    const run = await command.load();
    return await run(ctx, args);
  } catch (error) {
    if (error instanceof AgentError) {
      deps.stderr(error.message);
      return error.exitCode;
    }
    deps.stderr(say(C.internalError, { detail: (error as Error)?.stack ?? String(error) }));
    return ExitCode.taskFailed;
  } finally {
    try {
      ctx?.close();
    } catch (error) {
      deps.stderr(say(C.internalError, { detail: (error as Error)?.message ?? String(error) }));
    }
  }
}

/** The language for messages printed before the config is read (a config error itself). */
function earlyLanguage(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): Language {
  let lang: string | undefined = env.AGENT_LANGUAGE;
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i]!;
    if (token === "--lang") lang = argv[i + 1];
    else if (token.startsWith("--lang=")) lang = token.slice(7);
  }
  if (lang === undefined) return "ru";
  if (!LANGUAGES.includes(lang as Language)) {
    // Reported properly once the config is validated; until then, Russian.
    return "ru";
  }
  return lang as Language;
}
