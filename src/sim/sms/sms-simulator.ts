/**
 * An SMS gateway on loopback that speaks SMSC.ru's HTTP API (send.php,
 * status.php, balance.php with fmt=3, as https://smsc.ru/api/http/ documents
 * them) on its own terms: it shares no code with the agent's client in
 * src/sms/, so the two cannot share a misreading. It records every text,
 * bills parts against a balance, answers statuses, refuses a repeated
 * request within a minute (error 9) as SMSC.ru does, and injects faults
 * switched at run time through /admin/ on the same port.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { closeServer, listen, readBody } from "../http-server.ts";
import { array, type Check, int, object, optional, record, ShapeError, str, parseJson } from "../../kernel/json-shape.ts";
import { smsFaultSettings, SmsFaults, type SmsFaultRule, type SmsSimCall } from "./sms-faults.ts";

export interface SmsSimulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  now?: () => number;
  /** The account's starting balance, roubles. */
  balance?: number;
}

/** One text the simulator took. */
export interface SimText {
  id: string;
  login: string;
  phone: string;
  text: string;
  sender: string;
  encoding: "gsm7" | "ucs2";
  parts: number;
  cost: number;
  at: number;
}

const MAX_MES = 1000;
const DUPLICATE_WINDOW_MS = 60_000;

// GSM 03.38, written out by code point so that it is not the client's table.
const GSM_BASIC = new Set<number>([
  0x40, 0xa3, 0x24, 0xa5, 0xe8, 0xe9, 0xf9, 0xec, 0xf2, 0xc7, 0x0a, 0xd8, 0xf8, 0x0d, 0xc5, 0xe5, 0x394, 0x5f, 0x3a6, 0x393, 0x39b, 0x3a9, 0x3a0, 0x3a8, 0x3a3, 0x398, 0x39e, 0xc6, 0xe6,
  0xdf, 0xc9, 0xa4, 0xa1, 0xc4, 0xd6, 0xd1, 0xdc, 0xa7, 0xbf, 0xe4, 0xf6, 0xf1, 0xfc, 0xe0,
  ...range(0x20, 0x23), ...range(0x25, 0x3f), ...range(0x41, 0x5a), ...range(0x61, 0x7a),
]);
const GSM_EXTENDED = new Set<number>([0x5e, 0x7b, 0x7d, 0x5c, 0x5b, 0x7e, 0x5d, 0x7c, 0x20ac, 0x0c]);

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

/** Parts as SMSC.ru bills them: 160/153 GSM septets, 70/67 UCS-2 characters. */
function partsOf(text: string): { encoding: "gsm7" | "ucs2"; parts: number } {
  let septets = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (GSM_BASIC.has(cp)) septets += 1;
    else if (GSM_EXTENDED.has(cp)) septets += 2;
    else return { encoding: "ucs2", parts: text.length <= 70 ? 1 : Math.ceil(text.length / 67) };
  }
  return { encoding: "gsm7", parts: septets <= 160 ? 1 : Math.ceil(septets / 153) };
}

/** A Russian number as SMSC.ru's auto-formatting reads it: `79161234512`, or undefined. */
function simPhone(raw: string): string | undefined {
  const digits = raw.replace(/[\s()+-]/g, "");
  if (!/^\d+$/.test(digits)) return undefined;
  if (digits.length === 11 && (digits[0] === "7" || digits[0] === "8")) return `7${digits.slice(1)}`;
  if (digits.length === 10 && digits[0] === "9") return `7${digits}`;
  return undefined;
}

const ERROR_TEXT: Record<number, string> = {
  1: "parameters error",
  2: "authorise error",
  3: "no money",
  4: "IP is blocked",
  5: "invalid date format",
  6: "message is denied",
  7: "invalid phone number format",
  8: "cannot deliver",
  9: "duplicate request, wait a minute",
};

class SmscProblem extends Error {
  constructor(
    readonly code: number,
    readonly id?: string,
  ) {
    super(ERROR_TEXT[code] ?? "error");
  }
}

interface AdminOutcome {
  status: number;
  body: unknown;
}

const adminBalance: Check<{ balance: number; price?: number }> = object({ balance: int({ min: -1_000_000, max: 1_000_000_000 }), price: optional(int({ min: 0, max: 1000 })) });
const adminAccounts = object({
  accounts: optional(record(str(), { keyPattern: /^.{1,64}$/, keyExpected: "a login" })),
  api_keys: optional(array(str({ min: 1 }))),
});
const adminNumbers = object({
  unknown: optional(array(str())),
  statuses: optional(record(int({ min: -3, max: 30 }), { keyPattern: /^\+?\d{10,11}$/, keyExpected: "a phone number" })),
});
const adminDelivery = object({ after_ms: int({ min: 0, max: 86_400_000 }) });

