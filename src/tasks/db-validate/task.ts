import { upkeepTexts as T } from "../../messages/areas/upkeep.ts";
import { say } from "../../messages/text.ts";
import { instancePaths } from "../../platform/instance-paths.ts";
import type { CheckReport } from "../../clinic/port.ts";
import { SqliteUpkeep } from "../../clinic/sqlite/sqlite-upkeep.ts";
import type { CheckTarget } from "../../store/db-checks.ts";
import type { ThreadHandle } from "../../threads/thread-manager.ts";
import type { TaskContext } from "../task.ts";
import { oneThreadTask } from "../one-thread-task.ts";
import { FindingsError } from "../findings-error.ts";

/** Findings written to the log per database; all of them (up to 100) stay in the DB tab. */
const LOGGED_FINDINGS = 20;

/**
 * «Валидация БД. Главная база» (TValidateDBThread): the main DB checked in
 * full while it is in use — SQLite `integrity_check` (on a connection of its
 * own, off the service's thread), Firebird's online validation through the
 * services API — and, with the option `database`, the agent's own stores.
 * Every finding goes to the log as an error and to the UI's DB tab; a
 * database with findings fails the run.
 */
export const dbValidateTask = oneThreadTask("db-validate", "TValidateDBThread", validateAll);

async function validateAll(ctx: TaskContext, thread: ThreadHandle): Promise<string> {
  const option = String(ctx.options.database);
  const targets: CheckTarget[] = option === "all" ? ["main", "agent", "log"] : [option as CheckTarget];
  const paths = instancePaths(ctx.config);
  const checks = ctx.services.checks();
  let problems = 0;
  let checked = 0;
  for (const target of targets) {
    thread.checkpoint();
    // "all" on a machine without a main DB checks the stores; naming the main DB alone requires one.
    if (target === "main" && option === "all" && !ctx.services.mainDbConfigured()) continue;
    const what = target === "main" ? say(T.whatMain, { engine: ctx.config.maindb.engine }) : say(target === "agent" ? T.whatAgentStore : T.whatLogStore);
    thread.log.info(say(T.validateStarted, { what }));
    const upkeep = target === "main" ? (await ctx.services.mainDb()).upkeep : new SqliteUpkeep(target === "agent" ? paths.agentStore : paths.logStore);
    const report: CheckReport = await upkeep.validate({ signal: thread.signal });
    checked++;
    checks.record({ at: ctx.clock.now(), runId: ctx.runId, target, kind: "validate", ok: report.ok, summary: report.summary, findings: report.findings });
    if (report.ok) thread.log.info(say(T.validateFinished, { what, summary: report.summary }));
    else thread.log.error(say(T.validateFinished, { what, summary: report.summary }));
    for (const f of report.findings.slice(0, LOGGED_FINDINGS)) {
      // Online validation may report a table it could not lock: a warning; damage is an error.
      if (report.ok) thread.log.warn(say(T.finding, { what, finding: f }));
      else thread.log.error(say(T.finding, { what, finding: f }));
    }
    if (!report.ok) problems += Math.max(1, report.findings.length);
    thread.progress(checked, targets.length);
  }
  const summary = say(T.summaryValidate, { checked, problems });
  if (problems > 0) throw new FindingsError(summary, "damage");
  return summary;
}
