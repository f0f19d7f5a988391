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
  };
}
