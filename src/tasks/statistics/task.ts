import type { StatisticsWire } from "../../cod/wire.ts";
import { codSettingsOf } from "../cod-settings.ts";
import { errorKind } from "../../kernel/error-kind.ts";
import { formatManual } from "../../kernel/zoned-time.ts";
import { statisticsTexts as T } from "../../messages/areas/statistics.ts";
import { say } from "../../messages/text.ts";
import { BUILD } from "../../platform/build-info.ts";
import type { ThreadHandle } from "../../threads/thread-manager.ts";
import type { TaskContext } from "../task.ts";
import { oneThreadTask } from "../one-thread-task.ts";
import { buildReport } from "./report.ts";

/** The end of the last period the ЦОД stored (epoch ms), in the agent's store. */
const REPORTED_THROUGH = "statistics.reported_through";
/** Update outcomes sent per report; more wait for the next. */
const UPDATES_PER_REPORT = 100;

/**
 * «Отправка статистики» (TStatisticsThread), every 15 minutes: the agent's
 * health to the ЦОД (protocol 1.3) — version, uptime, each job's last result
 * and next run, the runs since the last report by result, the kinds of the
 * errors and how many of each (never their texts), the backlogs of the main
 * DB, the outcomes of the service jobs, and the update outcomes not yet
 * reported (marked reported once the ЦОД has stored them). No patient data:
 * the report holds numbers, instants and names from fixed lists only.
 */
export const statisticsTask = oneThreadTask("statistics", "TStatisticsThread", report);

async function report(ctx: TaskContext, thread: ThreadHandle): Promise<string> {
  const settings = codSettingsOf(ctx);
  const client = ctx.services.cod({ settings, log: thread.log });
  try {
    const health = ctx.services.health();
    const history = ctx.services.update().history;
    const now = ctx.clock.now();
    const from = Number(health.mark(REPORTED_THROUGH) ?? health.startedAt);
    thread.log.info(say(T.started, { address: new URL(settings.url).host, since: formatManual(from, ctx.config.timezone) }));
    const main = await mainDbFacts(ctx, thread);
    const updates = history.unreported(UPDATES_PER_REPORT);
    const runs = health.runsEnded(from, now);
    const wire = buildReport({
      instance: ctx.config.instance,
      version: BUILD.version,
      platform: BUILD.updatePlatform,
      cpu: BUILD.updateCpu,
      startedAt: health.startedAt,
      now,
      from,
      jobs: health.jobs(),
      runs,
      backlog: main.backlog,
      parked: main.parked,
      updates: updates.map((u) => ({ at: u.at, fromVersion: u.fromVersion, toVersion: u.toVersion, result: u.result, reason: u.reason })),
      mainDb: main.mainDb,
      checks: ctx.services.checks().latest(),
    });
    thread.checkpoint();
    const answer = await client.uploadStatistics(wire, { signal: thread.signal });
    // Only what the ЦОД stored is marked: a lost answer means the same period (and id) next time.
    health.setMark(REPORTED_THROUGH, String(now));
    history.markReported(updates.map((u) => u.id), now);
    const errors = wire.errors.reduce((n, e) => n + e.count, 0);
    thread.log.info(say(T.sent, { jobs: wire.jobs.length, errors, kinds: wire.errors.length, updates: updates.length, status: answer.status }));
    return say(T.summary, { errors, updates: updates.length });
  } finally {
    client.close();
  }
}

/** The main DB's state and queues; a main DB that is down is reported as such (its error's kind), not as a failed upload. */
async function mainDbFacts(
  ctx: TaskContext,
  thread: ThreadHandle,
): Promise<{ mainDb: StatisticsWire["main_db"]; backlog: StatisticsWire["backlog"]; parked: StatisticsWire["parked"] }> {
  const engine = ctx.config.maindb.engine;
  const backlog: StatisticsWire["backlog"] = { journal: null, open_batches: null, pdf_queue: null };
  // Unknown (null), not zero, while the main DB cannot be read.
  const parked: StatisticsWire["parked"] = { batches: null };
  if (!ctx.services.mainDbConfigured()) return { mainDb: { engine, connected: false, size_bytes: null, error_kind: "maindb.absent" }, backlog, parked };
  try {
    const db = await ctx.services.mainDb();
    const [health, size] = await Promise.all([db.health(), db.size()]);
    backlog.journal = health.journalBacklog;
    backlog.open_batches = health.openBatches;
    backlog.pdf_queue = await db.pdf.queueLength().catch(() => null);
    // Batches the ЦОД rejected and the sync set aside: a count only, never their content.
    parked.batches = await db.parked
      .list()
      .then((entries) => entries.filter((e) => e.kind === "push").length)
      .catch(() => null);
    return { mainDb: { engine, connected: true, size_bytes: size.bytes, error_kind: null }, backlog, parked };
  } catch (error) {
    const kind = errorKind(error);
    thread.log.warn(say(T.mainDbDown, { kind }));
    return { mainDb: { engine, connected: false, size_bytes: null, error_kind: kind }, backlog, parked };
  }
}
