/** One benchmark's figure, its baseline from the same run, and the target it answers to. */
export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  baseline?: { name: string; value: number };
  /** e.g. "≤ 1.5× baseline", "≥ 50000 lines/s". */
  target: string;
  met: boolean;
}

export function ratio(r: BenchResult): string {
  return r.baseline ? `${(r.value / r.baseline.value).toFixed(2)}×` : "—";
}

export function printResults(results: readonly BenchResult[]): void {
  console.log("\n| benchmark | figure | baseline (same run) | ratio | target | met |");
  console.log("|---|---|---|---|---|---|");
  for (const r of results) {
    const base = r.baseline ? `${r.baseline.name}: ${fmt(r.baseline.value)} ${r.unit}` : "—";
    console.log(`| ${r.name} | ${fmt(r.value)} ${r.unit} | ${base} | ${ratio(r)} | ${r.target} | ${r.met ? "yes" : "**no**"} |`);
  }
}

function fmt(n: number): string {
  return n >= 100 ? Math.round(n).toLocaleString("en-US") : n >= 1 ? n.toFixed(1) : n.toFixed(3);
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
