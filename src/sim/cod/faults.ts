import { array, bool, type Check, int, literal, mismatch, object, optional } from "../../kernel/json-shape.ts";
import { FaultRules } from "../fault-rules.ts";

/** The calls of the protocol, as the simulator names them for fault rules. */
export const SIM_CALLS = ["hello", "push", "read", "ack", "catalog", "upload", "list", "download", "doc-ack", "update", "update-download", "statistics"] as const;
export type SimCall = (typeof SIM_CALLS)[number];

/**
 * One fault the simulator injects into matching requests:
 * - `status`: answer `status` (500, 503 …) without doing anything;
 * - `slow`: wait `delay_ms`, then answer normally;
 * - `malformed`: do the work, then answer a body that is not JSON;
 * - `truncated`: do the work, then answer the JSON cut in half (a complete HTTP answer);
 * - `drop`: do the work (a push IS applied), then close the connection without answering;
 * - `duplicate`: a read (or a document list) serves every item twice and ignores `after`.
 */
export interface FaultRule {
  kind: "status" | "slow" | "malformed" | "truncated" | "drop" | "duplicate";
  /** The calls it applies to; all when absent. */
  calls?: SimCall[];
  /** How many requests it applies to; until cleared when absent. */
  times?: number;
  /** The chance (0–1) that a matching request gets it; always when absent. */
  probability?: number;
  status?: number;
  delay_ms?: number;
  /** A Retry-After (seconds) sent with a `status` fault. */
  retry_after?: number;
}

export interface FaultSettings {
  /** Close the API port: connections are refused until this is false again. */
  refuse?: boolean;
  rules?: FaultRule[];
  /** Seed of the chance of `probability` rules, so that a run can be replayed. */
  seed?: number;
}

const chance: Check<number> = (v, path) => {
  if (typeof v !== "number" || !(v >= 0 && v <= 1)) throw mismatch(path, "number 0–1", v);
  return v;
};

export const faultSettings: Check<FaultSettings> = object({
  refuse: optional(bool),
  seed: optional(int()),
  rules: optional(
    array(
      object({
        kind: literal("status", "slow", "malformed", "truncated", "drop", "duplicate"),
        calls: optional(array(literal(...SIM_CALLS))),
        times: optional(int({ min: 1 })),
        probability: optional(chance),
        status: optional(int({ min: 100, max: 599 })),
        delay_ms: optional(int({ min: 0, max: 600_000 })),
        retry_after: optional(int({ min: 0, max: 3600 })),
      }),
      { max: 32 },
    ),
  ),
});

/** mulberry32: a small seeded generator, enough for replayable fault dice. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The faults in force, switchable at run time; counts what fired. */
export class Faults {
  refuse = false;
  private random: () => number = seeded(1);
  private readonly rules = new FaultRules<SimCall, FaultRule>({
    applies: (r, call) =>
      // A duplicate only means something for what serves items; the dice are rolled last, so a replay with the same seed matches.
      (r.kind !== "duplicate" || call === "read" || call === "list") && (r.probability === undefined || this.random() < r.probability),
  });

  get fired(): ReadonlyMap<string, number> {
    return this.rules.fired;
  }

  set(s: FaultSettings): void {
    this.refuse = s.refuse ?? false;
    this.rules.set(s.rules ?? []);
    this.random = seeded(s.seed ?? 1);
  }

  clear(): void {
    this.set({});
  }

  /** The fault a request of this call gets, if any (first matching rule that fires). */
  pick(call: SimCall): FaultRule | undefined {
    return this.rules.pick(call);
  }

  state(): Record<string, unknown> {
    return { refuse: this.refuse, ...this.rules.state() };
  }
}
