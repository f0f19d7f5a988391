import { defineTexts, text } from "../text.ts";

/**
 * Texts of the ЦОД client (src/cod/). The manual's wording is kept where the
 * manual has one: `Ответ Сервера ЦОД не получен`, `[Сервер ЦОД]: Неправильный
 * формат файла ответа на получение направлений на анализы`; the other calls
 * and streams follow the same pattern.
 */
export const codTexts = defineTexts("cod", {
  noAnswer: text<{ detail: string }>((p) => `Ответ Сервера ЦОД не получен: ${p.detail}`, (p) => `No answer from the ЦОД server: ${p.detail}`),
  badFormat: text<{ what: string; detail: string }>(
    (p) => `[Сервер ЦОД]: Неправильный формат файла ответа на ${p.what}: ${p.detail}`,
    (p) => `[ЦОД server]: Wrong format of the answer to ${p.what}: ${p.detail}`,
  ),
  // What a call is, in the form the format message needs («ответа на …»).
  whatPush: text("передачу анализов в ЦОД", "sending analyses to the ЦОД"),
  whatReferralStatuses: text("получение статусов направлений на анализы", "receiving statuses of referrals for analyses"),
  whatResultStatuses: text("получение статусов результатов на анализы", "receiving statuses of analysis results"),
  whatSpecialMarks: text("получение особых отметок на анализы", "receiving special marks on analyses"),
  whatReferrals: text("получение направлений на анализы", "receiving referrals for analyses"),
  whatResults: text("получение результатов исследования", "receiving analysis results"),
  // «бактериалогического»: the manual's spelling, so that a search for its message finds ours too.
  whatBacteriology: text("получение результатов бактериалогического анализа", "receiving bacteriology results"),
  whatAck: text<{ what: string }>((p) => `подтверждение (${p.what})`, (p) => `an acknowledgement (${p.what})`),
  whatCatalog: text("получение списка анализов для обмена между МО", "receiving the list of analyses for the exchange between МО"),
  whatUpload: text<{ id: string }>((p) => `передачу PDF документа ${p.id} на ЦОД`, (p) => `sending the PDF of document ${p.id} to the ЦОД`),
  whatListDocuments: text("получение списка PDF с подписями", "receiving the list of signed PDFs"),
  whatDownload: text<{ id: string }>((p) => `получение PDF документа ${p.id}`, (p) => `receiving the PDF of document ${p.id}`),
  whatAckDocuments: text("подтверждение получения PDF", "acknowledging received PDFs"),
  otherDocument: text<{ asked: string; got: string }>(
    (p) => `ответ относится к документу ${p.got}, а запрошен ${p.asked}`,
    (p) => `the answer is for the document ${p.got}, but ${p.asked} was asked for`,
  ),
  hashMismatch: text<{ field: string }>(
    (p) => `${p.field}: файл не совпадает со своим хешем SHA-256 (повреждён при передаче)`,
    (p) => `${p.field}: the file does not match its SHA-256 hash (damaged in transfer)`,
  ),
  rejectedDocument: text<{ id: string }>((p) => `документ ${p.id}`, (p) => `the document ${p.id}`),
  whatUpdate: text("запрос обновления агента", "the request for an agent update"),
  whatUpdateDownload: text("загрузку обновления агента", "the download of an agent update"),
  otherPlatform: text<{ asked: string; got: string }>(
    (p) => `запрошено обновление для ${p.asked}, а предложено для ${p.got}`,
    (p) => `an update for ${p.asked} was asked for, but one for ${p.got} was offered`,
  ),
  whatHello: text("проверку версии протокола", "the protocol version check"),
  whatStatistics: text("отправку статистики", "the statistics upload"),
  otherReport: text<{ sent: string; got: string }>(
    (p) => `ответ относится к отчёту ${p.got}, а отправлен ${p.sent}`,
    (p) => `the answer is for the report ${p.got}, but ${p.sent} was sent`,
  ),
  noProtocolHeader: text<{ setting: string }>(
    (p) => `в ответе нет заголовка Cod-Protocol — по адресу ${p.setting}.url отвечает не ЦОД? Проверьте адрес`,
    (p) => `the answer has no Cod-Protocol header — is something other than the ЦОД at ${p.setting}.url? Check the address`,
  ),
  badProtocolHeader: text<{ got: string }>(
    (p) => `заголовок Cod-Protocol «${p.got}» — не версия вида 1.0`,
    (p) => `the Cod-Protocol header "${p.got}" is not a version like 1.0`,
  ),
  otherBatch: text<{ sent: string; got: string }>(
    (p) => `ответ подтверждает пакет ${p.got}, а отправлен пакет ${p.sent}`,
    (p) => `the answer acknowledges the batch ${p.got}, but the batch sent was ${p.sent}`,
  ),
  otherStream: text<{ asked: string; got: string }>(
    (p) => `ответ относится к потоку ${p.got}, а запрошен ${p.asked}`,
    (p) => `the answer is for the stream ${p.got}, but ${p.asked} was asked for`,
  ),
  otherLab: text<{ asked: string; got: string }>(
    (p) => `ответ содержит список МО ${p.got}, а запрошен список МО ${p.asked}`,
    (p) => `the answer holds the list of МО ${p.got}, but that of МО ${p.asked} was asked for`,
  ),
  tableNotInStream: text<{ table: string; stream: string }>(
    (p) => `таблица ${p.table} не входит в поток ${p.stream} (протокол ЦОД, src/cod/PROTOCOL.md)`,
    (p) => `the table ${p.table} is not part of the stream ${p.stream} (ЦОД protocol, src/cod/PROTOCOL.md)`,
  ),
  headFirst: text<{ table: string }>(
    (p) => `первое изменение элемента должно быть upsert таблицы ${p.table}`,
    (p) => `an item's first change must be an upsert of ${p.table}`,
  ),
  upsertOnly: text("в этом потоке допускается только upsert", "this stream allows upserts only"),
  deleteWithRow: text("у удаления (delete) не бывает row", "a delete carries no row"),
  upsertWithoutRow: text("у upsert должно быть поле row", "an upsert needs a row"),
  keyBadValue: text("строка или целое число", "a string or an integer"),
  columnBadValue: text(
    "null, true/false, строка, число или { base64 }",
    "null, true/false, a string, a number or { base64 }",
  ),
  rejected: text<{ what: string; status: number; code: string; reason: string }>(
    (p) => `[Сервер ЦОД]: ЦОД отклонил ${p.what} (код ${p.status}${p.code ? `, ${p.code}` : ""}): ${p.reason}`,
    (p) => `[ЦОД server]: the ЦОД rejected ${p.what} (status ${p.status}${p.code ? `, ${p.code}` : ""}): ${p.reason}`,
  ),
  rejectedBatch: text<{ batchId: string }>((p) => `пакет ${p.batchId}`, (p) => `the batch ${p.batchId}`),
  rejectedRequest: text<{ what: string }>((p) => `запрос на ${p.what}`, (p) => `the request for ${p.what}`),
  noReason: text("причина не указана", "no reason given"),
  unauthorized: text<{ mo: string; status: number }>(
    (p) => `[Сервер ЦОД]: ЦОД не принял токен МО ${p.mo} (код ${p.status}). Проверьте cod.token и cod.mo_id.`,
    (p) => `[ЦОД server]: the ЦОД did not accept the token of МО ${p.mo} (status ${p.status}). Check cod.token and cod.mo_id.`,
  ),
  versionMismatch: text<{ theirs: string; ours: string; newer: boolean }>(
    (p) => `[Сервер ЦОД]: ЦОД работает по протоколу версии ${p.theirs}, а агент — ${p.ours}. ${p.newer ? "Обновите агент." : "ЦОД нужно обновить; до тех пор используйте агент прежней версии."}`,
    (p) => `[ЦОД server]: the ЦОД speaks protocol ${p.theirs}, the agent ${p.ours}. ${p.newer ? "Update the agent." : "The ЦОД needs an update; until then use the agent's previous version."}`,
  ),
  unknownCall: text<{ call: string; theirs: string }>(
    (p) => `[Сервер ЦОД]: ЦОД (протокол ${p.theirs}) не поддерживает вызов ${p.call}. Обновите ЦОД или отключите задание, которому нужен этот вызов.`,
    (p) => `[ЦОД server]: the ЦОД (protocol ${p.theirs}) does not serve the call ${p.call}. Update the ЦОД or switch off the job that needs it.`,
  ),
  unexpectedStatus: text<{ status: number; reason: string }>(
    (p) => `[Сервер ЦОД]: неожиданный ответ с кодом ${p.status}${p.reason ? ` (${p.reason})` : ""}`,
    (p) => `[ЦОД server]: an unexpected answer with status ${p.status}${p.reason ? ` (${p.reason})` : ""}`,
  ),
  notConfigured: text<{ missing: string }>(
    (p) => `ЦОД не настроен: не заданы ${p.missing}. Укажите их в agent.toml (раздел [cod]) или через переменные AGENT_COD_*.`,
    (p) => `The ЦОД is not configured: ${p.missing} not set. Set them in agent.toml ([cod]) or through AGENT_COD_* variables.`,
  ),
});
