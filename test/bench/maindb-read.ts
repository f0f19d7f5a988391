/**
 * One measured read of the main DB benchmark, in a process of its own so
 * that its peak RSS is the reader's alone (`maindb.bench.ts` runs it):
 *   bun test/bench/maindb-read.ts journal|plain <target as JSON>
 * `journal` drains the change journal through the port (read a batch, ack
 * it, until empty); `plain` reads the same tables with SELECT * through the
 * same driver, streaming. Prints one JSON line: entries, rows, seconds, peak RSS.
 */
import { Database } from "bun:sqlite";
import Firebird from "node-firebird";
import { SqliteEngine } from "../../src/clinic/sqlite/sqlite-engine.ts";
import { FirebirdEngine } from "../../src/clinic/firebird/firebird-engine.ts";
import { sqliteTaskQueries } from "../../src/clinic/sqlite/queries/index.ts";
import { firebirdTaskQueries } from "../../src/clinic/firebird/queries/index.ts";
import { MainDatabase } from "../../src/clinic/main-database.ts";
import { SYNCED_TABLES } from "../../src/clinic/synced-tables.ts";
import { systemClock } from "../../src/kernel/clock.ts";

export interface ReadTarget {
  engine: "sqlite" | "firebird";
  path: string;
  host?: string;
  port?: number;
  user?: string;
  password?: string;
  batch: number;
}

export interface ReadOutcome {
  entries: number;
  changes: number;
  seconds: number;
  peakRssMb: number;
  /** Peak RSS over the first tenth of the entries: the same as the whole when memory does not grow with the backlog. */
  earlyPeakRssMb: number;
}

let peak = 0;
let earlyPeak = 0;
let early = true;
const sample = () => {
  const rss = process.memoryUsage().rss;
  peak = Math.max(peak, rss);
  if (early) earlyPeak = Math.max(earlyPeak, rss);
};

async function journal(t: ReadTarget, total: number): Promise<{ entries: number; changes: number }> {
  const engine =
    t.engine === "sqlite"
      ? SqliteEngine.open({ path: t.path, zone: "Europe/Moscow" })
      : await FirebirdEngine.open({
          target: { host: t.host!, port: t.port!, database: t.path, user: t.user!, password: t.password! },
          charset: "auto",
          codepage: "WIN1251",
          zone: "Europe/Moscow",
          pool: { size: 2, connectTimeoutMs: 10_000, queryTimeoutMs: 600_000, lockTimeoutSeconds: 30 },
        });
  const db = new MainDatabase(engine, t.engine === "sqlite" ? sqliteTaskQueries : firebirdTaskQueries, systemClock, t.path);
  let entries = 0;
  let changes = 0;
  for (let batch = await db.readChanges({ limit: t.batch }); batch; batch = await db.readChanges({ limit: t.batch })) {
    entries += batch.journal.entries;
    changes += batch.changes.length;
    await db.ack(batch.id);
    sample();
    if (entries >= total / 10) early = false;
  }
  await db.close();
  return { entries, changes };
}

async function plain(t: ReadTarget): Promise<{ entries: number; changes: number }> {
  let rows = 0;
  if (t.engine === "sqlite") {
    const raw = new Database(t.path, { readonly: true, safeIntegers: true });
    for (const table of SYNCED_TABLES) {
      for (const row of raw.query(`SELECT * FROM "${table}"`).iterate()) {
        if (row) rows++;
        if ((rows & 4095) === 0) sample();
      }
    }
    raw.close();
  } else {
    const raw = (await Firebird.attachAsync({ host: t.host, port: t.port, database: t.path, user: t.user, password: t.password, encoding: "UTF8", numericMode: "string" } as never)) as unknown as {
      sequentiallyAsync(sql: string, params: unknown[], row: () => void): Promise<void>;
      detachAsync(): Promise<void>;
    };
    for (const table of SYNCED_TABLES) {
      await raw.sequentiallyAsync(`SELECT * FROM "${table}"`, [], () => {
        rows++;
        if ((rows & 4095) === 0) sample();
      });
    }
    await raw.detachAsync();
  }
  return { entries: rows, changes: rows };
}

if (import.meta.main) {
  const [mode, json, totalText] = process.argv.slice(2);
  const target = JSON.parse(json!) as ReadTarget;
  const timer = setInterval(sample, 20);
  sample();
  const started = performance.now();
  const counted = mode === "journal" ? await journal(target, Number(totalText ?? 1)) : await plain(target);
  const seconds = (performance.now() - started) / 1000;
  clearInterval(timer);
  sample();
  const outcome: ReadOutcome = { ...counted, seconds, peakRssMb: peak / 1048576, earlyPeakRssMb: earlyPeak / 1048576 };
  console.log(JSON.stringify(outcome));
}
