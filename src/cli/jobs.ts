import { cliTexts as C } from "../messages/areas/cli.ts";
import { jobTexts as J } from "../messages/areas/jobs.ts";
import { say } from "../messages/text.ts";
import { usageError } from "../kernel/agent-error.ts";
import { formatManual } from "../kernel/zoned-time.ts";
import { buildJobDefinition, type JobInput } from "../scheduler/job-input.ts";
import { nextFire } from "../scheduler/next-fire.ts";
import { jobTableHeader, jobTableRow } from "../presentation/job-table.ts";
import { renderTextTable, renderTsv } from "../presentation/text-table.ts";
import type { CommandRun, ParsedArgs } from "./command.ts";
import type { CliContext } from "./context.ts";
import { requireJob } from "./job-reference.ts";


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

function invalid(name: string, errors: string[]): never {
  throw usageError([say(J.invalidJob, { name }), ...errors.map((e) => `  ${e}`)].join("\n"));
}

export const listJobs: CommandRun = async (ctx, args) => {
  const format = args.get("format") ?? "table";
  if (!["table", "tsv", "json"].includes(format)) throw usageError(say(C.unexpectedValue, { option: `--format ${format}` }));
  const instance = await ctx.openInstance();
  const zone = instance.config.timezone;
  const now = ctx.clock.now();
  const lastRuns = instance.jobs.lastRuns();
  const jobs = instance.jobs.list();
  const states = jobs.map((job) => {
    const last = lastRuns.get(job.id);
    return {
      running: last?.result === "running",
      lastRun: last ? { startedAt: last.startedAt, result: last.result } : undefined,
      nextRun: job.paused ? undefined : nextFire(job, now, zone),
    };
  });
  if (format === "json") {
    for (const [i, job] of jobs.entries()) {
      const s = states[i]!;
      ctx.out(JSON.stringify({ ...job, nextRun: s.nextRun ? new Date(s.nextRun).toISOString() : null, lastRun: s.lastRun ?? null }));
    }
    return 0;
  }
  const rows = jobs.map((job, i) => jobTableRow(job, states[i]!, zone));
  const lines = format === "tsv" ? renderTsv(jobTableHeader(), rows) : renderTextTable(jobTableHeader(), rows);
  ctx.out(lines.join("\n"));
  return 0;
};

export const addJob: CommandRun = async (ctx, args) => {
  const instance = await ctx.openInstance();
  const input = jobInput(args);
  const result = buildJobDefinition(input, undefined);
  if (!result.ok) invalid(input.name ?? "", result.errors);
  if (instance.jobs.byName(result.job.name)) invalid(result.job.name, [say(J.duplicateName, { name: result.job.name })]);
  const job = instance.jobs.insert(result.job, ctx.clock.now());
  ctx.out(say(J.added, { id: job.id, name: job.name }));
  printNextRun(ctx, job);
  return 0;
};

export const editJob: CommandRun = async (ctx, args) => {
  const instance = await ctx.openInstance();
  const current = requireJob(instance.jobs.list(), args.positionals[0]!);
  const result = buildJobDefinition(jobInput(args), current);
  if (!result.ok) invalid(current.name, result.errors);
  const other = instance.jobs.byName(result.job.name);
  if (other && other.id !== current.id) invalid(current.name, [say(J.duplicateName, { name: result.job.name })]);
  const job = instance.jobs.update(current.id, result.job, ctx.clock.now());
  ctx.out(say(J.edited, { id: job.id, name: job.name }));
  printNextRun(ctx, job);
  return 0;
};

export const removeJob: CommandRun = async (ctx, args) => {
  const instance = await ctx.openInstance();
  const job = requireJob(instance.jobs.list(), args.positionals[0]!);
  if (!args.has("yes")) {
    const answer = ctx.deps.interactive ? await ctx.deps.ask(say(J.confirmRemove, { id: job.id, name: job.name })) : null;
    if (!answer || !["да", "yes", "y", "д"].includes(answer.trim().toLowerCase())) throw usageError(say(J.removeNeedsYes));
  }
  instance.jobs.remove(job.id);
  ctx.out(say(J.removed, { id: job.id, name: job.name }));
  return 0;
};

function setPaused(paused: boolean): CommandRun {
  return async (ctx, args) => {
    const instance = await ctx.openInstance();
    const job = requireJob(instance.jobs.list(), args.positionals[0]!);
    const updated = instance.jobs.update(job.id, { ...job, paused }, ctx.clock.now());
    ctx.out(say(paused ? J.paused : J.resumed, { id: updated.id, name: updated.name }));
    if (!paused) printNextRun(ctx, updated);
    return 0;
  };
}

export const pauseJob = setPaused(true);
export const resumeJob = setPaused(false);

function printNextRun(ctx: CliContext, job: Parameters<typeof nextFire>[0]): void {
  const zone = ctx.config().config.timezone;
  const next = nextFire(job, ctx.clock.now(), zone);
  ctx.out(say(J.nextRunIs, { when: next === undefined ? say(J.noNextRun) : formatManual(next, zone) }));
}
