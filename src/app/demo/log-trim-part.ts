import { demoTexts as D } from "../../messages/areas/demo.ts";
import { say } from "../../messages/text.ts";
import type { LogRecord } from "../../logs/log-record.ts";
import type { DemoPart } from "./demo-part.ts";

/** Old lines written for the trimming job: enough for a run that shows progress for a few seconds. */
const OLD_LINES = 200_000;

/**
 * «Обрезка БД лога»: the demo writes lines older
 * than `log.keep_days` into the log DB (once per demo folder), so the job's
 * run every minute has real work and its thread shows progress.
 */
export function logTrimDemoPart(o: { lines?: number } = {}): DemoPart {
  return {
    name: "log-trim",
    start(service, log) {
      const { instance } = service;
      if (instance.store.meta("demo_old_log_lines")) return;
      const count = o.lines ?? OLD_LINES;
      const days = instance.config.log.keep_days;
      const old = instance.clock.now() - (days + 30) * 86_400_000;
      const batch: LogRecord[] = [];
      for (let i = 0; i < count; i++) {
        // A few hundred distinct texts, as a real log has: the trim also deletes texts no line uses.
        batch.push({ ts: old + i * 1000, service: "TSwapDataAnalysisThread", thread: 1 + (i % 50), level: "info", message: say(D.oldLogLine, { n: i % 500 }) });
        if (batch.length === 10_000) instance.logStore.insert(batch.splice(0));
      }
      instance.logStore.insert(batch);
      instance.store.setMeta("demo_old_log_lines", String(count));
      log.info(say(D.oldLogLines, { count, days }));
    },
  };
}
