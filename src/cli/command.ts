import type { Text } from "../messages/text.ts";
import type { CliContext } from "./context.ts";

/** An option of a command: `--since TIME`, or a flag like `--follow`. */
export interface OptionSpec {
  name: string;
  /** The value's placeholder; absent for flags. */
  arg?: string;
  doc: Text;
  repeatable?: boolean;
  short?: string;
}

export interface PositionalSpec {
  name: string;
  doc: Text;
  required: boolean;
}

/** One command of the CLI; its help text is generated from this data. */
export interface CommandSpec {
  /** Words after `agent`: `["jobs", "add"]`; empty for the bare `agent`. */
  path: readonly string[];
  summary: Text;
  options: readonly OptionSpec[];
  positionals?: readonly PositionalSpec[];
  hidden?: boolean;
  /** Extra lines for `--help`, computed when asked (the list of tasks for `--once`). */
  helpDetails?(): Promise<string[]>;
  /**
   * Loads the command's code. Commands are imported only when run, so that
   * `agent --version` or `agent jobs` does not pay for the UI or the service.
   */
  load(): Promise<CommandRun>;
}

/** What a command does; answers its exit code. */
export type CommandRun = (ctx: CliContext, args: ParsedArgs) => Promise<number> | number;

/** The options and positionals of one invocation. */
export class ParsedArgs {
  constructor(
    readonly values: ReadonlyMap<string, readonly string[]>,
    readonly positionals: readonly string[],
  ) {}
  get(name: string): string | undefined {
    return this.values.get(name)?.at(-1);
  }
  all(name: string): readonly string[] {
    return this.values.get(name) ?? [];
  }
  has(name: string): boolean {
    return this.values.has(name);
  }
}
