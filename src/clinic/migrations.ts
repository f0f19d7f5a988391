import type { Migration } from "../store/migrator.ts";
import sqlite0001 from "../../migrations/maindb/sqlite/0001_reference_schema.sql" with { type: "text" };
import firebird0001 from "../../migrations/maindb/firebird/0001_reference_schema.sql" with { type: "text" };

/**
 * The reference schema of the MIS tables, one folder per dialect, embedded
 * into the binary. Applied only by `agent db demo` and by tests — never to a
 * production database. Append only (test/store/migrations.test.ts checks
 * that every file under migrations/maindb/ is listed here, unchanged).
 */
export const referenceMigrations: Readonly<Record<"sqlite" | "firebird", readonly Migration[]>> = {
  sqlite: [{ id: 1, name: "0001_reference_schema", sql: sqlite0001 }],
  firebird: [{ id: 1, name: "0001_reference_schema", sql: firebird0001 }],
};
