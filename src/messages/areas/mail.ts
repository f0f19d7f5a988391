import { defineTexts, text } from "../text.ts";

/** What the notice to a patient says about the clinic (the [mailing] settings). */
export interface NoticeFacts {
  clinic: string;
  url: string;
  phone: string;
}

const ru = {
  /** «в личном кабинете: …», «по телефону …», «в регистратуре» — the ways a patient gets the result. */
  ways(p: NoticeFacts): string {
    const ways = [
      p.url ? `в личном кабинете: ${p.url}` : "",
      p.phone ? `по телефону ${p.phone}` : "",
      `в регистратуре${p.clinic ? ` (${p.clinic})` : ""}`,
    ].filter(Boolean);
    return ways.map((w) => `  — ${w}`).join("\n");
  },
};
const en = {
  ways(p: NoticeFacts): string {
    const ways = [p.url ? `in the patient portal: ${p.url}` : "", p.phone ? `by phone: ${p.phone}` : "", `at the front desk${p.clinic ? ` (${p.clinic})` : ""}`].filter(Boolean);
    return ways.map((w) => `  - ${w}`).join("\n");
  },
};

/**
 * Texts of the e-mail channel (src/mail/): the e-mail to a patient, and what
 * the agent says when a send fails. Server replies and addresses in them are
 * already redacted/masked by the caller.
 */
