import { copyFileSync, existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import type { Subprocess } from "bun";
import { tempDir } from "./temp-dir.ts";

export const BUILT_BINARY = resolve("dist/agent");

/**
 * The compiled binary copied alone into an empty folder, as a clinic gets
 * it. Fails loudly if it was not built: `npm test` builds it first.
 */
export function loneBinary(): { dir: string; agent: string } {
  if (!existsSync(BUILT_BINARY)) throw new Error(`${BUILT_BINARY} is missing: run "bun run build:native" (npm test does it first)`);
  const dir = tempDir("agent-lone-");
  for (let d = dir; d !== dirname(d); d = dirname(d)) {
    if (existsSync(join(d, "node_modules"))) throw new Error(`node_modules in reach of ${dir} (at ${d}): the test would prove nothing`);
  }
  const agent = join(dir, "agent");
  copyFileSync(BUILT_BINARY, agent);
  return { dir, agent };
}

export interface Finished {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the binary to completion. */
export async function runAgent(agent: string, args: string[], o: { cwd: string; env?: Record<string, string>; timeoutMs?: number }): Promise<Finished> {
  const p = Bun.spawn([agent, ...args], {
    cwd: o.cwd,
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: o.cwd, TZ: "UTC", ...o.env },
    stdout: "pipe",
    stderr: "pipe",
  });
  const timer = setTimeout(() => p.kill("SIGKILL"), o.timeoutMs ?? 20_000);
  const [stdout, stderr, code] = await Promise.all([new Response(p.stdout).text(), new Response(p.stderr).text(), p.exited]);
  clearTimeout(timer);
  return { code, stdout, stderr };
}

/** A long-running agent (`agent run`) whose stderr can be waited on. */
export class RunningAgent {
  stderr = "";
  private readonly proc: Subprocess<"ignore", "pipe", "pipe">;
  private readonly done: Promise<number>;

  constructor(agent: string, args: string[], o: { cwd: string; env?: Record<string, string> }) {
    this.proc = Bun.spawn([agent, ...args], {
      cwd: o.cwd,
      env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: o.cwd, TZ: "UTC", ...o.env },
      stdin: "ignore",
      stdout: "pipe",
      stderr: "pipe",
    });
    const stream = this.proc.stderr;
    void (async () => {
      const decoder = new TextDecoder();
      for await (const chunk of stream) this.stderr += decoder.decode(chunk, { stream: true });
    })();
    this.done = this.proc.exited;
  }

  get pid(): number {
    return this.proc.pid;
  }

  async waitFor(text: string | RegExp, timeoutMs = 10_000): Promise<void> {
    const deadline = performance.now() + timeoutMs;
    while (!(typeof text === "string" ? this.stderr.includes(text) : text.test(this.stderr))) {
      if (performance.now() > deadline) throw new Error(`did not see ${text} in stderr within ${timeoutMs} ms:\n${this.stderr}`);
      await Bun.sleep(20);
    }
  }

  signal(signal: NodeJS.Signals): void {
    this.proc.kill(signal);
  }

  async exit(timeoutMs = 10_000): Promise<number> {
    const timer = setTimeout(() => this.proc.kill("SIGKILL"), timeoutMs);
    const code = await this.done;
    clearTimeout(timer);
    return code;
  }
}

/** Reads a process's stdout up to its first line break: the line a simulator prints when it listens. */
export async function firstLine(stdout: ReadableStream<Uint8Array>): Promise<string> {
  const reader = stdout.getReader();
  let out = "";
  while (!out.includes("\n")) {
    const { value, done } = await reader.read();
    if (done) break;
    out += new TextDecoder().decode(value);
  }
  reader.releaseLock();
  return out;
}
