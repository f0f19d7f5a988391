import type { Transaction } from "node-firebird";
import type { CellValue } from "../port.ts";
import type { ColumnInfo, ColumnKind, TableInfo } from "../catalog.ts";
import type { Engine, SqlSession } from "../engine.ts";
import { isValidIdentifier, quoteIdentifier } from "../identifiers.ts";
import { dateParam, decimalParam, exactInteger, formatDecimal, integerParam, timestampParam, wallClockReader } from "../values.ts";
import { codecFor, CODEPAGE_CHARSET, connectionCharset } from "./charsets.ts";
import { FirebirdPool, type FirebirdTarget, type PoolOptions } from "./connection-pool.ts";
import { firebirdCapture } from "./capture-ddl.ts";
import { FirebirdUpkeep } from "./firebird-upkeep.ts";

export interface FirebirdEngineOptions {
  target: Omit<FirebirdTarget, "charset">;
  /** `maindb.charset`: auto, UTF8, WIN1251 or NONE. */
  charset: string;
  /** `maindb.codepage`: the code page of bytes in NONE columns. */
  codepage: string;
  zone: string;
  pool: PoolOptions;
}

/** Rows per fetch round trip of the large reads. */
const FETCH_ROWS = 2000;

// Transaction parameters (node-firebird's constants are numbers in a TPB).
const TPB_CONCURRENCY = 2;
const TPB_READ_COMMITTED = 15;
const TPB_REC_VERSION = 17;

/**
 * The main database on a Firebird server (3.0 tested; 2.5 and RedDatabase
 * speak the same protocol) through node-firebird, with hand-written,
 * parameterised SQL. Reads run in a read-only snapshot (one consistent view
 * for a whole batch, never waiting for writers); writes in READ COMMITTED
 * RECORD_VERSION with a lock timeout.
 *
 * Values the driver would get wrong are fetched in a form it cannot: a
 * TIMESTAMP as its text (the driver converts through the process's own time
 * zone, the clinic's is what counts), text in a NONE column as raw bytes when
 * the connection's charset is not the code page, BLOBs as bytes.
 */
export class FirebirdEngine implements Engine {
  readonly kind = "firebird" as const;
  readonly rowsClause = "ROWS ?";
  readonly concurrentWriters = true;
  readonly capture = firebirdCapture;
  readonly upkeep: FirebirdUpkeep;
  private readonly catalog = new Map<string, TableInfo | null>();
  /** Firebird name of the charset that bytes in NONE columns are in. */
  private readonly codepage: string;
  private readonly noneCodec;
  private readonly connectionCodec;

  private constructor(
    readonly pool: FirebirdPool,
    readonly zone: string,
    codepage: string,
    /** The database's default character set. */
    readonly databaseCharset: string,
  ) {
    this.codepage = CODEPAGE_CHARSET[codepage] ?? "WIN1251";
    this.noneCodec = codecFor(this.codepage);
    this.connectionCodec = codecFor(pool.target.charset);
    this.upkeep = new FirebirdUpkeep(pool, this);
  }

  /** Attaches, learns the database's default charset, and picks the connection charset from it. */
  static async open(o: FirebirdEngineOptions): Promise<FirebirdEngine> {
    const probe = new FirebirdPool({ ...o.target, charset: "UTF8" }, { ...o.pool, size: 1 });
    let databaseCharset: string;
    try {
      databaseCharset = await probe.transaction({ isolation: [TPB_CONCURRENCY], readOnly: true, wait: false }, async (tx, guard) => {
        const rows = await guard(tx.queryAsync<Record<string, unknown>>("SELECT RDB$CHARACTER_SET_NAME AS CS FROM RDB$DATABASE"));
        return String(rows[0]?.CS ?? "NONE").trim() || "NONE";
      });
    } finally {
      await probe.close();
    }
    const charset = connectionCharset(o.charset, databaseCharset, o.codepage);
    return new FirebirdEngine(new FirebirdPool({ ...o.target, charset }, o.pool), o.zone, o.codepage, databaseCharset);
  }

  get connectionCharset(): string {
    return this.pool.target.charset;
  }

