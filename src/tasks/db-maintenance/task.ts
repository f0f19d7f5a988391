import { upkeepTexts as T } from "../../messages/areas/upkeep.ts";
import { say } from "../../messages/text.ts";
import { oneThreadTask } from "../one-thread-task.ts";

/**
 * «Сервисное обслуживание баз данных FireBird/RedDataBase» (TServiceDBThread):
 * on Firebird a sweep and fresh index statistics (`SET STATISTICS INDEX`),
 * through the services API while the MIS works, and the header's transaction
 * counters and the indexes' depth read back (gstat) as findings; on the
 * embedded SQLite main DB, `PRAGMA optimize`. Findings are warnings: the
 * work was done, something wants the administrator's eye.
 */
export const dbMaintenanceTask = oneThreadTask("db-maintenance", "TServiceDBThread", async (ctx, thread) => {
  const db = await ctx.services.mainDb();
  const what = say(T.whatMain, { engine: db.engine });
  thread.log.info(say(T.maintenanceStarted, { what }));
  const report = await db.upkeep.maintain({ signal: thread.signal, onLine: (line) => thread.log.debug(line) });
  thread.log.info(say(T.validateFinished, { what, summary: report.summary }));
  for (const f of report.findings) thread.log.warn(say(T.finding, { what, finding: f }));
  ctx.services.checks().record({ at: ctx.clock.now(), runId: ctx.runId, target: "main", kind: "maintenance", ok: report.ok, summary: report.summary, findings: report.findings });
  return say(T.summaryMaintenance, { findings: report.findings.length });
});
