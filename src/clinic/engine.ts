import type { CellValue, MainDbUpkeep } from "./port.ts";
import type { ColumnInfo, TableInfo } from "./catalog.ts";

/**
 * What an adapter gives the engine-neutral code of the main database layer
 * (batches, apply, lease, initial load, the tasks' registers): transactions,
 * its catalog, how its columns are read and written, and the DDL of change
 * capture in its dialect. Internal to clinic/: tasks see only the port.
 */
export interface Engine {
  readonly kind: "sqlite" | "firebird";
  /** The clinic's time zone: TIMESTAMP columns hold its wall clock. */
  readonly zone: string;
  /** Row limit after ORDER BY, with one parameter: `LIMIT ?` or `ROWS ?`. */
  readonly rowsClause: string;
  /** Clause after ORDER BY that keeps only the n-th row (1-based), with its parameters. */
  nthRow(n: number): { clause: string; params: unknown[] };
  /** Whether two transactions can write at once (Firebird) or writers queue (SQLite). */
  readonly concurrentWriters: boolean;

  /** A read-only transaction over one consistent snapshot. */
  read<T>(work: (s: SqlSession) => Promise<T>): Promise<T>;
  /**
   * A write transaction, committed when `work` resolves and rolled back when
   * it throws. With `noEcho` the capture triggers journal nothing it writes.
   */
  write<T>(work: (s: SqlSession) => Promise<T>, o?: { noEcho?: boolean }): Promise<T>;

  /** The catalog's description of a table, or undefined when the database has none by that name. */
  table(name: string): Promise<TableInfo | undefined>;
  /** Forgets what the catalog said (after DDL). */
  forgetCatalog(): void;

  /**
   * An integer expression selected so that `values()` gives it back exactly:
   * a number while exact, else its decimal text (SQLite: a CASE; Firebird: as is).
   */
  exactInteger(expr: string): string;
  /** The SQL that selects a column so that `decode` can read it (a cast where the driver would lose something). */
  selectColumn(column: ColumnInfo, qualifier?: string): string;
  decode(column: ColumnInfo, raw: unknown): CellValue;
  /** The decoder of one column, chosen once (hot loops call it per row). */
  decoderFor(column: ColumnInfo): (raw: unknown) => CellValue;
  /** The placeholder for a value written into the column: `?`, or a cast around it. */
  paramFor(column: ColumnInfo): string;
  encode(column: ColumnInfo, value: CellValue): unknown;

  /** Inserts many rows of one table with the same columns (the demo data), as fast as the engine allows. */
  insertMany(s: SqlSession, table: TableInfo, columns: readonly ColumnInfo[], rows: ReadonlyArray<readonly CellValue[]>): Promise<void>;
  /** After rows were inserted with explicit ids: moves the tables' id generators past them, where the engine has generators. */
  advanceGenerators(s: SqlSession, tables: readonly TableInfo[]): Promise<void>;

  readonly capture: CaptureDialect;
  /** Backups, validation and maintenance in this engine's way. */
  readonly upkeep: MainDbUpkeep;
  version(): Promise<string>;
  sizeBytes(): Promise<number>;
  close(): Promise<void>;
}

/** Statements inside one transaction. Values come back as the driver gives them (BLOBs as bytes). */
export interface SqlSession {
  all(sql: string, params?: readonly unknown[]): Promise<Record<string, unknown>[]>;
  /**
   * Rows as arrays in select-list order: cheaper than objects for the large
   * reads. Integers may come back as numbers only: select those that may pass
   * 2^53 through `Engine.exactInteger` (or `selectColumn`).
   */
  values(sql: string, params?: readonly unknown[]): Promise<unknown[][]>;
  /** Runs a statement; answers how many rows it changed. */
  run(sql: string, params?: readonly unknown[]): Promise<number>;
}

/** The agent's own objects in the main database, in one engine's dialect. */
export interface CaptureDialect {
  /** Creates those of the agent's objects that are missing (journal, batches, sync state, lease, and what the engine needs besides). */
  objectStatements(missing: readonly string[]): string[];
  /** Drops those of them that are present, in an order the engine accepts. */
  dropObjectStatements(present: readonly string[]): string[];
  /** The trigger(s) that journal one table's changes. */
  triggerStatements(table: TableInfo): string[];
  dropTriggerStatements(table: string, triggers: readonly string[]): string[];
  /** The agent's objects present now, and the capture triggers with their tables. */
  inspect(s: SqlSession): Promise<{ objects: string[]; triggers: Array<{ name: string; table: string }> }>;
  /** Names of every object `objectStatements` creates, to tell whether capture is (fully) installed. */
  readonly objectNames: readonly string[];
  /** The statements as an administrator would run them by hand (isql needs SET TERM around PSQL). */
  script(statements: readonly string[]): string;
  /** An INSERT … SELECT that journals existing rows of a table (initial load), or the engine's equivalent. */
  journalExistingStatement(table: TableInfo, where: string): string;
}
