import { smsTexts as T } from "../messages/areas/sms.ts";
import { say } from "../messages/text.ts";
import { configFailure, type DeliveryOutcome, temporary } from "../kernel/delivery-outcome.ts";
import { redactPersonalData } from "../privacy/redact.ts";
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
 * it like an e-mail (see the README).
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
    if (answer.status >= 300) return configFailure(say(T.gateway, { provider: PROVIDER, detail: say(T.genericRefused, { status: answer.status, body: quote(answer.text) }) }));
    if (!this.success) return { kind: "sent", messageId: String(m.id) };
    const match = this.success.exec(answer.text);
    if (!match) return configFailure(say(T.gateway, { provider: PROVIDER, detail: say(T.genericNoMatch, { body: quote(answer.text) }) }));
    return { kind: "sent", messageId: match[1] ?? String(m.id) };
  }

  close(): void {
    this.http.close();
  }
}