export class SmsSimulator {
  readonly texts: SimText[] = [];
  readonly faults = new SmsFaults();
  /** Requests per call, whatever their outcome. */
  readonly requests = new Map<SmsSimCall, number>();
  private balanceKopecks: number;
  private priceKopecks = 350;
  private accounts = new Map<string, string>();
  private apiKeys = new Set<string>();
  private unknown = new Set<string>();
  private statuses = new Map<string, number>();
  private deliverAfterMs = 0;
  private nextId = 1;
  private server: Server | undefined;
  private portNumber = 0;
  private readonly now: () => number;

  private constructor(o: SmsSimulatorOptions) {
    this.now = o.now ?? Date.now;
    this.balanceKopecks = Math.round((o.balance ?? 1000) * 100);
  }

  static async start(o: SmsSimulatorOptions = {}): Promise<SmsSimulator> {
    const sim = new SmsSimulator(o);
    const server = createServer((req, res) => void sim.handle(req, res));
    sim.portNumber = await listen(server, o.port ?? 0);
    sim.server = server;
    return sim;
  }

  get url(): string {
    return `http://127.0.0.1:${this.portNumber}`;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    await closeServer(server);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = (await readBody(req)).toString("utf8");
    const url = new URL(req.url ?? "/", "http://sim");
    if (url.pathname.startsWith("/admin/")) return this.reply(res, this.admin(req.method ?? "GET", url.pathname, body));

    const call = ({ "/sys/send.php": "send", "/sys/status.php": "status", "/sys/balance.php": "balance" } as const)[url.pathname];
    if (!call) return this.reply(res, { status: 404, body: { error: "not a call of this gateway", error_code: 1 } });
    this.requests.set(call, (this.requests.get(call) ?? 0) + 1);
    // SMSC.ru takes its parameters in the query (GET) or the form body (POST).
    const params = new URLSearchParams(url.search);
    if (req.method === "POST") for (const [k, v] of new URLSearchParams(body)) params.set(k, v);

    const fault = this.faults.pick(call);
    if (fault?.kind === "slow") await Bun.sleep(fault.delay_ms ?? 1000);
    if (fault?.kind === "status") return this.reply(res, { status: fault.status ?? 500, body: { error: "fault injected by the simulator" } });
    if (fault?.kind === "error") return this.answer(res, params, this.errorBody(new SmscProblem(fault.error_code ?? 1)));

    let answer: Record<string, unknown>;
    try {
      answer = this.api(call, params, fault);
    } catch (error) {
      if (!(error instanceof SmscProblem)) throw error;
      answer = this.errorBody(error);
    }
    if (fault?.kind === "drop") {
      req.socket.destroy();
      return;
    }
    if (fault?.kind === "malformed") {
      res.writeHead(200, { "content-type": "text/html" });
      res.end("<html><body><h1>502 Bad Gateway</h1></body></html>");
      return;
    }
    this.answer(res, params, answer);
  }

  private api(call: SmsSimCall, p: URLSearchParams, fault: SmsFaultRule | undefined): Record<string, unknown> {
    const login = this.authorise(p);
    if (call === "balance") return { balance: (this.balanceKopecks / 100).toFixed(2), currency: "RUR" };
    if (call === "status") {
      const phone = simPhone(p.get("phone") ?? "");
      const id = p.get("id") ?? "";
      const text = phone ? this.texts.findLast((t) => t.phone === phone && t.id === id && t.login === login) : undefined;
      if (!text) return { status: -3, last_date: "", last_timestamp: 0, err: 0 };
      const at = Math.floor(text.at / 1000);
      return { status: this.statusOf(text), last_date: new Date(text.at).toISOString(), last_timestamp: at, err: 0 };
    }
    // send
    const phonesRaw = p.get("phones") ?? "";
    if (/[,;]/.test(phonesRaw)) throw new SmscProblem(1);
    const phone = simPhone(phonesRaw);
    const requestedId = p.get("id");
    if (requestedId !== null && !(/^\d{1,10}$/.test(requestedId) && Number(requestedId) >= 1 && Number(requestedId) <= 2_147_483_647)) throw new SmscProblem(1);
    if (!phone) throw new SmscProblem(7, requestedId ?? undefined);
    let mes = p.get("mes") ?? "";
    if (mes === "" || mes.length > MAX_MES) throw new SmscProblem(1);
    // Without charset=utf-8 SMSC.ru reads the bytes as windows-1251: the text arrives garbled.
    if ((p.get("charset") ?? "windows-1251").toLowerCase() !== "utf-8") mes = new TextDecoder("windows-1251").decode(Buffer.from(mes, "utf8"));
    const now = this.now();
    const duplicate = this.texts.some((t) => t.login === login && t.phone === phone && t.text === mes && t.id === (requestedId ?? t.id) && now - t.at < DUPLICATE_WINDOW_MS);
    if (duplicate) throw new SmscProblem(9);
    const id = requestedId ?? String(this.nextId++);
    if (this.unknown.has(phone)) throw new SmscProblem(8, id);
    const { encoding, parts } = partsOf(mes);
    const cost = parts * this.priceKopecks;
    if (cost > this.balanceKopecks) throw new SmscProblem(3, id);
    const previous = this.texts.at(-1);
    this.balanceKopecks -= cost;
    this.texts.push({ id, login, phone, text: mes, sender: p.get("sender") ?? "", encoding, parts, cost: cost / 100, at: now });
    const answeredId = fault?.kind === "duplicate_id" && previous ? previous.id : id;
    const out: Record<string, unknown> = { id: /^\d+$/.test(answeredId) ? Number(answeredId) : answeredId, cnt: parts };
    if (p.get("cost") === "2" || p.get("cost") === "3") out.cost = (cost / 100).toFixed(2);
    if (p.get("cost") === "3") out.balance = (this.balanceKopecks / 100).toFixed(2);
    return out;
  }

