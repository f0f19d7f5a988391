import type { ManualClock } from "../../src/kernel/clock.ts";
import type { TimerPort } from "../../src/scheduler/timer-port.ts";

/** Timers on a ManualClock: `advanceTo` fires what is due, in order, moving the clock to each instant. */
export class FakeTimers implements TimerPort {
  private timers: { instant: number; fn: () => void; seq: number }[] = [];
  private seq = 0;

  constructor(readonly clock: ManualClock) {}

  at(instant: number, fn: () => void): () => void {
    const timer = { instant, fn, seq: this.seq++ };
    this.timers.push(timer);
    return () => {
      this.timers = this.timers.filter((t) => t !== timer);
    };
  }

  /** Fires every timer due up to `instant`, including ones armed by the callbacks. */
  advanceTo(instant: number): void {
    for (;;) {
      const due = this.timers.filter((t) => t.instant <= instant).sort((a, b) => a.instant - b.instant || a.seq - b.seq)[0];
      if (!due) break;
      this.timers = this.timers.filter((t) => t !== due);
      if (due.instant > this.clock.now()) this.clock.set(due.instant);
      due.fn();
    }
    if (instant > this.clock.now()) this.clock.set(instant);
  }

  get pending(): number {
    return this.timers.length;
  }
}