  nthRow(n: number) {
    return { clause: "ROWS ? TO ?", params: [n, n] };
  }

  read<T>(work: (s: SqlSession) => Promise<T>): Promise<T> {
    return this.pool.transaction({ isolation: [TPB_CONCURRENCY], readOnly: true, wait: false }, (tx, guard) => work(this.session(tx, guard)));
  }

  write<T>(work: (s: SqlSession) => Promise<T>, o: { noEcho?: boolean } = {}): Promise<T> {
    return this.pool.transaction(
      { isolation: [TPB_READ_COMMITTED, TPB_REC_VERSION], readOnly: false, wait: true, waitTimeout: this.pool.o.lockTimeoutSeconds },
      async (tx, guard) => {
        if (o.noEcho) await guard(tx.queryAsync("SELECT RDB$SET_CONTEXT('USER_TRANSACTION', 'AGENT_APPLYING', '1') AS X FROM RDB$DATABASE"));
        return work(this.session(tx, guard));
      },
    );
  }

  private session(tx: Transaction, guard: <R>(p: Promise<R>) => Promise<R>): SqlSession {
    return {
      all: async (sql, params = []) => {
        const result = (await guard(tx.queryAsync(sql, params as unknown[]))) as unknown;
        // INSERT … RETURNING answers one row object rather than a list.
        const rows = (Array.isArray(result) ? result : result ? [result] : []) as Record<string, unknown>[];
        for (const row of rows) {
          for (const [k, v] of Object.entries(row)) if (typeof v === "function") row[k] = await guard(readBlob(v, tx));
        }
        return rows;
      },
      values: async (sql, params = []) => {
        // Fetched FETCH_ROWS at a time: node-firebird's own loop asks for 200 rows per round trip.
        const statement = await guard(tx.newStatementAsync(sql));
        const rows: unknown[][] = [];
        try {
          await guard(statement.executeAsync(tx, params as unknown[]));
          for (;;) {
            const page = (await guard(statement.fetchAsync(tx, FETCH_ROWS))) as { data?: unknown[][]; fetched?: boolean };
            for (const row of page.data ?? []) rows.push(row);
            if (page.fetched || !page.data?.length) break;
          }
        } finally {
          await statement.releaseAsync().catch(() => undefined);
        }
        for (const row of rows) {
          for (let i = 0; i < row.length; i++) if (typeof row[i] === "function") row[i] = await guard(readBlob(row[i], tx));
        }
        return rows;
      },
      run: async (sql, params = []) => {
        const r = await guard(tx.queryAsync(sql, params as unknown[], { withMeta: true }));
        return r.affectedRows ?? 0;
      },
    };
  }

  async table(name: string): Promise<TableInfo | undefined> {
    const key = name.toUpperCase();
    if (!this.catalog.has(key)) this.catalog.set(key, (await this.describe(name)) ?? null);
    return this.catalog.get(key) ?? undefined;
  }

  forgetCatalog(): void {
    this.catalog.clear();
  }

