import { syncTexts as S } from "../../messages/areas/sync.ts";
import { say } from "../../messages/text.ts";
import { CodError } from "../../cod/cod-error.ts";
import type { ExchangeAnalysis } from "../../clinic/port.ts";
import type { TaskDefinition } from "../task.ts";
import { codSettingsOf } from "../cod-settings.ts";
import { durationSeconds } from "../analysis-sync/push.ts";

/**
 * «Запрос данных для обмена анализами между МО» (thread
 * TRequestExchangeDataThread): for each executing МО in the list of
 * organisations that receive referrals (REG_LPU_FOR_RECEIVE_NAPR_ANAL,
 * active), its catalog from the ЦОД replaces that МО's entries of the
 * register (REG_EXCHANGE_ANALYSIS) in one transaction, so the MIS ordering
 * wizard reads the register instead of asking the ЦОД live. An МО that left
 * the list (or was switched off) has its entries cleared. An МО the ЦОД does
 * not know keeps its entries, and says so. The ЦОД is asked for a lab by the
 * МО's LPU_ID.
 */
export const moExchangeTask: TaskDefinition = {
  name: "mo-exchange",
  async run(ctx) {
    const counts = { labs: 0, entries: 0, cleared: 0, failed: 0 };
    let noAnswer = false;
    const state = await ctx.thread("TRequestExchangeDataThread", async (thread) => {
      const started = ctx.clock.monotonic();
      const db = await ctx.services.mainDb();
      const executors = await db.exchange.executors();
      const active = executors.filter((e) => e.active);
      const listed = new Set(active.map((e) => e.lpuId));
      thread.log.info(say(S.exchangeStarted, { count: active.length }));
      const cod = ctx.services.cod({ settings: codSettingsOf(ctx), log: thread.log });
      try {
        for (const [i, executor] of active.entries()) {
          thread.checkpoint();
          let analyses: ExchangeAnalysis[];
          try {
            const catalog = await cod.catalog(String(executor.lpuId), { signal: thread.signal });
            analyses = catalog.analyses.map((a) => ({ analysisCode: a.code, analysisName: a.name, biomaterial: a.biomaterial }));
          } catch (error) {
            if (!(error instanceof CodError)) throw error;
            counts.failed++;
            if (error.kind === "rejected" || error.kind === "format") {
              thread.log.warn(say(S.exchangeUnknownLab, { lpu: executor.lpuId, detail: error.message }));
              continue;
            }
            // No answer (or a refused token): the next МО would fare no better this run.
            thread.log.error(error.message);
            noAnswer = true;
            counts.failed += active.length - i - 1;
            break;
          }
          await db.exchange.replace(executor.lpuId, analyses, new Date(ctx.clock.now()));
          counts.labs++;
          counts.entries += analyses.length;
          thread.log.info(say(S.exchangeLab, { lpu: executor.lpuId, count: analyses.length }));
          thread.progress(i + 1, active.length);
        }
      } finally {
        cod.close();
      }
      for (const lpuId of await db.exchange.registered()) {
        if (listed.has(lpuId)) continue;
        const removed = await db.exchange.clear(lpuId);
        counts.cleared++;
        thread.log.info(say(S.exchangeCleared, { lpu: lpuId, count: removed }));
      }
      thread.log.info(say(S.exchangeFinished, { ...counts, seconds: durationSeconds(ctx.clock.monotonic() - started) }));
    });
    return { ok: state === "finished" && !noAnswer && counts.failed === 0, summary: say(S.exchangeSummary, counts) };
  },
};
