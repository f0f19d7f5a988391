/**
 * Runs the benchmarks (`npm run bench`) and prints each figure with its
 * baseline measured in the same run. Targets are reported, never asserted:
 * machines are shared and noisy. The README keeps the latest table.
 */
import { printResults, type BenchResult } from "./report.ts";

const suites: Record<string, () => Promise<BenchResult[]> | BenchResult[]> = {
  startup: async () => (await import("./startup.bench.ts")).run(),
  "log-store": async () => (await import("./log-store.bench.ts")).run(),
  scheduler: async () => (await import("./scheduler.bench.ts")).run(),
  service: async () => (await import("./service.bench.ts")).run(),
  mailing: async () => (await import("./mailing.bench.ts")).run(),
  tui: async () => (await import("./tui.bench.ts")).run(),
  maindb: async () => (await import("./maindb.bench.ts")).run(),
  odli: async () => (await import("./odli.bench.ts")).run(),
  sync: async () => (await import("./sync.bench.ts")).run(),
};

const only = process.argv.slice(2);
const results: BenchResult[] = [];
for (const [name, suite] of Object.entries(suites)) {
  if (only.length > 0 && !only.includes(name)) continue;
  console.log(`running ${name} …`);
  results.push(...(await suite()));
}
printResults(results);
