import { defineTexts, text } from "../text.ts";
import type { NoticeFacts } from "./mail.ts";

/**
 * Texts of the SMS channel (src/sms/): the text to a patient, and what the
 * agent says about numbers, lengths and the gateway's answers. Phone numbers
 * in them are already masked by the caller (`+7*******12`).
 */
export const smsTexts = defineTexts("sms", {
  notice: text<NoticeFacts>(
    (p) => {
      const how = p.url && p.phone ? `Смотрите: ${p.url} или тел. ${p.phone}` : p.url ? `Смотрите: ${p.url}` : p.phone ? `Тел. ${p.phone}` : "Обратитесь в регистратуру";
      return `Результат анализа готов. ${how}.${p.clinic ? ` ${p.clinic}` : ""}`;
    },
    (p) => {
      const how = p.url && p.phone ? `See ${p.url} or call ${p.phone}` : p.url ? `See ${p.url}` : p.phone ? `Call ${p.phone}` : "Ask at the front desk";
      return `Your lab result is ready. ${how}.${p.clinic ? ` ${p.clinic}` : ""}`;
    },
  ),
  phoneEmpty: text("номер телефона не указан; SMS не отправлено. Укажите мобильный номер пациента в МИС.", "no phone number is given; no text was sent. Give the patient's mobile number in the MIS."),
  phoneBadCharacters: text(
    "номер телефона содержит знаки, которых в номере не бывает (буквы, добавочный номер); SMS не отправлено. Исправьте номер пациента в МИС: +7 9XX XXX-XX-XX.",
    "the phone number holds characters no number has (letters, an extension); no text was sent. Correct the patient's number in the MIS: +7 9XX XXX-XX-XX.",
  ),
  phoneBadLength: text<{ digits: number }>(
    (p) => `в номере телефона ${p.digits} цифр, а в российском мобильном — 11 (+7 и 10 цифр); SMS не отправлено. Исправьте номер пациента в МИС.`,
    (p) => `the phone number has ${p.digits} digits, a Russian mobile number has 11 (+7 and 10 digits); no text was sent. Correct the patient's number in the MIS.`,
  ),
  phoneNotMobile: text<{ phone: string }>(
    (p) => `номер ${p.phone} — не мобильный (российские мобильные номера начинаются с +7 9); SMS на него не доставить. Укажите мобильный номер пациента в МИС.`,
    (p) => `the number ${p.phone} is not a mobile one (Russian mobile numbers start with +7 9); a text cannot reach it. Give the patient's mobile number in the MIS.`,
  ),
  phoneNotRussian: text<{ phone: string }>(
    (p) => `номер ${p.phone} — не российский (+7); агент отправляет SMS только на российские мобильные номера.`,
    (p) => `the number ${p.phone} is not a Russian one (+7); the agent sends texts to Russian mobile numbers only.`,
  ),
  tooManyParts: text<{ parts: number; chars: number; max: number }>(
    (p) => `текст SMS займёт ${p.parts} частей (${p.chars} знаков), больше sms.max_parts = ${p.max}. Сократите mailing.clinic_name или mailing.results_url либо увеличьте sms.max_parts; сообщения остаются в очереди.`,
    (p) => `the text would take ${p.parts} parts (${p.chars} characters), more than sms.max_parts = ${p.max}. Shorten mailing.clinic_name or mailing.results_url, or raise sms.max_parts; the messages stay queued.`,
  ),
  tooLongForProvider: text<{ provider: string; chars: number; max: number }>(
    (p) => `текст SMS длиной ${p.chars} знаков длиннее, чем принимает ${p.provider} (${p.max}); сообщения остаются в очереди.`,
    (p) => `the text of ${p.chars} characters is longer than ${p.provider} takes (${p.max}); the messages stay queued.`,
  ),
  credentialsRequired: text(
    "задан sms.url с sms.provider = smsc, но не заданы sms.login и sms.password (или sms.api_key): укажите учётные данные SMSC.ru",
    "sms.url is set with sms.provider = smsc, but neither sms.login with sms.password nor sms.api_key is: give the SMSC.ru credentials",
  ),
  badSuccessPattern: text<{ detail: string }>(
    (p) => `sms.generic_success — не регулярное выражение (${p.detail})`,
    (p) => `sms.generic_success is not a regular expression (${p.detail})`,
  ),
  badGenericFields: text(
    "sms.generic_fields: ожидаются поля формы вида имя=значение&имя=значение",
    "sms.generic_fields: expected form fields like name=value&name=value",
  ),
  // SMSC.ru's error codes (https://smsc.ru/api/http/send/sms/sms_answer/), as the agent explains them.
  smscParams: text<{ detail: string }>(
    (p) => `SMSC.ru: ошибка в параметрах запроса (код 1: ${p.detail}). Проверьте sms.sender и sms.url; сообщения остаются в очереди.`,
    (p) => `SMSC.ru: an error in the request's parameters (code 1: ${p.detail}). Check sms.sender and sms.url; the messages stay queued.`,
  ),
  smscAuth: text(
    "SMSC.ru: неверный логин или пароль, либо запрос пришёл с IP-адреса, не разрешённого в личном кабинете (код 2). Проверьте sms.login и sms.password (или sms.api_key); сообщения остаются в очереди.",
    "SMSC.ru: a wrong login or password, or a request from an IP address not allowed in the account (code 2). Check sms.login and sms.password (or sms.api_key); the messages stay queued.",
  ),
  smscFunds: text(
    "SMSC.ru: недостаточно средств на счёте (код 3). Пополните баланс; сообщения остаются в очереди.",
    "SMSC.ru: not enough money on the account (code 3). Top it up; the messages stay queued.",
  ),
  smscIpBlocked: text(
    "SMSC.ru временно заблокировал IP-адрес этой машины из-за частых ошибок в запросах (код 4). Отправка будет повторена позже.",
    "SMSC.ru has blocked this machine's IP address for a while after frequent errors in requests (code 4). Sending will be tried again later.",
  ),
  smscDateFormat: text("SMSC.ru: неверный формат даты (код 5).", "SMSC.ru: a wrong date format (code 5)."),
  smscForbidden: text(
    "SMSC.ru: сообщение запрещено по тексту или по имени отправителя (код 6). Проверьте, что имя sms.sender зарегистрировано и одобрено в SMSC.ru; сообщения остаются в очереди.",
    "SMSC.ru: the message is forbidden by its text or its sender name (code 6). Check that the name in sms.sender is registered and approved at SMSC.ru; the messages stay queued.",
  ),
  smscBadNumber: text<{ phone: string }>(
    (p) => `SMSC.ru: неверный формат номера ${p.phone} (код 7); SMS на него не будет отправлено. Исправьте номер пациента в МИС.`,
    (p) => `SMSC.ru: the number ${p.phone} has a wrong format (code 7); no text will go to it. Correct the patient's number in the MIS.`,
  ),
  smscUndeliverable: text<{ phone: string }>(
    (p) => `SMSC.ru: сообщение на номер ${p.phone} не может быть доставлено (код 8); повторять не будем. Проверьте номер пациента в МИС.`,
    (p) => `SMSC.ru: a message to ${p.phone} cannot be delivered (code 8); it will not be tried again. Check the patient's number in the MIS.`,
  ),
  smscDuplicateNotFound: text(
    "SMSC.ru: такой же запрос уже был меньше минуты назад (код 9), но сообщения с этим номером у шлюза нет. Отправка будет повторена позже.",
    "SMSC.ru: the same request came less than a minute ago (code 9), yet the gateway has no message with this number. Sending will be tried again later.",
  ),
  smscTooManyRequests: text(
    "SMSC.ru: слишком много одинаковых или одновременных запросов (код 9). Повторим позже.",
    "SMSC.ru: too many identical or simultaneous requests (code 9). It will be tried again later.",
  ),
  smscUnknownError: text<{ code: number; detail: string }>(
    (p) => `SMSC.ru ответил ошибкой с кодом ${p.code} (${p.detail}). Отправка будет повторена позже.`,
    (p) => `SMSC.ru answered with error code ${p.code} (${p.detail}). Sending will be tried again later.`,
  ),
  // SMSC.ru's final failure statuses (https://smsc.ru/api/http/status_messages/statuses/).
  smscStatus: text<{ code: number }>(
    (p) =>
      ({
        3: "срок жизни сообщения истёк, а доставить его не удалось (просрочено)",
        20: "сообщение невозможно доставить",
        22: "неверный номер",
        23: "отправка запрещена (номер в чёрном списке, ограничение оператора или текста)",
        24: "на счёте недостаточно средств",
        25: "номер недоступен (не существует или не обслуживается)",
      })[p.code] ?? `ошибка доставки (статус ${p.code})`,
    (p) =>
      ({
        3: "the message expired before it could be delivered",
        20: "the message cannot be delivered",
        22: "a wrong number",
        23: "sending is forbidden (a blacklisted number, an operator's or the text's restriction)",
        24: "not enough money on the account",
        25: "the number is unavailable (it does not exist or is not served)",
      })[p.code] ?? `a delivery failure (status ${p.code})`,
  ),
  reportedFailed: text<{ provider: string; phone: string; code: number; description: string }>(
    (p) => `${p.provider}: SMS на номер ${p.phone} не доставлено — ${p.description} (статус ${p.code}); повторять не будем.`,
    (p) => `${p.provider}: the text to ${p.phone} was not delivered: ${p.description} (status ${p.code}); it will not be tried again.`,
  ),
  otherId: text<{ sent: string; got: string }>(
    (p) => `SMSC.ru ответил на сообщение № ${p.sent} номером ${p.got}; по запросу статуса сообщение № ${p.sent} у шлюза есть — оно отправлено.`,
    (p) => `SMSC.ru answered the message No. ${p.sent} with the number ${p.got}; asked for its status, the gateway has the message No. ${p.sent}: it was sent.`,
  ),
  otherIdNotFound: text<{ sent: string; got: string }>(
    (p) => `SMSC.ru ответил на сообщение № ${p.sent} номером ${p.got}, а сообщения № ${p.sent} у шлюза нет. Перед повтором агент снова спросит статус.`,
    (p) => `SMSC.ru answered the message No. ${p.sent} with the number ${p.got}, and the gateway has no message No. ${p.sent}. The agent asks for its status again before sending it again.`,
  ),
  gateway: text<{ provider: string; detail: string }>(
    (p) => `SMS-шлюз ${p.provider}: ${p.detail}`,
    (p) => `SMS gateway ${p.provider}: ${p.detail}`,
  ),
  badAnswer: text<{ provider: string; detail: string }>(
    (p) => `SMS-шлюз ${p.provider} ответил непонятно (${p.detail}). Сообщение могло уйти: перед повтором агент спросит его статус.`,
    (p) => `The SMS gateway ${p.provider} gave an answer that cannot be read (${p.detail}). The message may have gone out: the agent asks for its status before sending it again.`,
  ),
  lowBalance: text<{ provider: string; balance: string; currency: string; threshold: number }>(
    (p) => `Баланс у ${p.provider}: ${p.balance} ${p.currency} — меньше порога sms.balance_warn (${p.threshold}). Пополните счёт, иначе рассылка SMS остановится.`,
    (p) => `The balance at ${p.provider} is ${p.balance} ${p.currency}, below sms.balance_warn (${p.threshold}). Top it up, or sending texts will stop.`,
  ),
  genericRefused: text<{ status: number; body: string }>(
    (p) => `шлюз ответил кодом ${p.status}${p.body ? ` (${p.body})` : ""}. Проверьте sms.url и настройки sms.generic_*; сообщения остаются в очереди.`,
    (p) => `the gateway answered with status ${p.status}${p.body ? ` (${p.body})` : ""}. Check sms.url and the sms.generic_* settings; the messages stay queued.`,
  ),
  genericRejected: text<{ status: number; body: string; phone: string }>(
    (p) => `шлюз отказался принять SMS на номер ${p.phone}: код ${p.status}${p.body ? ` (${p.body})` : ""}; повторять не будем. Проверьте номер пациента в МИС.`,
    (p) => `the gateway refused the text to ${p.phone}: status ${p.status}${p.body ? ` (${p.body})` : ""}; it will not be tried again. Check the patient's number in the MIS.`,
  ),
  genericLater: text<{ status: number; body: string }>(
    (p) => `шлюз ответил кодом ${p.status}${p.body ? ` (${p.body})` : ""}. Отправка будет повторена позже.`,
    (p) => `the gateway answered with status ${p.status}${p.body ? ` (${p.body})` : ""}. Sending will be tried again later.`,
  ),
  genericNoMatch: text<{ body: string }>(
    (p) => `ответ шлюза не похож на успешный (не соответствует sms.generic_success): ${p.body}. Проверьте настройки sms.generic_*; сообщения остаются в очереди.`,
    (p) => `the gateway's answer does not look like a success (it does not match sms.generic_success): ${p.body}. Check the sms.generic_* settings; the messages stay queued.`,
  ),
});