  private async describe(name: string): Promise<TableInfo | undefined> {
    // A name that is no identifier names no table; it never reaches a statement.
    if (!isValidIdentifier(name)) return undefined;
    return this.read(async (s) => {
      const lookup = "SELECT TRIM(RDB$RELATION_NAME) AS N FROM RDB$RELATIONS WHERE RDB$RELATION_NAME = CAST(? AS VARCHAR(63))";
      let found = await s.all(lookup, [name]);
      if (found.length === 0 && name !== name.toUpperCase()) found = await s.all(lookup, [name.toUpperCase()]);
      if (found.length === 0) return undefined;
      const relation = String(found[0]!.N);
      const fields = await s.all(
        `SELECT TRIM(rf.RDB$FIELD_NAME) AS NAME, f.RDB$FIELD_TYPE AS FTYPE, COALESCE(f.RDB$FIELD_SUB_TYPE, 0) AS SUBTYPE,
                COALESCE(f.RDB$FIELD_SCALE, 0) AS FSCALE, COALESCE(rf.RDB$NULL_FLAG, f.RDB$NULL_FLAG, 0) AS NOTNULL,
                TRIM(cs.RDB$CHARACTER_SET_NAME) AS CHARSET, f.RDB$FIELD_LENGTH AS FLENGTH
           FROM RDB$RELATION_FIELDS rf
           JOIN RDB$FIELDS f ON f.RDB$FIELD_NAME = rf.RDB$FIELD_SOURCE
           LEFT JOIN RDB$CHARACTER_SETS cs ON cs.RDB$CHARACTER_SET_ID = f.RDB$CHARACTER_SET_ID
          WHERE rf.RDB$RELATION_NAME = ? AND f.RDB$COMPUTED_BLR IS NULL
          ORDER BY rf.RDB$FIELD_POSITION`,
        [relation],
      );
      const key = await s.all(
        `SELECT TRIM(sg.RDB$FIELD_NAME) AS NAME FROM RDB$RELATION_CONSTRAINTS rc
           JOIN RDB$INDEX_SEGMENTS sg ON sg.RDB$INDEX_NAME = rc.RDB$INDEX_NAME
          WHERE rc.RDB$RELATION_NAME = ? AND rc.RDB$CONSTRAINT_TYPE = 'PRIMARY KEY'
          ORDER BY sg.RDB$FIELD_POSITION`,
        [relation],
      );
      const columns: ColumnInfo[] = fields.map((f) => {
        const { kind, scale } = kindOf(Number(f.FTYPE), Number(f.SUBTYPE), Number(f.FSCALE));
        const charset = kind === "text" || kind === "textBlob" ? String(f.CHARSET ?? this.databaseCharset).toUpperCase() : undefined;
        // Binary strings (CHARACTER SET OCTETS) are bytes, not text.
        const realKind: ColumnKind = charset === "OCTETS" ? "blob" : kind;
        return { name: String(f.NAME), kind: realKind, scale, charset, length: Number(f.FLENGTH ?? 0), nullable: Number(f.NOTNULL) === 0 };
      });
      return { name: relation, columns, key: key.map((k) => String(k.NAME)) };
    });
  }

  /** Whether a text column's bytes must be fetched raw and decoded in the code page here. */
  private rawBytes(column: ColumnInfo): boolean {
    return column.charset === "NONE" && this.connectionCharset !== this.codepage;
  }

  /** BIGINT comes back as a number while exact, as exact text beyond (numericMode "safe"); nothing to do in SQL. */
  exactInteger(expr: string): string {
    return expr;
  }

  selectColumn(column: ColumnInfo, qualifier?: string): string {
    const ref = `${qualifier ? `${qualifier}.` : ""}${quoteIdentifier(column.name)}`;
    const as = `AS ${quoteIdentifier(column.name)}`;
    switch (column.kind) {
      case "timestamp":
        return `CAST(${ref} AS VARCHAR(24)) ${as}`;
      case "decimal":
        // Exact text from the server: a double could not hold every NUMERIC(18, s).
        return `CAST(${ref} AS VARCHAR(48)) ${as}`;
      case "date":
        return `CAST(${ref} AS VARCHAR(10)) ${as}`;
      case "time":
        return `CAST(${ref} AS VARCHAR(13)) ${as}`;
      case "text":
        // In NONE one character is one byte: the column's length in bytes fits every value.
        return this.rawBytes(column) ? `CAST(${ref} AS VARCHAR(${Math.max(1, column.length ?? 32765)}) CHARACTER SET OCTETS) ${as}` : `${ref} ${as}`;
      default:
        return `${ref} ${as}`;
    }
  }

  decode(column: ColumnInfo, raw: unknown): CellValue {
    return this.decoderFor(column)(raw);
  }

