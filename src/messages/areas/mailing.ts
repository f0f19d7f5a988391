import { defineTexts, text } from "../text.ts";

type Channel = "email" | "sms";

/** «письмо № 12 на i***@mail.ru», «SMS № 13 на +7********12»: a queue item as the log names it, address masked. */
const itemRu = (p: { channel: Channel; id: string; address: string }) => `${p.channel === "email" ? "письмо" : "SMS"} № ${p.id} на ${p.address}`;
const itemEn = (p: { channel: Channel; id: string; address: string }) => `${p.channel === "email" ? "e-mail" : "text"} No. ${p.id} to ${p.address}`;
const channelRu = (c: Channel) => (c === "email" ? "по почте" : "SMS");
const channelEn = (c: Channel) => (c === "email" ? "by e-mail" : "by SMS");

/**
 * The job «Рассылка почты и смс» (thread TSendRasThread): the manual's two
 * lines word for word, and what the run did, with true counts. Addresses and
 * phone numbers reach these texts already masked; reasons come from the
 * channels (src/mail/, src/sms/) already masked and redacted.
 */
export const mailingTexts = defineTexts("mailing", {
  // The manual's lines (domain.md §3).
  started: text("Начата рассылка почты!", "Mailing started!"),
  stopped: text("Остановка рассылки почты!", "Mailing stopped!"),

  finished: text<{ email: number; sms: number; retry: number; failed: number; left: number; waiting: number }>(
    (p) =>
      `Рассылка: отправлено писем — ${p.email}, SMS — ${p.sms}; отложено до повтора — ${p.retry}; не отправлено окончательно — ${p.failed}. ` +
      `В очереди осталось ${p.left}${p.waiting > 0 ? ` (из них ждут времени повтора — ${p.waiting})` : ""}`,
    (p) =>
      `Mailing: e-mails sent — ${p.email}, texts sent — ${p.sms}; put off for a retry — ${p.retry}; failed for good — ${p.failed}. ` +
      `Left in the queue: ${p.left}${p.waiting > 0 ? ` (of them waiting for their retry time: ${p.waiting})` : ""}`,
  ),
  summary: text<{ email: number; sms: number; failed: number; left: number | string }>(
    (p) => `писем ${p.email}, SMS ${p.sms}; не отправлено ${p.failed}; в очереди ${p.left}`,
    (p) => `${p.email} e-mails, ${p.sms} texts; ${p.failed} failed; ${p.left} queued`,
  ),

  // One item.
  sent: text<{ channel: Channel; id: string; address: string; note: string }>(
    (p) => `Отправлено: ${itemRu(p)}${p.note}`,
    (p) => `Sent: ${itemEn(p)}${p.note}`,
  ),
  withPdf: text(" (с PDF результата)", " (with the result's PDF)"),
  smsParts: text<{ parts: number }>((p) => ` (${p.parts} ч.)`, (p) => ` (${p.parts} part(s))`),
  retryLater: text<{ channel: Channel; id: string; address: string; reason: string; attempt: number; max: number; at: string }>(
    (p) => `Не отправлено сейчас: ${itemRu(p)}. ${p.reason} Попытка ${p.attempt} из ${p.max}; следующая — не раньше ${p.at}.`,
    (p) => `Not sent for now: ${itemEn(p)}. ${p.reason} Attempt ${p.attempt} of ${p.max}; the next one not before ${p.at}.`,
  ),
  failed: text<{ channel: Channel; id: string; address: string; reason: string }>(
    (p) => `Не отправлено, повторять не будем: ${itemRu(p)}. ${p.reason}`,
    (p) => `Not sent, and it will not be tried again: ${itemEn(p)}. ${p.reason}`,
  ),
  attemptsExhausted: text<{ attempts: number; reason: string }>(
    (p) => `Попытки исчерпаны (${p.attempts}, mailing.max_attempts). Последняя ошибка: ${p.reason}`,
    (p) => `No attempts left (${p.attempts}, mailing.max_attempts). The last error: ${p.reason}`,
  ),
  noConsent: text<{ channel: Channel }>(
    (p) => `Пациент не давал согласия на получение результатов ${channelRu(p.channel)}; сообщение не отправлено. Согласие отмечается в МИС; после этого поставьте сообщение в очередь снова.`,
    (p) => `The patient has not consented to results ${channelEn(p.channel)}; nothing was sent. Consent is recorded in the MIS; queue the message again after that.`,
  ),
  smsIdOutOfRange: text<{ id: string }>(
    (p) => `Номер записи очереди ${p.id} больше, чем номер SMS у шлюза (1…2147483647), по которому агент потом спрашивает её статус; SMS не отправлено. Нужна запись очереди с номером в этих пределах.`,
    (p) => `The queue item's number ${p.id} is larger than a text's number at the gateway (1…2147483647), by which the agent later asks its status; nothing was sent. The queue item needs a number within that range.`,
  ),

  // Never twice: what was left in "sending".
  reconciledSent: text<{ id: string; address: string; state: string }>(
    (p) => `SMS № ${p.id} на ${p.address} осталось в состоянии «отправляется»; шлюз подтвердил, что принял его (статус: ${p.state}) — отмечено отправленным, повторно не отправляется.`,
    (p) => `Text No. ${p.id} to ${p.address} was left "sending"; the gateway confirms it took it (status: ${p.state}): marked sent, not sent again.`,
  ),
  reconciledNotSent: text<{ id: string; address: string }>(
    (p) => `SMS № ${p.id} на ${p.address} осталось в состоянии «отправляется», но шлюз его не получал — будет отправлено сейчас.`,
    (p) => `Text No. ${p.id} to ${p.address} was left "sending", but the gateway never got it: it is sent now.`,
  ),
  reconciledNotSentLater: text<{ id: string; address: string; at: string }>(
    (p) => `SMS № ${p.id} на ${p.address} осталось в состоянии «отправляется», но шлюз его не получал — будет отправлено после паузы, не раньше ${p.at}.`,
    (p) => `Text No. ${p.id} to ${p.address} was left "sending", but the gateway never got it: it goes again after a pause, not before ${p.at}.`,
  ),
  reconcileFailed: text<{ id: string; address: string; reason: string }>(
    (p) => `Не удалось спросить шлюз о SMS № ${p.id} на ${p.address}: ${p.reason} Оно остаётся в состоянии «отправляется» и не будет отправлено, пока шлюз не ответит (следующий запуск).`,
    (p) => `Could not ask the gateway about text No. ${p.id} to ${p.address}: ${p.reason} It stays "sending" and is not sent until the gateway answers (next run).`,
  ),
  resendSame: text<{ channel: Channel; id: string; address: string; messageId: string }>(
    (p) =>
      `${p.channel === "email" ? "Письмо" : "SMS"} № ${p.id} на ${p.address} осталось в состоянии «отправляется» (сбой во время отправки), а спросить сервер, дошло ли оно, нельзя: ` +
      `отправляется повторно с тем же идентификатором ${p.messageId}; пациент может получить его дважды (README, «Never twice»).`,
    (p) =>
      `${p.channel === "email" ? "E-mail" : "Text"} No. ${p.id} to ${p.address} was left "sending" (a failure while sending), and the server cannot be asked whether it arrived: ` +
      `it is sent again with the same id ${p.messageId}; the patient may get it twice (README, "Never twice").`,
  ),
  mayHaveGone: text<{ channel: Channel; id: string; address: string; reason: string }>(
    (p) => `Неясно, ушло ли ${itemRu(p)}: ${p.reason} ${p.channel === "sms" ? "Перед повтором агент спросит шлюз о его статусе." : "Повтор будет с тем же Message-ID."}`,
    (p) => `Unclear whether ${itemEn(p)} went out: ${p.reason} ${p.channel === "sms" ? "Before any retry the agent asks the gateway about it." : "A retry carries the same Message-ID."}`,
  ),

  // Channels.
  channelStopped: text<{ channel: Channel; reason: string }>(
    (p) => `Рассылка ${channelRu(p.channel)} остановлена до следующего запуска: ${p.reason} Сообщения остаются в очереди, попытки не засчитаны.`,
    (p) => `Sending ${channelEn(p.channel)} stopped until the next run: ${p.reason} The messages stay queued; no attempt is counted.`,
  ),
  channelDown: text<{ channel: Channel; reason: string }>(
    (p) => `Рассылка ${channelRu(p.channel)} прервана до следующего запуска: ${p.reason}`,
    (p) => `Sending ${channelEn(p.channel)} is interrupted until the next run: ${p.reason}`,
  ),
  notConfigured: text<{ channel: Channel; count: number; setting: string }>(
    (p) => `В очереди ${p.count} сообщ. ${channelRu(p.channel)}, но ${p.setting} не задан: они ждут, пока канал не будет настроен.`,
    (p) => `${p.count} message(s) ${channelEn(p.channel)} are queued, but ${p.setting} is not set: they wait until the channel is configured.`,
  ),
  quietHours: text<{ range: string; count: number; until: string }>(
    (p) => `Тихие часы (sms.quiet_hours = ${p.range}): SMS (${p.count}) будут отправлены не раньше ${p.until}.`,
    (p) => `Quiet hours (sms.quiet_hours = ${p.range}): the texts (${p.count}) go out not before ${p.until}.`,
  ),
  balance: text<{ provider: string; balance: string; currency: string }>(
    (p) => `Баланс у ${p.provider}: ${p.balance} ${p.currency}`.trim(),
    (p) => `Balance at ${p.provider}: ${p.balance} ${p.currency}`.trim(),
  ),
  balanceUnknown: text<{ reason: string }>((p) => `Баланс SMS-шлюза узнать не удалось: ${p.reason}`, (p) => `The SMS gateway's balance could not be learnt: ${p.reason}`),
  enqueued: text<{ count: number; hours: number }>(
    (p) => `Поставлено в очередь рассылки окончательных результатов пациентов, давших согласие (за последние ${p.hours} ч.): ${p.count}`,
    (p) => `Final results of consenting patients queued for mailing (from the last ${p.hours} h): ${p.count}`,
  ),
});
