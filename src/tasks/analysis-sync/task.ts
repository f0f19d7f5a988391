import { syncTexts as S } from "../../messages/areas/sync.ts";
import { say } from "../../messages/text.ts";
import { SYNCED_TABLES } from "../../clinic/synced-tables.ts";
import type { Config } from "../../config/schema.ts";
import type { TaskDefinition } from "../task.ts";
import { codSettingsOf } from "../cod-settings.ts";
import { pushChangedRows, type PushOutcome } from "./push.ts";
import { pullStreams, type PullOutcome } from "./pull.ts";

/** `sync.tables`, or the manual's 37 when it is empty. */
export function syncedTablesOf(config: Config): ReadonlySet<string> {
  const list = config.sync.tables ? config.sync.tables.split(",") : [...SYNCED_TABLES];
  return new Set(list);
}

/**
 * «Синхронизация анализов» (the manual's TSynchronizeAnalysisTask): two
 * threads side by side, as on the old server — TSynchronizeAnalysisThread
 * pushes the journalled changes, TSwapDataAnalysisThread pulls the six
 * streams. They share the service's one main-DB connection (its
 * transactions are queued on SQLite, pooled on Firebird). The run did its
 * work when the ЦОД answered both and every stream could be read; what was
 * parked is reported, and does not fail the run.
 */
export const analysisSyncTask: TaskDefinition = {
  name: "analysis-sync",
  async run(ctx) {
    const settings = codSettingsOf(ctx);
    const { sync } = ctx.config;
    let pushed: PushOutcome | undefined;
    let pulled: PullOutcome | undefined;
    const push = ctx.thread("TSynchronizeAnalysisThread", async (thread) => {
      const db = await ctx.services.mainDb();
      const cod = ctx.services.cod({ settings, log: thread.log });
      try {
        pushed = await pushChangedRows(db, cod, thread, {
          batchRows: sync.batch_rows,
          rejectAttempts: sync.reject_attempts,
          tables: syncedTablesOf(ctx.config),
          firstPauseMs: settings.retry_pause_seconds * 1000,
          signal: thread.signal,
          now: () => ctx.clock.now(),
          monotonic: () => ctx.clock.monotonic(),
        });
      } finally {
        cod.close();
      }
    });
    const pull = ctx.thread("TSwapDataAnalysisThread", async (thread) => {
      const db = await ctx.services.mainDb();
      const cod = ctx.services.cod({ settings, log: thread.log });
      try {
        pulled = await pullStreams(db, cod, thread, { pageItems: sync.page_items, signal: thread.signal });
      } finally {
        cod.close();
      }
    });
    const states = await Promise.all([push, pull]);
    const rows = pushed?.rows ?? 0;
    const items = pulled?.applied ?? 0;
    const parked = (pushed?.parked ?? 0) + (pulled?.parked ?? 0);
    const answered = !pushed?.failure && !pulled?.failure;
    const ok = states.every((s) => s === "finished") && answered && (pulled?.problems ?? 0) === 0;
    return { ok, summary: answered ? say(S.summary, { pushed: rows, pulled: items, parked }) : say(S.summaryNoAnswer, { pushed: rows, pulled: items }) };
  },
};
