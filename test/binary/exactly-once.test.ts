/**
 * Proof of exactly-once. The compiled agent (`agent --once analysis-sync`,
 * alone in a folder) pushes about 50,000 journalled rows and pulls a few
 * thousand rows of documents and statuses from the ЦОД simulator, which
 * drops connections after doing the work, answers 503 and serves items
 * twice, at random. While it works it is killed with SIGKILL at random
 * moments — at least 30 times — and started again; between runs the MIS
 * changes and deletes rows. At the end:
 *
 * - every row of the 37 tables is at the ЦОД in its latest state, and rows
 *   deleted at the clinic are deleted there (nothing lost);
 * - no batch was applied twice, and every row's changes were applied at the
 *   ЦОД no more often than the clinic wrote the row (exactly once for rows
 *   the MIS never touched again) — counted by the simulator per row;
 * - every item the ЦОД served was applied in the clinic exactly once —
 *   counted by a trigger of the test's own in the main DB (test/helpers/
 *   apply-counter.ts), not inferred from the final state — although the
 *   simulator served many of them more than once;
 * - the journal, the open batches and the parked list are empty.
 *
 * The random seed is printed; `AGENT_TEST_SEED=<seed> bun test
 * test/binary/exactly-once.test.ts` replays the same kills and faults.
 */
import { expect, test } from "bun:test";
import { Database } from "bun:sqlite";
import { join } from "node:path";
import type { Subprocess } from "bun";
import { loneBinary, runAgent } from "../helpers/binary.ts";
import { CodSimulator } from "../../src/sim/cod/cod-simulator.ts";
import { SqliteEngine } from "../../src/clinic/sqlite/sqlite-engine.ts";
import { MainDatabase } from "../../src/clinic/main-database.ts";
import { sqliteTaskQueries } from "../../src/clinic/sqlite/queries/index.ts";
import { SYNCED_TABLES } from "../../src/clinic/synced-tables.ts";
import { SeededRandom } from "../../src/clinic/demo/random.ts";
import { demoStreamItems } from "../../src/clinic/demo/stream-items.ts";
import { seedStreams } from "../../src/app/demo/cod-seed.ts";
import { systemClock } from "../../src/kernel/clock.ts";
import { appliedCounts, installApplyCounter } from "../helpers/apply-counter.ts";
import { differences, type SimRow } from "../helpers/cod-compare.ts";
import { adminOf } from "../helpers/sim-admin.ts";
import { tempDir } from "../helpers/temp-dir.ts";

const MO = "4601000";
const KILLS = 30;
/** Referrals of the demo main DB: about 31 rows of the 37 tables each, with the reference data. */
const REFERRALS = 1_800;

