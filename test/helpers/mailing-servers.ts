import { afterAll, beforeAll } from "bun:test";
import { SmsSimulator } from "../../src/sim/sms/sms-simulator.ts";
import { makeTestPki, type TestPki } from "./pki.ts";
import { adminOf } from "./sim-admin.ts";
import { TestSmtpServer } from "./smtp-server.ts";

/** The remote ends of the mailing job for one test file: a real SMTP server (STARTTLS, login) and the SMS gateway simulator. */
export interface MailingServers {
  readonly pki: TestPki;
  readonly smtp: TestSmtpServer;
  readonly sim: SmsSimulator;
  /** The simulator's admin calls. */
  simAdmin(method: string, path: string, body?: unknown): Promise<any>;
  /** The agent's settings pointing at both (no quiet hours, no rate limit to speak of), with the test's own on top. */
  settings(o?: Record<string, string | number | boolean>): Record<string, string | number | boolean>;
}

/** Starts them before the file's tests and stops them after. */
export function mailingServers(): MailingServers {
  let pki: TestPki;
  let smtp: TestSmtpServer;
  let sim: SmsSimulator;
  beforeAll(async () => {
    pki = makeTestPki();
    smtp = await TestSmtpServer.start({ secure: false, cert: pki.pem.serverCert, key: pki.pem.serverKey });
    sim = await SmsSimulator.start({ balance: 10_000 });
  });
  afterAll(async () => {
    await smtp.stop();
    await sim.stop();
  });
  const simAdmin = adminOf(() => sim.url);
  return {
    get pki() {
      return pki;
    },
    get smtp() {
      return smtp;
    },
    get sim() {
      return sim;
    },
    simAdmin,
    settings: (o = {}) => ({
      timezone: "Europe/Moscow",
      "mailing.clinic_name": "Поликлиника №1",
      "mailing.results_url": "https://lk.clinic.example",
      "mailing.clinic_phone": "8 (4712) 00-00-00",
      "mail.host": "127.0.0.1",
      "mail.port": smtp.port,
      "mail.security": "starttls",
      "mail.user": "clinic",
      "mail.password": "s3cret-pass",
      "mail.from": "Поликлиника №1 <results@clinic.example>",
      "mail.tls_ca_file": pki.caFile,
      "mail.timeout_seconds": 5,
      "mail.per_minute": 6000,
      "sms.url": sim.url,
      "sms.login": "clinic",
      "sms.password": "sms-pass",
      "sms.quiet_hours": "0:00-0:00",
      "sms.per_minute": 6000,
      "sms.retries": 0,
      "sms.timeout_seconds": 5,
      ...o,
    }),
  };
}
