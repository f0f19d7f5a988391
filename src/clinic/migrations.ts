import type { Migration } from "../store/migrator.ts";
import sqlite0001 from "../../migrations/maindb/sqlite/0001_reference_schema.sql" with { type: "text" };
import firebird0001 from "../../migrations/maindb/firebird/0001_reference_schema.sql" with { type: "text" };
import sqlite0002 from "../../migrations/maindb/sqlite/0002_odli.sql" with { type: "text" };
import firebird0002 from "../../migrations/maindb/firebird/0002_odli.sql" with { type: "text" };
import sqlite0003 from "../../migrations/maindb/sqlite/0003_mailing_and_pdf_columns.sql" with { type: "text" };
import firebird0003 from "../../migrations/maindb/firebird/0003_mailing_and_pdf_columns.sql" with { type: "text" };

/**
 * The reference schema of the MIS tables, one folder per dialect, embedded
 * into the binary. Applied only by `agent db demo` and by tests — never to a
 * production database. Append only (test/clinic/reference-schema.test.ts
 * checks that every file under migrations/maindb/ is listed here, unchanged).
 * They are applied by number, each once.
 */
export const referenceMigrations: Readonly<Record<"sqlite" | "firebird", readonly Migration[]>> = {
  sqlite: [
    { id: 1, name: "0001_reference_schema", sql: sqlite0001 },
    { id: 2, name: "0002_odli", sql: sqlite0002 },
    { id: 3, name: "0003_mailing_and_pdf_columns", sql: sqlite0003 },
  ],
  firebird: [
    { id: 1, name: "0001_reference_schema", sql: firebird0001 },
    { id: 2, name: "0002_odli", sql: firebird0002 },
    { id: 3, name: "0003_mailing_and_pdf_columns", sql: firebird0003 },
  ],
};
