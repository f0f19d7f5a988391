import type { Clock } from "./clock.ts";

/**
 * A rate limit per channel (e-mails or texts per minute): a bucket of
 * `capacity` tokens refilled at `perMinute`. A send takes one token; when
 * none is left the caller waits `msUntilToken()`. The monotonic clock is used,
 * so a wall-clock jump neither floods nor stalls a channel.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;
  private readonly perMs: number;

  constructor(
    perMinute: number,
    private readonly clock: Clock,
    /** The burst allowed after a quiet spell; by default a tenth of a minute's worth, at least 1. */
    private readonly capacity = Math.max(1, Math.floor(perMinute / 10)),
  ) {
    if (!(perMinute > 0)) throw new RangeError("perMinute must be positive");
    this.perMs = perMinute / 60_000;
    this.tokens = this.capacity;
    this.last = clock.monotonic();
  }

  /** Takes a token if one is there. */
  tryTake(): boolean {
    this.refill();
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  /** How long until a token is there (0: now). */
  msUntilToken(): number {
    this.refill();
    return this.tokens >= 1 ? 0 : Math.ceil((1 - this.tokens) / this.perMs);
  }

  /** Waits for a token and takes it; `sleep` is injected (tests, and an abortable sleep in tasks). */
  async take(sleep: (ms: number) => Promise<void>): Promise<void> {
    for (;;) {
      if (this.tryTake()) return;
      await sleep(this.msUntilToken());
    }
  }

  private refill(): void {
    const now = this.clock.monotonic();
    this.tokens = Math.min(this.capacity, this.tokens + (now - this.last) * this.perMs);
    this.last = now;
  }
}
