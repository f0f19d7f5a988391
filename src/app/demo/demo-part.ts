import type { Override } from "../../config/load.ts";
import type { Logger } from "../../logs/logger.ts";
import type { AgentService } from "../agent-service.ts";

/** What a demo part gets: the demo's folder, and (once the service runs) the service and the demo's logger. */
export interface DemoSetup {
  dir: string;
  now(): number;
  /** The machine's time zone: the demo's config leaves `timezone` at its default, which is this. */
  zone: string;
}

/**
 * One piece of `agent demo`: a simulator of a remote system and the tweaks
 * that make its task visible within a minute. Each task that gets built adds
 * its part to `DEMO_PARTS` (its simulator, its demo data, its fault), and
 * nothing else in the demo changes.
 */
export interface DemoPart {
  name: string;
  /** Before the instance opens: start simulators, answer the settings that point the agent at them. */
  prepare?(setup: DemoSetup): Promise<Override[]> | Override[];
  /** Once the service runs: demo data, job tweaks, planned faults. Lines go to the log as service `demo`. */
  start?(service: AgentService, log: Logger): Promise<void> | void;
  stop?(): Promise<void> | void;
}
