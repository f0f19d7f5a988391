import { maindbTexts as T } from "../messages/areas/maindb.ts";
import { say } from "../messages/text.ts";
import { AgentError } from "../kernel/agent-error.ts";
import { ExitCode, type ExitCodeValue } from "../kernel/exit-codes.ts";
import { redactPersonalData } from "../privacy/redact.ts";

/** What went wrong with the main database, for code that decides what to do next. */
export type MainDbErrorKind =
  /** The server cannot be reached (refused, no route, name unknown). */
  | "unreachable"
  /** The connection broke during the work. */
  | "lost"
  /** The server did not answer in time. */
  | "timeout"
  /** Settings are wrong: login, database name, file path, wire encryption. */
  | "config"
  /** The agent's objects are missing (capture not installed) or a table/column is unknown. */
  | "schema"
  /** A value does not fit its column. */
  | "value"
  /** Another agent holds the lease. */
  | "locked"
  /** Anything else the database refused. */
  | "sql";

/**
 * The main database layer's one error type. The message is for the
 * administrator (what happened, what to do) and never holds a password or a
 * patient's data: details quoted from the server pass `redactPersonalData`.
 * `retryable` says whether the next run may simply succeed.
 */
export class MainDbError extends AgentError {
  constructor(
    message: string,
    readonly kind: MainDbErrorKind,
    exitCode: ExitCodeValue,
    cause?: unknown,
    /** A finer reason where code acts on it: `databaseNotFound`, `loginFailed`. */
    readonly reason?: string,
  ) {
    super(message, exitCode, { cause });
  }

  get retryable(): boolean {
    return this.kind === "unreachable" || this.kind === "lost" || this.kind === "timeout";
  }

  static missingFile(path: string): MainDbError {
    return new MainDbError(say(T.missingFile, { path }), "config", ExitCode.usage);
  }

  static closed(): MainDbError {
    return new MainDbError(say(T.closed), "lost", ExitCode.taskFailed);
  }

  static captureMissing(cause?: unknown): MainDbError {
    return new MainDbError(say(T.captureMissing), "schema", ExitCode.usage, cause);
  }

  static unknownTable(table: string): MainDbError {
    return new MainDbError(say(T.unknownTable, { table }), "schema", ExitCode.taskFailed);
  }

  static unknownColumn(table: string, column: string): MainDbError {
    return new MainDbError(say(T.unknownColumn, { table, column }), "schema", ExitCode.taskFailed);
  }

  static badValue(table: string, column: string, cause: unknown): MainDbError {
    const detail = redactPersonalData(cause instanceof Error ? cause.message : String(cause));
    return new MainDbError(say(T.badValue, { table, column, detail }), "value", ExitCode.taskFailed, cause);
  }

  static badKey(table: string, key: readonly string[]): MainDbError {
    return new MainDbError(say(T.badKey, { table, expected: key.join(", ") }), "value", ExitCode.taskFailed);
  }

  static sql(what: string, cause: unknown): MainDbError {
    if (cause instanceof MainDbError) return cause;
    const detail = redactPersonalData(cause instanceof Error ? cause.message : String(cause)).replace(/\s+/g, " ").trim();
    return new MainDbError(say(T.sqlFailed, { what, detail }), "sql", ExitCode.taskFailed, cause);
  }

  /** A SQLite failure on the main DB file, unless it is already one of ours. */
  static fromSqlite(error: unknown, path: string): AgentError {
    if (error instanceof AgentError) return error;
    const code = (error as { code?: string }).code ?? "";
    if (code.startsWith("SQLITE_BUSY") || code.startsWith("SQLITE_LOCKED")) return new MainDbError(say(T.busy, { path }), "timeout", ExitCode.taskFailed, error);
    return MainDbError.sql(path, error);
  }
}
