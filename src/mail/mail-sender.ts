import nodemailer, { type SMTPPoolOptions, type SMTPPoolSentMessageInfo } from "nodemailer";
import type { NodemailerError } from "nodemailer/lib/errors";
import type Mail from "nodemailer/lib/mailer";
import { mailTexts as T, type NoticeFacts } from "../messages/areas/mail.ts";
import { say, type Language } from "../messages/text.ts";
import type { DeliveryOutcome, FailedDelivery } from "../kernel/delivery-outcome.ts";
import { permanent } from "../kernel/delivery-outcome.ts";
import { bareAddress } from "../config/setting.ts";
import { maskEmail } from "../privacy/redact.ts";
import type { Config } from "../config/schema.ts";
import { poolOptions, smtpSettings, type SmtpSettings } from "./smtp-options.ts";
import { classifySmtpFailure, redactReply } from "./smtp-failure.ts";

/** One e-mail to a patient: "your result is ready", with the result's PDF when the task gives it. */
export interface ResultMail {
  /** The patient's address. It appears in messages only masked (`i***@mail.ru`). */
  to: string;
  /**
   * A stable key of the queue item, unique per clinic and instance
   * (`main-q1234`): the Message-ID is `<key@domain-of-mail.from>`, so a
   * message sent again after an uncertain attempt carries the same id and
   * mail systems that de-duplicate by Message-ID show it once.
   */
  key: string;
  /** The patient's language; the agent's language when absent. */
  language?: Language;
  /** The result's PDF, only when the patient consented to documents by e-mail. */
  attachment?: { content: Uint8Array; filename?: string };
}

/** Options of one send. */
export interface SendOptions {
  /** Aborts before the message is handed to a connection; later it cannot be taken back. */
  signal?: AbortSignal;
}

const KEY = /^[A-Za-z0-9._-]{1,64}$/;
// What a patient's address must look like to be tried at all: one @, a dotted domain, no spaces or brackets.
const ADDRESS = /^[^\s@<>()",;:\\[\]]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$/u;

/**
 * Sends the "result ready" e-mails over SMTP through a pool of nodemailer
 * connections (STARTTLS or implicit TLS, login, certificate checks), and
 * turns every ending into a DeliveryOutcome. It never throws for a failed
 * send (only when the caller's signal aborts), and every reason it gives is
 * already masked and redacted, fit to be stored.
 */
export class MailSender {
  private readonly transport: Mail<SMTPPoolSentMessageInfo, SMTPPoolOptions>;
  private readonly domain: string;
  private readonly address: string;

  constructor(
    private readonly settings: SmtpSettings,
    private readonly notice: NoticeFacts,
  ) {
    this.transport = nodemailer.createTransport(poolOptions(settings), { from: settings.from });
    const from = bareAddress(settings.from) ?? "agent.invalid";
    this.domain = from.slice(from.lastIndexOf("@") + 1) || "agent.invalid";
    this.address = `${settings.host}:${settings.port}`;
  }

  /** The subject and text of the e-mail, as the patient will read them. */
  compose(language?: Language, attached = false): { subject: string; text: string } {
    const facts = { ...this.notice };
    return {
      subject: language ? say(T.subject, facts, language) : say(T.subject, facts),
      text: language ? say(T.body, { ...facts, attached }, language) : say(T.body, { ...facts, attached }),
    };
  }

  /** The Message-ID of the e-mail with this key: the same for every try, so a resend is recognisable. */
  messageId(key: string): string {
    return `<${key}@${this.domain}>`;
  }

  /** Sends one e-mail; answers how it ended. */
  async send(mail: ResultMail, o: SendOptions = {}): Promise<DeliveryOutcome> {
    const recipient = maskEmail(mail.to);
    if (!ADDRESS.test(mail.to.trim())) return permanent(say(T.badAddress, { address: recipient }));
    if (!KEY.test(mail.key)) throw new RangeError(`MailSender: the key ${JSON.stringify(mail.key)} is not [A-Za-z0-9._-]{1,64}`);
    const { subject, text } = this.compose(mail.language, mail.attachment !== undefined);
    const filename = mail.attachment?.filename ?? (mail.language ? say(T.attachmentName, undefined, mail.language) : say(T.attachmentName));
    try {
      const info = await this.transport.sendMail({
        to: mail.to.trim(),
        subject,
        text,
        messageId: this.messageId(mail.key),
        attachments: mail.attachment ? [{ filename, content: Buffer.from(mail.attachment.content), contentType: "application/pdf" }] : undefined,
        signal: o.signal,
      });
      return { kind: "sent", messageId: info.messageId, response: redactReply(info.response) };
    } catch (error) {
      if (o.signal?.aborted) throw o.signal.reason;
      return this.failure(error as NodemailerError, recipient);
    }
  }

  /**
   * Connects and logs in once, to check the settings at the start of a run
   * (a wrong password is said once, not once per message). Undefined when it works.
   */
  async check(): Promise<FailedDelivery | undefined> {
    try {
      await this.transport.verify();
      return undefined;
    } catch (error) {
      return this.failure(error as NodemailerError, "");
    }
  }

  /** Closes the pool's connections (a message being sent finishes first). */
  close(): void {
    this.transport.close();
  }

  private failure(error: NodemailerError, recipient: string): FailedDelivery {
    return classifySmtpFailure(error, { address: this.address, recipient, timeoutSeconds: Math.round(this.settings.timeoutMs / 1000) });
  }
}

/** The e-mail channel from the config; undefined when mail.host is empty (not configured). */
export function mailSenderFromConfig(config: Config, readFile?: (path: string) => string): MailSender | undefined {
  if (!config.mail.host) return undefined;
  const notice = { clinic: config.mailing.clinic_name, url: config.mailing.results_url, phone: config.mailing.clinic_phone };
  return new MailSender(smtpSettings(config.mail, readFile), notice);
}
