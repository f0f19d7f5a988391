/**
 * SMSC.ru's HTTP API, as documented by the provider:
 * - sending:        https://smsc.ru/api/http/send/sms/            (POST /sys/send.php)
 * - send answers:   https://smsc.ru/api/http/send/sms/sms_answer/ (error codes 1–9)
 * - status:         https://smsc.ru/api/http/status_messages/     (POST /sys/status.php)
 * - status codes:   https://smsc.ru/api/http/status_messages/statuses/
 * - balance:        https://smsc.ru/api/http/balance/get_balance/ (POST /sys/balance.php)
 * (English mirror: https://smscentre.com/api/http/…)
 *
 * Every request carries `fmt=3` (answers in JSON) and `charset=utf-8`
 * (without it SMSC.ru reads the text as windows-1251). A text is sent with
 * the agent's own message number as `id` (a 32-bit number, 1…2147483647),
 * so that after a crash the agent can ask `status.php` about exactly that
 * message (by phone and id) instead of sending it blindly again. SMSC.ru
 * itself refuses the same request repeated within a minute (error 9).
 */
import { smsTexts as T } from "../messages/areas/sms.ts";
import { say } from "../messages/text.ts";
import { configFailure, type DeliveryOutcome, type FailedDelivery, permanent, temporary } from "../kernel/delivery-outcome.ts";
import { isPlainObject } from "../kernel/json-shape.ts";
import { maskPhone, redactPersonalData } from "../privacy/redact.ts";
import type { HttpAnswer, HttpClient } from "../net/http-client.ts";
import { NetError } from "../net/net-error.ts";
import { type SmsBalance, type SmsCallOptions, SmsError, type SmsGateway, type SmsMessage, type SmsStatus } from "./sms-gateway.ts";

/** How the agent logs in at SMSC.ru: login and password, or an API key. */
export interface SmscAuth {
  login: string;
  password: string;
  apiKey: string;
}

const PROVIDER = "SMSC.ru";
/** SMSC.ru takes at most this many characters in `mes`. */
const MAX_CHARS = 1000;
const QUOTED = 200;

/**
 * SMSC.ru's status codes → the agent's states (statuses page above): -3 not found; -1 waiting to be sent, -2
 * stopped (held at the gateway); 0 passed to the operator; 1 delivered, 2 read, 4 link clicked; and the final
 * failures: 3 expired, 20 cannot be delivered, 22 wrong number, 23 forbidden, 25 unavailable number. 24 (not
 * enough money) is no fault of the text: the gateway never sent it, so it counts as not taken and goes again
 * (a send while the account is empty is refused as a setup problem, which stops the channel without using the
 * text's attempts). A code not on that page is taken as "sent" (the gateway has the text, its fate unknown),
 * never as failed.
 */
export const SMSC_FAILED_STATUSES = [3, 20, 22, 23, 25] as const;
const SMSC_NO_MONEY = 24;

function stateOf(code: number): SmsStatus {
  if (code === -3) return { state: "not-found", code, final: false };
  if (code === SMSC_NO_MONEY) return { state: "not-found", code, final: false, description: say(T.smscStatus, { code }) };
  if (code === -1 || code === -2) return { state: "queued", code, final: false };
  if (code === 1 || code === 2 || code === 4) return { state: "delivered", code, final: true };
  if ((SMSC_FAILED_STATUSES as readonly number[]).includes(code)) return { state: "failed", code, final: true, description: say(T.smscStatus, { code }) };
  return { state: "sent", code, final: false };
}

const quote = (text: string) => redactPersonalData(text.replace(/\s+/g, " ").trim().slice(0, QUOTED));

export class SmscGateway implements SmsGateway {
  readonly provider = PROVIDER;
  readonly maxChars = MAX_CHARS;

  constructor(
    private readonly http: HttpClient,
    private readonly auth: SmscAuth,
    private readonly sender: string,
  ) {}

  async send(m: SmsMessage, o: SmsCallOptions = {}): Promise<DeliveryOutcome> {
    const form: Record<string, string> = { ...this.credentials(), phones: m.phone, mes: m.text, id: String(m.id), cost: "3" };
    if (this.sender) form.sender = this.sender;
    let answer: HttpAnswer;
    try {
      // Never repeated by the HTTP layer: a second POST could be a second text.
      answer = await this.http.request({ method: "POST", path: "/sys/send.php", form, retry: false, signal: o.signal });
    } catch (error) {
      if (error instanceof NetError) return this.netFailure(error);
      throw error;
    }
    const body = this.readBody(answer);
    if (body instanceof Error) return temporary(say(T.badAnswer, { provider: PROVIDER, detail: body.message }), { mayHaveBeenSent: true, channelDown: true });
    if (typeof body.error_code === "number") return this.sendError(body.error_code, String(body.error ?? ""), m, o);
    const cnt = body.cnt;
    if (!(typeof cnt === "number" && Number.isInteger(cnt) && cnt > 0) || !(typeof body.id === "number" || typeof body.id === "string")) {
      return temporary(say(T.badAnswer, { provider: PROVIDER, detail: quote(answer.text) }), { mayHaveBeenSent: true, channelDown: true });
    }
    const balance = amountOf(body.balance);
    const sent: DeliveryOutcome = {
      kind: "sent",
      messageId: String(m.id),
      parts: cnt,
      ...(balance !== undefined ? { balance: { amount: balance, currency: "" } } : {}),
    };
    if (String(body.id) === String(m.id)) return sent;
    // The gateway answered with another message's number: ask about ours before believing either.
    const got = quote(String(body.id));
    try {
      const status = await this.status({ id: m.id, phone: m.phone }, o);
      if (status.state !== "not-found") return { ...sent, warning: say(T.otherId, { sent: String(m.id), got }) };
    } catch (error) {
      if (!(error instanceof SmsError)) throw error;
    }
    return temporary(say(T.otherIdNotFound, { sent: String(m.id), got }), { mayHaveBeenSent: true, channelDown: false });
  }

