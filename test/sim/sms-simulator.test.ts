/**
 * The SMS gateway simulator on its own terms (plain fetch, SMSC.ru's wire
 * form), and `agent sim sms` from the compiled binary alone in a folder.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { SmsSimulator } from "../../src/sim/sms/sms-simulator.ts";
import { firstLine, loneBinary } from "../helpers/binary.ts";

let sim: SmsSimulator;
beforeAll(async () => {
  sim = await SmsSimulator.start({ balance: 100 });
});
afterAll(() => sim.stop());

const post = async (path: string, form: Record<string, string>) => {
  const r = await fetch(`${sim.url}${path}`, { method: "POST", body: new URLSearchParams(form) });
  return { status: r.status, text: await r.text() };
};

describe("the simulator speaks SMSC.ru's API", () => {
  test("send (POST form or GET query), status and balance in fmt=3; the parts billed against the balance", async () => {
    const sent = await post("/sys/send.php", { login: "a", psw: "b", phones: "+79160000001", mes: "Привет", charset: "utf-8", fmt: "3", id: "7", cost: "3" });
    expect(JSON.parse(sent.text)).toEqual({ id: 7, cnt: 1, cost: "3.50", balance: "96.50" });
    const viaGet = await fetch(`${sim.url}/sys/send.php?login=a&psw=b&phones=89160000002&mes=${encodeURIComponent("x".repeat(161))}&fmt=3&charset=utf-8`);
    expect((await viaGet.json()) as object).toMatchObject({ cnt: 2 });
    expect(JSON.parse((await post("/sys/status.php", { login: "a", psw: "b", phone: "79160000001", id: "7", fmt: "3" })).text)).toMatchObject({ status: 1, err: 0 });
    expect(JSON.parse((await post("/sys/status.php", { login: "a", psw: "b", phone: "79160000001", id: "8", fmt: "3" })).text)).toMatchObject({ status: -3 });
    expect(JSON.parse((await post("/sys/balance.php", { login: "a", psw: "b", fmt: "3" })).text)).toEqual({ balance: "89.50", currency: "RUR" });
  });

  test("without charset=utf-8 the text is read as windows-1251 (garbled), as SMSC.ru would; other fmt answer plain text", async () => {
    await post("/sys/send.php", { login: "a", psw: "b", phones: "+79160000003", mes: "Привет", fmt: "3" });
    const texts = ((await (await fetch(`${sim.url}/admin/messages`)).json()) as { messages: { phone: string; text: string }[] }).messages;
    expect(texts.find((t) => t.phone === "79160000003")!.text).not.toBe("Привет");
    expect((await post("/sys/send.php", { login: "a", psw: "b", phones: "x", mes: "hi" })).text).toBe("ERROR = 7 (invalid phone number format)");
  });

  test("the same request within a minute is refused with error 9 and not recorded twice; no login → error 2", async () => {
    const form = { login: "a", psw: "b", phones: "+79160000004", mes: "hi", fmt: "3", id: "44", charset: "utf-8" };
    expect(JSON.parse((await post("/sys/send.php", form)).text)).toMatchObject({ id: 44 });
    expect(JSON.parse((await post("/sys/send.php", form)).text)).toMatchObject({ error_code: 9 });
    expect(JSON.parse((await post("/sys/send.php", { ...form, psw: "" })).text)).toMatchObject({ error_code: 2 });
  });

  test("admin calls check what they are given", async () => {
    const r = await fetch(`${sim.url}/admin/faults`, { method: "PUT", body: JSON.stringify({ rules: [{ kind: "explode" }] }) });
    expect(r.status).toBe(400);
    expect(((await r.json()) as { error: string }).error).toContain("rules[0].kind");
  });
});

describe("agent sim sms, from the compiled binary alone in a folder", () => {
  test("listens on 127.0.0.1, answers SMSC.ru's calls, stops on SIGTERM", async () => {
    const { dir, agent } = loneBinary();
    const p = Bun.spawn([agent, "sim", "sms", "--port", "0", "--lang", "en"], { cwd: dir, env: { PATH: "/usr/bin:/bin", HOME: dir, TZ: "UTC" }, stdout: "pipe", stderr: "pipe" });
    const killer = setTimeout(() => p.kill("SIGKILL"), 30_000);
    try {
      const out = await firstLine(p.stdout);
      const url = /listens on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1];
      expect(url).toBeDefined();
      const r = await fetch(`${url}/sys/balance.php`, { method: "POST", body: new URLSearchParams({ login: "a", psw: "b", fmt: "3" }) });
      expect(await r.json()).toMatchObject({ currency: "RUR" });
      p.kill("SIGTERM");
      expect(await p.exited).toBe(0);
      expect(await new Response(p.stderr).text()).toContain("The SMS gateway simulator stopped.");
    } finally {
      clearTimeout(killer);
    }
  });
});
