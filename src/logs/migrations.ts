import type { Migration } from "../store/migrator.ts";
import m0001 from "../../migrations/log/0001_log_lines.sql" with { type: "text" };

/** The log DB's migrations, embedded; append only (see test/store/migrations.test.ts). */
export const logMigrations: readonly Migration[] = [{ id: 1, name: "0001_log_lines", sql: m0001 }];
