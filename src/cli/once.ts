import { cliTexts as C } from "../messages/areas/cli.ts";
import { say } from "../messages/text.ts";
import { usageError } from "../kernel/agent-error.ts";
import { ExitCode } from "../kernel/exit-codes.ts";
import { formatConsoleLine } from "../logs/log-format.ts";
import type { LogRecord } from "../logs/log-record.ts";
import { isTaskName, TASK_NAMES, TASKS, type TaskName } from "../tasks/catalog.ts";
import { IMPLEMENTED_TASKS } from "../tasks/registry.ts";
import type { AgentApi, JobView } from "../api/agent-api.ts";
import type { CommandRun } from "./command.ts";
import type { CliContext } from "./context.ts";
import { connectToService } from "./service-connection.ts";

/** The list of tasks for `agent --once --help`, with what is built. */
export function taskList(): string[] {
  const width = Math.max(...TASK_NAMES.map((t) => t.length));
  return [
    `${say(C.tasksTitle)}:`,
    ...TASK_NAMES.map((t) => `  ${t.padEnd(width)}  ${say(TASKS[t].title)}${IMPLEMENTED_TASKS.has(t) ? "" : ` (${say(C.notBuiltMark)})`}`),
  ];
}

/**
 * `agent --once TASK|JOB`: one run through the same runner as the service.
 * With a service running, the service runs it and this command streams the
 * run's log; without one, it runs here, holding the instance's lock so that
 * a service started meanwhile refuses (exit 3). Exit 0 only if the task did
 * its work.
 */
export const runOnce: CommandRun = async (ctx, args) => {
  const reference = args.positionals[0]!;
  const api = await connectToService(ctx);
  if (api) {
    try {
      return await onceThroughService(ctx, api, reference);
    } finally {
      api.close();
    }
  }
  return onceHere(ctx, reference);
};

function checkTask(task: TaskName | undefined, reference: string, jobs: readonly { id: number; name: string }[]): TaskName {
  if (!task) {
    const tasks = TASK_NAMES.map((t) => `${t} (${say(TASKS[t].title)})`).join("\n  ");
    throw usageError(say(C.unknownTaskOrJob, { got: reference, tasks: `\n  ${tasks}`, jobs: jobs.map((j) => `${j.id} «${j.name}»`).join(", ") }));
  }
  if (!IMPLEMENTED_TASKS.has(task)) throw usageError(say(C.taskNotBuilt, { task }));
  return task;
}

async function onceThroughService(ctx: CliContext, api: AgentApi, reference: string): Promise<number> {
  let task: TaskName | undefined = isTaskName(reference) ? reference : undefined;
  if (!task) {
    const views: JobView[] = await api.call("jobs.list");
    const job = await api.call("jobs.find", { job: reference }).catch(() => undefined);
    task = job?.job.task;
    checkTask(task, reference, views.map((v) => v.job));
  } else checkTask(task, reference, []);

  const zone = ctx.config().config.timezone;
  // Subscribe before starting, and keep early lines until the run's id is known.
  let runId: number | undefined;
  const early: LogRecord[] = [];
  let finish: (code: number) => void = () => {};
  const finished = new Promise<number>((resolve) => (finish = resolve));
  const print = (r: LogRecord) => ctx.err(formatConsoleLine(r, zone));
  const unsubscribe = await api.subscribe((event, data) => {
    if (event === "log:appended") {
      const record = data as LogRecord;
      if (record.fields?.run === undefined) return;
      if (runId === undefined) early.push(record);
      else if (record.fields.run === runId) print(record);
    } else if (event === "run:finished") {
      const end = data as { runId: number; result: string };
      if (end.runId === runId) finish(end.result === "ok" ? ExitCode.ok : ExitCode.taskFailed);
    }
  });
  const stopSignal = ctx.deps.onStopSignal(() => {
    if (runId !== undefined) void api.call("runs.cancel", { runId });
  });
  try {
    runId = (await api.call("jobs.run", { job: reference, trigger: "once" })).runId;
    for (const r of early) if (r.fields?.run === runId) print(r);
    return await finished;
  } finally {
    stopSignal();
    unsubscribe();
  }
}

async function onceHere(ctx: CliContext, reference: string): Promise<number> {
  const { AgentService } = await import("../app/agent-service.ts");
  const { JobCommands } = await import("../app/job-commands.ts");
  // Peek at the jobs without the lock to name the task for the lock's holder record.
  const peek = await ctx.openInstance();
  let task: TaskName | undefined = isTaskName(reference) ? reference : undefined;
  if (!task) {
    try {
      task = new JobCommands(peek.jobs, () => ctx.clock.now()).find(reference).task;
    } catch {
      task = undefined;
    }
  }
  checkTask(task, reference, peek.jobs.list());
  ctx.close();
  const instance = await ctx.openInstance({ lockMode: `once ${task}`, console: true });
  const service = new AgentService(instance, { rereadConfig: () => ctx.readConfig(), control: false, schedule: false, announce: false, graceMs: 5_000 });
  // Another agent on the same main DB: exit 3 before anything runs.
  await service.openMainDb();
  service.start();
  const { runId, done } = service.runNow(reference, "once");
  const stopSignal = ctx.deps.onStopSignal(() => service.runner.cancelRun(runId));
  try {
    const outcome = await done;
    return outcome.result === "ok" ? ExitCode.ok : ExitCode.taskFailed;
  } finally {
    stopSignal();
    await service.stop();
  }
}
