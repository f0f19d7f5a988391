/**
 * The baselines of the ЦОД sync benchmark, each in a process of its own
 * (`sync.bench.ts` runs them), doing the same reads, JSON encoding and
 * HTTP calls as the agent and nothing else — no journal, no batches, no
 * acknowledgements in the main DB, no checks of the answers:
 *   bun test/bench/sync-baseline.ts push <target as JSON>
 *     reads every row of the 37 tables with SELECT *, 5,000 at a time, and
 *     POSTs each as a push batch (gzipped JSON) to the simulator;
 *   bun test/bench/sync-baseline.ts pull <target as JSON>
 *     reads the results stream page by page, writes its rows with INSERT OR
 *     REPLACE (SQLite), one transaction per page, and acknowledges the page.
 * Prints one JSON line: rows, seconds, peak RSS.
 */
import { Database } from "bun:sqlite";
import Firebird from "node-firebird";
import { SYNCED_TABLES } from "../../src/clinic/synced-tables.ts";
import type { ReadTarget } from "./maindb-read.ts";

/** The main DB to read, as the main DB benchmark's reader takes it, and the simulator to send to. */
export interface BaselineTarget extends ReadTarget {
  url: string;
  mo: string;
}

let peak = 0;
const sample = () => void (peak = Math.max(peak, process.memoryUsage().rss));

const headers = (mo: string) => ({ "cod-protocol": "1.2", "cod-mo": mo, authorization: "Bearer bench", "content-type": "application/json", "accept-encoding": "gzip" });

/** Keys of the tables whose key is not ID (the reference schema's). */
const KEYS: Record<string, string[]> = {
  REG_ANALYSIS_SOSTAV: ["ANALYSIS_ID", "PAR_ID"],
  REG_FLRD_ANALYSIS_PAR: ["FLRD_ID", "PAR_ID"],
  REG_BIOMATERIAL_NAPRS: ["BIOMATERIAL_ID", "NAPR_ID"],
};

function wire(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Uint8Array) return { base64: Buffer.from(value).toString("base64") };
  if (typeof value === "bigint") return Number(value);
  return value;
}

async function post(t: BaselineTarget, n: number, changes: unknown[]): Promise<void> {
  const body = Bun.gzipSync(Buffer.from(JSON.stringify({ batch_id: `base.${n}`, changes })));
  const r = await fetch(`${t.url}/api/v1/push`, { method: "POST", headers: { ...headers(t.mo), "content-encoding": "gzip" }, body });
  if (r.status !== 200) throw new Error(`push ${n}: ${r.status} ${await r.text()}`);
  await r.arrayBuffer();
  sample();
}

async function push(t: BaselineTarget): Promise<number> {
  let rows = 0;
  let batches = 0;
  let pending: unknown[] = [];
  const add = async (table: string, row: Record<string, unknown>) => {
    const key = Object.fromEntries((KEYS[table] ?? ["ID"]).map((k) => [k, wire(row[k])]));
    const values: Record<string, unknown> = {};
    for (const name in row) values[name] = wire(row[name]);
    pending.push({ table, key, op: "upsert", row: values });
    rows++;
    if (pending.length === t.batch) {
      const out = pending;
      pending = [];
      await post(t, ++batches, out);
    }
  };
  if (t.engine === "sqlite") {
    const db = new Database(t.path, { readonly: true });
    for (const table of SYNCED_TABLES) for (const row of db.query(`SELECT * FROM "${table}"`).iterate()) await add(table, row as Record<string, unknown>);
    db.close();
  } else {
    const db = (await Firebird.attachAsync({ host: t.host, port: t.port, database: t.path, user: t.user, password: t.password, encoding: "UTF8" } as never)) as unknown as {
      sequentially(sql: string, params: unknown[], row: (row: Record<string, unknown>, index: number, next: () => void) => void, done: (error?: Error) => void): void;
      detachAsync(): Promise<void>;
    };
    for (const table of SYNCED_TABLES) {
      await new Promise<void>((resolve, reject) =>
        db.sequentially(
          `SELECT * FROM "${table}"`,
          [],
          (row, _i, next) => void add(table, Object.fromEntries(Object.entries(row).map(([k, v]) => [k.toUpperCase(), v]))).then(next, reject),
          (error) => (error ? reject(error) : resolve()),
        ),
      );
    }
    await db.detachAsync();
  }
  if (pending.length > 0) await post(t, ++batches, pending);
  return rows;
}

async function pull(t: BaselineTarget): Promise<number> {
  const db = new Database(t.path);
  db.exec("PRAGMA journal_mode = WAL");
  const statements = new Map<string, ReturnType<Database["query"]>>();
  let rows = 0;
  let after: string | undefined;
  for (;;) {
    const r = await fetch(`${t.url}/api/v1/streams/results?limit=${t.batch}${after ? `&after=${after}` : ""}`, { headers: headers(t.mo) });
    const page = (await r.json()) as { items: Array<{ position: string; changes: Array<{ table: string; row: Record<string, unknown> }> }>; more: boolean };
    sample();
    if (page.items.length === 0) break;
    db.transaction(() => {
      for (const item of page.items) {
        for (const c of item.changes) {
          const columns = Object.keys(c.row);
          const sql = `INSERT OR REPLACE INTO "${c.table}" (${columns.map((n) => `"${n}"`).join(", ")}) VALUES (${columns.map(() => "?").join(", ")})`;
          let statement = statements.get(sql);
          if (!statement) statements.set(sql, (statement = db.query(sql)));
          statement.run(...(columns.map((n) => {
            const v = c.row[n];
            return v !== null && typeof v === "object" ? Buffer.from((v as { base64: string }).base64, "base64") : v;
          }) as never[]));
          rows++;
        }
      }
    })();
    after = page.items.at(-1)!.position;
    const ack = await fetch(`${t.url}/api/v1/streams/results/ack`, { method: "POST", headers: headers(t.mo), body: JSON.stringify({ through: after }) });
    await ack.arrayBuffer();
    if (!page.more) break;
  }
  db.close();
  return rows;
}

if (import.meta.main) {
  const [mode, json] = process.argv.slice(2);
  const target = JSON.parse(json!) as BaselineTarget;
  const timer = setInterval(sample, 20);
  const started = performance.now();
  const rows = mode === "push" ? await push(target) : await pull(target);
  const seconds = (performance.now() - started) / 1000;
  clearInterval(timer);
  sample();
  console.log(JSON.stringify({ rows, seconds, peakRssMb: peak / 1048576 }));
}
