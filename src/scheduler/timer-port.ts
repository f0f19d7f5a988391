import type { Clock } from "../kernel/clock.ts";

/** Calls a function at an instant of the injected clock; tests drive it without sleeping. */
export interface TimerPort {
  /** Returns a function that cancels the timer. */
  at(instant: number, fn: () => void): () => void;
}

/** The longest single wait: the wall clock is looked at again at least this often. */
const MAX_WAIT_MS = 30_000;

/**
 * Real timers against the wall clock. A long wait is cut into short ones and
 * the clock read again after each, so that a corrected clock (NTP), a
 * suspended VM or setTimeout's 24.8-day limit never make a job fire late.
 */
export function realTimers(clock: Clock): TimerPort {
  return {
    at(instant, fn) {
      let handle: ReturnType<typeof setTimeout> | undefined;
      let cancelled = false;
      const check = () => {
        if (cancelled) return;
        const delay = instant - clock.now();
        if (delay <= 0) fn();
        else handle = setTimeout(check, Math.min(delay, MAX_WAIT_MS));
      };
      check();
      return () => {
        cancelled = true;
        if (handle) clearTimeout(handle);
      };
    },
  };
}
