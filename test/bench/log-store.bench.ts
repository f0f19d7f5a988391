import { Database } from "bun:sqlite";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { LogStore } from "../../src/logs/log-store.ts";
import { LogWriter } from "../../src/logs/log-writer.ts";
import { systemClock } from "../../src/kernel/clock.ts";
import { logLines } from "./log-lines.ts";
import { median, type BenchResult } from "./report.ts";

const WRITE_LINES = 300_000;
const QUERY_LINES = 1_000_000;

/** Sustained writes through the real writer (200 ms flush) into the real store. */
function writeRate(dir: string): BenchResult {
  const store = LogStore.open(join(dir, "write.db"), { what: "bench", agentVersion: "bench", now: Date.now() });
  const writer = new LogWriter(store, { clock: systemClock, zone: "Europe/Moscow", stderr: console.error, echoesToStderr: () => false });
  const lines = [...logLines(WRITE_LINES, Date.now(), 1)];
  const started = performance.now();
  for (const line of lines) writer.append(line);
  writer.close();
  const seconds = (performance.now() - started) / 1000;
  store.close();

  // Baseline: the same lines inserted raw into a plain table, one transaction per 5,000, no indexes.
  const raw = new Database(join(dir, "raw.db"));
  raw.exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; CREATE TABLE log (ts INTEGER, service TEXT, thread INTEGER, level TEXT, message TEXT, fields TEXT)");
  const insert = raw.prepare("INSERT INTO log VALUES (?, ?, ?, ?, ?, ?)");
  const batch = raw.transaction((rows: typeof lines) => {
    for (const r of rows) insert.run(r.ts, r.service, r.thread, r.level, r.message, JSON.stringify(r.fields));
  });
  const rawStarted = performance.now();
  for (let i = 0; i < lines.length; i += 5000) batch(lines.slice(i, i + 5000));
  const rawSeconds = (performance.now() - rawStarted) / 1000;
  raw.close();

  const value = WRITE_LINES / seconds;
  return {
    name: "log store: sustained write rate (LogWriter, 200 ms flush)",
    value,
    unit: "lines/s",
    baseline: { name: "raw INSERT, no indexes", value: WRITE_LINES / rawSeconds },
    target: "≥ 50,000 lines/s",
    met: value >= 50_000,
  };
}

/** Service + time range + Cyrillic text over a million lines. */
function queryTime(dir: string): BenchResult[] {
  const start = Date.UTC(2025, 0, 1);
  const store = LogStore.open(join(dir, "query.db"), { what: "bench", agentVersion: "bench", now: Date.now() });
  let batch = [];
  for (const line of logLines(QUERY_LINES, start, 3_000)) {
    batch.push(line);
    if (batch.length === 20_000) {
      store.insert(batch);
      batch = [];
    }
  }
  store.insert(batch);
  const span = QUERY_LINES * 3_000;
  const filter = { services: ["TLISThread"], since: start + span * 0.3, until: start + span * 0.7, text: "ошибка" };
  const timed = (fn: () => unknown) => {
    fn();
    return median(Array.from({ length: 15 }, () => {
      const t = performance.now();
      fn();
      return performance.now() - t;
    }));
  };
  const page = timed(() => store.newest(filter, 500));
  const count = store.count(filter);
  const plan = store.plan(filter);
  store.close();

  // Baseline: the naive way, LIKE over a plain copy of the same rows (and LIKE is not even case-blind for Cyrillic).
  const plain = new Database(join(dir, "query.db"));
  plain.exec("CREATE TEMP TABLE flat AS SELECT l.ts, l.service, l.level, t.text AS message FROM log l JOIN log_text t ON t.id = l.text_id");
  const naive = plain.prepare("SELECT * FROM flat WHERE service = ? AND ts BETWEEN ? AND ? AND message LIKE ? ORDER BY ts DESC LIMIT 500");
  const naiveMs = timed(() => naive.all("TLISThread", filter.since, filter.until, "%Ошибка%"));
  plain.close();
  console.log(`  query plan: ${plan}; ${count} lines match`);
  return [
    {
      name: "log store: service + time range + Cyrillic text, newest 500 of 1,000,000 lines",
      value: page,
      unit: "ms",
      baseline: { name: "LIKE scan of a flat table", value: naiveMs },
      target: "≤ 50 ms",
      met: page <= 50,
    },
  ];
}

export function run(): BenchResult[] {
  const dir = mkdtempSync(join(tmpdir(), "agent-bench-log-"));
  try {
    return [writeRate(dir), ...queryTime(dir)];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
