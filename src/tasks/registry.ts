import type { TaskName } from "./catalog.ts";

/**
 * The tasks this build implements. A task named in the catalog but missing
 * here is "not built yet": `--once` says so and exits 2, and the scheduler
 * logs it, instead of doing nothing silently.
 */
export const IMPLEMENTED_TASKS: ReadonlySet<TaskName> = new Set<TaskName>([]);
