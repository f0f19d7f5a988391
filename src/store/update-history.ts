import { and, asc, desc, eq, isNull } from "drizzle-orm";
import type { StoreOrm } from "./agent-store.ts";
import { updateHistory, type UpdateHistoryRow } from "./schema.ts";

export type UpdateResult = UpdateHistoryRow["result"];

/** One decision of the self-update job, as it is kept for the administrator and the statistics. */
export interface UpdateRecord {
  at: number;
  fromVersion: string;
  toVersion: string;
  result: UpdateResult;
  reason?: string;
  detail?: string;
}

/**
 * The history of updates in the agent's store: what was applied, rolled back
 * or refused. A version that was rolled back is not tried again (a newer one
 * is); rows not yet reported are what the statistics upload sends.
 */
export class UpdateHistory {
  constructor(private readonly orm: StoreOrm) {}

  record(r: UpdateRecord): number {
    return this.orm
      .insert(updateHistory)
      .values({ at: r.at, fromVersion: r.fromVersion, toVersion: r.toVersion, result: r.result, reason: r.reason ?? null, detail: r.detail ?? null })
      .returning({ id: updateHistory.id })
      .get()!.id;
  }

  /** Newest first. */
  latest(limit = 10): UpdateHistoryRow[] {
    return this.orm.select().from(updateHistory).orderBy(desc(updateHistory.id)).limit(limit).all();
  }

  /** Whether this version was once switched to and failed its start-up check. */
  wasRolledBack(version: string): UpdateHistoryRow | undefined {
    return this.orm
      .select()
      .from(updateHistory)
      .where(and(eq(updateHistory.toVersion, version), eq(updateHistory.result, "rolled_back")))
      .orderBy(desc(updateHistory.id))
      .limit(1)
      .get();
  }

  /** Rows the statistics upload has not reported yet, oldest first. */
  unreported(limit = 100): UpdateHistoryRow[] {
    return this.orm.select().from(updateHistory).where(isNull(updateHistory.reportedAt)).orderBy(asc(updateHistory.id)).limit(limit).all();
  }

  markReported(ids: readonly number[], at: number): void {
    for (const id of ids) this.orm.update(updateHistory).set({ reportedAt: at }).where(eq(updateHistory.id, id)).run();
  }
}
