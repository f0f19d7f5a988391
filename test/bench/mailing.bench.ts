/**
 * The mailing channels' throughput to local servers, each beside a raw
 * baseline measured in the same run:
 * - e-mail: what the mailing job does — the MailSender it builds from the
 *   config (mailSenderFromConfig: its pool of mail.pool_size connections,
 *   STARTTLS + login, the template, classification), checked once, then one
 *   message at a time (the job sends one message at a time per channel; the
 *   queue's DB writes are not in the figure) to a real smtp-server, against
 *   raw nodemailer sends, one at a time, with a new connection per message
 *   and no classification;
 * - SMS: SmsSender over SmscGateway (phone check, parts, the shared HTTP
 *   layer, answer checks) to the SMS gateway simulator, against raw fetch
 *   POSTs of the same form.
 */
import { rmSync } from "node:fs";
import nodemailer from "nodemailer";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig } from "../../src/config/load.ts";
import { mailSenderFromConfig } from "../../src/mail/mail-sender.ts";
import { SmsSimulator } from "../../src/sim/sms/sms-simulator.ts";
import { SmsSender } from "../../src/sms/sms-sender.ts";
import { SmscGateway } from "../../src/sms/smsc-gateway.ts";
import { HttpClient } from "../../src/net/http-client.ts";
import { makeTestPki } from "../helpers/pki.ts";
import { TestSmtpServer } from "../helpers/smtp-server.ts";
import type { BenchResult } from "./report.ts";

const MAILS = 300;
const TEXTS = 2000;
/** One text at a time, for both the sender and the baseline: the job sends one message at a time per channel. */
const CONCURRENCY = 1;
const notice = { clinic: "Поликлиника №1", url: "https://lk.clinic.example", phone: "84712000000" };

async function inParallel(n: number, concurrency: number, one: (i: number) => Promise<unknown>): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < n) await one(next++);
    }),
  );
  return (performance.now() - started) / 1000;
}

async function mail(): Promise<BenchResult> {
  const pki = makeTestPki();
  const server = await TestSmtpServer.start({ secure: false, cert: pki.pem.serverCert, key: pki.pem.serverKey });
  try {
    const settings = {
      "mail.host": "127.0.0.1",
      "mail.port": String(server.port),
      "mail.security": "starttls",
      "mail.user": "clinic",
      "mail.password": "s3cret-pass",
      "mail.from": "Clinic <results@clinic.example>",
      "mail.tls_ca_file": pki.caFile,
      "mailing.clinic_name": notice.clinic,
      "mailing.results_url": notice.url,
      "mailing.clinic_phone": notice.phone,
    };
    const overrides = Object.entries(settings).map(([path, value]) => ({ path, value, arg: "bench" }));
    const home = mkdtempSync(join(tmpdir(), "mailing-bench-"));
    const config = loadConfig({ home, machineTimeZone: "UTC", env: {}, overrides, readFile: () => undefined }).config;
    rmSync(home, { recursive: true, force: true });
    // As the job: the sender from the config, one check (login) at the start, then one message at a time.
    const sender = mailSenderFromConfig(config)!;
    const problem = await sender.check();
    if (problem) throw new Error(`check failed: ${JSON.stringify(problem)}`);
    await sender.send({ to: "warm@mail.example", key: "warm-up" });
    const seconds = await inParallel(MAILS, 1, async (i) => {
      const o = await sender.send({ to: `p${i}@mail.example`, key: `bench-${i}` });
      if (o.kind !== "sent") throw new Error(`not sent: ${JSON.stringify(o)}`);
    });
    sender.close();

    // Baseline: nodemailer alone, a new connection (TCP + STARTTLS + login) for every message.
    const raw = nodemailer.createTransport({
      host: "127.0.0.1",
      port: server.port,
      requireTLS: true,
      auth: { user: "clinic", pass: "s3cret-pass" },
      tls: { ca: [pki.pem.ca] },
      logger: false,
    });
    const rawSeconds = await inParallel(MAILS, 1, (i) =>
      raw.sendMail({ from: config.mail.from, to: `r${i}@mail.example`, subject: "Результат анализа готов", text: "Результат вашего анализа готов." }),
    );
    raw.close();
    const value = MAILS / seconds;
    return {
      name: `e-mail: the job's MailSender (mail.pool_size ${config.mail.pool_size}), one message at a time as the job sends, STARTTLS + login, to a local smtp-server`,
      value,
      unit: "messages/s",
      baseline: { name: "raw nodemailer, one at a time, a connection per message, no classification", value: MAILS / rawSeconds },
      target: "≥ 1× baseline",
      met: value >= MAILS / rawSeconds,
    };
  } finally {
    await server.stop();
    rmSync(pki.dir, { recursive: true, force: true });
  }
}

async function sms(): Promise<BenchResult> {
  const sim = await SmsSimulator.start({ balance: 1_000_000 });
  try {
    const http = new HttpClient({ setting: "sms", baseUrl: sim.url, timeoutMs: 10_000, retries: 0, backoff: { firstPauseMs: 1, maxPauseMs: 1 } });
    const sender = new SmsSender(new SmscGateway(http, { login: "clinic", password: "pw", apiKey: "" }, "Clinic"), { maxParts: 4, balanceWarn: 0, notice });
    const seconds = await inParallel(TEXTS, CONCURRENCY, async (i) => {
      const o = await sender.send({ id: i + 1, phone: `+7916${String(i).padStart(7, "0")}` });
      if (o.kind !== "sent") throw new Error(`not sent: ${JSON.stringify(o)}`);
    });
    const text = sender.compose();
    const rawSeconds = await inParallel(TEXTS, CONCURRENCY, async (i) => {
      const r = await fetch(`${sim.url}/sys/send.php`, {
        method: "POST",
        body: new URLSearchParams({ login: "clinic", psw: "pw", fmt: "3", charset: "utf-8", phones: `+7926${String(i).padStart(7, "0")}`, mes: text, id: String(i + 1), cost: "3" }),
      });
      await r.json();
    });
    sender.close();
    const value = TEXTS / seconds;
    const base = TEXTS / rawSeconds;
    return {
      name: "SMS: SmsSender over SmscGateway to the simulator (agent sim sms), one at a time as the job sends",
      value,
      unit: "texts/s",
      baseline: { name: "raw fetch POSTs of the same form, one at a time", value: base },
      target: "≥ 0.5× baseline",
      met: value >= base * 0.5,
    };
  } finally {
    await sim.stop();
  }
}

export async function run(): Promise<BenchResult[]> {
  return [await mail(), await sms()];
}
