import type { Database } from "bun:sqlite";
import { existsSync } from "node:fs";
import { openSqliteFile } from "../../store/sqlite-file.ts";
import type { CellValue } from "../port.ts";
import type { ColumnInfo, ColumnKind, TableInfo } from "../catalog.ts";
import type { Engine, SqlSession } from "../engine.ts";
import { isValidIdentifier, quoteIdentifier } from "../identifiers.ts";
import { MainDbError } from "../main-db-error.ts";
import { dateParam, decimalParam, exactInteger, formatDecimal, integerParam, timestampParam, wallClockReader } from "../values.ts";
import { sqliteCapture } from "./capture-ddl.ts";
import { SqliteUpkeep } from "./sqlite-upkeep.ts";

export interface SqliteEngineOptions {
  path: string;
  zone: string;
  /** Create the file if it is missing (`agent db demo`); otherwise a missing file is an error. */
  create?: boolean;
}

/**
 * The embedded main database: bun:sqlite on one file in WAL mode, so readers
 * never wait for the writer. bun:sqlite is synchronous; the port is
 * asynchronous, so transactions on this one connection are queued (a
 * transaction's awaits must not let another one begin on the same handle).
 *
 * drizzle-orm is not used here, unlike the agent's own store: drizzle's value
 * is a schema known when the code is compiled, while the main DB's columns
 * are discovered at run time (sites have more columns than ours), and the
 * engine-neutral code must issue the same statements to Firebird, for which
 * drizzle has no dialect. Drizzle here would mean writing each statement twice.
 */
export class SqliteEngine implements Engine {
  readonly kind = "sqlite" as const;
  readonly rowsClause = "LIMIT ?";
  readonly concurrentWriters = false;
  nthRow(n: number) {
    return { clause: "LIMIT 1 OFFSET ?", params: [n - 1] };
  }
  readonly capture = sqliteCapture;
  readonly upkeep: SqliteUpkeep;
  private readonly catalog = new Map<string, TableInfo | null>();
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;

  private constructor(
    readonly db: Database,
    readonly path: string,
    readonly zone: string,
  ) {
    this.upkeep = new SqliteUpkeep(path);
  }

  static open(o: SqliteEngineOptions): SqliteEngine {
    if (!o.create && !existsSync(o.path)) throw MainDbError.missingFile(o.path);
    const db = openSqliteFile(o.path, { what: o.path, safeIntegers: true });
    return new SqliteEngine(db, o.path, o.zone);
  }

  private serialised<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private session(): SqlSession {
    const db = this.db;
    return {
      all: async (sql, params = []) => db.query(sql).safeIntegers(true).all(...(params as never[])) as Record<string, unknown>[],
      // Numbers, not bigints: exactness comes from the CASE of exactInteger (bigints would cost a third of a large read).
      values: async (sql, params = []) => db.query(sql).safeIntegers(false).values(...(params as never[])) as unknown[][],
      run: async (sql, params = []) => db.query(sql).safeIntegers(true).run(...(params as never[])).changes,
    };
  }

  read<T>(work: (s: SqlSession) => Promise<T>): Promise<T> {
    return this.transaction("BEGIN DEFERRED", work, false);
  }

  write<T>(work: (s: SqlSession) => Promise<T>, o: { noEcho?: boolean } = {}): Promise<T> {
    return this.transaction("BEGIN IMMEDIATE", work, o.noEcho ?? false);
  }

  private transaction<T>(begin: string, work: (s: SqlSession) => Promise<T>, noEcho: boolean): Promise<T> {
    return this.serialised(async () => {
      if (this.closed) throw MainDbError.closed();
      try {
        this.db.exec(begin);
      } catch (error) {
        throw MainDbError.fromSqlite(error, this.path);
      }
      try {
        const guard = noEcho && this.hasTable("AGENT_APPLYING");
        if (guard) this.db.exec("INSERT INTO AGENT_APPLYING (ID) VALUES (1)");
        const result = await work(this.session());
        if (guard) this.db.exec("DELETE FROM AGENT_APPLYING");
        this.db.exec("COMMIT");
        return result;
      } catch (error) {
        if (this.db.inTransaction) this.db.exec("ROLLBACK");
        throw MainDbError.fromSqlite(error, this.path);
      }
    });
  }

