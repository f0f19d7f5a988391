import { runCli } from "../../src/cli/run-cli.ts";
import type { CliDeps } from "../../src/cli/context.ts";
import { ManualClock } from "../../src/kernel/clock.ts";
import type { MachineFacts } from "../../src/platform/support.ts";

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface HarnessOptions {
  home: string;
  env?: Record<string, string>;
  clock?: ManualClock;
  facts?: MachineFacts;
  interactive?: boolean;
  answers?: string[];
  /** Called with a stop function when the command waits for a signal (run, logs --follow). */
  onWaitingForSignal?: (stop: () => void) => void;
}

export const SUPPORTED_MACHINE: MachineFacts = {
  platform: "linux",
  arch: "x64",
  release: "6.1.0",
  cpuFlags: new Set(["avx2"]),
  baselineBuild: false,
};

/** Runs the CLI in this process against a temp home, capturing what it prints. */
export async function cli(argv: string[], o: HarnessOptions): Promise<CliResult> {
  const out: string[] = [];
  const err: string[] = [];
  const answers = [...(o.answers ?? [])];
  const deps: CliDeps = {
    env: { ...o.env },
    stdout: (t) => out.push(t),
    stderr: (t) => err.push(t),
    clock: o.clock ?? new ManualClock(Date.UTC(2025, 4, 14, 13, 50, 0)),
    home: o.home,
    machineTimeZone: "Europe/Moscow",
    machineFacts: () => o.facts ?? SUPPORTED_MACHINE,
    interactive: o.interactive ?? false,
    ask: async () => answers.shift() ?? null,
    onStopSignal: (handler) => {
      o.onWaitingForSignal?.(() => handler("SIGTERM"));
      return () => {};
    },
    onReloadSignal: () => () => {},
    onCrash: () => () => {},
  };
  const code = await runCli(argv, deps);
  return { code, stdout: out.join("\n"), stderr: err.join("\n") };
}
