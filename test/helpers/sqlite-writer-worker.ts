/**
 * A writer of its own on a SQLite file, in its own thread (another process's
 * connection, as far as SQLite can tell): transactions of `rows` statements,
 * one after the other, until it is told to stop. It answers how many
 * transactions it committed and the longest time one waited to begin and
 * commit — what "writers are never blocked" is measured by.
 */
import { Database } from "bun:sqlite";

declare const self: Worker;

let stop = false;

self.onmessage = (event: MessageEvent) => {
  const m = event.data as { op: "start"; path: string; sql: string; rows: number; setup?: string } | { op: "stop" };
  if (m.op === "stop") {
    stop = true;
    return;
  }
  const db = new Database(m.path);
  db.exec("PRAGMA busy_timeout = 20000");
  if (m.setup) db.exec(m.setup);
  const insert = db.query(m.sql);
  let batches = 0;
  let longestMs = 0;
  const step = () => {
    if (stop) {
      db.close();
      postMessage({ batches, longestMs });
      return;
    }
    const started = performance.now();
    try {
      db.exec("BEGIN IMMEDIATE");
      for (let i = 0; i < m.rows; i++) insert.run(batches + 1, i);
      db.exec("COMMIT");
      batches++;
    } catch (error) {
      if (db.inTransaction) db.exec("ROLLBACK");
      postMessage({ error: (error as Error).message });
      stop = true;
    }
    longestMs = Math.max(longestMs, performance.now() - started);
    setTimeout(step, 0);
  };
  step();
};
