/**
 * Time as the rest of the agent sees it: wall-clock instants (UTC epoch ms)
 * for what is stored and shown, a monotonic reading for what is measured.
 * Injected everywhere so schedules and durations are tested with fixed dates.
 */
export interface Clock {
  /** The current instant, epoch milliseconds UTC. */
  now(): number;
  /** Milliseconds from an arbitrary origin that never jumps back (NTP, DST). */
  monotonic(): number;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  monotonic: () => performance.now(),
};

/** A clock a test moves by hand. */
export class ManualClock implements Clock {
  private mono = 0;
  constructor(private instant: number) {}
  now(): number {
    return this.instant;
  }
  monotonic(): number {
    return this.mono;
  }
  advance(ms: number): void {
    this.instant += ms;
    this.mono += ms;
  }
  set(instant: number): void {
    this.instant = instant;
  }
}
