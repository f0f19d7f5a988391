import { odliTexts as T } from "../../messages/areas/odli.ts";
import { say } from "../../messages/text.ts";
import { DEMO_ORGANIZATIONS, OdliSimulator } from "../../sim/odli/odli-simulator.ts";
import type { DemoPart } from "./demo-part.ts";

/** How long the simulated lab takes: results show up a run or two after the referrals went. */
const RESULT_DELAY_MS = 45_000;
/** The demo's sending system (an invented OID of the N3 platform's MIS branch). */
const DEMO_SYSTEM_OID = "1.2.643.2.69.1.2.999";

/**
 * ОДЛИ: its simulator on loopback (ОДЛИ and the terminology service) and
 * `[odli]` pointed at it. The embedded main DB (the main-db part, made before
 * this one) holds the demo referrals and the code map of the demo's analyses
 * (the neonatal screening left unmapped on purpose, so `agent odli map
 * unmapped` and the DB tab have something to show). The LIS job then sends
 * the waiting referrals every minute, holds back the few with incomplete
 * cards with the reason, and writes the results the simulated lab produces
 * (with PDFs) 45 s after each order.
 */
export function odliDemoPart(o: { resultDelayMs?: number } = {}): DemoPart {
  let sim: OdliSimulator | undefined;
  return {
    name: "odli",
    async prepare(setup) {
      sim = await OdliSimulator.start({ resultDelayMs: o.resultDelayMs ?? RESULT_DELAY_MS, pdf: true, now: setup.now });
      return [
        { path: "odli.url", value: sim.exlabUrl, arg: "agent demo" },
        { path: "odli.term_url", value: sim.termUrl, arg: "agent demo" },
        { path: "odli.token", value: crypto.randomUUID(), arg: "agent demo" },
        { path: "odli.system_oid", value: DEMO_SYSTEM_OID, arg: "agent demo" },
        { path: "odli.organization_guid", value: DEMO_ORGANIZATIONS[0]!, arg: "agent demo" },
      ];
    },
    start(_service, log) {
      log.info(say(T.demoSimulator, { exlab: sim!.exlabUrl, term: sim!.termUrl, seconds: Math.round((o.resultDelayMs ?? RESULT_DELAY_MS) / 1000) }));
      log.info(say(T.demoCodeMap));
    },
    async stop() {
      await sim?.stop();
      sim = undefined;
    },
  };
}
