import { cliTexts as C } from "../messages/areas/cli.ts";
import { say } from "../messages/text.ts";
import { usageError } from "../kernel/agent-error.ts";
import { isTaskName, TASK_NAMES, TASKS } from "../tasks/catalog.ts";
import { IMPLEMENTED_TASKS } from "../tasks/registry.ts";
import type { CommandRun } from "./command.ts";
import { findJob } from "./job-reference.ts";

/** The list of tasks for `agent --once --help`, with what is built. */
export function taskList(): string[] {
  const width = Math.max(...TASK_NAMES.map((t) => t.length));
  return [
    `${say(C.tasksTitle)}:`,
    ...TASK_NAMES.map((t) => `  ${t.padEnd(width)}  ${say(TASKS[t].title)}${IMPLEMENTED_TASKS.has(t) ? "" : ` (${say(C.notBuiltMark)})`}`),
  ];
}

export const runOnce: CommandRun = async (ctx, args) => {
  const reference = args.positionals[0]!;
  const instance = await ctx.openInstance();
  const jobs = instance.jobs.list();
  const job = isTaskName(reference) ? undefined : findJob(jobs, reference);
  const task = isTaskName(reference) ? reference : job?.task;
  if (!task) {
    const tasks = TASK_NAMES.map((t) => `${t} (${say(TASKS[t].title)})`).join("\n  ");
    const names = jobs.map((j) => `${j.id} «${j.name}»`).join(", ");
    throw usageError(say(C.unknownTaskOrJob, { got: reference, tasks: `\n  ${tasks}`, jobs: names }));
  }
  if (!IMPLEMENTED_TASKS.has(task)) throw usageError(say(C.taskNotBuilt, { task }));
  // The runner that the service uses arrives with the scheduler; no task is implemented before it.
  throw usageError(say(C.taskNotBuilt, { task }));
};