  decoderFor(column: ColumnInfo): (raw: unknown) => CellValue {
    const scale = column.scale;
    const timestamps = wallClockReader(this.zone);
    const text = column.charset === "NONE" && this.connectionCharset !== this.codepage ? this.noneCodec : this.connectionCodec;
    const none = this.noneCodec;
    const name = column.name;
    switch (column.kind) {
      case "integer":
        return (raw) => (raw === null || raw === undefined ? null : typeof raw === "number" ? raw : exactInteger(raw));
      case "decimal":
        return (raw) => (raw === null || raw === undefined ? null : formatDecimal(raw, scale));
      case "float":
        return (raw) => (raw === null || raw === undefined ? null : Number(raw));
      case "boolean":
        return (raw) => (raw === null || raw === undefined ? null : Boolean(raw));
      case "timestamp":
        return (raw) => {
          if (raw === null || raw === undefined) return null;
          if (typeof raw !== "string") throw new Error(`TIMESTAMP ${name} must be selected as text (selectColumn)`);
          return timestamps(raw);
        };
      case "date":
        return (raw) => (raw === null || raw === undefined ? null : typeof raw === "string" ? raw.slice(0, 10) : (raw as CellValue));
      case "text":
        return (raw) => (raw === null || raw === undefined ? null : Buffer.isBuffer(raw) ? none.decode(raw) : (raw as string));
      case "textBlob":
        return (raw) => (raw === null || raw === undefined ? null : Buffer.isBuffer(raw) ? text.decode(raw) : (raw as string));
      case "blob":
        return (raw) => (raw === null || raw === undefined ? null : Buffer.isBuffer(raw) ? new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength) : (raw as CellValue));
      default:
        return (raw) => (raw === undefined ? null : (raw as CellValue));
    }
  }

  paramFor(column: ColumnInfo): string {
    switch (column.kind) {
      case "timestamp":
        return "CAST(? AS VARCHAR(24))";
      case "date":
        return "CAST(? AS VARCHAR(10))";
      case "time":
        return "CAST(? AS VARCHAR(13))";
      default:
        return "?";
    }
  }

  encode(column: ColumnInfo, value: CellValue): unknown {
    if (value === null || value === undefined) return null;
    switch (column.kind) {
      case "integer": {
        // Firebird 3 has no INT128 parameters: a key beyond 2^53 goes as text, which the server converts exactly.
        const v = integerParam(value);
        return typeof v === "bigint" ? v.toString() : v;
      }
      case "decimal":
        return decimalParam(value, column.scale);
      case "float":
        return typeof value === "number" ? value : Number(value);
      case "boolean":
        return value === true || value === 1 || value === "1";
      case "timestamp":
        return timestampParam(value, this.zone);
      case "date":
        return dateParam(value, this.zone);
      case "blob":
        if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
        throw new Error(`column ${column.name} holds bytes, got ${typeof value}`);
      case "text":
      case "textBlob":
        if (typeof value !== "string") {
          if (value instanceof Date || value instanceof Uint8Array) throw new Error(`column ${column.name} holds text`);
          return String(value);
        }
        return column.charset === "NONE" && this.connectionCharset !== this.codepage ? this.noneCodec.encode(value) : value;
      default:
        return value;
    }
  }

  /**
   * Rows go in EXECUTE BLOCKs of many INSERTs each: node-firebird makes one
   * round trip per statement, and Firebird 3 has no batch API. A block stays
   * under the limits of a statement's text and its parameter message (64 KB).
   */
  async insertMany(s: SqlSession, table: TableInfo, columns: readonly ColumnInfo[], rows: ReadonlyArray<readonly CellValue[]>): Promise<void> {
    const t = quoteIdentifier(table.name);
    const paramType = (c: ColumnInfo) =>
      c.kind === "timestamp" ? "VARCHAR(24)" : c.kind === "date" ? "VARCHAR(10)" : c.kind === "time" ? "VARCHAR(13)" : `TYPE OF COLUMN ${t}.${quoteIdentifier(c.name)}`;
    const messageBytes = columns.reduce((n, c) => n + (c.kind === "text" ? (c.length ?? 255) + 8 : c.kind === "timestamp" ? 32 : 16), 0);
    const insertOf = (r: number) => `INSERT INTO ${t} (${columns.map((c) => quoteIdentifier(c.name)).join(", ")}) VALUES (${columns.map((_, i) => `:P${r}_${i}`).join(", ")});`;
    const declOf = (r: number) => columns.map((c, i) => `P${r}_${i} ${paramType(c)} = ?`).join(", ");
    const textBytes = insertOf(999).length + declOf(999).length + 2;
    const perBlock = Math.max(1, Math.min(200, Math.floor(60_000 / messageBytes), Math.floor(60_000 / textBytes)));
    for (let at = 0; at < rows.length; at += perBlock) {
      const chunk = rows.slice(at, at + perBlock);
      const decls = chunk.map((_, r) => declOf(r)).join(", ");
      const body = chunk.map((_, r) => insertOf(r)).join("\n");
      const params = chunk.flatMap((row) => row.map((v, i) => this.encode(columns[i]!, v)));
      await s.run(`EXECUTE BLOCK (${decls}) AS BEGIN\n${body}\nEND`, params);
    }
  }

  /** The reference schema's generators are named GEN_<table>_ID: each is moved past its table's largest id. */
  async advanceGenerators(s: SqlSession, tables: readonly TableInfo[]): Promise<void> {
    for (const table of tables) {
      if (table.key.length !== 1) continue;
      const generator = `GEN_${table.name}_ID`;
      if (generator.length > 31) continue;
      if ((await s.all("SELECT 1 AS X FROM RDB$GENERATORS WHERE RDB$GENERATOR_NAME = ?", [generator])).length === 0) continue;
      const max = await s.all(`SELECT MAX(${quoteIdentifier(table.key[0]!)}) AS M FROM ${quoteIdentifier(table.name)}`);
      const value = Number(max[0]?.M ?? 0);
      // DDL takes no parameters; the value is a number we just read, checked to be one.
      if (Number.isSafeInteger(value) && value > 0) await s.run(`ALTER SEQUENCE ${quoteIdentifier(generator)} RESTART WITH ${value}`);
    }
  }

  async version(): Promise<string> {
    const rows = await this.read((s) => s.all("SELECT RDB$GET_CONTEXT('SYSTEM', 'ENGINE_VERSION') AS V FROM RDB$DATABASE"));
    return `Firebird ${String(rows[0]?.V ?? "?")}`;
  }

  async sizeBytes(): Promise<number> {
    const rows = await this.read((s) => s.all("SELECT MON$PAGES AS P, MON$PAGE_SIZE AS S FROM MON$DATABASE"));
    return Number(rows[0]?.P ?? 0) * Number(rows[0]?.S ?? 0);
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}

