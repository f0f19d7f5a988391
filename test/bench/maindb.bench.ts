import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { SqliteEngine } from "../../src/clinic/sqlite/sqlite-engine.ts";
import { FirebirdEngine } from "../../src/clinic/firebird/firebird-engine.ts";
import type { Engine } from "../../src/clinic/engine.ts";
import { applyReferenceSchema } from "../../src/clinic/reference-schema.ts";
import { installPlan, runPlan, journalCounts } from "../../src/clinic/capture.ts";
import { initialLoad } from "../../src/clinic/initial-load.ts";
import { fillDemo } from "../../src/clinic/demo/demo-writer.ts";
import { SYNCED_TABLES } from "../../src/clinic/synced-tables.ts";
import type { TableInfo } from "../../src/clinic/catalog.ts";
import { createTestDatabase, firebird, type FirebirdServer } from "../helpers/firebird.ts";
import type { ReadOutcome, ReadTarget } from "./maindb-read.ts";
import type { BenchResult } from "./report.ts";

/**
 * Reading 1,000,000 journalled changes across the 37 tables, in batches,
 * through the port (read a batch, acknowledge it), on each engine — against
 * a plain SELECT * of the same tables through the same driver, in the same
 * run. The journal is filled by the initial load of a demo database of
 * about a million rows; each read runs in a process of its own for its RSS.
 */

/** Demo referrals that make about a million rows in the 37 tables (≈ 28 each). */
const REFERRALS = Number(process.env.BENCH_MAINDB_REFERRALS ?? 36_000);
const BATCH = 5_000;

async function prepare(engine: Engine): Promise<number> {
  return prepareJournal(engine, REFERRALS);
}

/** A demo database of `referrals` referrals (≈ 28 rows of the 37 tables each), capture installed, every row journalled. */
export async function prepareJournal(engine: Engine, referrals: number): Promise<number> {
  await applyReferenceSchema(engine, "bench", Date.now());
  const started = performance.now();
  const fill = await fillDemo(engine, { referrals, seed: 2025, now: Date.UTC(2025, 4, 14, 12) });
  await runPlan(engine, await installPlan(engine));
  const tables: TableInfo[] = [];
  for (const t of SYNCED_TABLES) tables.push((await engine.table(t))!);
  await initialLoad(engine, tables, { chunk: 50_000, now: () => Date.now() });
  const journalled = (await journalCounts(engine)).entries;
  console.log(`  ${engine.kind}: ${fill.rows.toLocaleString("en-US")} demo rows, ${journalled.toLocaleString("en-US")} journalled, prepared in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  return journalled;
}

function measure(mode: "journal" | "plain", target: ReadTarget, total: number): ReadOutcome {
  const r = Bun.spawnSync([process.execPath, resolve("test/bench/maindb-read.ts"), mode, JSON.stringify(target), String(total)], { stdout: "pipe", stderr: "pipe", env: process.env });
  if (r.exitCode !== 0) throw new Error(`${mode} read failed: ${r.stderr.toString()}`);
  return JSON.parse(r.stdout.toString().trim().split("\n").at(-1)!) as ReadOutcome;
}

function results(engine: "sqlite" | "firebird", total: number, plain: ReadOutcome, journal: ReadOutcome): BenchResult[] {
  const rate = journal.entries / journal.seconds;
  const plainRate = plain.entries / plain.seconds;
  const label = engine === "sqlite" ? "SQLite" : "Firebird 3";
  const rateTarget = engine === "sqlite" ? 300_000 : 50_000;
  const rows: BenchResult[] = [
    {
      name: `main DB (${label}): read ${total.toLocaleString("en-US")} journalled changes of 37 tables, batches of ${BATCH.toLocaleString("en-US")}, each acknowledged`,
      value: rate,
      unit: "rows/s",
      baseline: { name: "plain SELECT * of the same tables", value: plainRate },
      target: engine === "sqlite" ? "≥ 300,000 rows/s and ≥ 0.6× the plain read" : "≥ 50,000 rows/s",
      met: rate >= rateTarget && (engine !== "sqlite" || rate / plainRate >= 0.6),
    },
    {
      name: `main DB (${label}): peak RSS of the reader, ${total.toLocaleString("en-US")} backlog`,
      value: journal.peakRssMb,
      unit: "MB",
      // The baseline shows the drift: live data is one batch, so what grows after the first tenth is the GC's slack.
      baseline: { name: "peak over the first tenth of the backlog", value: journal.earlyPeakRssMb },
      target: "≤ 150 MB",
      met: journal.peakRssMb <= 150,
    },
  ];
  if (journal.entries !== total) throw new Error(`${engine}: read ${journal.entries} of ${total} journal entries`);
  return rows;
}

export async function run(): Promise<BenchResult[]> {
  const out: BenchResult[] = [];
  const dir = mkdtempSync(join(tmpdir(), "agent-bench-maindb-"));
  try {
    const path = join(dir, "main.db");
    const lite = SqliteEngine.open({ path, zone: "Europe/Moscow", create: true });
    const total = await prepare(lite);
    await lite.close();
    const target: ReadTarget = { engine: "sqlite", path, batch: BATCH };
    const plain = measure("plain", target, total);
    out.push(...results("sqlite", total, plain, measure("journal", target, total)));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  if (!firebird) {
    console.log("  Firebird: no server (see test/helpers/firebird.ts) — its figures are not measured");
    return out;
  }
  const { path, server, engine } = await benchFirebirdDatabase(firebird);
  try {
    const total = await prepare(engine);
    await engine.close();
    const target: ReadTarget = { engine: "firebird", path, ...server, batch: BATCH };
    const plain = measure("plain", target, total);
    out.push(...results("firebird", total, plain, measure("journal", target, total)));
  } finally {
    rmSync(firebird.dir, { recursive: true, force: true });
  }
  return out;
}

/** A new UTF8 database on the local Firebird server for a benchmark, and an engine on it with room for long reads. */
export async function benchFirebirdDatabase(fb: FirebirdServer): Promise<{ path: string; server: { host: string; port: number; user: string; password: string }; engine: FirebirdEngine }> {
  const path = await createTestDatabase(fb, "UTF8");
  const server = { host: fb.host, port: fb.port, user: fb.user, password: fb.password };
  const engine = await FirebirdEngine.open({
    target: { ...server, database: path },
    charset: "auto",
    codepage: "WIN1251",
    zone: "Europe/Moscow",
    pool: { size: 2, connectTimeoutMs: 10_000, queryTimeoutMs: 1_800_000, lockTimeoutSeconds: 30 },
  });
  return { path, server, engine };
}
