import type { Migration } from "./migrator.ts";
import m0001 from "../../migrations/store/0001_jobs_and_runs.sql" with { type: "text" };
import m0002 from "../../migrations/store/0002_job_last_fire.sql" with { type: "text" };
import m0003 from "../../migrations/store/0003_update_history.sql" with { type: "text" };
import m0004 from "../../migrations/store/0004_service_jobs.sql" with { type: "text" };

/**
 * The agent store's migrations, embedded into the binary. Append only: a
 * released migration never changes (test/store/migrations.test.ts checks that
 * every file under migrations/store/ is listed here).
 */
export const storeMigrations: readonly Migration[] = [
  { id: 1, name: "0001_jobs_and_runs", sql: m0001 },
  { id: 2, name: "0002_job_last_fire", sql: m0002 },
  { id: 3, name: "0003_update_history", sql: m0003 },
  { id: 4, name: "0004_service_jobs", sql: m0004 },
];