/** A column's kind from RDB$FIELDS: type, sub-type, scale. */
export function kindOf(type: number, subType: number, scale: number): { kind: ColumnKind; scale: number } {
  switch (type) {
    case 7: // SMALLINT
    case 8: // INTEGER
    case 16: // BIGINT (INT64)
    case 26: // INT128
      return scale !== 0 || subType === 1 || subType === 2 ? { kind: "decimal", scale: Math.abs(scale) } : { kind: "integer", scale: 0 };
    case 10: // FLOAT
    case 11: // D_FLOAT
    case 27: // DOUBLE
    case 24: // DECFLOAT(16)
    case 25: // DECFLOAT(34)
      return { kind: "float", scale: 0 };
    case 14: // CHAR
    case 37: // VARCHAR
    case 40: // CSTRING
      return { kind: "text", scale: 0 };
    case 12:
      return { kind: "date", scale: 0 };
    case 13:
    case 28:
      return { kind: "time", scale: 0 };
    case 35:
    case 29:
      return { kind: "timestamp", scale: 0 };
    case 23:
      return { kind: "boolean", scale: 0 };
    case 261:
      return subType === 1 ? { kind: "textBlob", scale: 0 } : { kind: "blob", scale: 0 };
    default:
      return { kind: "blob", scale: 0 };
  }
}

/** Reads a BLOB the driver hands back as a function, within its transaction, into bytes. */
function readBlob(fn: unknown, tx: Transaction): Promise<Buffer> {
  return new Promise<Buffer>((resolve, reject) => {
    (fn as (tx: Transaction, cb: (err: unknown, name: string, e: NodeJS.EventEmitter) => void) => void)(tx, (err, _name, e) => {
      if (err) return reject(err);
      const chunks: Buffer[] = [];
      e.on("data", (c: Buffer) => chunks.push(c));
      e.on("end", () => resolve(Buffer.concat(chunks)));
      e.on("error", reject);
    });
  });
}