  async status(q: { id: number; phone: string }, o: SmsCallOptions = {}): Promise<SmsStatus> {
    const body = await this.call("/sys/status.php", { phone: q.phone, id: String(q.id) }, o);
    const code = body.status;
    if (typeof code !== "number" || !Number.isInteger(code)) throw new SmsError(say(T.badAnswer, { provider: PROVIDER, detail: "status" }), "temporary");
    return stateOf(code);
  }

  async balance(o: SmsCallOptions = {}): Promise<SmsBalance> {
    const body = await this.call("/sys/balance.php", {}, o);
    const amount = amountOf(body.balance);
    if (amount === undefined) throw new SmsError(say(T.badAnswer, { provider: PROVIDER, detail: "balance" }), "temporary");
    return { amount, currency: typeof body.currency === "string" ? body.currency : "" };
  }

  close(): void {
    this.http.close();
  }

  private credentials(): Record<string, string> {
    const base = { fmt: "3", charset: "utf-8" };
    return this.auth.apiKey ? { ...base, apikey: this.auth.apiKey } : { ...base, login: this.auth.login, psw: this.auth.password };
  }

  /** A status or balance call: safe to repeat, so the HTTP layer retries it. */
  private async call(path: string, params: Record<string, string>, o: SmsCallOptions): Promise<Record<string, unknown>> {
    let answer: HttpAnswer;
    try {
      answer = await this.http.request({ method: "POST", path, form: { ...this.credentials(), ...params }, retry: true, signal: o.signal });
    } catch (error) {
      if (!(error instanceof NetError)) throw error;
      const failure = this.netFailure(error);
      throw new SmsError(failure.reason, failure.kind === "config" ? "config" : "temporary", { cause: error });
    }
    const body = this.readBody(answer);
    if (body instanceof Error) throw new SmsError(say(T.badAnswer, { provider: PROVIDER, detail: body.message }), "temporary");
    if (typeof body.error_code === "number") {
      const failure = smscFailure(body.error_code, String(body.error ?? ""), "");
      throw new SmsError(failure.reason, failure.kind === "config" ? "config" : "temporary");
    }
    return body;
  }

  private readBody(answer: HttpAnswer): Record<string, unknown> | Error {
    try {
      const body = answer.json();
      if (!isPlainObject(body)) return new Error(quote(answer.text));
      return body;
    } catch (error) {
      return new Error(error instanceof NetError ? error.detail : quote(answer.text));
    }
  }

  private async sendError(code: number, detail: string, m: SmsMessage, o: SmsCallOptions): Promise<DeliveryOutcome> {
    if (code !== 9) return smscFailure(code, quote(detail), maskPhone(m.phone));
    // Error 9: the same request came less than a minute ago. If the first one went through, the
    // text was sent; the status call tells — and a text is never sent twice on a guess.
    try {
      const status = await this.status({ id: m.id, phone: m.phone }, o);
      if (status.state !== "not-found") return { kind: "sent", messageId: String(m.id) };
      return temporary(say(T.smscDuplicateNotFound), { mayHaveBeenSent: false, channelDown: false, retryAfterMs: 60_000 });
    } catch (error) {
      if (!(error instanceof SmsError)) throw error;
      return temporary(error.message, { mayHaveBeenSent: true, channelDown: true });
    }
  }

  private netFailure(e: NetError): FailedDelivery {
    const reason = say(T.gateway, { provider: PROVIDER, detail: e.message });
    if (e.kind === "tls") return configFailure(reason);
    if (e.kind === "refused") return temporary(reason, { mayHaveBeenSent: false, channelDown: true });
    if (e.kind === "http" && e.status !== undefined && e.status < 500 && e.status !== 429) return configFailure(reason);
    // Refused outright (503, 429) means not taken; any other ending may have come after the gateway took the text.
    const notTaken = e.kind === "http" && (e.status === 503 || e.status === 429);
    return temporary(reason, { mayHaveBeenSent: !notTaken, channelDown: true, retryAfterMs: e.retryAfterMs });
  }
}

/** SMSC.ru's send error codes (sms_answer page above) → what the queue does with the message. */
export function smscFailure(code: number, detail: string, phone: string): FailedDelivery {
  switch (code) {
    case 1:
      return configFailure(say(T.smscParams, { detail }));
    case 2:
      return configFailure(say(T.smscAuth));
    case 3:
      return configFailure(say(T.smscFunds));
    case 4:
      return temporary(say(T.smscIpBlocked), { mayHaveBeenSent: false, channelDown: true });
    case 5:
      return configFailure(say(T.smscDateFormat));
    case 6:
      return configFailure(say(T.smscForbidden));
    case 7:
      return permanent(say(T.smscBadNumber, { phone }));
    case 8:
      return permanent(say(T.smscUndeliverable, { phone }));
    case 9:
      return temporary(say(T.smscTooManyRequests), { mayHaveBeenSent: false, channelDown: true, retryAfterMs: 60_000 });
    default:
      return temporary(say(T.smscUnknownError, { code, detail }), { mayHaveBeenSent: false, channelDown: true });
  }
}

/** SMSC.ru writes amounts as strings ("123.45"); numbers are taken too. */
function amountOf(value: unknown): number | undefined {
  const n = typeof value === "number" ? value : typeof value === "string" && /^-?\d+(?:\.\d+)?$/.test(value.trim()) ? Number(value) : NaN;
  return Number.isFinite(n) ? n : undefined;
}
