import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { demoTexts as D } from "../../messages/areas/demo.ts";
import { say } from "../../messages/text.ts";
import type { Logger } from "../../logs/logger.ts";
import { maskEmail } from "../../privacy/redact.ts";
import { SmsSimulator } from "../../sim/sms/sms-simulator.ts";
import { SmtpSink } from "../../sim/smtp/smtp-sink.ts";
import { DEMO_ROOT_CERT, DEMO_SMTP_CERT, DEMO_SMTP_KEY } from "./demo-pki.ts";
import type { DemoPart } from "./demo-part.ts";

const USER = "demo";
const PASSWORD = "demo-pass";
/** Just above sms.balance_warn (100): the first texts of the demo (two parts each, 3.50 a part) take it below, and the agent warns. */
const BALANCE = 110;

/**
 * «Рассылка почты и смс»: an SMTP sink on loopback (STARTTLS with the demo
 * CA's certificate, a login) and the SMS gateway simulator, with `[mail]`
 * and `[sms]` pointed at them. The queue is the demo main DB's (its demo
 * requests, and final results the agent queues itself); every e-mail the sink
 * takes is said in the log, the address masked.
 */
export function mailingDemoPart(o: { balance?: number } = {}): DemoPart {
  let sink: SmtpSink | undefined;
  let sms: SmsSimulator | undefined;
  let log: Logger | undefined;
  const balance = o.balance ?? BALANCE;
  return {
    name: "mailing",
    async prepare(setup) {
      sink = await SmtpSink.start({
        cert: DEMO_SMTP_CERT,
        key: DEMO_SMTP_KEY,
        user: USER,
        password: PASSWORD,
        onMessage: (m) => log?.info(say(D.mailTaken, { to: m.to.map(maskEmail).join(", "), withPdf: m.withPdf, messageId: m.messageId })),
      });
      sms = await SmsSimulator.start({ balance, now: setup.now });
      const ca = join(setup.dir, "demo-ca.pem");
      writeFileSync(ca, `${DEMO_ROOT_CERT}\n`, { mode: 0o600 });
      const set = (path: string, value: string | number) => ({ path, value: String(value), arg: "agent demo" });
      return [
        set("mailing.clinic_name", say(D.clinicName)),
        set("mailing.results_url", "https://lk.demo-clinic.example"),
        set("mailing.clinic_phone", "8 (4712) 00-00-00"),
        set("mailing.enqueue_results_hours", 72),
        set("mail.host", "127.0.0.1"),
        set("mail.port", sink.port),
        set("mail.security", "starttls"),
        set("mail.user", USER),
        set("mail.password", PASSWORD),
        set("mail.from", `${say(D.clinicName)} <results@demo-clinic.example>`),
        set("mail.tls_ca_file", ca),
        set("sms.url", sms.url),
        set("sms.login", USER),
        set("sms.password", PASSWORD),
        set("sms.quiet_hours", "0:00-0:00"),
      ];
    },
    start(_service, demoLog) {
      log = demoLog;
      log.info(say(D.smtpSink, { port: sink!.port, user: USER }));
      log.info(say(D.smsSimulator, { url: sms!.url, balance }));
      log.info(say(D.mailingSettings));
    },
    async stop() {
      await sink?.stop();
      await sms?.stop();
      sink = undefined;
      sms = undefined;
    },
  };
}
