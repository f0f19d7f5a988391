import { and, asc, eq, gt, lte } from "drizzle-orm";
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

  finish(
    id: number,
    r: { result: Exclude<RunResult, "running">; finishedAt: number; durationMs: number; summary?: string; error?: string; errorKinds?: readonly string[] },
  ): void {
    this.orm
      .update(runs)
      .set({
        result: r.result,
        finishedAt: r.finishedAt,
        durationMs: Math.round(r.durationMs),
        summary: r.summary ?? null,
        error: r.error ?? null,
        errorKinds: r.errorKinds && r.errorKinds.length > 0 ? r.errorKinds.join(",") : null,
      })
      .where(eq(runs.id, id))
      .run();
  }

  /**
   * The runs that ended in (from, to], oldest first, as the statistics count
   * them: task, result and the kinds of their errors, never the texts.
   */
  endedBetween(from: number, to: number): { jobId: number | null; task: string; result: RunResult; errorKinds: string[] }[] {
    return this.orm
      .select({ jobId: runs.jobId, task: runs.task, result: runs.result, errorKinds: runs.errorKinds })
      .from(runs)
      .where(and(gt(runs.finishedAt, from), lte(runs.finishedAt, to)))
      .orderBy(asc(runs.finishedAt))
      .all()
      .map((r) => ({ jobId: r.jobId, task: r.task, result: r.result, errorKinds: r.errorKinds ? r.errorKinds.split(",") : [] }));
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
