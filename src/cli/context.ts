import { readFileSync, statSync } from "node:fs";
import { configTexts as T } from "../messages/areas/config.ts";
import { cliTexts as C } from "../messages/areas/cli.ts";
import { say } from "../messages/text.ts";
import { usageError } from "../kernel/agent-error.ts";
import type { Clock } from "../kernel/clock.ts";
import { loadConfig, type LoadedConfig, type Override } from "../config/load.ts";
import type { AgentInstance } from "../app/agent-instance.ts";
import type { MachineFacts } from "../platform/support.ts";
import type { ParsedArgs } from "./command.ts";

/** The world a command runs in; tests pass their own. */
export interface CliDeps {
  env: Readonly<Record<string, string | undefined>>;
  stdout(text: string): void;
  stderr(text: string): void;
  clock: Clock;
  home: string;
  machineTimeZone: string;
  machineFacts(): MachineFacts;
  /** Whether stdin and stdout are a terminal (a person is there to answer). */
  interactive: boolean;
  /** Asks a question on the terminal; null when there is no answer to be had. */
  ask(prompt: string): Promise<string | null>;
  /** Resolves when the process is asked to stop (SIGINT, SIGTERM, Ctrl+Break). */
  onStopSignal(handler: (signal: string) => void): () => void;
  /** SIGHUP: reload the config. */
  onReloadSignal(handler: () => void): () => void;
  /** Called if the process is about to die of an uncaught error, to save what can be saved. */
  onCrash(handler: (error: unknown) => void): () => void;
}

/** What a command works with: output, the config and the instance, opened on first use. */
export class CliContext {
  private loaded: LoadedConfig | undefined;
  private instance: AgentInstance | undefined;

  constructor(
    readonly deps: CliDeps,
    readonly globals: ParsedArgs,
  ) {}

  out(text: string): void {
    this.deps.stdout(text);
  }

  err(text: string): void {
    this.deps.stderr(text);
  }

  get clock(): Clock {
    return this.deps.clock;
  }

  /** Values given on the command line, as config overrides. */
  overrides(): Override[] {
    const out: Override[] = [];
    const instance = this.globals.get("instance");
    if (instance !== undefined) out.push({ path: "instance", value: instance, arg: `--instance ${instance}` });
    const dataDir = this.globals.get("data-dir");
    if (dataDir !== undefined) out.push({ path: "data_dir", value: dataDir, arg: `--data-dir ${dataDir}` });
    const lang = this.globals.get("lang");
    if (lang !== undefined) out.push({ path: "language", value: lang, arg: `--lang ${lang}` });
    for (const pair of this.globals.all("set")) {
      const eq = pair.indexOf("=");
      if (eq <= 0) throw usageError(say(T.badSetArgument, { got: pair }));
      out.push({ path: pair.slice(0, eq).trim(), value: pair.slice(eq + 1), arg: `--set ${pair}` });
    }
    return out;
  }

  /** Reads and validates the config once per invocation. */
  config(): LoadedConfig {
    this.loaded ??= this.readConfig();
    return this.loaded;
  }

  /** Reads the config again from the same file, environment and arguments (a reload). */
  readConfig(): LoadedConfig {
    return loadConfig({
      home: this.deps.home,
      machineTimeZone: this.deps.machineTimeZone,
      env: this.deps.env,
      configPath: this.globals.get("config"),
      overrides: this.overrides(),
      readFile,
      fileMode,
    });
  }

  /** Opens the instance's folder and stores, taking the lock when a mode is given. */
  async openInstance(o: { lockMode?: string; console?: boolean } = {}): Promise<AgentInstance> {
    // Imported here, not at the top: commands that never open the stores start without their code.
    const { AgentInstance } = await import("../app/agent-instance.ts");
    if (!this.instance) {
      const instance = AgentInstance.open(this.config(), {
        clock: this.deps.clock,
        lockMode: o.lockMode,
        console: o.console ? (line) => this.deps.stderr(line) : undefined,
        stderr: (text) => this.deps.stderr(text),
      });
      // A crash still writes its cause and the lines before it to the log DB.
      this.deps.onCrash((error) => {
        instance.log.error(say(C.crashed, { detail: (error as Error)?.stack ?? String(error) }));
        instance.close();
      });
      this.instance = instance;
    }
    return this.instance;
  }

  /** Flushes the log and closes whatever was opened. */
  close(): void {
    this.instance?.close();
    this.instance = undefined;
  }
}

function readFile(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

function fileMode(path: string): number | undefined {
  if (process.platform === "win32") return undefined;
  try {
    return statSync(path).mode & 0o777;
  } catch {
    return undefined;
  }
}