  private statusOf(t: SimText): number {
    const fixed = this.statuses.get(t.phone);
    if (fixed !== undefined) return fixed;
    return this.now() - t.at >= this.deliverAfterMs ? 1 : 0;
  }

  /** The login of a valid request (no accounts set: any non-empty login and password, or any API key). */
  private authorise(p: URLSearchParams): string {
    const apiKey = p.get("apikey");
    if (apiKey) {
      if (this.apiKeys.size > 0 && !this.apiKeys.has(apiKey)) throw new SmscProblem(2);
      return `apikey:${apiKey.slice(0, 4)}`;
    }
    const login = p.get("login") ?? "";
    const psw = p.get("psw") ?? "";
    if (!login || !psw) throw new SmscProblem(2);
    if (this.accounts.size > 0 && this.accounts.get(login) !== psw) throw new SmscProblem(2);
    return login;
  }

  private errorBody(e: SmscProblem): Record<string, unknown> {
    const out: Record<string, unknown> = { error: e.message, error_code: e.code };
    if (e.id !== undefined) out.id = Number(e.id);
    return out;
  }

  /** fmt=3 answers JSON; any other fmt gets SMSC.ru's plain-text form (the agent never asks for it). */
  private answer(res: ServerResponse, p: URLSearchParams, body: Record<string, unknown>): void {
    if (p.get("fmt") === "3") return this.reply(res, { status: 200, body });
    const text = "error_code" in body ? `ERROR = ${body.error_code} (${body.error})` : `OK - ${JSON.stringify(body)}`;
    res.writeHead(200, { "content-type": "text/plain; charset=utf-8" });
    res.end(text);
  }

  private reply(res: ServerResponse, o: AdminOutcome): void {
    const data = Buffer.from(JSON.stringify(o.body));
    res.writeHead(o.status, { "content-type": "application/json; charset=utf-8", "content-length": String(data.length) });
    res.end(data);
  }

  private admin(method: string, path: string, raw: string): AdminOutcome {
    try {
      const json = () => {
        const parsed = parseJson(raw);
        if (!parsed.ok) throw new ShapeError("", `the body is not JSON (${parsed.detail})`);
        return parsed.value;
      };
      switch (`${method} ${path}`) {
        case "GET /admin/health":
          return { status: 200, body: { ok: true, url: this.url } };
        case "GET /admin/messages":
          return { status: 200, body: { messages: this.texts, balance: (this.balanceKopecks / 100).toFixed(2), requests: Object.fromEntries(this.requests) } };
        case "DELETE /admin/messages":
          this.texts.length = 0;
          this.requests.clear();
          return { status: 200, body: { ok: true } };
        case "PUT /admin/balance": {
          const b = adminBalance(json(), "");
          this.balanceKopecks = Math.round(b.balance * 100);
          if (b.price !== undefined) this.priceKopecks = Math.round(b.price * 100);
          return { status: 200, body: { balance: (this.balanceKopecks / 100).toFixed(2) } };
        }
        case "PUT /admin/accounts": {
          const a = adminAccounts(json(), "");
          this.accounts = new Map(Object.entries(a.accounts ?? {}));
          this.apiKeys = new Set(a.api_keys ?? []);
          return { status: 200, body: { ok: true } };
        }
        case "PUT /admin/numbers": {
          const n = adminNumbers(json(), "");
          this.unknown = new Set((n.unknown ?? []).map((x) => simPhone(x) ?? x));
          this.statuses = new Map(Object.entries(n.statuses ?? {}).map(([k, v]) => [simPhone(k) ?? k, v]));
          return { status: 200, body: { ok: true } };
        }
        case "PUT /admin/delivery":
          this.deliverAfterMs = adminDelivery(json(), "").after_ms;
          return { status: 200, body: { ok: true } };
        case "GET /admin/faults":
          return { status: 200, body: this.faults.state() };
        case "PUT /admin/faults":
          this.faults.set(smsFaultSettings(json(), "").rules ?? []);
          return { status: 200, body: this.faults.state() };
        case "DELETE /admin/faults":
          this.faults.set([]);
          return { status: 200, body: this.faults.state() };
      }
      return { status: 404, body: { error: `${method} ${path} is not an admin call` } };
    } catch (error) {
      if (error instanceof ShapeError) return { status: 400, body: { error: error.message } };
      throw error;
    }
  }
}
