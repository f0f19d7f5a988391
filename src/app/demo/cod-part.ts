import { join } from "node:path";
import { demoTexts as D } from "../../messages/areas/demo.ts";
import { say } from "../../messages/text.ts";
import { CodClient } from "../../cod/cod-client.ts";
import { CodSimulator } from "../../sim/cod/cod-simulator.ts";
import type { DemoPart } from "./demo-part.ts";

/** When the fault starts after the demo opens, and how long it lasts. */
export const FAULT_AFTER_MS = 75_000;
export const FAULT_FOR_MS = 60_000;
/** How often the demo checks that the ЦОД answers (no built task calls it yet). */
const PROBE_EVERY_MS = 15_000;

/**
 * The ЦОД: its simulator on loopback, the agent's `[cod]` settings pointed at
 * it, and the demo's fault — the ЦОД refuses connections for a minute, then
 * recovers. Until the ЦОД sync task is built, nothing of the agent calls the
 * ЦОД on its own, so the demo checks the connection with the real client
 * (`hello`) and logs each answer: the fault and its recovery are seen in the log.
 */
export function codDemoPart(o: { faultAfterMs?: number; faultForMs?: number; probeEveryMs?: number } = {}): DemoPart {
  let sim: CodSimulator | undefined;
  const timers: ReturnType<typeof setTimeout>[] = [];
  const faultAfter = o.faultAfterMs ?? FAULT_AFTER_MS;
  const faultFor = o.faultForMs ?? FAULT_FOR_MS;
  const setFaults = (body: unknown) => fetch(`${sim!.adminUrl}/admin/faults`, { method: body ? "PUT" : "DELETE", body: body ? JSON.stringify(body) : undefined, headers: { "content-type": "application/json" } });
  return {
    name: "cod",
    async prepare(setup) {
      sim = await CodSimulator.start({ dataDir: join(setup.dir, "sim-cod"), now: setup.now });
      return [
        { path: "cod.url", value: sim.url, arg: "agent demo" },
        { path: "cod.mo_id", value: "demo-mo", arg: "agent demo" },
        { path: "cod.token", value: "demo-token", arg: "agent demo" },
      ];
    },
    start(service, log) {
      log.info(say(D.codSimulator, { url: sim!.url, admin: sim!.adminUrl }));
      log.info(say(D.faultPlanned, { inSeconds: Math.round(faultAfter / 1000), seconds: Math.round(faultFor / 1000) }));
      const probe = async () => {
        // One attempt, a short wait: the demo shows the state, the tasks own the retries.
        const client = CodClient.fromConfig({ ...service.instance.config.cod, retries: 0, timeout_seconds: 5 });
        try {
          log.info(say(D.codAnswered, { version: (await client.hello()).protocol }));
        } catch (error) {
          log.warn(say(D.codFailed, { detail: (error as Error).message }));
        }
      };
      void probe();
      const every = setInterval(() => void probe(), o.probeEveryMs ?? PROBE_EVERY_MS);
      timers.push(every as unknown as ReturnType<typeof setTimeout>);
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
      for (const t of timers) clearTimeout(t), clearInterval(t as unknown as ReturnType<typeof setInterval>);
      await sim?.stop();
      sim = undefined;
    },
  };
}
