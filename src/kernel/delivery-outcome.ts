/**
 * How one attempt to deliver a message to a patient (an e-mail, a text)
 * ended, as the mailing task records it. Every `reason` is a sentence from
 * the catalog in the agent's language, with addresses and phone numbers
 * already masked and remote replies already redacted, so it may be stored as
 * the queue item's last error and logged as it is.
 *
 * - `sent`: the server or gateway took the message; `messageId` identifies it there.
 * - `temporary`: not sent now, may work later (retry with backoff).
 * - `permanent`: this message can never be sent as it is (a bad address, a
 *   rejected number): mark it failed, do not retry.
 * - `config`: the channel is misconfigured or blocked for everyone (login,
 *   certificate, sender name, no money): stop this channel for the run, keep
 *   the message queued without counting an attempt, tell the administrator.
 */
export type DeliveryOutcome = Sent | TemporaryFailure | PermanentFailure | ConfigFailure;

export interface Sent {
  kind: "sent";
  /** The id under which the server or gateway knows the message (Message-ID, the gateway's id). */
  messageId: string;
  /** The server's own answer, redacted (`250 2.0.0 Ok: queued as 4XyZ`), when there is one. */
  response?: string;
  /** SMS: how many parts the gateway billed. */
  parts?: number;
  /** SMS: the account's balance after this message, when the gateway said. */
  balance?: { amount: number; currency: string };
  /** Something odd the task should log, though the message was sent (a gateway answering another id). */
  warning?: string;
}

export interface TemporaryFailure {
  kind: "temporary";
  reason: string;
  /**
   * The message may have reached the server before the failure (a timeout or
   * a dropped connection after it was handed over). For SMS the task asks the
   * gateway's status before sending again; SMTP has no such call (see the README).
   */
  mayHaveBeenSent: boolean;
  /** The channel as a whole is failing (server down, refused, blocked): stop sending on it in this run. */
  channelDown: boolean;
  /** How long the remote asked to wait, ms, when it said. */
  retryAfterMs?: number;
}

export interface PermanentFailure {
  kind: "permanent";
  reason: string;
}

export interface ConfigFailure {
  kind: "config";
  reason: string;
}

export type FailedDelivery = Exclude<DeliveryOutcome, Sent>;

export const temporary = (reason: string, o: { mayHaveBeenSent: boolean; channelDown: boolean; retryAfterMs?: number }): TemporaryFailure => ({
  kind: "temporary",
  reason,
  ...o,
});
export const permanent = (reason: string): PermanentFailure => ({ kind: "permanent", reason });
export const configFailure = (reason: string): ConfigFailure => ({ kind: "config", reason });
