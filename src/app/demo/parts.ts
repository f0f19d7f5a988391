import { demoTexts as D } from "../../messages/areas/demo.ts";
import { say } from "../../messages/text.ts";
import { TASK_NAMES } from "../../tasks/catalog.ts";
import { wallClockAt } from "../../kernel/zoned-time.ts";
import type { DemoPart } from "./demo-part.ts";
import { codDemoPart } from "./cod-part.ts";
import { logTrimDemoPart } from "./log-trim-part.ts";
import { mainDbDemoPart } from "./main-db-part.ts";
import { mailingDemoPart } from "./mailing-part.ts";
import { pdfSyncDemoPart } from "./pdf-sync-part.ts";
import { serviceJobsDemoPart } from "./service-jobs-part.ts";
import { odliDemoPart } from "./odli-part.ts";

/** Demo referrals in the embedded main DB: about a tenth go to labs reached through ОДЛИ, so the LIS job has about a hundred to send; about 25 rows each for the ЦОД sync. */
const DEMO_REFERRALS = 1_000;
import { syncDemoPart } from "./sync-part.ts";

/**
 * Every job fires every minute, starting at the next whole minute (the
 * restore check half a minute later), so a newcomer sees runs within a minute. Jobs of tasks not built yet stay in the
 * table, marked, and do not fire.
 */
export const everyMinutePart: DemoPart = {
  name: "every-minute",
  start(service, log) {
    const now = service.instance.clock.now();
    const w = wallClockAt(now + 60_000, service.instance.config.timezone);
    const at = (second: number) => `${w.day}.${w.month}.${w.year} ${w.hour}:${String(w.minute).padStart(2, "0")}:${String(second).padStart(2, "0")}`;
    const jobs = service.instance.jobs.list();
    // The restore check reads the newest backup: half a minute after the backup, not beside it (at the same second it finds none yet).
    for (const job of jobs) service.jobCommands.edit(String(job.id), { every: "1", start: at(job.task === "restore-check" ? 30 : 0) });
    service.scheduler.refresh();
    log.info(say(D.everyMinute, { count: jobs.length }));
  },
};

/** Says, once, which tasks are not built yet, instead of showing them doing nothing. */
export const notBuiltPart: DemoPart = {
  name: "not-built",
  start(service, log) {
    const missing = TASK_NAMES.filter((t) => !service.runner.isBuilt(t));
    if (missing.length > 0) log.info(say(D.notBuilt, { tasks: missing.join(", ") }));
  },
};

/**
 * The demo's parts, in order (the main DB before the parts that use it). A
 * task built later adds its simulator and its demo data here.
 */
export function demoParts(): DemoPart[] {
  const cod = codDemoPart();
  const mainDb = mainDbDemoPart({ referrals: DEMO_REFERRALS });
  return [
    cod,
    mainDb,
    syncDemoPart(cod, mainDb),
    odliDemoPart(),
    mailingDemoPart(),
    pdfSyncDemoPart(),
    logTrimDemoPart(),
    serviceJobsDemoPart(),
    everyMinutePart,
    notBuiltPart,
  ];
}
