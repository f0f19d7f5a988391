import { jobTexts as J } from "../messages/areas/jobs.ts";
import { say } from "../messages/text.ts";
import { usageError } from "../kernel/agent-error.ts";
import { buildJobDefinition, type JobInput } from "../scheduler/job-input.ts";
import type { Job } from "../scheduler/job.ts";
import type { JobRepository } from "../scheduler/job-repository.ts";
import { nextFire } from "../scheduler/next-fire.ts";
import type { JobView } from "../api/agent-api.ts";

/**
 * Adding, editing and deleting jobs, the same whether the CLI writes the
 * store itself or a running service does it for the CLI or the UI. Every
 * change is validated like the config; a bad one changes nothing.
 */
export class JobCommands {
  constructor(
    private readonly jobs: JobRepository,
    private readonly now: () => number,
  ) {}

  /** A job by its number, its exact name, or a part of its name only one job has. */
  find(reference: string): Job {
    const all = this.jobs.list();
    const ref = reference.trim();
    let job: Job | undefined;
    if (/^\d+$/.test(ref)) job = all.find((j) => j.id === Number(ref));
    else {
      job = all.find((j) => j.name === ref);
      if (!job) {
        const partial = all.filter((j) => j.name.toLowerCase().includes(ref.toLowerCase()));
        if (partial.length > 1) throw usageError(say(J.ambiguous, { got: ref, names: partial.map((j) => `${j.id} «${j.name}»`).join(", ") }));
        job = partial[0];
      }
    }
    if (!job) throw usageError(say(J.notFound, { got: reference }));
    return job;
  }

  add(input: JobInput): Job {
    const result = buildJobDefinition(input, undefined);
    if (!result.ok) throw invalid(input.name ?? "", result.errors);
    if (this.jobs.byName(result.job.name)) throw invalid(result.job.name, [say(J.duplicateName, { name: result.job.name })]);
    return this.jobs.insert(result.job, this.now());
  }

  edit(reference: string, input: JobInput): Job {
    const current = this.find(reference);
    const result = buildJobDefinition(input, current);
    if (!result.ok) throw invalid(current.name, result.errors);
    const other = this.jobs.byName(result.job.name);
    if (other && other.id !== current.id) throw invalid(current.name, [say(J.duplicateName, { name: result.job.name })]);
    return this.jobs.update(current.id, result.job, this.now());
  }

  setPaused(reference: string, paused: boolean): Job {
    const job = this.find(reference);
    return this.jobs.update(job.id, { ...job, paused }, this.now());
  }

  remove(reference: string): Job {
    const job = this.find(reference);
    this.jobs.remove(job.id);
    return job;
  }
}

function invalid(name: string, errors: string[]) {
  return usageError([say(J.invalidJob, { name }), ...errors.map((e) => `  ${e}`)].join("\n"));
}

/** The job table when no service runs: next runs computed here, nothing running. */
export function jobViewsAtRest(jobs: JobRepository, isBuilt: (task: string) => boolean, now: number, zone: string): JobView[] {
  const lastRuns = jobs.lastRuns();
  return jobs.list().map((job) => {
    const last = lastRuns.get(job.id);
    const built = isBuilt(job.task);
    return {
      job,
      built,
      running: false,
      lastRun: last && { startedAt: last.startedAt, result: last.result, summary: last.summary },
      nextRun: job.paused || !built ? undefined : nextFire(job, now, zone),
    };
  });
}
