import type { DeliveryOutcome } from "../../kernel/delivery-outcome.ts";
import { backoffPause } from "../../net/backoff.ts";

/** The longest wait between two tries of one message. */
export const MAX_RETRY_PAUSE_MS = 12 * 3600_000;

/** What one delivery outcome does to the queue item, and to its channel for the rest of the run. */
export type QueueStep =
  | { to: "sent"; messageId: string }
  /** Back to queued: tried again at `nextAt`; `counted` adds an attempt. */
  | { to: "retry"; nextAt: number; counted: boolean; reason: string; uncertain: boolean }
  /**
   * Stays "sending": it may have gone out; the next run asks the gateway before anything else. The attempt
   * counts, and should the gateway say it never got it, it waits until `nextAt` (the same pause as a retry).
   */
  | { to: "uncertain"; reason: string; nextAt: number }
  | { to: "failed"; reason: string; exhausted: boolean };

export interface StepPolicy {
  channel: "email" | "sms";
  /** Attempts the item had before this one. */
  attemptsBefore: number;
  maxAttempts: number;
  firstPauseMs: number;
  now: number;
}

/**
 * The queue's state machine for one finished try (pure, so every branch is
 * unit-tested without a server):
 * - `sent` → sent, with the server's or gateway's id;
 * - `temporary` → queued again after a doubling pause (the remote's
 *   Retry-After when longer), until `maxAttempts` tries were made, then
 *   failed; a text that may have reached the gateway stays "sending" and is
 *   reconciled by the status call (if the gateway never got it, it waits out
 *   the same pause before it goes again); an e-mail that may have reached the server
 *   is sent again with the same Message-ID (SMTP has no status call);
 * - `permanent` → failed, never retried;
 * - `config` → queued as it was, no attempt counted: the channel is at fault.
 * Whether the channel stops for the run is `stopsChannel`.
 */
export function queueStep(outcome: DeliveryOutcome, p: StepPolicy): QueueStep {
  switch (outcome.kind) {
    case "sent":
      return { to: "sent", messageId: outcome.messageId };
    case "permanent":
      return { to: "failed", reason: outcome.reason, exhausted: false };
    case "config":
      return { to: "retry", nextAt: p.now, counted: false, reason: outcome.reason, uncertain: false };
    case "temporary": {
      const attempts = p.attemptsBefore + 1;
      const pause = Math.max(retryPauseMs(attempts, p.firstPauseMs), Math.min(outcome.retryAfterMs ?? 0, MAX_RETRY_PAUSE_MS));
      // A text that may have reached the gateway is never given up or resent on a guess: the status call decides,
      // and one the gateway never got waits out the same pause as any temporary failure (a 5xx, a timeout).
      if (outcome.mayHaveBeenSent && p.channel === "sms") return { to: "uncertain", reason: outcome.reason, nextAt: p.now + pause };
      if (attempts >= p.maxAttempts) return { to: "failed", reason: outcome.reason, exhausted: true };
      return { to: "retry", nextAt: p.now + pause, counted: true, reason: outcome.reason, uncertain: outcome.mayHaveBeenSent };
    }
  }
}

/** Whether the rest of the channel's messages wait for the next run after this outcome. */
export function stopsChannel(outcome: DeliveryOutcome): boolean {
  return outcome.kind === "config" || (outcome.kind === "temporary" && outcome.channelDown);
}

/** The pause after the n-th failed try: the first pause, doubling, at most 12 hours (no jitter: each item has its own time anyway). */
export function retryPauseMs(attempts: number, firstPauseMs: number): number {
  return backoffPause(attempts, { firstPauseMs, maxPauseMs: MAX_RETRY_PAUSE_MS }, () => 1);
}
