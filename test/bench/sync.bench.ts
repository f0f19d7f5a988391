import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { SqliteEngine } from "../../src/clinic/sqlite/sqlite-engine.ts";
import { applyReferenceSchema } from "../../src/clinic/reference-schema.ts";
import { installPlan, runPlan } from "../../src/clinic/capture.ts";
import { demoStreamItems } from "../../src/clinic/demo/stream-items.ts";
import { seedStreams } from "../../src/app/demo/cod-seed.ts";
import { firebird } from "../helpers/firebird.ts";
import { benchFirebirdDatabase, prepareJournal } from "./maindb.bench.ts";
import type { BaselineTarget } from "./sync-baseline.ts";
import type { BenchResult } from "./report.ts";

/**
 * The ЦОД sync end to end: the compiled agent (`dist/agent --once
 * analysis-sync`) pushes about 1,000,000 journalled rows of the 37 tables to
 * the ЦОД simulator (`dist/agent sim cod`, its own process) on loopback,
 * from SQLite and from Firebird, and pulls 200,000 rows of results. Each
 * figure stands beside a baseline in the same run: a minimal script doing
 * the same reads, JSON encoding and HTTP calls, without the journal, the
 * batches, the acknowledgements, the checks. Every measurement gets a fresh
 * simulator, so the ЦОД's own work is the same for both. The agent's peak
 * RSS is its VmHWM, read while it runs.
 */

const REFERRALS = Number(process.env.BENCH_SYNC_REFERRALS ?? 36_000);
const PULL_ROWS = Number(process.env.BENCH_SYNC_PULL_ROWS ?? 200_000);
const BATCH = 2_000;
const PAGE = 500;
const MO = "4601000";
const AGENT = resolve("dist/agent");

interface Measured {
  rows: number;
  seconds: number;
  peakRssMb: number;
}

interface Sim {
  url: string;
  admin: string;
  stop(): Promise<void>;
}

async function startSim(dir: string): Promise<Sim> {
  const proc = Bun.spawn([AGENT, "sim", "cod", "--port", "0", "--data", dir], { stdout: "pipe", stderr: "inherit", env: { ...process.env, AGENT_LANGUAGE: "en" } });
  const reader = proc.stdout.getReader();
  let text = "";
  while (!text.includes("\n")) {
    const { value, done } = await reader.read();
    if (done) break;
    text += new TextDecoder().decode(value);
  }
  reader.releaseLock();
  const [url, admin] = text.match(/http:\/\/127\.0\.0\.1:\d+/g) ?? [];
  if (!url || !admin) throw new Error(`the simulator did not say where it listens: ${text}`);
  return {
    url,
    admin,
    async stop() {
      proc.kill("SIGTERM");
      await proc.exited;
    },
  };
}

