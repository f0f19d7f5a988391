import type { DeliveryOutcome } from "../kernel/delivery-outcome.ts";

/** One text to one patient: the agent's own number for it (the queue item), the checked phone, the text. */
export interface SmsMessage {
  /** The agent's number of the message, 1…2147483647: sent to the gateway so it can be asked about later. */
  id: number;
  /** `+79161234512`, already normalised. */
  phone: string;
  text: string;
}

/**
 * Where a text is, as the gateway's status call tells it:
 * - `not-found`: the gateway has no such message (it never took it: safe to send);
 * - `queued`: taken, not yet passed to the operator;
 * - `sent`: passed to the operator, no delivery report yet;
 * - `delivered`: on the phone (or read);
 * - `failed`: it will never arrive (expired, wrong or unavailable number, forbidden).
 */
export type SmsState = "not-found" | "queued" | "sent" | "delivered" | "failed";

export interface SmsStatus {
  state: SmsState;
  /** The provider's own status code. */
  code: number;
  /** No later change is expected. */
  final: boolean;
  /** For `failed`: what the provider's code means, as a sentence from the catalog (no phone number in it). */
  description?: string;
}

export interface SmsBalance {
  amount: number;
  currency: string;
}

/** A status or balance call that failed; `temporary` may work later, `config` needs the administrator. */
export class SmsError extends Error {
  override readonly name = "SmsError";
  constructor(
    message: string,
    readonly kind: "temporary" | "config",
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Options of one call. */
export interface SmsCallOptions {
  signal?: AbortSignal;
}

/** One provider's HTTP API. Status and balance exist only where the provider has them. */
export interface SmsGateway {
  /** The provider as messages name it: `SMSC.ru`. */
  readonly provider: string;
  /** The longest text the provider takes, characters; undefined when it does not say. */
  readonly maxChars: number | undefined;
  /** Sends one text; answers how it ended (never throws for a failed send, only on abort). */
  send(message: SmsMessage, o?: SmsCallOptions): Promise<DeliveryOutcome>;
  /** The message's state at the gateway; throws SmsError. */
  status?(query: { id: number; phone: string }, o?: SmsCallOptions): Promise<SmsStatus>;
  /** The account's balance; throws SmsError. */
  balance?(o?: SmsCallOptions): Promise<SmsBalance>;
  close(): void;
}
