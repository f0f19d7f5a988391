/**
 * What the adapters learn about a table from the database's own catalog
 * (`RDB$RELATION_FIELDS`, `PRAGMA table_info`): real sites have more columns
 * than the reference schema, and the push carries whatever a table has.
 */

/** How a column's values are read and written. */
export type ColumnKind =
  | "integer"
  | "decimal"
  | "float"
  | "text"
  | "textBlob"
  | "blob"
  | "date"
  | "time"
  | "timestamp"
  | "boolean";

export interface ColumnInfo {
  /** As the catalog spells it (upper case in the reference schema). */
  name: string;
  kind: ColumnKind;
  /** Digits after the point for decimals; 0 otherwise. */
  scale: number;
  /**
   * Firebird character set of a text column (`UTF8`, `WIN1251`, `NONE` …);
   * undefined for SQLite, whose text is always UTF-8.
   */
  charset?: string;
  /** Declared length in bytes of a Firebird text column. */
  length?: number;
  nullable: boolean;
}

export interface TableInfo {
  name: string;
  columns: ColumnInfo[];
  /** Primary key columns in key order; empty when the table has none. */
  key: string[];
}

/** The key column kinds change capture supports: the journal keeps up to three integer key columns. */
export const MAX_KEY_COLUMNS = 3;

/** Why a table cannot be captured, or undefined when it can. */
export function captureProblem(table: TableInfo): "noKey" | "keyTooWide" | "keyNotInteger" | undefined {
  if (table.key.length === 0) return "noKey";
  if (table.key.length > MAX_KEY_COLUMNS) return "keyTooWide";
  for (const k of table.key) {
    const column = table.columns.find((c) => c.name === k);
    if (!column || column.kind !== "integer") return "keyNotInteger";
  }
  return undefined;
}

export function columnOf(table: TableInfo, name: string): ColumnInfo | undefined {
  return table.columns.find((c) => c.name === name);
}
