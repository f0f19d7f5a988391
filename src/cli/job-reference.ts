import { jobTexts as J } from "../messages/areas/jobs.ts";
import { say } from "../messages/text.ts";
import { usageError } from "../kernel/agent-error.ts";
import type { Job } from "../scheduler/job.ts";

/**
 * Finds a job by what a person typed: its number, its exact name, or a part
 * of its name that only one job has (any case).
 */
export function findJob(jobs: readonly Job[], reference: string): Job | undefined {
  const ref = reference.trim();
  if (/^\d+$/.test(ref)) return jobs.find((j) => j.id === Number(ref));
  const exact = jobs.find((j) => j.name === ref);
  if (exact) return exact;
  const lower = ref.toLowerCase();
  const partial = jobs.filter((j) => j.name.toLowerCase().includes(lower));
  if (partial.length > 1) throw usageError(say(J.ambiguous, { got: ref, names: partial.map((j) => `${j.id} «${j.name}»`).join(", ") }));
  return partial[0];
}

export function requireJob(jobs: readonly Job[], reference: string): Job {
  const job = findJob(jobs, reference);
  if (!job) throw usageError(say(J.notFound, { got: reference }));
  return job;
}
