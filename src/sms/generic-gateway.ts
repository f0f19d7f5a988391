import { smsTexts as T } from "../messages/areas/sms.ts";
import { say } from "../messages/text.ts";
import { configFailure, type DeliveryOutcome, type FailedDelivery, permanent, temporary } from "../kernel/delivery-outcome.ts";
import { maskPhone, redactPersonalData } from "../privacy/redact.ts";
import type { HttpAnswer, HttpClient } from "../net/http-client.ts";
import { NetError } from "../net/net-error.ts";
import type { SmsCallOptions, SmsGateway, SmsMessage } from "./sms-gateway.ts";

/** How a provider's sending form is filled in (the sms.generic_* settings). */
export interface GenericFormOptions {
  phoneField: string;
  textField: string;
  /** The field that carries the agent's message number; empty: not sent. */
  idField: string;
  /** Fixed fields, URL-encoded: `login=clinic&psw=…&sender=Clinic`. */
  fields: string;
  /** The whole Authorization header value; empty: none. */
  authHeader: string;
  /** A success answer matches it; its first group is the provider's message id. Empty: any 2xx. */
  success: string;
}

const PROVIDER = "generic HTTP";
const quote = (text: string) => redactPersonalData(text.replace(/\s+/g, " ").trim().slice(0, 200));

/**
 * Any provider with an HTTP form for sending (POST, form-encoded, to the
 * address in sms.url). It has no status or balance call, so a text left in
 * "sending" after a crash cannot be reconciled through it: the task treats
 * it like an e-mail (see the README). Its answers: 2xx matching
 * sms.generic_success → sent; 401/403/407, 404/405 or a redirect → the channel's
 * setup (config); 408/425 → later; any other 4xx → this message failed for good
 * (a number the provider refuses must not block the queue); 429 and 5xx →
 * temporary with backoff (a 5xx may have come after the text was taken).
 */
export class GenericHttpGateway implements SmsGateway {
  readonly provider = PROVIDER;
  readonly maxChars = undefined;
  private readonly success: RegExp | undefined;
  private readonly fixed: Record<string, string>;

  constructor(
    private readonly http: HttpClient,
    private readonly o: GenericFormOptions,
  ) {
    this.success = o.success ? new RegExp(o.success) : undefined;
    this.fixed = Object.fromEntries(new URLSearchParams(o.fields));
  }

  async send(m: SmsMessage, call: SmsCallOptions = {}): Promise<DeliveryOutcome> {
    const form: Record<string, string> = { ...this.fixed, [this.o.phoneField]: m.phone, [this.o.textField]: m.text };
    if (this.o.idField) form[this.o.idField] = String(m.id);
    let answer: HttpAnswer;
    try {
      answer = await this.http.request({
        method: "POST",
        path: "",
        form,
        headers: this.o.authHeader ? { authorization: this.o.authHeader, accept: "*/*" } : { accept: "*/*" },
        retry: false,
        accept: (status) => status < 500,
        signal: call.signal,
      });
    } catch (error) {
      if (!(error instanceof NetError)) throw error;
      const reason = say(T.gateway, { provider: PROVIDER, detail: error.message });
      if (error.kind === "tls") return configFailure(reason);
      return temporary(reason, { mayHaveBeenSent: error.kind !== "refused" && error.status !== 503 && error.status !== 429, channelDown: true, retryAfterMs: error.retryAfterMs });
    }
    if (answer.status >= 300) return refused(answer, m);
    if (!this.success) return { kind: "sent", messageId: String(m.id) };
    const match = this.success.exec(answer.text);
    if (!match) return configFailure(say(T.gateway, { provider: PROVIDER, detail: say(T.genericNoMatch, { body: quote(answer.text) }) }));
    return { kind: "sent", messageId: match[1] ?? String(m.id) };
  }

  close(): void {
    this.http.close();
  }
}

/**
 * Statuses that say the channel itself is wrong, whatever the message: the login or key (401, 403, 407 at a
 * proxy) or the address and method of sms.url (404, 405). The channel stops, nothing is counted.
 */
const CHANNEL_STATUSES = new Set([401, 403, 404, 405, 407]);
/** Statuses that say "not now" (the provider slow or busy): retried with backoff. 429 and 5xx never get here (NetError). */
const LATER_STATUSES = new Set([408, 425]);

/**
 * A refusal (3xx or 4xx) as the queue takes it: the channel's setup (a redirect, CHANNEL_STATUSES), a
 * momentary one (LATER_STATUSES), or — any other 4xx, typically 400 or 422 for a number the provider
 * will not take — this one message, failed for good so it never blocks the queue.
 */
function refused(answer: HttpAnswer, m: SmsMessage): FailedDelivery {
  const body = quote(answer.text);
  if (answer.status < 400 || CHANNEL_STATUSES.has(answer.status)) {
    return configFailure(say(T.gateway, { provider: PROVIDER, detail: say(T.genericRefused, { status: answer.status, body }) }));
  }
  if (LATER_STATUSES.has(answer.status)) {
    return temporary(say(T.gateway, { provider: PROVIDER, detail: say(T.genericLater, { status: answer.status, body }) }), { mayHaveBeenSent: false, channelDown: true });
  }
  return permanent(say(T.gateway, { provider: PROVIDER, detail: say(T.genericRejected, { status: answer.status, body, phone: maskPhone(m.phone) }) }));
}
