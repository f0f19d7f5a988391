/**
 * Another client of a SQLite main DB, in its own thread, as the MIS would
 * be in its own process. bun:sqlite is synchronous: a client in the test's
 * own thread would block it while it waits for a lock, and the agent's side
 * could never reach its commit.
 */
import { Database } from "bun:sqlite";

declare const self: Worker;
let db: Database | undefined;

self.onmessage = (event: MessageEvent) => {
  const { id, op, sql, params, path } = event.data as { id: number; op: string; sql?: string; params?: unknown[]; path?: string };
  try {
    let rows: unknown;
    if (op === "open") {
      db = new Database(path!, { safeIntegers: true });
      db.exec("PRAGMA busy_timeout = 20000");
    } else if (op === "run") db!.query(sql!).run(...((params ?? []) as never[]));
    else if (op === "all") rows = db!.query(sql!).all(...((params ?? []) as never[]));
    else if (op === "exec") db!.exec(sql!);
    else if (op === "close") db?.close();
    postMessage({ id, ok: true, rows });
  } catch (error) {
    postMessage({ id, ok: false, error: (error as Error).message });
  }
};
