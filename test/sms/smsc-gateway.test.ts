/**
 * The SMS channel (SmsSender over SmscGateway and the shared HTTP layer)
 * against the SMS gateway simulator (`agent sim sms`), a real HTTP server
 * on 127.0.0.1 that speaks SMSC.ru's API on its own terms; faults are
 * switched through its admin calls.
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from "bun:test";
import { SmsSimulator } from "../../src/sim/sms/sms-simulator.ts";
import { SmsSender, smsSenderFromConfig } from "../../src/sms/sms-sender.ts";
import { SmscGateway } from "../../src/sms/smsc-gateway.ts";
import { GenericHttpGateway } from "../../src/sms/generic-gateway.ts";
import { SmsError } from "../../src/sms/sms-gateway.ts";
import { HttpClient } from "../../src/net/http-client.ts";
import { loadConfig } from "../../src/config/load.ts";
import { setLanguage } from "../../src/messages/text.ts";
import { rejectionOf } from "../helpers/rejection.ts";

setLanguage("ru");

let sim: SmsSimulator;
const warnings: string[] = [];
const notice = { clinic: "Поликлиника №1", url: "lk.clinic.example", phone: "84712000000" };
let nextId = 1000;
const id = () => ++nextId;

beforeAll(async () => {
  sim = await SmsSimulator.start({ balance: 1000 });
});
afterAll(() => sim.stop());
afterEach(async () => {
  await admin("DELETE", "/admin/faults");
  await admin("PUT", "/admin/numbers", {});
  await admin("PUT", "/admin/accounts", {});
  await admin("PUT", "/admin/balance", { balance: 1000 });
  await admin("PUT", "/admin/delivery", { after_ms: 0 });
  warnings.length = 0;
});

async function admin(method: string, path: string, body?: unknown): Promise<any> {
  const r = await fetch(`${sim.url}${path}`, { method, body: body === undefined ? undefined : JSON.stringify(body) });
  const json = await r.json();
  if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${JSON.stringify(json)}`);
  return json;
}
const textsTo = async (phone: string) => ((await admin("GET", "/admin/messages")).messages as any[]).filter((m) => m.phone === phone);

function http(o: { timeoutMs?: number; retries?: number; url?: string } = {}): HttpClient {
  return new HttpClient(
    { setting: "sms", baseUrl: o.url ?? sim.url, timeoutMs: o.timeoutMs ?? 3000, retries: o.retries ?? 0, backoff: { firstPauseMs: 1, maxPauseMs: 5 } },
    { sleep: async () => {} },
  );
}

function sender(o: { login?: string; password?: string; maxParts?: number; balanceWarn?: number; timeoutMs?: number; retries?: number; notice?: typeof notice; url?: string } = {}): SmsSender {
  const gateway = new SmscGateway(http(o), { login: o.login ?? "clinic", password: o.password ?? "pw", apiKey: "" }, "Clinic1");
  return new SmsSender(gateway, { maxParts: o.maxParts ?? 4, balanceWarn: o.balanceWarn ?? 0, notice: o.notice ?? notice }, (w) => warnings.push(w));
}

describe("send, status, balance", () => {
  test("a text goes out once, in UTF-8, with the agent's number as its id; its status is asked by phone and id", async () => {
    const s = sender();
    const n = id();
    const outcome = await s.send({ id: n, phone: "8 (916) 100-00-01" });
    expect(outcome).toMatchObject({ kind: "sent", messageId: String(n), parts: 2 });
    const [t] = await textsTo("79161000001");
    expect(t).toMatchObject({ id: String(n), login: "clinic", sender: "Clinic1", encoding: "ucs2", parts: 2 });
    expect(t.text).toBe("Результат анализа готов. Смотрите: lk.clinic.example или тел. 84712000000. Поликлиника №1");
    expect(t.text).not.toMatch(/\d+[.,]\d+\s*(ммоль|г\/л)/);
    expect(await s.status({ id: n, phone: "+79161000001" })).toEqual({ state: "delivered", code: 1, final: true });
    expect(await s.reconcile({ id: n, phone: "+79161000001" })).toMatchObject({ verdict: "sent" });
    expect(await s.reconcile({ id: n + 500, phone: "+79161000001" })).toEqual({ verdict: "not-sent" });
  });

  test("status before delivery is `sent` (passed to the operator); a failed delivery is final", async () => {
    await admin("PUT", "/admin/delivery", { after_ms: 3_600_000 });
    const s = sender();
    const n = id();
    await s.send({ id: n, phone: "+79161000002" });
    expect(await s.status({ id: n, phone: "+79161000002" })).toEqual({ state: "sent", code: 0, final: false });
    await admin("PUT", "/admin/numbers", { statuses: { "+79161000002": 25 } });
    expect(await s.status({ id: n, phone: "+79161000002" })).toMatchObject({ state: "failed", code: 25, final: true });
  });

  test("reconcile: a text the gateway took but reports as failed for good (3 expired, 20, 22, 23, 25) is `failed` with a masked reason, never `sent`; 24 (no money) is `not-sent`", async () => {
    const s = sender();
    const n = id();
    await s.send({ id: n, phone: "+79161000024" });
    const seen: Record<number, string> = {};
    for (const code of [3, 20, 22, 23, 25]) {
      await admin("PUT", "/admin/numbers", { statuses: { "+79161000024": code } });
      const r = await s.reconcile({ id: n, phone: "8 (916) 100-00-24" });
      expect(r).toMatchObject({ verdict: "failed", status: { state: "failed", code, final: true } });
      const reason = (r as { reason: string }).reason;
      expect(reason).toContain("+7********24");
      expect(reason).toContain(`(статус ${code})`);
      expect(reason).not.toContain("9161000024");
      seen[code] = reason;
    }
    expect(seen[22]).toBe("SMSC.ru: SMS на номер +7********24 не доставлено — неверный номер (статус 22); повторять не будем.");
    expect(seen[3]).toContain("просрочено");
    expect(seen[25]).toContain("номер недоступен");
    // Not enough money on the account: the gateway never sent it — the text goes again once the account is topped up.
    await admin("PUT", "/admin/numbers", { statuses: { "+79161000024": 24 } });
    expect(await s.reconcile({ id: n, phone: "+79161000024" })).toMatchObject({ verdict: "not-sent" });
    // Still on its way (queued, passed to the operator) or a code SMSC.ru does not document: taken, so `sent`.
    for (const code of [-1, 0, 1, 2, 4, 7]) {
      await admin("PUT", "/admin/numbers", { statuses: { "+79161000024": code } });
      expect(await s.reconcile({ id: n, phone: "+79161000024" })).toMatchObject({ verdict: "sent", status: { code } });
    }
  });

  test("balance, and a low balance warned once (again only after it was topped up)", async () => {
    const s = sender({ balanceWarn: 500 });
    expect(await s.balance()).toEqual({ amount: 1000, currency: "RUR", low: false });
    await admin("PUT", "/admin/balance", { balance: 10 });
    expect(await s.balance()).toMatchObject({ amount: 10, low: true });
    await s.send({ id: id(), phone: "+79161000003" });
    expect(warnings.length).toBe(1);
    expect(warnings[0]).toContain("sms.balance_warn (500)");
    await admin("PUT", "/admin/balance", { balance: 900 });
    await s.balance();
    await admin("PUT", "/admin/balance", { balance: 100 });
    await s.send({ id: id(), phone: "+79161000003" });
    expect(warnings.length).toBe(2);
  });
});

describe("what is refused before anything leaves", () => {
  test("a bad phone number: permanent, masked, nothing sent", async () => {
    const before = (await admin("GET", "/admin/messages")).requests.send ?? 0;
    const outcome = await sender().send({ id: id(), phone: "8 (4712) 51-23-45" });
    expect(outcome.kind).toBe("permanent");
    expect((outcome as { reason: string }).reason).toContain("+7********45");
    expect((await admin("GET", "/admin/messages")).requests.send ?? 0).toBe(before);
  });

  test("a text longer than sms.max_parts: config (the same for every message), nothing sent; within the limit the gateway bills the parts we planned", async () => {
    const long = { ...notice, clinic: "Областное бюджетное учреждение здравоохранения «Городская поликлиника №1» комитета здравоохранения" };
    const outcome = await sender({ maxParts: 2, notice: long }).send({ id: id(), phone: "+79161000004" });
    expect(outcome.kind).toBe("config");
    expect((outcome as { reason: string }).reason).toContain("sms.max_parts = 2");
    expect(await textsTo("79161000004")).toEqual([]);
    const s = sender({ maxParts: 4, notice: long });
    const sent = await s.send({ id: id(), phone: "+79161000004" });
    const [t] = await textsTo("79161000004");
    expect(sent).toMatchObject({ kind: "sent", parts: t.parts });
    expect(t.parts).toBe(s.plan(s.compose()).parts.length);
  });
});

describe("the provider's error codes", () => {
  test.each([
    [1, "config", "код 1"],
    [2, "config", "sms.login"],
    [3, "config", "Пополните баланс"],
    [4, "temporary", "код 4"],
    [6, "config", "sms.sender"],
    [7, "permanent", "+7********05"],
    [8, "permanent", "не может быть доставлено"],
  ] as const)("error %i → %s", async (code, kind, says) => {
    await admin("PUT", "/admin/faults", { rules: [{ kind: "error", error_code: code, calls: ["send"], times: 1 }] });
    const outcome = await sender().send({ id: id(), phone: "+79161000005" });
    expect(outcome.kind).toBe(kind);
    expect((outcome as { reason: string }).reason).toContain(says);
    expect((outcome as { reason: string }).reason).not.toContain("9161000005");
  });

  test("wrong credentials (the gateway's own check) → config", async () => {
    await admin("PUT", "/admin/accounts", { accounts: { clinic: "right" } });
    expect((await sender({ password: "wrong" }).send({ id: id(), phone: "+79161000006" })).kind).toBe("config");
    expect((await rejectionOf(sender({ password: "wrong" }).balance(), SmsError)).kind).toBe("config");
  });

  test("an unknown number → permanent; no money → config, and the text stays unsent", async () => {
    await admin("PUT", "/admin/numbers", { unknown: ["+79161000007"] });
    expect((await sender().send({ id: id(), phone: "+79161000007" })).kind).toBe("permanent");
    await admin("PUT", "/admin/balance", { balance: 1 });
    expect((await sender().send({ id: id(), phone: "+79161000008" })).kind).toBe("config");
    expect(await textsTo("79161000008")).toEqual([]);
  });
});

describe("faults on the way, and never twice", () => {
  test("5xx → temporary, channel down; 503 means not taken", async () => {
    await admin("PUT", "/admin/faults", { rules: [{ kind: "status", status: 503, calls: ["send"], times: 1 }] });
    expect(await sender().send({ id: id(), phone: "+79161000009" })).toMatchObject({ kind: "temporary", channelDown: true, mayHaveBeenSent: false });
    await admin("PUT", "/admin/faults", { rules: [{ kind: "status", status: 500, calls: ["send"], times: 1 }] });
    expect(await sender().send({ id: id(), phone: "+79161000009" })).toMatchObject({ kind: "temporary", channelDown: true, mayHaveBeenSent: true });
  });

  test("a slow gateway → timeout → temporary, may have been sent", async () => {
    await admin("PUT", "/admin/faults", { rules: [{ kind: "slow", delay_ms: 1500, calls: ["send"], times: 1 }] });
    const outcome = await sender({ timeoutMs: 300 }).send({ id: id(), phone: "+79161000010" });
    expect(outcome).toMatchObject({ kind: "temporary", mayHaveBeenSent: true });
    expect((outcome as { reason: string }).reason).toContain("sms.timeout_seconds");
  });

  test("the connection dropped after the gateway took the text: reconcile says sent; sending again within a minute is refused by the gateway (9) and resolved by status — one text in all", async () => {
    await admin("PUT", "/admin/faults", { rules: [{ kind: "drop", calls: ["send"], times: 1 }] });
    const s = sender();
    const n = id();
    const first = await s.send({ id: n, phone: "+79161000011" });
    expect(first).toMatchObject({ kind: "temporary", mayHaveBeenSent: true });
    expect(await s.reconcile({ id: n, phone: "+79161000011" })).toMatchObject({ verdict: "sent" });
    // A task that resent blindly would be caught by the gateway's duplicate rule and the status call:
    expect(await s.send({ id: n, phone: "+79161000011" })).toEqual({ kind: "sent", messageId: String(n) });
    expect((await textsTo("79161000011")).length).toBe(1);
  });

  test("an answer that is not JSON → temporary, may have been sent (and it was)", async () => {
    await admin("PUT", "/admin/faults", { rules: [{ kind: "malformed", calls: ["send"], times: 1 }] });
    const n = id();
    expect(await sender().send({ id: n, phone: "+79161000012" })).toMatchObject({ kind: "temporary", mayHaveBeenSent: true });
    expect(await sender().reconcile({ id: n, phone: "+79161000012" })).toMatchObject({ verdict: "sent" });
  });

  test("the gateway answering another message's id: the status of ours decides; the oddity is reported", async () => {
    const s = sender();
    await s.send({ id: id(), phone: "+79161000013" });
    await admin("PUT", "/admin/faults", { rules: [{ kind: "duplicate_id", times: 1 }] });
    const n = id();
    const outcome = await s.send({ id: n, phone: "+79161000014" });
    expect(outcome).toMatchObject({ kind: "sent", messageId: String(n) });
    expect((outcome as { warning?: string }).warning).toContain(`№ ${n}`);
  });

  test("status and balance are retried through a 5xx (they are safe to repeat); send never is", async () => {
    await admin("PUT", "/admin/faults", { rules: [{ kind: "status", status: 502, times: 2 }] });
    expect((await sender({ retries: 3 }).balance())?.amount).toBe(1000);
    await admin("PUT", "/admin/faults", { rules: [{ kind: "status", status: 502, calls: ["send"], times: 1 }] });
    const before = (await admin("GET", "/admin/messages")).requests.send ?? 0;
    expect((await sender({ retries: 3 }).send({ id: id(), phone: "+79161000015" })).kind).toBe("temporary");
    expect((await admin("GET", "/admin/messages")).requests.send - before).toBe(1);
  });

  test("server down → temporary, channel down, not sent; status then throws a temporary SmsError", async () => {
    const down = await SmsSimulator.start();
    const url = down.url;
    await down.stop();
    const s = sender({ url });
    expect(await s.send({ id: id(), phone: "+79161000016" })).toMatchObject({ kind: "temporary", channelDown: true, mayHaveBeenSent: false });
    expect((await rejectionOf(s.reconcile({ id: 1, phone: "+79161000016" }), SmsError)).kind).toBe("temporary");
  });
});

describe("from the config, and the generic HTTP form", () => {
  test("[sms] with [mailing] builds the SMSC.ru sender; an empty sms.url means no SMS", () => {
    const load = (set: Record<string, string>) =>
      loadConfig({ home: "/nonexistent", machineTimeZone: "Europe/Moscow", env: {}, overrides: Object.entries(set).map(([path, value]) => ({ path, value, arg: `--set ${path}=${value}` })), readFile: () => undefined }).config;
    expect(smsSenderFromConfig(load({}))).toBeUndefined();
    const s = smsSenderFromConfig(load({ "sms.url": sim.url, "sms.login": "clinic", "sms.password": "pw", "mailing.clinic_name": "ГП №2" }))!;
    expect(s.gateway.provider).toBe("SMSC.ru");
    expect(s.compose("en")).toBe("Your lab result is ready. Ask at the front desk. ГП №2");
    expect(() => load({ "sms.url": sim.url })).toThrow(/sms\.login/);
  });

  test("generic: a refusal is classified — 401/403 stop the channel, another 4xx fails that one message, 5xx and 429 are temporary", async () => {
    const answers: Record<string, [number, string]> = {
      "+79161000031": [401, "Unauthorized"],
      "+79161000032": [403, "Forbidden: key revoked"],
      "+79161000033": [400, "ERROR invalid number +79161000033"],
      "+79161000034": [422, "unprocessable"],
      "+79161000035": [500, "internal error"],
      "+79161000036": [429, "slow down"],
      "+79161000037": [503, "maintenance"],
      "+79161000038": [200, "OK queued id=x-38"],
    };
    const server = Bun.serve({
      hostname: "127.0.0.1",
      port: 0,
      async fetch(req) {
        const [status, body] = answers[new URLSearchParams(await req.text()).get("to") ?? ""] ?? [404, "no"];
        return new Response(body, { status, headers: status === 429 ? { "retry-after": "120" } : {} });
      },
    });
    try {
      const gateway = new GenericHttpGateway(http({ url: `http://127.0.0.1:${server.port}/api/send` }), { phoneField: "to", textField: "body", idField: "", fields: "", authHeader: "", success: "^OK queued id=(\\S+)" });
      const s = new SmsSender(gateway, { maxParts: 4, balanceWarn: 0, notice });
      const send = (n: number) => s.send({ id: n, phone: `+7916100003${n}` });
      expect((await send(1)).kind).toBe("config");
      expect((await send(2)).kind).toBe("config");
      const bad = await send(3);
      expect(bad.kind).toBe("permanent");
      expect((bad as { reason: string }).reason).toContain("+7********33");
      expect((bad as { reason: string }).reason).toContain("400");
      expect((bad as { reason: string }).reason).not.toContain("79161000033");
      expect((await send(4)).kind).toBe("permanent");
      expect(await send(5)).toMatchObject({ kind: "temporary", channelDown: true, mayHaveBeenSent: true });
      expect(await send(6)).toMatchObject({ kind: "temporary", channelDown: true, mayHaveBeenSent: false, retryAfterMs: 120_000 });
      expect(await send(7)).toMatchObject({ kind: "temporary", channelDown: true, mayHaveBeenSent: false });
      expect(await send(8)).toEqual({ kind: "sent", messageId: "x-38" });
      // A wrong sms.url (404) is the channel's setup, not the message's fault.
      expect((await s.send({ id: 9, phone: "+79161000039" })).kind).toBe("config");
    } finally {
      server.stop(true);
    }
  });

  test("generic: the form fields, the auth header and the success pattern; a refused number fails that message only", async () => {
    const seen: { form: URLSearchParams; auth: string | null }[] = [];
    const server = Bun.serve({
      hostname: "127.0.0.1",
      port: 0,
      async fetch(req) {
        const form = new URLSearchParams(await req.text());
        seen.push({ form, auth: req.headers.get("authorization") });
        return form.get("to") === "+79161000017" ? new Response("OK queued id=abc-17") : new Response("ERROR bad number", { status: 400 });
      },
    });
    try {
      const gateway = new GenericHttpGateway(http({ url: `http://127.0.0.1:${server.port}/api/send` }), {
        phoneField: "to",
        textField: "body",
        idField: "ref",
        fields: "route=fast&from=Clinic",
        authHeader: "Bearer t0ken",
        success: "^OK queued id=(\\S+)",
      });
      const s = new SmsSender(gateway, { maxParts: 4, balanceWarn: 0, notice });
      expect(await s.send({ id: 17, phone: "89161000017" })).toEqual({ kind: "sent", messageId: "abc-17" });
      expect(Object.fromEntries(seen[0]!.form)).toEqual({ route: "fast", from: "Clinic", to: "+79161000017", body: s.compose(), ref: "17" });
      expect(seen[0]!.auth).toBe("Bearer t0ken");
      expect((await s.send({ id: 18, phone: "89161000018" })).kind).toBe("permanent");
      expect(await s.reconcile({ id: 17, phone: "89161000017" })).toEqual({ verdict: "unknown" });
      expect(await s.balance()).toBeUndefined();
    } finally {
      server.stop(true);
    }
  });
});
