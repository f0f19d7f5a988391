/**
 * The worker thread of sqlite-offthread.ts: one request, on a connection of
 * its own, then the answer. It is an entry point of the compiled binary
 * (src/build/compile.ts) and imports nothing of the agent, so the bundle for
 * it stays small.
 */
import { Database } from "bun:sqlite";
import { closeSync, fsyncSync, openSync } from "node:fs";
import type { OffThreadRequest } from "./sqlite-offthread.ts";

declare const self: Worker;

self.onmessage = (event: MessageEvent<OffThreadRequest>) => {
  try {
    postMessage({ ok: true, value: handle(event.data) });
  } catch (error) {
    const e = error as { message?: string; code?: unknown; errno?: unknown };
    postMessage({ ok: false, error: { message: String(e?.message ?? error), code: typeof e?.code === "string" ? e.code : undefined } });
  }
};

function open(path: string): Database {
  // Never created here: a missing file is an error, not an empty database.
  const db = new Database(path, { readwrite: true, create: false, strict: true });
  db.exec("PRAGMA busy_timeout = 10000");
  return db;
}

function withDb<T>(path: string, work: (db: Database) => T): T {
  const db = open(path);
  try {
    return work(db);
  } finally {
    db.close();
  }
}

function handle(r: OffThreadRequest): unknown {
  switch (r.op) {
    case "copy":
      withDb(r.source, (db) => {
        // One read transaction over one snapshot: consistent however the agent writes meanwhile (WAL).
        db.query("VACUUM INTO ?").run(r.target);
      });
      // VACUUM INTO does not sync what it wrote: a copy must survive a power cut.
      syncFile(r.target);
      return null;
    case "check":
      return withDb(r.path, (db) =>
        db
          .query<Record<string, string>, []>(`PRAGMA ${r.mode === "quick" ? "quick_check" : "integrity_check"}(${Math.max(1, Math.floor(r.limit))})`)
          .values()
          .map((row) => String(row[0])),
      );
    case "counts":
      return withDb(r.path, (db) => {
        const tables = db
          .query<{ name: string }, []>("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name")
          .all();
        const counts: Record<string, number> = {};
        db.exec("BEGIN");
        try {
          for (const { name } of tables) {
            const row = db.query<{ n: number }, []>(`SELECT count(*) AS n FROM "${name.replace(/"/g, '""')}"`).get();
            counts[name] = Number(row?.n ?? 0);
          }
        } finally {
          db.exec("COMMIT");
        }
        return counts;
      });
    case "optimize":
      return withDb(r.path, (db) => {
        db.exec("PRAGMA analysis_limit = 1000");
        db.exec("PRAGMA optimize");
        return null;
      });
  }
}

function syncFile(path: string): void {
  const fd = openSync(path, "r+");
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
