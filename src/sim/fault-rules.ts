/** What every simulator's fault rule has: what it does, which calls it hits, how many times. */
export interface CountedRule<Call extends string> {
  kind: string;
  /** The calls it applies to; all when absent. */
  calls?: readonly Call[];
  /** How many requests it applies to; until cleared when absent. */
  times?: number;
  status?: number;
}

/**
 * The fault rules in force in a simulator, switchable at run time: the first
 * rule that matches a call fires and counts down its `times`; what fired is
 * counted by name (`status 503`, `drop` …) for the admin endpoint and the
 * tests. Each simulator adds only what its own rules mean (`applies`).
 */
export class FaultRules<Call extends string, Rule extends CountedRule<Call>> {
  private rules: (Rule & { left?: number })[] = [];
  readonly fired = new Map<string, number>();

  constructor(
    private readonly o: {
      /** A rule's further condition, asked after its calls and count matched (e.g. a dice roll, a call kind). */
      applies?: (rule: Rule, call: Call) => boolean;
      /** The name a fired rule is counted under. */
      name?: (rule: Rule) => string;
    } = {},
  ) {}

  set(rules: readonly Rule[]): void {
    this.rules = rules.map((r) => ({ ...r, left: r.times }));
    this.fired.clear();
  }

  /** The fault a request of this call gets, if any (the first matching rule that fires). */
  pick(call: Call): Rule | undefined {
    for (const r of this.rules) {
      if (r.calls && !r.calls.includes(call)) continue;
      if (r.left !== undefined && r.left <= 0) continue;
      if (this.o.applies && !this.o.applies(r, call)) continue;
      if (r.left !== undefined) r.left--;
      const name = this.o.name ? this.o.name(r) : r.kind === "status" ? `status ${r.status ?? 500}` : r.kind;
      this.fired.set(name, (this.fired.get(name) ?? 0) + 1);
      return r;
    }
    return undefined;
  }

  /** The rules with what is left of each, and the counts of what fired. */
  state(): { rules: Array<Rule & { left?: number }>; fired: Record<string, number> } {
    return { rules: this.rules.map(({ left, ...r }) => ({ ...(r as unknown as Rule), left })), fired: Object.fromEntries(this.fired) };
  }
}
