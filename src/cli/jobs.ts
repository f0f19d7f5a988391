import { cliTexts as C } from "../messages/areas/cli.ts";
import { jobTexts as J } from "../messages/areas/jobs.ts";
import { say } from "../messages/text.ts";
import { usageError } from "../kernel/agent-error.ts";
import { formatManual } from "../kernel/zoned-time.ts";
import type { JobInput } from "../scheduler/job-input.ts";
import type { Job } from "../scheduler/job.ts";
import { nextFire } from "../scheduler/next-fire.ts";
import { jobTableHeader, jobTableRow } from "../presentation/job-table.ts";
import { renderTextTable, renderTsv } from "../presentation/text-table.ts";
import type { JobView } from "../api/agent-api.ts";
import type { AgentApi } from "../api/agent-api.ts";
import type { CommandRun, ParsedArgs } from "./command.ts";
import type { CliContext } from "./context.ts";
import { connectToService, throughServiceOr } from "./service-connection.ts";

function jobInput(args: ParsedArgs): JobInput {
  return {
    name: args.get("name"),
    task: args.get("task"),
    start: args.get("start"),
    every: args.get("every"),
    once: args.has("one-time") || undefined,
    daily: args.has("daily") || undefined,
    weekly: args.has("weekly") || undefined,
    cron: args.get("cron"),
    days: args.get("days"),
    forbid: args.get("forbid"),
    options: args.all("option"),
    paused: args.has("paused") || undefined,
  };
}

/**
 * Jobs are changed by the running service when there is one (it re-plans at
 * once and the UI sees it), otherwise in the store directly. Either way the
 * same validation (app/job-commands.ts) decides.
 */
async function withJobs<T>(ctx: CliContext, remote: (api: AgentApi) => Promise<T>, local: (commands: import("../app/job-commands.ts").JobCommands) => T): Promise<T> {
  return throughServiceOr(ctx, remote, async () => {
    const { JobCommands } = await import("../app/job-commands.ts");
    const instance = await ctx.openInstance();
    return local(new JobCommands(instance.jobs, () => ctx.clock.now()));
  });
}

export const listJobs: CommandRun = async (ctx, args) => {
  const format = args.get("format") ?? "table";
  if (!["table", "tsv", "json"].includes(format)) throw usageError(say(C.unexpectedValue, { option: `--format ${format}` }));
  const zone = ctx.config().config.timezone;
  const api = await connectToService(ctx);
  let views: JobView[];
  if (api) {
    try {
      views = await api.call("jobs.list");
    } finally {
      api.close();
    }
  } else {
    const [{ jobViewsAtRest }, { IMPLEMENTED_TASKS }] = await Promise.all([import("../app/job-commands.ts"), import("../tasks/registry.ts")]);
    const instance = await ctx.openInstance();
    views = jobViewsAtRest(instance.jobs, (t) => IMPLEMENTED_TASKS.has(t as never), ctx.clock.now(), zone);
  }
  if (format === "json") {
    for (const v of views) {
      ctx.out(JSON.stringify({ ...v.job, built: v.built, running: v.running, nextRun: v.nextRun ? new Date(v.nextRun).toISOString() : null, lastRun: v.lastRun ?? null }));
    }
    return 0;
  }
  const rows = views.map((v) => jobTableRow(v, zone));
  const lines = format === "tsv" ? renderTsv(jobTableHeader(), rows) : renderTextTable(jobTableHeader(), rows);
  ctx.out(lines.join("\n"));
  return 0;
};

export const addJob: CommandRun = async (ctx, args) => {
  const input = jobInput(args);
  const job = await withJobs(ctx, async (api) => (await api.call("jobs.add", { input })).job, (jobs) => jobs.add(input));
  ctx.out(say(J.added, { id: job.id, name: job.name }));
  printNextRun(ctx, job);
  return 0;
};

export const editJob: CommandRun = async (ctx, args) => {
  const input = jobInput(args);
  const reference = args.positionals[0]!;
  const job = await withJobs(ctx, async (api) => (await api.call("jobs.edit", { job: reference, input })).job, (jobs) => jobs.edit(reference, input));
  ctx.out(say(J.edited, { id: job.id, name: job.name }));
  printNextRun(ctx, job);
  return 0;
};

export const removeJob: CommandRun = async (ctx, args) => {
  const reference = args.positionals[0]!;
  if (!args.has("yes")) {
    // Name the job in the question, found the same way the removal will find it.
    const target = await withJobs(ctx, async (api) => (await api.call("jobs.find", { job: reference })).job, (jobs) => jobs.find(reference));
    const answer = ctx.deps.interactive ? await ctx.deps.ask(say(J.confirmRemove, { id: target.id, name: target.name })) : null;
    if (!answer || !["да", "yes", "y", "д"].includes(answer.trim().toLowerCase())) throw usageError(say(J.removeNeedsYes));
  }
  const removed = await withJobs(ctx, (api) => api.call("jobs.remove", { job: reference }), (jobs) => jobs.remove(reference));
  ctx.out(say(J.removed, { id: removed.id, name: removed.name }));
  return 0;
};

function setPaused(paused: boolean): CommandRun {
  return async (ctx, args) => {
    const reference = args.positionals[0]!;
    const job = await withJobs(
      ctx,
      async (api) => (await api.call(paused ? "jobs.pause" : "jobs.resume", { job: reference })).job,
      (jobs) => jobs.setPaused(reference, paused),
    );
    ctx.out(say(paused ? J.paused : J.resumed, { id: job.id, name: job.name }));
    if (!paused) printNextRun(ctx, job);
    return 0;
  };
}

export const pauseJob = setPaused(true);
export const resumeJob = setPaused(false);

function printNextRun(ctx: CliContext, job: Job): void {
  const zone = ctx.config().config.timezone;
  const next = nextFire(job, ctx.clock.now(), zone);
  ctx.out(say(J.nextRunIs, { when: next === undefined ? say(J.noNextRun) : formatManual(next, zone) }));
}
