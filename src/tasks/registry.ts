import type { TaskName } from "./catalog.ts";
import type { TaskDefinition } from "./task.ts";

/** A built task's code, imported on first use: `agent jobs` need not load every task's dependencies. */
export type TaskLoader = () => Promise<TaskDefinition>;

/**
 * The tasks this build implements. A task named in the catalog but missing
 * here is "not built yet": `--once` says so and exits 2, and the scheduler
 * does not fire its jobs and says so once at start, instead of doing nothing silently.
 */
export const BUILT_TASKS: ReadonlyMap<TaskName, TaskLoader> = new Map<TaskName, TaskLoader>([
  ["analysis-sync", async () => (await import("./analysis-sync/task.ts")).analysisSyncTask],
  ["mo-exchange", async () => (await import("./mo-exchange/task.ts")).moExchangeTask],
  ["lis", async () => (await import("./lis/task.ts")).lisTask],
  ["mailing", async () => (await import("./mailing/task.ts")).mailingTask],
  ["pdf-sync", async () => (await import("./pdf-sync/task.ts")).pdfSyncTask],
  ["backup", async () => (await import("./backup/task.ts")).backupTask],
  ["restore-check", async () => (await import("./restore-check/task.ts")).restoreCheckTask],
  ["log-trim", async () => (await import("./log-trim/task.ts")).logTrimTask],
  ["db-validate", async () => (await import("./db-validate/task.ts")).dbValidateTask],
  ["db-maintenance", async () => (await import("./db-maintenance/task.ts")).dbMaintenanceTask],
  ["statistics", async () => (await import("./statistics/task.ts")).statisticsTask],
  ["self-update", async () => (await import("./self-update/task.ts")).selfUpdateTask],
]);

export const IMPLEMENTED_TASKS: ReadonlySet<TaskName> = new Set(BUILT_TASKS.keys());
