/**
 * The e-mail channel against a real SMTP server (smtp-server) on 127.0.0.1,
 * with STARTTLS or implicit TLS from a CA made for the test, and a login:
 * what the server receives is parsed (postal-mime) and checked; every kind
 * of failure is classified as the mailing task needs it.
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from "bun:test";
import { createServer, type Server } from "node:net";
import PostalMime from "postal-mime";
import { MailSender, type ResultMail } from "../../src/mail/mail-sender.ts";
import { smtpSettings } from "../../src/mail/smtp-options.ts";
import type { Config } from "../../src/config/schema.ts";
import { setLanguage } from "../../src/messages/text.ts";
import { makeTestPki, type TestPki } from "../helpers/pki.ts";
import { TestSmtpServer } from "../helpers/smtp-server.ts";
import { freePort } from "../helpers/free-port.ts";

setLanguage("ru");

let pki: TestPki;
let starttls: TestSmtpServer;
let implicit: TestSmtpServer;
const senders: MailSender[] = [];
const notice = { clinic: "Поликлиника №1", url: "https://lk.clinic.example", phone: "8 (4712) 00-00-00" };

beforeAll(async () => {
  pki = makeTestPki();
  starttls = await TestSmtpServer.start({ secure: false, cert: pki.pem.serverCert, key: pki.pem.serverKey });
  implicit = await TestSmtpServer.start({ secure: true, cert: pki.pem.serverCert, key: pki.pem.serverKey });
});
afterAll(async () => {
  for (const s of senders) s.close();
  await Promise.all([starttls.stop(), implicit.stop()]);
});
afterEach(() => {
  starttls.behaviour = {};
  implicit.behaviour = {};
});

function mailConfig(port: number, o: Partial<Config["mail"]> = {}): Config["mail"] {
  return {
    host: "127.0.0.1",
    port,
    security: "starttls",
    user: "clinic",
    password: "s3cret-pass",
    from: "Поликлиника №1 <results@clinic.example>",
    timeout_seconds: 5,
    pool_size: 2,
    per_minute: 60,
    tls_ca_file: pki.caFile,
    tls_verify: true,
    ...o,
  };
}

function sender(port: number, o: Partial<Config["mail"]> = {}): MailSender {
  const s = new MailSender(smtpSettings(mailConfig(port, o)), notice);
  senders.push(s);
  return s;
}

const pdf = new Uint8Array(Array.from({ length: 70_000 }, (_, i) => (i * 7919) % 256));
const mail = (o: Partial<ResultMail> = {}): ResultMail => ({ to: "ivanov@mail.example", key: `main-q${Math.floor(Math.random() * 1e9)}`, ...o });

describe("sending through a real SMTP server", () => {
  test("STARTTLS + login: the message arrives with the UTF-8 subject, the template and the PDF byte for byte", async () => {
    const before = starttls.received.length;
    const outcome = await sender(starttls.port).send(mail({ key: "main-q101", attachment: { content: pdf } }));
    expect(outcome).toMatchObject({ kind: "sent", messageId: "<main-q101@clinic.example>" });
    expect(outcome.kind === "sent" && outcome.response).toContain("250");
    const got = starttls.received.slice(before);
    expect(got.length).toBe(1);
    expect([got[0]!.from, got[0]!.to, got[0]!.user, got[0]!.secure]).toEqual(["results@clinic.example", ["ivanov@mail.example"], "clinic", true]);

    const parsed = await PostalMime.parse(got[0]!.raw);
    expect(parsed.subject).toBe("Результат анализа готов — Поликлиника №1");
    expect(parsed.from).toMatchObject({ address: "results@clinic.example", name: "Поликлиника №1" });
    expect(parsed.to?.map((a) => a.address)).toEqual(["ivanov@mail.example"]);
    expect(parsed.messageId).toBe("<main-q101@clinic.example>");
    expect(parsed.date).toBeTruthy();
    // The raw subject travels encoded (RFC 2047), not as 8-bit text.
    expect(got[0]!.raw.toString("latin1")).toMatch(/^Subject: =\?UTF-8\?[BQ]\?/im);
    expect(parsed.text).toContain("Результат вашего анализа, сданного в Поликлиника №1, готов.");
    expect(parsed.text).toContain("Он приложен к этому письму (файл PDF).");
    expect(parsed.text).toContain("в личном кабинете: https://lk.clinic.example");
    expect(parsed.text).toContain("по телефону 8 (4712) 00-00-00");
    expect(parsed.attachments.length).toBe(1);
    const a = parsed.attachments[0]!;
    expect([a.filename, a.mimeType, a.disposition]).toEqual(["Результат анализа.pdf", "application/pdf", "attachment"]);
    const bytes = typeof a.content === "string" ? Buffer.from(a.content, "base64") : new Uint8Array(a.content as ArrayBuffer);
    expect(Buffer.from(bytes).equals(Buffer.from(pdf))).toBe(true);
  });

  test("implicit TLS (port 465 style): sent; without an attachment the text does not promise one; English when asked", async () => {
    const before = implicit.received.length;
    const outcome = await sender(implicit.port, { security: "tls" }).send(mail({ key: "main-q102", language: "en" }));
    expect(outcome.kind).toBe("sent");
    const parsed = await PostalMime.parse(implicit.received[before]!.raw);
    expect(parsed.subject).toBe("Your lab result is ready — Поликлиника №1");
    expect(parsed.text).toContain("You can get it:");
    expect(parsed.text).not.toContain("attached");
    expect(parsed.attachments).toEqual([]);
    expect(implicit.received[before]!.secure).toBe(true);
  });

  test("the pool sends many messages over at most pool_size connections", async () => {
    const s = sender(starttls.port, { pool_size: 2 });
    const connectionsBefore = starttls.connections;
    const outcomes = await Promise.all(Array.from({ length: 12 }, (_, i) => s.send(mail({ key: `pool-${i}`, to: `p${i}@mail.example` }))));
    expect(outcomes.every((o) => o.kind === "sent")).toBe(true);
    expect(starttls.connections - connectionsBefore).toBeLessThanOrEqual(2);
  });

  test("a message sent again carries the same Message-ID (what a resend after an uncertain attempt relies on)", async () => {
    const s = sender(starttls.port);
    const a = await s.send(mail({ key: "main-q103" }));
    const b = await s.send(mail({ key: "main-q103" }));
    expect([a.kind === "sent" && a.messageId, b.kind === "sent" && b.messageId]).toEqual(["<main-q103@clinic.example>", "<main-q103@clinic.example>"]);
  });
});

describe("failures, classified and masked", () => {
  test("550 for the recipient → permanent; the stored reason masks the address, also inside the server's reply", async () => {
    starttls.behaviour = { rcpt: [[/ivanov/, 550, "5.1.1 <ivanov@mail.example>: Recipient address rejected: User unknown"]] };
    const outcome = await sender(starttls.port).send(mail());
    expect(outcome.kind).toBe("permanent");
    const reason = (outcome as { reason: string }).reason;
    expect(reason).toContain("550");
    expect(reason).toContain("i***@mail.example");
    expect(reason).not.toContain("ivanov");
    expect(reason).toContain("исправьте адрес пациента в МИС");
  });

  test("4xx for the recipient (greylisting, full mailbox) → temporary, about this message only", async () => {
    starttls.behaviour = { rcpt: [[/ivanov/, 452, "4.2.2 Mailbox full"]] };
    const outcome = await sender(starttls.port).send(mail());
    expect(outcome).toMatchObject({ kind: "temporary", channelDown: false, mayHaveBeenSent: false });
    expect((outcome as { reason: string }).reason).toContain("452 4.2.2 Mailbox full");
  });

  test("the end of DATA answered 554 → permanent; 451 → temporary", async () => {
    starttls.behaviour = { data: [554, "5.6.0 Message content rejected"] };
    expect((await sender(starttls.port).send(mail())).kind).toBe("permanent");
    starttls.behaviour = { data: [451, "4.3.0 Try again later"] };
    expect(await sender(starttls.port).send(mail())).toMatchObject({ kind: "temporary", channelDown: false });
  });

  test("the sender refused (553 on MAIL FROM) → config: no attempt of the patient's is used up", async () => {
    starttls.behaviour = { mailFrom: [553, "5.7.1 Sender address rejected: not owned by user clinic"] };
    const outcome = await sender(starttls.port).send(mail());
    expect(outcome.kind).toBe("config");
    expect((outcome as { reason: string }).reason).toContain("mail.from");
  });

  test("a wrong password → config, naming the settings; check() says it once at the start of a run", async () => {
    const s = sender(starttls.port, { password: "wrong" });
    const outcome = await s.send(mail());
    expect(outcome.kind).toBe("config");
    expect((outcome as { reason: string }).reason).toContain("mail.password");
    expect((outcome as { reason: string }).reason).not.toContain("wrong");
    expect((await s.check())?.kind).toBe("config");
    expect(await sender(starttls.port).check()).toBeUndefined();
  });

  test("the server's certificate is checked: without the CA file → config (TLS), naming mail.tls_ca_file", async () => {
    for (const [port, security] of [[starttls.port, "starttls"], [implicit.port, "tls"]] as const) {
      const outcome = await sender(port, { tls_ca_file: "", security }).send(mail());
      expect(outcome.kind).toBe("config");
      expect((outcome as { reason: string }).reason).toContain("mail.tls_ca_file");
    }
  });

  test("server down (nothing listens) → temporary, channel down, nothing sent", async () => {
    const closed = await freePort();
    const outcome = await sender(closed).send(mail());
    expect(outcome).toMatchObject({ kind: "temporary", channelDown: true, mayHaveBeenSent: false });
    expect((outcome as { reason: string }).reason).toContain("ECONNREFUSED");
  });

  test("a server that never greets → temporary after the timeout, nothing sent", async () => {
    const silent: Server = createServer(() => {});
    await new Promise<void>((r) => silent.listen(0, "127.0.0.1", r));
    try {
      const port = (silent.address() as { port: number }).port;
      const started = performance.now();
      const outcome = await sender(port, { timeout_seconds: 1 }).send(mail());
      expect(outcome).toMatchObject({ kind: "temporary", channelDown: true, mayHaveBeenSent: false });
      expect(performance.now() - started).toBeLessThan(5000);
    } finally {
      silent.close();
    }
  });

  test("the connection cut after the whole message arrived → temporary, and it may have been sent", async () => {
    starttls.behaviour = { dropAfterData: true };
    const before = starttls.received.length;
    const outcome = await sender(starttls.port).send(mail());
    expect(outcome).toMatchObject({ kind: "temporary", mayHaveBeenSent: true });
    expect(starttls.received.length - before).toBe(1);
  });

  test("an address that is not one → permanent before any connection, masked", async () => {
    const connections = starttls.connections;
    const outcome = await sender(starttls.port).send(mail({ to: "ivanov at mail.example" }));
    expect(outcome.kind).toBe("permanent");
    expect((outcome as { reason: string }).reason).not.toContain("ivanov");
    expect(starttls.connections).toBe(connections);
  });
});
