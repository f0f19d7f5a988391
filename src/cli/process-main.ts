import { writeSync } from "node:fs";
import { systemClock } from "../kernel/clock.ts";
import { machineTimeZone } from "../kernel/zoned-time.ts";
import { agentHome } from "../platform/agent-home.ts";
import { readMachineFacts } from "../platform/machine-facts.ts";
import { restrictNewFiles } from "../platform/private-files.ts";
import { runCli } from "./run-cli.ts";
import type { CliDeps } from "./context.ts";

// The real machine's dependencies for the CLI: stdout, signals, the clock, the terminal.

/** Writes synchronously so nothing is lost at exit; a closed pipe (`agent logs | head`) ends quietly. */
function writeFully(fd: number, text: string): void {
  const data = Buffer.from(`${text}\n`);
  let offset = 0;
  while (offset < data.length) {
    try {
      offset += writeSync(fd, data, offset);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "EAGAIN") continue;
      if (code === "EPIPE") process.exit(0);
      throw error;
    }
  }
}

function onSignals(signals: NodeJS.Signals[], handler: (signal: string) => void): () => void {
  const listeners = signals.map((s) => {
    const l = () => handler(s);
    process.on(s, l);
    return [s, l] as const;
  });
  return () => {
    for (const [s, l] of listeners) process.off(s, l);
  };
}

const deps: CliDeps = {
  env: process.env,
  // A getter: asking ICU for the zone costs milliseconds that short commands need not pay.
  get machineTimeZone() {
    return machineTimeZone();
  },
  stdout: (text) => writeFully(1, text),
  stderr: (text) => writeFully(2, text),
  clock: systemClock,
  home: agentHome(),
  machineFacts: readMachineFacts,
  // isatty, not process.stdin/stdout: creating those streams costs milliseconds at every start.
  // A getter, and node:tty loaded only then: that module pulls in Node's whole stream
  // library (about 3 ms), and only the UI and `jobs rm`'s question ask.
  get interactive() {
    const { isatty } = require("node:tty") as typeof import("node:tty");
    return isatty(0) && isatty(1);
  },
  ask: async (prompt) => {
    const { createInterface } = await import("node:readline");
    return new Promise((resolve) => {
      const rl = createInterface({ input: process.stdin, output: process.stdout });
      rl.question(prompt, (answer) => {
        rl.close();
        resolve(answer);
      });
      rl.on("close", () => resolve(null));
    });
  },
  // Ctrl+C is SIGINT everywhere; Ctrl+Break on the Windows console is SIGBREAK.
  onStopSignal: (handler) => onSignals(process.platform === "win32" ? ["SIGINT", "SIGTERM", "SIGBREAK"] : ["SIGINT", "SIGTERM"], handler),
  onReloadSignal: (handler) => (process.platform === "win32" ? () => {} : onSignals(["SIGHUP"], handler)),
  onCrash: (handler) => {
    const die = (error: unknown) => {
      try {
        handler(error);
      } finally {
        writeFully(2, String((error as Error)?.stack ?? error));
        process.exit(1);
      }
    };
    process.on("uncaughtException", die);
    process.on("unhandledRejection", die);
    return () => {
      process.off("uncaughtException", die);
      process.off("unhandledRejection", die);
    };
  },
};

/** Runs the CLI on this process's arguments and exits with its code. */
export async function main(argv: readonly string[]): Promise<never> {
  restrictNewFiles();
  const code = await runCli(argv, deps);
  process.exit(code);
}
