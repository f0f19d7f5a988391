import { array, type Check, int, literal, object, optional } from "../../kernel/json-shape.ts";
import { FaultRules } from "../fault-rules.ts";

/** The calls of SMSC.ru's API the simulator serves, as fault rules name them. */
export const SMS_SIM_CALLS = ["send", "status", "balance"] as const;
export type SmsSimCall = (typeof SMS_SIM_CALLS)[number];

/**
 * One fault injected into matching requests:
 * - `status`: answer HTTP `status` (500, 503 …) without doing anything;
 * - `slow`: wait `delay_ms`, then answer normally (a client with a shorter timeout gives up);
 * - `error`: answer SMSC.ru's error `error_code` (1–9) without doing anything;
 * - `drop`: do the work (a text IS recorded), then close the connection without answering;
 * - `malformed`: do the work, then answer an HTML page instead of JSON;
 * - `duplicate_id`: record the text under the id asked for, but answer with the previous text's id.
 */
export interface SmsFaultRule {
  kind: "status" | "slow" | "error" | "drop" | "malformed" | "duplicate_id";
  calls?: SmsSimCall[];
  /** How many requests it applies to; until cleared when absent. */
  times?: number;
  status?: number;
  delay_ms?: number;
  error_code?: number;
}

export const smsFaultSettings: Check<{ rules?: SmsFaultRule[] }> = object({
  rules: optional(
    array(
      object({
        kind: literal("status", "slow", "error", "drop", "malformed", "duplicate_id"),
        calls: optional(array(literal(...SMS_SIM_CALLS))),
        times: optional(int({ min: 1 })),
        status: optional(int({ min: 100, max: 599 })),
        delay_ms: optional(int({ min: 0, max: 600_000 })),
        error_code: optional(int({ min: 1, max: 99 })),
      }),
      { max: 32 },
    ),
  ),
});

/** The faults in force; each rule counts down its `times`; what fired is counted by its kind. */
export class SmsFaults extends FaultRules<SmsSimCall, SmsFaultRule> {
  constructor() {
    // `duplicate_id` only means something for a send.
    super({ applies: (r, call) => r.kind !== "duplicate_id" || call === "send", name: (r) => r.kind });
  }
}
