import type { Migration } from "../store/migrator.ts";
import sqlite0001 from "../../migrations/maindb/sqlite/0001_reference_schema.sql" with { type: "text" };
import firebird0001 from "../../migrations/maindb/firebird/0001_reference_schema.sql" with { type: "text" };
import sqlite0002 from "../../migrations/maindb/sqlite/0002_odli.sql" with { type: "text" };
import firebird0002 from "../../migrations/maindb/firebird/0002_odli.sql" with { type: "text" };

/**
 * The reference schema of the MIS tables, one folder per dialect, embedded
 * into the binary. Applied only by `agent db demo` and by tests — never to a
 * production database. Append only (test/store/migrations.test.ts checks
 * that every file under migrations/maindb/ is listed here, unchanged).
 */
export const referenceMigrations: Readonly<Record<"sqlite" | "firebird", readonly Migration[]>> = {
  sqlite: [
    { id: 1, name: "0001_reference_schema", sql: sqlite0001 },
    { id: 2, name: "0002_odli", sql: sqlite0002 },
  ],
  firebird: [
    { id: 1, name: "0001_reference_schema", sql: firebird0001 },
    { id: 2, name: "0002_odli", sql: firebird0002 },
  ],
};
