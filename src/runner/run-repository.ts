import { eq } from "drizzle-orm";
import type { StoreOrm } from "../store/agent-store.ts";
import { runs } from "../store/schema.ts";
import type { RunTrigger } from "./task-runner.ts";

export type RunResult = "running" | "ok" | "failed" | "cancelled" | "interrupted";

/** The history of runs in the agent's store. */
export class RunRepository {
  constructor(private readonly orm: StoreOrm) {}

  begin(r: { jobId?: number; jobName: string; task: string; trigger: RunTrigger; plannedAt?: number; startedAt: number }): number {
    return this.orm
      .insert(runs)
      .values({ jobId: r.jobId ?? null, jobName: r.jobName, task: r.task, trigger: r.trigger, plannedAt: r.plannedAt ?? null, startedAt: r.startedAt, result: "running" })
      .returning({ id: runs.id })
      .get().id;
  }

  finish(id: number, r: { result: Exclude<RunResult, "running">; finishedAt: number; durationMs: number; summary?: string; error?: string }): void {
    this.orm
      .update(runs)
      .set({ result: r.result, finishedAt: r.finishedAt, durationMs: Math.round(r.durationMs), summary: r.summary ?? null, error: r.error ?? null })
      .where(eq(runs.id, id))
      .run();
  }

  /** Runs left "running" by a service that died: they were interrupted. */
  markInterrupted(now: number): number {
    return this.orm
      .update(runs)
      .set({ result: "interrupted", finishedAt: now })
      .where(eq(runs.result, "running"))
      .returning({ id: runs.id })
      .all().length;
  }
}