export const mailTexts = defineTexts("mail", {
  subject: text<NoticeFacts>(
    (p) => `Результат анализа готов${p.clinic ? ` — ${p.clinic}` : ""}`,
    (p) => `Your lab result is ready${p.clinic ? ` — ${p.clinic}` : ""}`,
  ),
  body: text<NoticeFacts & { attached: boolean }>(
    (p) =>
      [
        "Здравствуйте!",
        "",
        `Результат вашего анализа${p.clinic ? `, сданного в ${p.clinic},` : ""} готов.`,
        p.attached ? "Он приложен к этому письму (файл PDF)." : "",
        `${p.attached ? "Его также можно получить" : "Получить его можно"}:`,
        ru.ways(p),
        "",
        "Письмо отправлено автоматически, отвечать на него не нужно. Если вы не сдавали анализ, сообщите нам об этом" +
          (p.phone ? ` по телефону ${p.phone}.` : " в регистратуре."),
        "",
        p.clinic,
      ]
        .filter((line, i, all) => line !== "" || all[i - 1] !== "")
        .join("\n")
        .trim() + "\n",
    (p) =>
      [
        "Hello,",
        "",
        `The result of your lab test${p.clinic ? ` taken at ${p.clinic}` : ""} is ready.`,
        p.attached ? "It is attached to this e-mail (a PDF file)." : "",
        `${p.attached ? "You can also get it" : "You can get it"}:`,
        en.ways(p),
        "",
        "This e-mail was sent automatically; please do not reply to it. If you did not take a test, please let us know" +
          (p.phone ? ` by phone: ${p.phone}.` : " at the front desk."),
        "",
        p.clinic,
      ]
        .filter((line, i, all) => line !== "" || all[i - 1] !== "")
        .join("\n")
        .trim() + "\n",
  ),
  attachmentName: text("Результат анализа.pdf", "Lab result.pdf"),
  fromRequired: text(
    "задан mail.host, но не задан mail.from: укажите адрес отправителя, например «Поликлиника №1 <results@clinic.ru>»",
    'mail.host is set but mail.from is not: give the sender\'s address, e.g. "Clinic No. 1 <results@clinic.ru>"',
  ),
  securityNone: text(
    "mail.security = none: письма с данными пациентов идут на SMTP-сервер без шифрования. Включите starttls или tls.",
    "mail.security = none: e-mails with patient data go to the SMTP server unencrypted. Use starttls or tls.",
  ),
  tlsVerifyOff: text(
    "mail.tls_verify = false: сертификат SMTP-сервера не проверяется, письма может перехватить подменный сервер. Включите проверку и укажите корневой сертификат в mail.tls_ca_file.",
    "mail.tls_verify = false: the SMTP server's certificate is not checked, so another machine could pose as it and take the e-mails. Turn checking on and put the root certificate in mail.tls_ca_file.",
  ),
  notConfigured: text("Рассылка по почте не настроена (mail.host пуст).", "E-mail is not configured (mail.host is empty)."),
  badAddress: text<{ address: string }>(
    (p) => `«${p.address}» — не адрес электронной почты; письмо не отправлено. Исправьте адрес пациента в МИС.`,
    (p) => `"${p.address}" is not an e-mail address; nothing was sent. Correct the patient's address in the MIS.`,
  ),
  recipientRejected: text<{ address: string; reply: string }>(
    (p) => `SMTP-сервер отклонил адрес ${p.address}: ${p.reply}. Письмо на этот адрес не будет отправлено; исправьте адрес пациента в МИС.`,
    (p) => `The SMTP server rejected the address ${p.address}: ${p.reply}. No e-mail will go to this address; correct the patient's address in the MIS.`,
  ),
  recipientDeferred: text<{ address: string; reply: string }>(
    (p) => `SMTP-сервер временно не принял письмо для ${p.address}: ${p.reply}. Отправка будет повторена позже.`,
    (p) => `The SMTP server did not take the e-mail for ${p.address} for now: ${p.reply}. It will be tried again later.`,
  ),
  messageRejected: text<{ reply: string }>(
    (p) => `SMTP-сервер отказался принять письмо: ${p.reply}. Это письмо не будет отправлено повторно.`,
    (p) => `The SMTP server refused the e-mail: ${p.reply}. This e-mail will not be tried again.`,
  ),
  messageDeferred: text<{ reply: string }>(
    (p) => `SMTP-сервер временно не принял письмо: ${p.reply}. Отправка будет повторена позже.`,
    (p) => `The SMTP server did not take the e-mail for now: ${p.reply}. It will be tried again later.`,
  ),
  senderRejected: text<{ reply: string }>(
    (p) => `SMTP-сервер не принял адрес отправителя (mail.from): ${p.reply}. Проверьте mail.from и что пользователю mail.user разрешено отправлять от этого адреса.`,
    (p) => `The SMTP server did not accept the sender's address (mail.from): ${p.reply}. Check mail.from, and that the user mail.user may send from it.`,
  ),
  authFailed: text<{ reply: string }>(
    (p) => `SMTP-сервер не принял вход: ${p.reply}. Проверьте mail.user и mail.password.`,
    (p) => `The SMTP server refused the login: ${p.reply}. Check mail.user and mail.password.`,
  ),
  tlsFailed: text<{ address: string; detail: string }>(
    (p) => `[SMTP][${p.address}]: не удалось установить защищённое соединение (${p.detail}). Если сертификат сервера выдан своим или российским УЦ, укажите корневой сертификат в mail.tls_ca_file; проверьте mail.security (starttls для порта 587, tls для 465).`,
    (p) => `[SMTP][${p.address}]: the secure connection failed (${p.detail}). If the server's certificate comes from a private or Russian CA, put the root certificate in mail.tls_ca_file; check mail.security (starttls for port 587, tls for 465).`,
  ),
  refused: text<{ address: string; detail: string }>(
    (p) => `[SMTP][${p.address}]: соединение отклонено (${p.detail}). Проверьте, что SMTP-сервер работает и что mail.host и mail.port верны; отправка будет повторена позже.`,
    (p) => `[SMTP][${p.address}]: connection refused (${p.detail}). Check that the SMTP server runs and that mail.host and mail.port are right; sending will be tried again later.`,
  ),
  unknownHost: text<{ address: string }>(
    (p) => `[SMTP][${p.address}]: имя сервера не найдено (DNS). Проверьте mail.host и DNS этой машины; отправка будет повторена позже.`,
    (p) => `[SMTP][${p.address}]: the server's name was not found (DNS). Check mail.host and this machine's DNS; sending will be tried again later.`,
  ),
  timeout: text<{ address: string; seconds: number }>(
    (p) => `[SMTP][${p.address}]: нет ответа за ${p.seconds} с. Сервер перегружен или недоступен; отправка будет повторена позже (при необходимости увеличьте mail.timeout_seconds).`,
    (p) => `[SMTP][${p.address}]: no answer within ${p.seconds} s. The server is overloaded or out of reach; sending will be tried again later (raise mail.timeout_seconds if needed).`,
  ),
  connectionLost: text<{ address: string; detail: string }>(
    (p) => `[SMTP][${p.address}]: соединение прервано (${p.detail}). Отправка будет повторена позже.`,
    (p) => `[SMTP][${p.address}]: the connection broke (${p.detail}). Sending will be tried again later.`,
  ),
  unexpected: text<{ address: string; detail: string }>(
    (p) => `[SMTP][${p.address}]: непредвиденная ошибка (${p.detail}). Отправка будет повторена позже.`,
    (p) => `[SMTP][${p.address}]: an unexpected error (${p.detail}). Sending will be tried again later.`,
  ),
});