/** The compiled agent, run once; its peak RSS from /proc while it runs. */
async function agentOnce(cwd: string, env: Record<string, string>): Promise<{ seconds: number; peakRssMb: number; stderr: string }> {
  mkdirSync(join(cwd, "data"), { recursive: true });
  const started = performance.now();
  const proc = Bun.spawn([AGENT, "--once", "analysis-sync"], { cwd, env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: cwd, AGENT_LOG_STDERR: "false", ...env }, stdout: "ignore", stderr: "pipe" });
  let hwm = 0;
  const poll = setInterval(() => {
    try {
      const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${proc.pid}/status`, "utf8"));
      if (m) hwm = Math.max(hwm, Number(m[1]) / 1024);
    } catch {
      // It has just ended.
    }
  }, 25);
  const stderr = await new Response(proc.stderr).text();
  const code = await proc.exited;
  clearInterval(poll);
  const seconds = (performance.now() - started) / 1000;
  if (code !== 0) throw new Error(`agent --once analysis-sync ended with ${code}: ${stderr}`);
  return { seconds, peakRssMb: hwm, stderr };
}

function baseline(mode: "push" | "pull", target: BaselineTarget): Measured {
  const r = Bun.spawnSync([process.execPath, resolve("test/bench/sync-baseline.ts"), mode, JSON.stringify(target)], { stdout: "pipe", stderr: "pipe", env: process.env });
  if (r.exitCode !== 0) throw new Error(`the ${mode} baseline failed: ${r.stderr.toString()}`);
  return JSON.parse(r.stdout.toString().trim().split("\n").at(-1)!) as Measured;
}

async function simSummary(sim: Sim): Promise<{ changes_applied: number; items_pending: number }> {
  return ((await (await fetch(`${sim.admin}/admin/dump?what=summary`)).json()) as { summary: { changes_applied: number; items_pending: number } }).summary;
}

const codEnv = (sim: Sim) => ({
  AGENT_COD_URL: sim.url,
  AGENT_COD_MO_ID: MO,
  AGENT_COD_TOKEN: "bench",
  AGENT_COD_TIMEOUT_SECONDS: "120",
  AGENT_SYNC_BATCH_ROWS: String(BATCH),
  AGENT_SYNC_PAGE_ITEMS: String(PAGE),
  AGENT_TIMEZONE: "Europe/Moscow",
});

/** Push: the agent against the baseline, each to a fresh simulator. */
async function pushFigures(dir: string, label: string, total: number, agentEnv: Record<string, string>, target: Omit<BaselineTarget, "url" | "mo" | "batch">, rateTarget: number, ratioTarget?: number): Promise<BenchResult[]> {
  const simA = await startSim(join(dir, `sim-${label}-agent`));
  let agent: Measured;
  try {
    const run = await agentOnce(join(dir, `agent-${label}`), { ...codEnv(simA), ...agentEnv });
    const applied = (await simSummary(simA)).changes_applied;
    if (applied !== total) throw new Error(`${label}: the ЦОД applied ${applied} of ${total} changes`);
    agent = { rows: total, seconds: run.seconds, peakRssMb: run.peakRssMb };
  } finally {
    await simA.stop();
  }
  const simB = await startSim(join(dir, `sim-${label}-base`));
  let base: Measured;
  try {
    base = baseline("push", { ...target, url: simB.url, mo: MO, batch: BATCH });
  } finally {
    await simB.stop();
  }
  const rate = agent.rows / agent.seconds;
  const baseRate = base.rows / base.seconds;
  console.log(`  ${label}: agent ${agent.rows} rows in ${agent.seconds.toFixed(1)} s, peak ${agent.peakRssMb.toFixed(0)} MB; baseline ${base.rows} rows in ${base.seconds.toFixed(1)} s, peak ${base.peakRssMb.toFixed(0)} MB`);
  return [
    {
      name: `ЦОД sync: push ${total.toLocaleString("en-US")} journalled rows of 37 tables from ${label} to the simulator on loopback (agent --once, batches of ${BATCH.toLocaleString("en-US")})`,
      value: rate,
      unit: "rows/s",
      baseline: { name: "minimal script: SELECT *, JSON, gzip, POST", value: baseRate },
      target: ratioTarget ? `≥ ${rateTarget.toLocaleString("en-US")} rows/s and ≥ ${ratioTarget}× baseline` : `≥ ${rateTarget.toLocaleString("en-US")} rows/s`,
      met: rate >= rateTarget && (!ratioTarget || rate / baseRate >= ratioTarget),
    },
    {
      name: `ЦОД sync: peak RSS of the agent pushing from ${label}`,
      value: agent.peakRssMb,
      unit: "MB",
      baseline: { name: "the minimal script", value: base.peakRssMb },
      target: "≤ 150 MB",
      met: agent.peakRssMb <= 150,
    },
  ];
}

/** A fresh SQLite main DB with the reference schema and capture, its journal empty: the pull's target. */
async function emptyMainDb(path: string): Promise<void> {
  const engine = SqliteEngine.open({ path, zone: "Europe/Moscow", create: true });
  await applyReferenceSchema(engine, "bench", Date.now());
  await runPlan(engine, await installPlan(engine));
  await engine.close();
}

async function pullFigures(dir: string): Promise<BenchResult[]> {
  // Results of other МО's labs for this МО's referrals: about 12 rows each.
  const items = demoStreamItems({ referrals: Math.ceil(PULL_ROWS / 10), seed: 7, now: Date.UTC(2025, 4, 14, 12), zone: "Europe/Moscow", firstId: 50_000_000 }).filter((i) => i.stream === "results");
  const chosen: typeof items = [];
  let rows = 0;
  for (const item of items) {
    if (rows >= PULL_ROWS) break;
    chosen.push(item);
    rows += item.changes.length;
  }
  const measure = async (who: "agent" | "base"): Promise<Measured> => {
    const sim = await startSim(join(dir, `sim-pull-${who}`));
    try {
      await seedStreams(sim.admin, MO, chosen);
      const path = join(dir, `pull-${who}.db`);
      await emptyMainDb(path);
      if (who === "base") return baseline("pull", { engine: "sqlite", path, url: sim.url, mo: MO, batch: PAGE });
      const run = await agentOnce(join(dir, "agent-pull"), { ...codEnv(sim), AGENT_MAINDB_PATH: path });
      const pending = (await simSummary(sim)).items_pending;
      if (pending !== 0) throw new Error(`pull: ${pending} items left at the ЦОД`);
      return { rows, seconds: run.seconds, peakRssMb: run.peakRssMb };
    } finally {
      await sim.stop();
    }
  };
  const agent = await measure("agent");
  const base = await measure("base");
  const rate = agent.rows / agent.seconds;
  console.log(`  pull: agent ${agent.rows} rows (${chosen.length} results) in ${agent.seconds.toFixed(1)} s, peak ${agent.peakRssMb.toFixed(0)} MB; baseline ${base.rows} rows in ${base.seconds.toFixed(1)} s`);
  return [
    {
      name: `ЦОД sync: pull ${rows.toLocaleString("en-US")} rows of ${chosen.length.toLocaleString("en-US")} results from the simulator into SQLite (pages of ${PAGE})`,
      value: rate,
      unit: "rows/s",
      baseline: { name: "minimal script: GET, JSON, INSERT OR REPLACE, ack", value: base.rows / base.seconds },
      target: "≥ 50,000 rows/s",
      met: rate >= 50_000,
    },
    {
      name: "ЦОД sync: peak RSS of the agent pulling",
      value: agent.peakRssMb,
      unit: "MB",
      baseline: { name: "the minimal script", value: base.peakRssMb },
      target: "≤ 150 MB",
      met: agent.peakRssMb <= 150,
    },
  ];
}

export async function run(): Promise<BenchResult[]> {
  const out: BenchResult[] = [];
  const dir = mkdtempSync(join(tmpdir(), "agent-bench-sync-"));
  try {
    const path = join(dir, "main.db");
    const lite = SqliteEngine.open({ path, zone: "Europe/Moscow", create: true });
    const total = await prepareJournal(lite, REFERRALS);
    await lite.close();
    out.push(...(await pushFigures(dir, "SQLite", total, { AGENT_MAINDB_PATH: path }, { engine: "sqlite", path }, 100_000, 0.7)));
    out.push(...(await pullFigures(dir)));

    if (!firebird || process.env.BENCH_SYNC_FIREBIRD === "0") {
      console.log(firebird ? "  Firebird: skipped (BENCH_SYNC_FIREBIRD=0)" : "  Firebird: no server (see test/helpers/firebird.ts) — its figures are not measured");
      return out;
    }
    const { path: fbPath, server, engine } = await benchFirebirdDatabase(firebird);
    const fbTotal = await prepareJournal(engine, REFERRALS);
    await engine.close();
    const fbEnv = {
      AGENT_MAINDB_ENGINE: "firebird",
      AGENT_MAINDB_HOST: server.host,
      AGENT_MAINDB_PORT: String(server.port),
      AGENT_MAINDB_DATABASE: fbPath,
      AGENT_MAINDB_USER: server.user,
      AGENT_MAINDB_PASSWORD: server.password,
      AGENT_MAINDB_QUERY_TIMEOUT_SECONDS: "1800",
    };
    out.push(...(await pushFigures(dir, "Firebird 3", fbTotal, fbEnv, { engine: "firebird", path: fbPath, ...server }, 30_000)));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return out;
}