test("exactly once through SIGKILLs, drops, 503s and repeated items", async () => {
  const seed = Number(process.env.AGENT_TEST_SEED ?? Math.floor(Math.random() * 2 ** 31));
  // Printed first, so that a failure anywhere below can be replayed.
  console.log(`exactly-once: seed ${seed} (replay: AGENT_TEST_SEED=${seed} bun test test/binary/exactly-once.test.ts)`);
  const random = new SeededRandom(seed);
  const { dir, agent } = loneBinary();
  const sim = await CodSimulator.start({ dataDir: tempDir("sim-cod-") });
  const admin = adminOf(() => sim.adminUrl);
  const env = {
    AGENT_COD_URL: sim.url,
    AGENT_COD_MO_ID: MO,
    AGENT_COD_TOKEN: "kill-test-token",
    AGENT_COD_RETRIES: "2",
    AGENT_COD_RETRY_PAUSE_SECONDS: "1",
    AGENT_COD_TIMEOUT_SECONDS: "10",
    AGENT_SYNC_BATCH_ROWS: "500",
    AGENT_SYNC_PAGE_ITEMS: "50",
    AGENT_TIMEZONE: "Europe/Moscow",
  };
  const mainDb = join(dir, "data", "main", "main.db");
  try {
    // The clinic: demo data, capture, the initial load — as an administrator does it.
    expect((await runAgent(agent, ["db", "demo", "--size", String(REFERRALS), "--seed", String(seed % 1000)], { cwd: dir, env, timeoutMs: 120_000 })).code).toBe(0);
    expect((await runAgent(agent, ["db", "capture", "install"], { cwd: dir, env })).code).toBe(0);
    const load = await runAgent(agent, ["--lang", "en", "sync", "initial-load"], { cwd: dir, env, timeoutMs: 120_000 });
    expect(load.code).toBe(0);
    const journalled = Number(/Initial load finished: (\d+) rows/.exec(load.stdout)?.[1]);
    expect(journalled).toBeGreaterThanOrEqual(50_000);
    installApplyCounter(mainDb);

    // The ЦОД: documents from other МО and statuses of this МО's own referrals and results.
    const items = demoStreamItems({
      referrals: 250,
      seed,
      now: Date.now(),
      zone: "Europe/Moscow",
      firstId: 50_000_000,
      ownReferrals: Array.from({ length: 600 }, (_, i) => i + 1),
      ownResults: Array.from({ length: 400 }, (_, i) => i + 1),
    });
    await seedStreams(sim.adminUrl, MO, items);
    const pulledRows = items.reduce((n, it) => n + it.changes.length, 0);
    await admin("PUT", "/admin/faults", {
      seed,
      rules: [
        { kind: "drop", calls: ["push", "read", "ack"], probability: 0.08 },
        { kind: "status", status: 503, probability: 0.05 },
        { kind: "duplicate", calls: ["read"], probability: 0.25 },
      ],
    });

    // The MIS between runs: a few rows changed or deleted, each write counted.
    const writes = new Map<string, number>();
    const mis = new Database(mainDb);
    mis.exec("PRAGMA busy_timeout = 10000");
    const misWork = (round: number) => {
      const ids = Array.from({ length: 20 }, () => random.int(1, REFERRALS));
      mis.transaction(() => {
        for (const id of ids) {
          if (mis.query("UPDATE DOC_NAPR_ANALYSIS SET COMMENT_TEXT = ?, STATUS = ? WHERE ID = ?").run(`МИС, раунд ${round}`, round % 7, id).changes > 0) {
            writes.set(`DOC_NAPR_ANALYSIS:${id}`, (writes.get(`DOC_NAPR_ANALYSIS:${id}`) ?? 1) + 1);
          }
        }
        const shtrih = random.int(1, REFERRALS);
        if (mis.query("DELETE FROM REG_NAPR_SHTRIH WHERE ID = ?").run(shtrih).changes > 0) writes.set(`REG_NAPR_SHTRIH:${shtrih}`, (writes.get(`REG_NAPR_SHTRIH:${shtrih}`) ?? 1) + 1);
      })();
    };

    // Kill the agent at random moments while it works, at least KILLS times.
    let kills = 0;
    let runs = 0;
    let round = 0;
    let last = "";
    const deadline = performance.now() + 240_000;
    while (kills < KILLS) {
      if (performance.now() > deadline) throw new Error(`only ${kills} kills in time (seed ${seed}); last output:\n${last}`);
      misWork(++round);
      const run = start(agent, dir, env);
      runs++;
      // Once it has started work, a random moment within the next 0.8 s.
      const working = await run.waitFor(/Начата передача данных в ЦОД|Получено \[/, 20_000);
      if (working) await Bun.sleep(random.int(0, 800));
      if (run.exitCode() === null && working) {
        run.proc.kill("SIGKILL");
        kills++;
      }
      await run.proc.exited;
      last = run.output();
    }

    // Then let it finish: runs until one ends well with nothing left (faults still on).
    let finished = false;
    for (let i = 0; i < 30 && !finished; i++) {
      misWork(++round);
      const run = start(agent, dir, env);
      runs++;
      const code = await run.proc.exited;
      last = run.output();
      if (code !== 0) continue;
      // The MIS wrote after this run read the journal? Not here: it writes only between runs.
      const dump = (await admin("GET", "/admin/dump?what=summary")).summary;
      finished = dump.items_pending === 0 && backlogOf(mainDb) === 0;
    }
    mis.close();
    expect({ finished, seed, last: finished ? "" : last }).toEqual({ finished: true, seed, last: "" });

    const dump = await admin("GET", "/admin/dump?what=summary,rows,items,batches");
    const fired = (await admin("GET", "/admin/faults")).fired as Record<string, number>;
    console.log(
      `exactly-once: seed ${seed}: ${runs} runs, ${kills} killed while working; ${journalled} rows journalled, ${dump.summary.changes_applied} changes applied at the ЦОД in ${dump.summary.batches} batches ` +
        `(${dump.summary.batches_received_more_than_once} received more than once); ${items.length} items (${pulledRows} rows) pulled, ${dump.summary.items_served_more_than_once} served more than once; faults fired: ${JSON.stringify(fired)}`,
    );

    // The faults did happen: resends and repeated items were part of the run.
    expect(fired.drop ?? 0).toBeGreaterThan(0);
    expect(fired["status 503"] ?? 0).toBeGreaterThan(0);
    expect(dump.summary.items_served_more_than_once).toBeGreaterThan(0);

    // Push: every batch applied once; every row applied no more often than the clinic wrote it.
    expect(dump.summary.batches_applied_more_than_once).toBe(0);
    expect((dump.batches as Array<{ applied: number }>).every((b) => b.applied === 1)).toBe(true);
    const overApplied = (dump.rows as SimRow[]).filter((r) => r.applied > (writes.get(`${r.table}:${r.key.ID}`) ?? 1)).map((r) => `${r.table}:${JSON.stringify(r.key)} applied ${r.applied}`);
    expect(overApplied).toEqual([]);
    expect(dump.summary.rows).toBeGreaterThanOrEqual(journalled);

    // Pull: every item acknowledged, and applied in the clinic exactly once (the test's own counter).
    expect(dump.summary.items_pending).toBe(0);
    const counts = appliedCounts(mainDb);
    const notOnce = items.map((it) => `${it.changes[0]!.table}:${it.changes[0]!.key.ID}`).filter((head) => counts.get(head) !== 1);
    expect(notOnce).toEqual([]);
    expect([...counts.values()].filter((n) => n !== 1)).toEqual([]);

    // Nothing lost, nothing left behind: the ЦОД has the clinic's latest state; the journal and the parked list are empty.
    const db = new MainDatabase(SqliteEngine.open({ path: mainDb, zone: "Europe/Moscow" }), sqliteTaskQueries, systemClock, mainDb);
    try {
      const fromCod = new Set(items.flatMap((it) => it.changes.map((c) => `${c.table}:${Object.values(c.key).join("|")}`)));
      expect(await differences(db, dump.rows as SimRow[], SYNCED_TABLES, MO, fromCod)).toEqual([]);
      const health = await db.health();
      expect([health.journalBacklog, health.openBatches, await db.parked.count()]).toEqual([0, 0, 0]);
      // The statuses the ЦОД sent are the clinic's now (rows the MIS did not touch after).
      const sample = items.filter((it) => it.stream === "result-statuses").slice(0, 50);
      const rows = await db.readRows("DOC_ANALYSIS", sample.map((it) => it.changes[0]!.key));
      expect(rows.map((r) => r.STATUS)).toEqual(sample.map((it) => it.changes[0]!.values!.STATUS));
    } finally {
      await db.close();
    }
  } finally {
    await sim.stop();
  }
}, 420_000);

function backlogOf(path: string): number {
  const db = new Database(path, { readonly: true });
  try {
    return Number(db.query<{ N: number }, []>("SELECT COUNT(*) AS N FROM AGENT_JOURNAL").get()!.N);
  } finally {
    db.close();
  }
}

/** `agent --once analysis-sync`, its stderr (the console copy of its log) collected as it comes. */
function start(agent: string, cwd: string, env: Record<string, string>) {
  const proc: Subprocess<"ignore", "ignore", "pipe"> = Bun.spawn([agent, "--once", "analysis-sync"], {
    cwd,
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: cwd, TZ: "UTC", ...env },
    stdin: "ignore",
    stdout: "ignore",
    stderr: "pipe",
  });
  let text = "";
  void (async () => {
    const decoder = new TextDecoder();
    for await (const chunk of proc.stderr) text += decoder.decode(chunk, { stream: true });
  })();
  return {
    proc,
    exitCode: () => proc.exitCode,
    output: () => text,
    /** Whether the pattern showed up before the process ended (or the time ran out). */
    async waitFor(pattern: RegExp, timeoutMs: number): Promise<boolean> {
      const until = performance.now() + timeoutMs;
      while (!pattern.test(text)) {
        if (proc.exitCode !== null || performance.now() > until) return false;
        await Bun.sleep(5);
      }
      return true;
    },
  };
}
