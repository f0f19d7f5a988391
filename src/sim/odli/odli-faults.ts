import { array, type Check, int, literal, object, optional, str } from "../../kernel/json-shape.ts";
import { FaultRules } from "../fault-rules.ts";

/** The calls of ОДЛИ the simulator serves, as fault rules name them. */
export const ODLI_SIM_CALLS = ["transaction", "getorder", "getorders", "getresult", "getstatus", "read", "valueset"] as const;
export type OdliSimCall = (typeof ODLI_SIM_CALLS)[number];

/**
 * One fault injected into matching requests, like the ЦОД simulator's:
 * - `status`: answer `status` (500, 503 …) without doing anything;
 * - `unauthorized`: answer 401 with an OperationOutcome, as for a wrong or expired token;
 * - `slow`: wait `delay_ms`, then answer normally (a client with a shorter timeout gives up);
 * - `drop`: do the work (an order IS created), then close the connection without answering;
 * - `malformed`: do the work, then answer a body that is not JSON (an HTML error page);
 * - `not_fhir`: do the work, then answer JSON that is no FHIR resource;
 * - `outcome`: answer `status` (400 by default) with an OperationOutcome of the `issues` given, without doing anything
 *   (a refusal as a real service words it, e.g. quoting a patient, to check what the agent keeps of it).
 */
export interface OdliFaultRule {
  kind: "status" | "unauthorized" | "slow" | "drop" | "malformed" | "not_fhir" | "outcome";
  calls?: OdliSimCall[];
  /** How many requests it applies to; until cleared when absent. */
  times?: number;
  status?: number;
  delay_ms?: number;
  issues?: string[];
}

export const odliFaultSettings: Check<{ rules?: OdliFaultRule[] }> = object({
  rules: optional(
    array(
      object({
        kind: literal("status", "unauthorized", "slow", "drop", "malformed", "not_fhir", "outcome"),
        calls: optional(array(literal(...ODLI_SIM_CALLS))),
        times: optional(int({ min: 1 })),
        status: optional(int({ min: 100, max: 599 })),
        delay_ms: optional(int({ min: 0, max: 600_000 })),
        issues: optional(array(str(), { max: 20 })),
      }),
      { max: 32 },
    ),
  ),
});

/** The faults in force; each rule counts down its `times`; what fired is counted. */
export class OdliFaults extends FaultRules<OdliSimCall, OdliFaultRule> {}
