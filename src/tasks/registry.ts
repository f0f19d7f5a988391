import type { TaskName } from "./catalog.ts";
import type { TaskDefinition } from "./task.ts";
import { logTrimTask } from "./log-trim/task.ts";
import { selfUpdateTask } from "./self-update/task.ts";

/**
 * The tasks this build implements. A task named in the catalog but missing
 * here is "not built yet": `--once` says so and exits 2, and the scheduler
 * does not fire its jobs and says so once at start, instead of doing nothing silently.
 */
export const BUILT_TASKS: ReadonlyMap<TaskName, TaskDefinition> = new Map<TaskName, TaskDefinition>([
  [logTrimTask.name, logTrimTask],
  [selfUpdateTask.name, selfUpdateTask],
]);

export const IMPLEMENTED_TASKS: ReadonlySet<TaskName> = new Set(BUILT_TASKS.keys());
