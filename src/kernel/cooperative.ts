/**
 * Long work in the one JavaScript thread must let the rest of the agent —
 * the scheduler, other threads, an attached UI — have the event loop every
 * few milliseconds. Work in chunks and `await turn.yieldIfDue()` between
 * them: it gives the loop a turn once the budget is spent, and costs
 * nothing before.
 */
export class CooperativeTurn {
  private since = performance.now();

  constructor(private readonly budgetMs = 15) {}

  async yieldIfDue(): Promise<void> {
    if (performance.now() - this.since < this.budgetMs) return;
    await yieldToEventLoop();
    this.since = performance.now();
  }
}

/** Lets timers and I/O callbacks run before going on. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
