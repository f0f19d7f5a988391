import { isCompiledBinary } from "../platform/build-info.ts";
import { upkeepTexts as T } from "../messages/areas/upkeep.ts";
import { say } from "../messages/text.ts";

/** One piece of long SQLite work, done on a connection of its own in a worker thread. */
export type OffThreadRequest =
  /** A consistent copy of a live database (`VACUUM INTO`, WAL included), synced to disk; `target` must not exist. */
  | { op: "copy"; source: string; target: string }
  /** `quick_check` or `integrity_check`, at most `limit` findings; `["ok"]` when there are none. */
  | { op: "check"; path: string; mode: "quick" | "integrity"; limit: number }
  /** Rows per table (sqlite_* tables left out), all read in one snapshot. */
  | { op: "counts"; path: string }
  /** `PRAGMA optimize`: statistics where the planner wants them. */
  | { op: "optimize"; path: string };

/** A failure in the worker, with SQLite's or the file system's code (`SQLITE_FULL`, `ENOSPC`) when there was one. */
export class SqliteWorkError extends Error {
  override readonly name = "SqliteWorkError";
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
  }
}

/**
 * bun:sqlite is synchronous: a copy or an integrity check of a large file on
 * the service's thread would stop the scheduler, the control channel and
 * every other job for minutes. So this work runs in a worker thread, on its
 * own connection — which is also what makes a copy consistent while the
 * agent writes: it reads one snapshot (WAL), and writers never wait for it.
 * A cancelled request ends its worker.
 */
export function runOffThread<T>(request: OffThreadRequest, signal?: AbortSignal): Promise<T> {
  if (signal?.aborted) return Promise.reject(signal.reason ?? new Error("aborted"));
  // In the compiled binary the worker is an entry point of its own, named from src/ (src/build/compile.ts).
  const worker = isCompiledBinary() ? new Worker("./store/sqlite-offthread-worker.ts") : new Worker(new URL("./sqlite-offthread-worker.ts", import.meta.url).href);
  return new Promise<T>((resolve, reject) => {
    const finish = () => {
      signal?.removeEventListener("abort", onAbort);
      worker.terminate();
    };
    const onAbort = () => {
      finish();
      reject(signal?.reason ?? new Error("aborted"));
    };
    signal?.addEventListener("abort", onAbort, { once: true });
    worker.onmessage = (event: MessageEvent<{ ok: boolean; value?: T; error?: { message: string; code?: string } }>) => {
      finish();
      const answer = event.data;
      if (answer.ok) resolve(answer.value as T);
      else reject(new SqliteWorkError(answer.error?.message ?? "?", answer.error?.code));
    };
    worker.onerror = (event) => {
      finish();
      reject(new SqliteWorkError(`worker: ${event.message}`, undefined));
    };
    worker.postMessage(request);
  });
}

/** A consistent copy of the live database at `source` into `target` (which must not exist), synced to disk. */
export function copySqlite(source: string, target: string, signal?: AbortSignal): Promise<void> {
  return runOffThread<null>({ op: "copy", source, target }, signal).then(() => undefined);
}

/**
 * What `quick_check` / `integrity_check` say, one finding per line: an empty
 * list when the file is sound. Some damage stops the check itself ("database
 * disk image is malformed"): that is a finding too, not a failure to check.
 */
export async function checkSqlite(path: string, mode: "quick" | "integrity", signal?: AbortSignal, limit = 100): Promise<string[]> {
  let found: string[];
  try {
    found = await runOffThread<string[]>({ op: "check", path, mode, limit }, signal);
  } catch (error) {
    if (error instanceof SqliteWorkError && /^SQLITE_(CORRUPT|NOTADB)/.test(error.code ?? "")) return [say(T.checkStopped, { detail: error.message })];
    throw error;
  }
  if (found.length === 1 && found[0] === "ok") return [];
  // A row may hold several lines, under a heading that names the schema ("*** in database main ***").
  return found.flatMap((row) => row.split("\n")).filter((line) => line.trim() !== "" && !/^\*\*\* in database \S+ \*\*\*$/.test(line));
}

/** Rows per table, read in one snapshot. */
export function countSqliteRows(path: string, signal?: AbortSignal): Promise<Record<string, number>> {
  return runOffThread<Record<string, number>>({ op: "counts", path }, signal);
}

export function optimizeSqlite(path: string, signal?: AbortSignal): Promise<void> {
  return runOffThread<null>({ op: "optimize", path }, signal).then(() => undefined);
}
