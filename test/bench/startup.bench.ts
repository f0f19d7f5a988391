import { copyFileSync, mkdtempSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { median, type BenchResult } from "./report.ts";

const RUNS = 41;

/**
 * Median wall time of each command, sampled in turns (a, b, c, a, b, c …)
 * so that a noisy neighbour slows every command alike instead of one.
 */
function timeInTurns(commands: readonly string[][], cwd: string): number[] {
  const samples = commands.map(() => [] as number[]);
  for (let i = 0; i < RUNS + 3; i++) {
    commands.forEach((argv, c) => {
      const started = performance.now();
      const r = Bun.spawnSync(argv, { cwd, stdout: "ignore", stderr: "pipe" });
      const elapsed = performance.now() - started;
      if (r.exitCode !== 0) throw new Error(`${argv.join(" ")} failed: ${r.stderr.toString()}`);
      if (i >= 3) samples[c]!.push(elapsed);
    });
  }
  return samples.map(median);
}

/** `dist/agent --version` and `dist/agent jobs` against a bare compiled hello-world, built now. */
export async function run(): Promise<BenchResult[]> {
  const dir = mkdtempSync(join(tmpdir(), "agent-bench-start-"));
  try {
    mkdirSync(join(dir, "hello"));
    writeFileSync(join(dir, "hello", "hello.ts"), 'console.log("hello");\n');
    const built = await Bun.build({ entrypoints: [join(dir, "hello", "hello.ts")], compile: { outfile: join(dir, "hello-bin") } });
    if (!built.success) throw new Error("could not build the hello-world baseline");
    const agent = join(dir, "agent");
    copyFileSync(resolve("dist/agent"), agent);
    // The first `jobs` creates the stores and the default jobs; the figure is for every later start.
    Bun.spawnSync([agent, "jobs"], { cwd: dir });
    const [hello, version, jobs] = timeInTurns([[join(dir, "hello-bin")], [agent, "--version"], [agent, "jobs"]], dir) as [number, number, number];
    const base = { name: "bare compiled Bun hello-world", value: hello };
    return [
      { name: "start-up: agent --version", value: version, unit: "ms", baseline: base, target: "≤ 1.5× baseline", met: version <= 1.5 * hello },
      { name: "start-up: agent jobs (opens the stores)", value: jobs, unit: "ms", baseline: base, target: "≤ 4× baseline", met: jobs <= 4 * hello },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
