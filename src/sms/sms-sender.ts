import { smsTexts as T } from "../messages/areas/sms.ts";
import type { NoticeFacts } from "../messages/areas/mail.ts";
import { say, type Language } from "../messages/text.ts";
import { configFailure, type DeliveryOutcome, permanent } from "../kernel/delivery-outcome.ts";
import { maskPhone } from "../privacy/redact.ts";
import type { Config } from "../config/schema.ts";
import { HttpClient, type HttpDeps } from "../net/http-client.ts";
import { remoteOptions } from "../net/remote-options.ts";
import { GenericHttpGateway } from "./generic-gateway.ts";
import { normalizeMobilePhone } from "./phone-number.ts";
import { type SmsBalance, type SmsCallOptions, type SmsGateway, type SmsStatus } from "./sms-gateway.ts";
import { planSms, type SmsPlan } from "./sms-segments.ts";
import { SmscGateway } from "./smsc-gateway.ts";

/** One text to send: the queue item's number, the phone as the MIS holds it, and the patient's language. */
export interface ResultSms {
  /** The queue item's number (1…2147483647), sent to the gateway for later status calls. */
  id: number;
  /** As the MIS holds it: `8 (916) 123-45-12`; normalised here. */
  phone: string;
  language?: Language;
}

export interface SmsSenderOptions {
  /** The most parts one text may take (sms.max_parts). */
  maxParts: number;
  /** Warn below this balance; 0: never (sms.balance_warn). */
  balanceWarn: number;
  notice: NoticeFacts;
}

/** What the task learns about a text left in "sending" (after a crash or an uncertain answer). */
export type Reconciliation =
  | { verdict: "sent"; status: SmsStatus }
  | { verdict: "not-sent" }
  /** The gateway took it and says it will never arrive (expired, wrong or unavailable number …): `reason` is masked. */
  | { verdict: "failed"; status: SmsStatus; reason: string }
  /** The gateway cannot say (no status call): the task decides as for e-mail. */
  | { verdict: "unknown" };

/**
 * The SMS channel as the mailing task uses it: composes the text (that a
 * result is ready and how to get it, never values), checks the number and
 * the length before anything leaves, sends through the configured gateway,
 * reconciles texts left in "sending" by the gateway's status call, and warns
 * when the balance runs low.
 */
export class SmsSender {
  private lowWarned = false;

  constructor(
    readonly gateway: SmsGateway,
    private readonly o: SmsSenderOptions,
    private readonly warn: (message: string) => void = () => {},
  ) {}

  /** The text for a patient. */
  compose(language?: Language): string {
    return language ? say(T.notice, this.o.notice, language) : say(T.notice, this.o.notice);
  }

  /** How a text travels: encoding and parts. */
  plan(text: string): SmsPlan {
    return planSms(text);
  }

  /** Sends one text; answers how it ended (throws only when the signal aborts). */
  async send(sms: ResultSms, o: SmsCallOptions = {}): Promise<DeliveryOutcome> {
    if (!Number.isInteger(sms.id) || sms.id < 1 || sms.id > 2_147_483_647) throw new RangeError(`SmsSender: the id ${sms.id} is not 1…2147483647`);
    const phone = normalizeMobilePhone(sms.phone);
    if (!phone.ok) return permanent(phone.reason);
    const text = this.compose(sms.language);
    const plan = planSms(text);
    if (plan.parts.length > this.o.maxParts) return configFailure(say(T.tooManyParts, { parts: plan.parts.length, chars: text.length, max: this.o.maxParts }));
    const max = this.gateway.maxChars;
    if (max !== undefined && text.length > max) return configFailure(say(T.tooLongForProvider, { provider: this.gateway.provider, chars: text.length, max }));
    const outcome = await this.gateway.send({ id: sms.id, phone: phone.e164, text }, o);
    if (outcome.kind === "sent" && outcome.balance) this.noteBalance(outcome.balance);
    return outcome;
  }

  /** The text's state at the gateway; undefined when the gateway has no status call. Throws SmsError. */
  async status(q: { id: number; phone: string }, o: SmsCallOptions = {}): Promise<SmsStatus | undefined> {
    if (!this.gateway.status) return undefined;
    const phone = normalizeMobilePhone(q.phone);
    if (!phone.ok) return { state: "not-found", code: -3, final: false };
    return this.gateway.status({ id: q.id, phone: phone.e164 }, o);
  }

  /**
   * For a text left in "sending": did the gateway take it? `not-sent` only
   * when the gateway says it has no such message, so a text is sent again
   * only then; `failed` when the gateway took it but reports that it will
   * never arrive (a final failure status). Throws SmsError when the gateway
   * cannot be asked now.
   */
  async reconcile(q: { id: number; phone: string }, o: SmsCallOptions = {}): Promise<Reconciliation> {
    const status = await this.status(q, o);
    if (!status) return { verdict: "unknown" };
    if (status.state === "not-found") return { verdict: "not-sent" };
    if (status.state === "failed") {
      const phone = normalizeMobilePhone(q.phone);
      const reason = say(T.reportedFailed, {
        provider: this.gateway.provider,
        phone: maskPhone(phone.ok ? phone.e164 : q.phone),
        code: status.code,
        description: status.description ?? say(T.smscStatus, { code: status.code }),
      });
      return { verdict: "failed", status, reason };
    }
    return { verdict: "sent", status };
  }

  /** The account's balance, warning when it is low; undefined when the gateway has no balance call. Throws SmsError. */
  async balance(o: SmsCallOptions = {}): Promise<(SmsBalance & { low: boolean }) | undefined> {
    if (!this.gateway.balance) return undefined;
    const b = await this.gateway.balance(o);
    return { ...b, low: this.noteBalance(b) };
  }

  close(): void {
    this.gateway.close();
  }

  /** Warns once when the balance falls below the threshold, and again after it was topped up and fell again. */
  private noteBalance(b: SmsBalance): boolean {
    const low = this.o.balanceWarn > 0 && b.amount < this.o.balanceWarn;
    if (low && !this.lowWarned) {
      this.warn(say(T.lowBalance, { provider: this.gateway.provider, balance: b.amount.toFixed(2), currency: b.currency || "", threshold: this.o.balanceWarn }));
    }
    this.lowWarned = low;
    return low;
  }
}

/** The SMS channel from the config; undefined when sms.url is empty (not configured). */
export function smsSenderFromConfig(config: Config, deps: HttpDeps & { warn?: (message: string) => void } = {}): SmsSender | undefined {
  const s = config.sms;
  if (!s.url) return undefined;
  const http = new HttpClient(remoteOptions("sms", s), deps);
  const gateway: SmsGateway =
    s.provider === "smsc"
      ? new SmscGateway(http, { login: s.login, password: s.password, apiKey: s.api_key }, s.sender)
      : new GenericHttpGateway(http, {
          phoneField: s.generic_phone_field,
          textField: s.generic_text_field,
          idField: s.generic_id_field,
          fields: s.generic_fields,
          authHeader: s.generic_auth_header,
          success: s.generic_success,
        });
  const notice = { clinic: config.mailing.clinic_name, url: config.mailing.results_url, phone: config.mailing.clinic_phone };
  return new SmsSender(gateway, { maxParts: s.max_parts, balanceWarn: s.balance_warn, notice }, deps.warn);
}