  private hasTable(name: string): boolean {
    return this.db.query("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== null;
  }

  async table(name: string): Promise<TableInfo | undefined> {
    const key = name.toUpperCase();
    if (!this.catalog.has(key)) this.catalog.set(key, this.describe(name) ?? null);
    return this.catalog.get(key) ?? undefined;
  }

  forgetCatalog(): void {
    this.catalog.clear();
  }

  private describe(name: string): TableInfo | undefined {
    if (!isValidIdentifier(name)) return undefined;
    const found = this.db.query<{ name: string }, [string]>("SELECT name FROM sqlite_master WHERE type = 'table' AND name = ? COLLATE NOCASE").get(name);
    if (!found) return undefined;
    const info = this.db
      .query<{ name: string; type: string; notnull: number | bigint; pk: number | bigint }, []>(`PRAGMA table_info(${quoteIdentifier(found.name)})`)
      .all();
    const columns: ColumnInfo[] = info.map((c) => ({ name: c.name, ...kindOf(c.type), nullable: Number(c.notnull) === 0 && Number(c.pk) === 0 }));
    const key = info.filter((c) => Number(c.pk) > 0).sort((a, b) => Number(a.pk) - Number(b.pk)).map((c) => c.name);
    return { name: found.name, columns, key };
  }

  exactInteger(expr: string): string {
    return `CASE WHEN ${expr} NOT BETWEEN -9007199254740991 AND 9007199254740991 THEN CAST(${expr} AS TEXT) ELSE ${expr} END`;
  }

  selectColumn(column: ColumnInfo, qualifier?: string): string {
    const ref = `${qualifier ? `${qualifier}.` : ""}${quoteIdentifier(column.name)}`;
    return column.kind === "integer" ? `${this.exactInteger(ref)} AS ${quoteIdentifier(column.name)}` : ref;
  }

  decode(column: ColumnInfo, raw: unknown): CellValue {
    return this.decoderFor(column)(raw);
  }

  decoderFor(column: ColumnInfo): (raw: unknown) => CellValue {
    const zone = this.zone;
    const scale = column.scale;
    const timestamps = wallClockReader(zone);
    switch (column.kind) {
      case "integer":
        // A number while exact, the decimal text beyond (exactInteger's CASE), a bigint from all().
        return (raw) => (raw === null || raw === undefined ? null : typeof raw === "bigint" ? exactInteger(raw) : (raw as CellValue));
      case "decimal":
        return (raw) => (raw === null || raw === undefined ? null : typeof raw === "string" && !/^-?\d*\.?\d*$/.test(raw) ? raw : formatDecimal(raw, scale));
      case "float":
        return (raw) => (raw === null || raw === undefined ? null : typeof raw === "bigint" ? Number(raw) : (raw as CellValue));
      case "boolean":
        return (raw) => (raw === null || raw === undefined ? null : Number(raw) !== 0);
      case "timestamp":
        return (raw) => (raw === null || raw === undefined ? null : typeof raw === "string" ? timestamps(raw) : (raw as CellValue));
      case "blob":
        return (raw) => (raw === null || raw === undefined ? null : raw instanceof Uint8Array ? raw : typeof raw === "string" ? new TextEncoder().encode(raw) : (raw as CellValue));
      default:
        return (raw) => (raw === null || raw === undefined ? null : typeof raw === "bigint" ? exactInteger(raw) : (raw as CellValue));
    }
  }

  paramFor(): string {
    return "?";
  }

  encode(column: ColumnInfo, value: CellValue): unknown {
    if (value === null || value === undefined) return null;
    switch (column.kind) {
      case "integer":
        return integerParam(value);
      case "decimal":
        return decimalParam(value, column.scale);
      case "boolean":
        return value === true || value === 1 || value === "1" ? 1 : 0;
      case "timestamp":
        return timestampParam(value, this.zone);
      case "date":
        return dateParam(value, this.zone);
      case "blob":
        if (value instanceof Uint8Array) return value;
        throw new Error(`column ${column.name} holds bytes, got ${typeof value}`);
      default:
        if (value instanceof Date || value instanceof Uint8Array) throw new Error(`column ${column.name} holds text, got ${value instanceof Date ? "a date" : "bytes"}`);
        return value;
    }
  }

  async insertMany(s: SqlSession, table: TableInfo, columns: readonly ColumnInfo[], rows: ReadonlyArray<readonly CellValue[]>): Promise<void> {
    const sql = `INSERT INTO ${quoteIdentifier(table.name)} (${columns.map((c) => quoteIdentifier(c.name)).join(", ")}) VALUES (${columns.map(() => "?").join(", ")})`;
    for (const row of rows) await s.run(sql, row.map((v, i) => this.encode(columns[i]!, v)));
  }

  /** Rowids need no generator. */
  async advanceGenerators(): Promise<void> {}

  async version(): Promise<string> {
    const row = this.db.query<{ v: string }, []>("SELECT sqlite_version() AS v").get();
    return `SQLite ${row?.v ?? "?"}`;
  }

  async sizeBytes(): Promise<number> {
    const pages = this.db.query<{ n: bigint }, []>("PRAGMA page_count").get();
    const size = this.db.query<{ n: bigint }, []>("PRAGMA page_size").get();
    return Number(Object.values(pages ?? {})[0] ?? 0) * Number(Object.values(size ?? {})[0] ?? 0);
  }

  async close(): Promise<void> {
    await this.serialised(async () => {
      if (this.closed) return;
      this.closed = true;
      this.db.close();
    });
  }
}

/** A column's kind from its declared type, by SQLite's own affinity rules plus the date and decimal names. */
export function kindOf(declared: string): { kind: ColumnKind; scale: number } {
  const t = declared.toUpperCase();
  const decimal = /^(NUMERIC|DECIMAL)\s*\(\s*\d+\s*(?:,\s*(\d+)\s*)?\)/.exec(t);
  if (decimal) return { kind: "decimal", scale: Number(decimal[2] ?? 0) };
  if (t.includes("INT")) return { kind: "integer", scale: 0 };
  if (t.startsWith("TIMESTAMP") || t.startsWith("DATETIME")) return { kind: "timestamp", scale: 0 };
  if (t === "DATE") return { kind: "date", scale: 0 };
  if (t === "TIME") return { kind: "time", scale: 0 };
  if (t.startsWith("BOOL")) return { kind: "boolean", scale: 0 };
  if (t.includes("CHAR") || t.includes("CLOB") || t.includes("TEXT")) return { kind: "text", scale: 0 };
  if (t.includes("BLOB") || t === "") return { kind: "blob", scale: 0 };
  return { kind: "float", scale: 0 };
}
