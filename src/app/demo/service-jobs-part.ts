import { join } from "node:path";
import { demoTexts as D } from "../../messages/areas/demo.ts";
import { say } from "../../messages/text.ts";
import type { DemoPart } from "./demo-part.ts";

/** How many backup sets the demo keeps: with a backup every minute, the folder shows the pruning at once. */
const DEMO_KEEP = 3;

/**
 * The service jobs in the demo: the backups go into `backup/` of the demo's
 * folder (kept: the newest 3, so the pruning shows within minutes), the
 * restore check reads them, validation covers the agent's own stores too,
 * and the statistics go to the ЦОД simulator, whose admin port lists what it
 * received and who stopped reporting.
 */
export function serviceJobsDemoPart(): DemoPart {
  let folder = "";
  return {
    name: "service-jobs",
    prepare(setup) {
      folder = join(setup.dir, "backup");
      return [];
    },
    start(service, log) {
      for (const job of service.instance.jobs.list()) {
        if (job.task === "backup") service.jobCommands.edit(String(job.id), { options: [`folder=${folder}`, `keep=${DEMO_KEEP}`] });
        if (job.task === "restore-check") service.jobCommands.edit(String(job.id), { options: [`folder=${folder}`] });
        if (job.task === "db-validate") service.jobCommands.edit(String(job.id), { options: ["database=all"] });
      }
      service.scheduler.refresh();
      log.info(say(D.backups, { folder, keep: DEMO_KEEP }));
      log.info(say(D.statistics));
    },
  };
}
