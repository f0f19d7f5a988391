/** How long to wait between attempts: exponential, capped, with jitter. */
export interface BackoffPolicy {
  /** The pause before the second attempt, ms. */
  firstPauseMs: number;
  /** No pause is longer than this, ms. */
  maxPauseMs: number;
}

/**
 * The pause before attempt `attempt + 1` (attempt counts from 1): the
 * doubling step for that attempt, capped, then a random point in its upper
 * half ("equal jitter"). The jitter keeps many agents that lost the same
 * ЦОД at the same moment from all coming back in step; keeping the lower
 * half means a pause is never near zero, so a busy server gets real rest.
 */
export function backoffPause(attempt: number, policy: BackoffPolicy, random: () => number): number {
  const step = Math.min(policy.maxPauseMs, policy.firstPauseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(step / 2 + random() * (step / 2));
}

/**
 * A server's `Retry-After` (seconds or an HTTP date), in ms from `now`, or
 * undefined when absent or unreadable. Capped by the caller.
 */
export function retryAfterMs(header: string | null, now: number): number | undefined {
  if (!header) return undefined;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** A sleep that ends early (rejecting with the signal's reason) when the signal aborts. */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
