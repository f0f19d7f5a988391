import { Database } from "bun:sqlite";
import { existsSync } from "node:fs";
import { storeTexts as T } from "../messages/areas/store.ts";
import { platformTexts as P } from "../messages/areas/platform.ts";
import { say } from "../messages/text.ts";
import { AgentError, usageError } from "../kernel/agent-error.ts";
import { ExitCode } from "../kernel/exit-codes.ts";

/** SQLite result codes that mean the file itself is bad, not the moment. */
const DAMAGE_CODES = ["SQLITE_NOTADB", "SQLITE_CORRUPT"];

export interface SqliteFileOptions {
  /** Human name for messages: "the agent's store", "the log DB". */
  what: string;
  /**
   * Create the file with incremental auto-vacuum, so that trimming can give
   * pages back to the filesystem in small steps without an exclusive VACUUM.
   */
  incrementalVacuum?: boolean;
  /** Integers come back as bigint, so keys beyond 2^53 are never rounded (the main DB). */
  safeIntegers?: boolean;
}

/**
 * Opens one of the agent's SQLite files with the settings they all share:
 * WAL (readers never block the writer), a busy timeout, foreign keys, and a
 * cap on how large the WAL may stay after a checkpoint. A damaged file is
 * reported, never replaced.
 */
export function openSqliteFile(path: string, options: SqliteFileOptions): Database {
  const isNew = !existsSync(path);
  let db: Database | undefined;
  try {
    db = new Database(path, { create: true, strict: true, safeIntegers: options.safeIntegers ?? false });
    db.exec("PRAGMA busy_timeout = 5000");
    if (isNew && options.incrementalVacuum) db.exec("PRAGMA auto_vacuum = INCREMENTAL");
    // Reading the schema is the first real read: it fails here on a file that is not SQLite.
    db.query("SELECT count(*) FROM sqlite_master").get();
    db.exec("PRAGMA journal_mode = WAL");
    db.exec("PRAGMA synchronous = NORMAL");
    db.exec("PRAGMA foreign_keys = ON");
    db.exec(`PRAGMA journal_size_limit = ${64 * 1024 * 1024}`);
    // ANALYZE (run by PRAGMA optimize) samples instead of reading every row: bounded time on large files.
    db.exec("PRAGMA analysis_limit = 1000");
    return db;
  } catch (error) {
    db?.close();
    throw storeOpenError(error, path, options.what);
  }
}

/** Turns a SQLite failure on one of our files into the message for the administrator. */
export function storeOpenError(error: unknown, path: string, what: string): AgentError {
  if (error instanceof AgentError) return error;
  const code = (error as { code?: string }).code ?? "";
  const detail = (error as Error).message ?? String(error);
  if (DAMAGE_CODES.some((c) => code.startsWith(c))) {
    return new AgentError(say(T.damaged, { what, path, detail }), ExitCode.usage, { cause: error });
  }
  if (code.startsWith("SQLITE_FULL")) return usageError(say(P.diskFull, { what: path }), error);
  return usageError(say(T.unreadable, { what, path, detail }), error);
}

/** Writes a consistent copy of a live database (WAL included) to `target`. */
export function copyDatabase(db: Database, target: string): void {
  db.query("VACUUM INTO ?").run(target);
}
