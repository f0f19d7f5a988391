import { join } from "node:path";
import { demoTexts as D } from "../../messages/areas/demo.ts";
import { say } from "../../messages/text.ts";
import { CodSimulator } from "../../sim/cod/cod-simulator.ts";
import type { DemoPart } from "./demo-part.ts";

/** When the fault starts after the demo opens, and how long it lasts. */
export const FAULT_AFTER_MS = 75_000;
export const FAULT_FOR_MS = 60_000;

/** The ЦОД part of the demo, with its simulator for the parts that seed it. */
export interface CodDemoPart extends DemoPart {
  /** The running simulator (after `prepare`). */
  simulator(): CodSimulator;
}

/** The demo МО's identifier at the ЦОД. */
export const DEMO_MO = "demo-mo";

/**
 * The ЦОД: its simulator on loopback, the agent's `[cod]` settings pointed at
 * it, and the demo's fault — the ЦОД refuses connections for a minute, then
 * recovers. The jobs that talk to the ЦОД (the analysis sync every minute in
 * the demo) show the fault in their own lines («Ответ Сервера ЦОД не
 * получен …») and catch up once it is over; the demo says when it starts and ends.
 */
export function codDemoPart(o: { faultAfterMs?: number; faultForMs?: number } = {}): CodDemoPart {
  let sim: CodSimulator | undefined;
  const timers: ReturnType<typeof setTimeout>[] = [];
  const faultAfter = o.faultAfterMs ?? FAULT_AFTER_MS;
  const faultFor = o.faultForMs ?? FAULT_FOR_MS;
  const setFaults = (body: unknown) => fetch(`${sim!.adminUrl}/admin/faults`, { method: body ? "PUT" : "DELETE", body: body ? JSON.stringify(body) : undefined, headers: { "content-type": "application/json" } });
  return {
    name: "cod",
    simulator() {
      if (!sim) throw new Error("codDemoPart: simulator() asked before prepare()");
      return sim;
    },
    async prepare(setup) {
      sim = await CodSimulator.start({ dataDir: join(setup.dir, "sim-cod"), now: setup.now });
      return [
        { path: "cod.url", value: sim.url, arg: "agent demo" },
        { path: "cod.mo_id", value: DEMO_MO, arg: "agent demo" },
        { path: "cod.token", value: "demo-token", arg: "agent demo" },
      ];
    },
    start(_service, log) {
      log.info(say(D.codSimulator, { url: sim!.url, admin: sim!.adminUrl }));
      log.info(say(D.faultPlanned, { inSeconds: Math.round(faultAfter / 1000), seconds: Math.round(faultFor / 1000) }));
      timers.push(
        setTimeout(async () => {
          await setFaults({ refuse: true });
          log.warn(say(D.faultOn, { seconds: Math.round(faultFor / 1000) }));
          timers.push(
            setTimeout(async () => {
              await setFaults(undefined);
              log.info(say(D.faultOff));
            }, faultFor),
          );
        }, faultAfter),
      );
    },
    async stop() {
      for (const t of timers) clearTimeout(t);
      await sim?.stop();
      sim = undefined;
    },
  };
}
