import { describe, expect, test } from "bun:test";
import { configFailure, permanent, temporary } from "../../src/kernel/delivery-outcome.ts";
import { MAX_RETRY_PAUSE_MS, queueStep, retryPauseMs, stopsChannel } from "../../src/tasks/mailing/queue-step.ts";

const NOW = Date.UTC(2025, 5, 1, 9);
const policy = (o: Partial<Parameters<typeof queueStep>[1]> = {}) => ({ channel: "email" as const, attemptsBefore: 0, maxAttempts: 5, firstPauseMs: 300_000, now: NOW, ...o });

describe("the mailing queue's state machine for one try", () => {
  test("sent keeps the server's id; permanent fails at once; config keeps the item queued without an attempt", () => {
    expect(queueStep({ kind: "sent", messageId: "<main-q1@clinic.ru>" }, policy())).toEqual({ to: "sent", messageId: "<main-q1@clinic.ru>" });
    expect(queueStep(permanent("550 no such user"), policy())).toEqual({ to: "failed", reason: "550 no such user", exhausted: false });
    expect(queueStep(configFailure("login refused"), policy({ attemptsBefore: 4 }))).toEqual({ to: "retry", nextAt: NOW, counted: false, reason: "login refused", uncertain: false });
  });

  test("temporary: retried after a doubling pause, capped at 12 hours, or the remote's Retry-After when longer", () => {
    const t = temporary("451 later", { mayHaveBeenSent: false, channelDown: false });
    expect(queueStep(t, policy())).toEqual({ to: "retry", nextAt: NOW + 300_000, counted: true, reason: "451 later", uncertain: false });
    expect(queueStep(t, policy({ attemptsBefore: 2 }))).toMatchObject({ nextAt: NOW + 1_200_000 });
    expect(retryPauseMs(30, 300_000)).toBe(MAX_RETRY_PAUSE_MS);
    const withRetryAfter = temporary("9", { mayHaveBeenSent: false, channelDown: true, retryAfterMs: 3_600_000 });
    expect(queueStep(withRetryAfter, policy())).toMatchObject({ nextAt: NOW + 3_600_000 });
  });

  test("temporary after the last allowed try: failed, marked as exhausted", () => {
    const t = temporary("timeout", { mayHaveBeenSent: false, channelDown: true });
    expect(queueStep(t, policy({ attemptsBefore: 4 }))).toEqual({ to: "failed", reason: "timeout", exhausted: true });
  });

  test("may have been sent: a text stays sending for the status call; an e-mail is retried (same Message-ID)", () => {
    const t = temporary("dropped", { mayHaveBeenSent: true, channelDown: true });
    expect(queueStep(t, policy({ channel: "sms" }))).toEqual({ to: "uncertain", reason: "dropped", nextAt: NOW + 300_000 });
    expect(queueStep(t, policy({ channel: "sms", attemptsBefore: 4 }))).toEqual({ to: "uncertain", reason: "dropped", nextAt: NOW + 4_800_000 });
    expect(queueStep(t, policy({ channel: "email" }))).toMatchObject({ to: "retry", counted: true, uncertain: true });
  });

  test("a gateway 5xx or timeout on a text: the same growing pause as any temporary failure, or the remote's Retry-After", () => {
    const t = temporary("500", { mayHaveBeenSent: true, channelDown: true });
    const pauses = [0, 1, 2, 3].map((n) => (queueStep(t, policy({ channel: "sms", attemptsBefore: n })) as { nextAt: number }).nextAt - NOW);
    expect(pauses).toEqual([300_000, 600_000, 1_200_000, 2_400_000]);
    const later = temporary("502", { mayHaveBeenSent: true, channelDown: true, retryAfterMs: 7_200_000 });
    expect(queueStep(later, policy({ channel: "sms" }))).toMatchObject({ to: "uncertain", nextAt: NOW + 7_200_000 });
  });

  test("which outcomes stop the channel for the rest of the run", () => {
    expect(stopsChannel({ kind: "sent", messageId: "x" })).toBe(false);
    expect(stopsChannel(permanent("x"))).toBe(false);
    expect(stopsChannel(temporary("x", { mayHaveBeenSent: false, channelDown: false }))).toBe(false);
    expect(stopsChannel(temporary("x", { mayHaveBeenSent: false, channelDown: true }))).toBe(true);
    expect(stopsChannel(configFailure("x"))).toBe(true);
  });
});
