import { defineTexts, text } from "../text.ts";

/**
 * The jobs «Синхронизация анализов» (TSynchronizeAnalysisThread,
 * TSwapDataAnalysisThread) and «Запрос данных для обмена анализами между МО»,
 * and `agent sync parked`. The manual's lines are kept word for word
 * (including its «[N]» brackets, «за время[T с]» and «бактериалогического»),
 * with true counts; where the manual shows only the "nothing new" line of a
 * stream, the line for "something new" follows its pattern.
 */
export const syncTexts = defineTexts("sync", {
  // TSynchronizeAnalysisThread
  pushStarted: text("Начата передача данных в ЦОД", "Sending data to the ЦОД started"),
  noChanges: text("Изменений таблиц не найдено или их количество меньше 1.", "No table changes found, or fewer than 1."),
  pushFinished: text<{ rows: number; seconds: number }>(
    (p) => `Закончена передача анализов в ЦОД. Всего передано [${p.rows}] записей, за время[${p.seconds} с]`,
    (p) => `Sending analyses to the ЦОД finished. [${p.rows}] records sent in total, in [${p.seconds} s]`,
  ),
  batchSent: text<{ batch: string; rows: number; entries: number }>(
    (p) => `Пакет ${p.batch}: ЦОД принял записей ${p.rows} (записей журнала ${p.entries})`,
    (p) => `Batch ${p.batch}: the ЦОД took ${p.rows} records (${p.entries} journal entries)`,
  ),
  batchDuplicate: text<{ batch: string; rows: number }>(
    (p) => `Пакет ${p.batch} (${p.rows} записей) ЦОД уже получил раньше — ответ тогда не дошёл до агента. ЦОД не применял его второй раз; пакет снят с очереди.`,
    (p) => `The ЦОД had received batch ${p.batch} (${p.rows} records) before — its answer never reached the agent. The ЦОД did not apply it again; the batch is off the queue.`,
  ),
  batchConflictApplied: text<{ batch: string }>(
    (p) => `Пакет ${p.batch} ЦОД уже применил раньше в прежнем виде (ответ тогда не дошёл, а строки с тех пор изменились). Пакет снят с очереди; новое состояние этих строк уходит следующими пакетами.`,
    (p) => `The ЦОД had applied batch ${p.batch} before in its earlier form (its answer never arrived, and the rows changed since). The batch is off the queue; the rows' new state goes in the next batches.`,
  ),
  rejectedRetry: text<{ detail: string; attempt: number; attempts: number; seconds: number }>(
    (p) => `${p.detail} Попытка ${p.attempt} из ${p.attempts}; повтор через ${p.seconds} с.`,
    (p) => `${p.detail} Attempt ${p.attempt} of ${p.attempts}; trying again in ${p.seconds} s.`,
  ),
  batchParked: text<{ id: number; batch: string; rows: number; attempts: number; reason: string }>(
    (p) =>
      `Пакет ${p.batch} (${p.rows} записей) отложен под № ${p.id}: ЦОД отклонил его ${p.attempts} раз(а). Причина: ${p.reason}. Остальные изменения передаются дальше. Посмотреть: agent sync parked; отправить снова (текущее состояние строк): agent sync parked retry ${p.id}; отказаться: agent sync parked drop ${p.id}.`,
    (p) =>
      `Batch ${p.batch} (${p.rows} records) was parked as no. ${p.id}: the ЦОД rejected it ${p.attempts} time(s). Reason: ${p.reason}. The other changes go on. See it: agent sync parked; send again (the rows' current state): agent sync parked retry ${p.id}; give it up: agent sync parked drop ${p.id}.`,
  ),
  skippedTables: text<{ count: number; tables: string }>(
    (p) => `Изменения таблиц вне списка sync.tables не передаются и сняты с очереди: ${p.count} (${p.tables})`,
    (p) => `Changes of tables outside sync.tables are not sent and left the queue: ${p.count} (${p.tables})`,
  ),
  pushDeferred: text<{ entries: number }>(
    (p) => `Передача прервана: неотправленные изменения (в журнале: ${p.entries}) остаются в главной базе и уйдут при следующем запуске.`,
    (p) => `Sending stopped: the changes not sent (${p.entries} in the journal) stay in the main DB and go at the next run.`,
  ),
  noAnswerRetry: text<{ detail: string; attempt: number; attempts: number; seconds: number }>(
    (p) => `Ответ Сервера ЦОД не получен: ${p.detail} Повтор через ${p.seconds} с (попытка ${p.attempt} из ${p.attempts}).`,
    (p) => `No answer from the ЦОД server: ${p.detail} Trying again in ${p.seconds} s (attempt ${p.attempt} of ${p.attempts}).`,
  ),

  // TSwapDataAnalysisThread
  referralStatuses: text<{ n: number }>((p) => `Получено [${p.n}] статусов направлений на анализы`, (p) => `Received [${p.n}] statuses of referrals for analyses`),
  resultStatusesNone: text("[Сервер ЦОД]: Новых статусов результата на анализы не найдено!", "[ЦОД server]: No new statuses of analysis results found!"),
  resultStatuses: text<{ n: number }>((p) => `Получено [${p.n}] статусов результатов на анализы`, (p) => `Received [${p.n}] statuses of analysis results`),
  marksNone: text("[Сервер ЦОД]: Новых особых отметок на анализы не найдено!", "[ЦОД server]: No new special marks on analyses found!"),
  marks: text<{ n: number }>((p) => `Получено [${p.n}] особых отметок на анализы`, (p) => `Received [${p.n}] special marks on analyses`),
  referralsNone: text("[Сервер ЦОД]: Новых направлений на анализы не найдено", "[ЦОД server]: No new referrals for analyses found"),
  referrals: text<{ n: number }>((p) => `Получено [${p.n}] направлений на анализы`, (p) => `Received [${p.n}] referrals for analyses`),
  results: text<{ n: number }>((p) => `Получено ${p.n} результатов исследования`, (p) => `Received ${p.n} analysis results`),
  resultsDocuments: text<{ documents: number; statuses: number }>(
    (p) => `[Сервер ЦОД]: Документов передано - ${p.documents}, обновлено статусов - ${p.statuses}`,
    (p) => `[ЦОД server]: Documents transferred - ${p.documents}, statuses updated - ${p.statuses}`,
  ),
  bacteriologyNone: text(
    "[Сервер ЦОД]: Новых результатов бактериалогического анализа не найдено",
    "[ЦОД server]: No new bacteriology results found",
  ),
  bacteriology: text<{ n: number }>((p) => `Получено [${p.n}] результатов бактериалогического анализа`, (p) => `Received [${p.n}] bacteriology results`),
  repeatsSkipped: text<{ n: number; what: string }>(
    (p) => `[Сервер ЦОД]: присланных повторно и уже применённых элементов пропущено: ${p.n} (${p.what})`,
    (p) => `[ЦОД server]: items sent again and already applied were skipped: ${p.n} (${p.what})`,
  ),
  itemParked: text<{ id: number; item: string; what: string; reason: string }>(
    (p) =>
      `Элемент ${p.item} (${p.what}) не удалось записать в главную базу; он отложен под № ${p.id}, остальные применены. Причина: ${p.reason}. Посмотреть: agent sync parked; записать снова: agent sync parked retry ${p.id}.`,
    (p) =>
      `Item ${p.item} (${p.what}) could not be written into the main DB; it was parked as no. ${p.id}, the others were applied. Reason: ${p.reason}. See it: agent sync parked; write it again: agent sync parked retry ${p.id}.`,
  ),
  pullDeferred: text("Получение из ЦОД прервано; оно продолжится при следующем запуске с последней сохранённой позиции.", "Receiving from the ЦОД stopped; it goes on at the next run from the last position stored."),
  noProgress: text<{ what: string }>(
    (p) => `[Сервер ЦОД]: ЦОД сообщает, что есть ещё данные (${p.what}), но прислал только уже применённое: чтение потока остановлено до следующего запуска.`,
    (p) => `[ЦОД server]: the ЦОД says more is waiting (${p.what}) but sent only what was applied already: reading the stream stopped until the next run.`,
  ),

  // The run's summary (job table, run history).
  summary: text<{ pushed: number; pulled: number; parked: number }>(
    (p) => `передано записей: ${p.pushed}, получено из ЦОД: ${p.pulled}${p.parked ? `, отложено: ${p.parked}` : ""}`,
    (p) => `${p.pushed} records sent, ${p.pulled} received from the ЦОД${p.parked ? `, ${p.parked} parked` : ""}`,
  ),
  summaryNoAnswer: text<{ pushed: number; pulled: number }>(
    (p) => `ЦОД не ответил (передано записей: ${p.pushed}, получено: ${p.pulled})`,
    (p) => `the ЦОД did not answer (${p.pushed} records sent, ${p.pulled} received)`,
  ),

  // «Запрос данных для обмена анализами между МО» (TRequestExchangeDataThread)
  exchangeStarted: text<{ count: number }>(
    (p) => `Запрос из ЦОД перечня анализов для обмена между МО: МО-исполнителей в списке организаций — ${p.count}`,
    (p) => `Asking the ЦОД for the analyses to exchange between МО: executing МО in the list of organisations — ${p.count}`,
  ),
  exchangeLab: text<{ lpu: number; count: number }>(
    (p) => `МО ${p.lpu}: получено анализов ${p.count}, записи регистра заменены`,
    (p) => `МО ${p.lpu}: ${p.count} analyses received, its register entries replaced`,
  ),
  exchangeCleared: text<{ lpu: number; count: number }>(
    (p) => `МО ${p.lpu} больше нет в списке организаций (или она отключена): её записи в регистре удалены (${p.count})`,
    (p) => `МО ${p.lpu} is no longer in the list of organisations (or is switched off): its register entries were removed (${p.count})`,
  ),
  exchangeUnknownLab: text<{ lpu: number; detail: string }>(
    (p) => `МО ${p.lpu}: ${p.detail} Записи регистра этой МО оставлены как были; проверьте код МО в списке организаций.`,
    (p) => `МО ${p.lpu}: ${p.detail} This МО's register entries are left as they were; check the МО's code in the list of organisations.`,
  ),
  exchangeFinished: text<{ labs: number; entries: number; cleared: number; failed: number; seconds: number }>(
    (p) => `Запрос данных для обмена анализами между МО закончен. МО обновлено: ${p.labs}, анализов в регистре: ${p.entries}, МО очищено: ${p.cleared}, не получено: ${p.failed}, за время[${p.seconds} с]`,
    (p) => `Request of data for analysis exchange between МО finished. МО updated: ${p.labs}, analyses in the register: ${p.entries}, МО cleared: ${p.cleared}, not received: ${p.failed}, in [${p.seconds} s]`,
  ),
  exchangeSummary: text<{ labs: number; entries: number; cleared: number; failed: number }>(
    (p) => `МО: ${p.labs}, анализов: ${p.entries}, очищено МО: ${p.cleared}${p.failed ? `, не получено: ${p.failed}` : ""}`,
    (p) => `МО: ${p.labs}, analyses: ${p.entries}, МО cleared: ${p.cleared}${p.failed ? `, not received: ${p.failed}` : ""}`,
  ),

  // agent sync parked
  cmdParked: text(
    "отложенное синхронизацией с ЦОД: пакеты, отклонённые ЦОД, и элементы из ЦОД, которые не удалось записать (хранятся в главной базе)",
    "what the ЦОД sync parked: batches the ЦОД rejected and items from the ЦОД that could not be written (kept in the main DB)",
  ),
  cmdParkedRetry: text("отправить отложенный пакет снова (текущее состояние строк) или снова записать отложенный элемент", "send a parked batch again (the rows' current state), or write a parked item again"),
  cmdParkedDrop: text("отказаться от отложенного: пакет не попадёт в ЦОД, элемент не будет записан", "give up a parked entry: the batch never reaches the ЦОД, the item is never written"),
  argParkedId: text("номер отложенного (agent sync parked)", "the parked entry's number (agent sync parked)"),
  parkedNone: text("Отложенного нет: всё передано и принято.", "Nothing is parked: everything was sent and received."),
  columnId: text("№", "No."),
  columnKind: text("Что", "What"),
  columnRef: text("Пакет / элемент", "Batch / item"),
  columnParkedAt: text("Отложено", "Parked"),
  columnAttempts: text("Попыток", "Attempts"),
  columnEntries: text("Записей", "Records"),
  columnReason: text("Причина", "Reason"),
  kindPush: text("пакет в ЦОД", "batch to the ЦОД"),
  kindPull: text<{ stream: string }>((p) => `из ЦОД (${p.stream})`, (p) => `from the ЦОД (${p.stream})`),
  parkedRequeued: text<{ id: number; rows: number }>(
    (p) => `Отложенный пакет № ${p.id}: ${p.rows} строк снова в очереди на передачу; их текущее состояние уйдёт в ЦОД при следующем запуске задания «Синхронизация анализов».`,
    (p) => `Parked batch no. ${p.id}: ${p.rows} rows are queued again; their current state goes to the ЦОД at the next run of the analysis synchronisation job.`,
  ),
  parkedResolved: text<{ id: number; inserted: number; updated: number; deleted: number }>(
    (p) => `Отложенный элемент № ${p.id} записан в главную базу (добавлено строк: ${p.inserted}, изменено: ${p.updated}, удалено: ${p.deleted}).`,
    (p) => `Parked item no. ${p.id} was written into the main DB (${p.inserted} rows added, ${p.updated} changed, ${p.deleted} deleted).`,
  ),
  parkedDropped: text<{ id: number }>((p) => `Отложенное № ${p.id} удалено: эти данные не будут ни переданы, ни записаны.`, (p) => `Parked entry no. ${p.id} was removed: its data will be neither sent nor written.`),
  parkedNotFound: text<{ id: string }>(
    (p) => `Отложенного № ${p.id} нет. Список: agent sync parked`,
    (p) => `There is no parked entry no. ${p.id}. The list: agent sync parked`,
  ),
  parkedStillFails: text<{ id: number; detail: string }>(
    (p) => `Отложенный элемент № ${p.id} по-прежнему не записывается: ${p.detail}. Он остаётся отложенным.`,
    (p) => `Parked item no. ${p.id} still cannot be written: ${p.detail}. It stays parked.`,
  ),
  parkedByAdmin: text<{ id: number; action: string }>(
    (p) => `Отложенное № ${p.id}: ${p.action} (по команде администратора)`,
    (p) => `Parked entry no. ${p.id}: ${p.action} (by the administrator)`,
  ),
  actionRetried: text("снова поставлено в работу", "put back to work"),
  actionDropped: text("удалено", "removed"),
  mainDbNotOpen: text(
    "служба ещё не открывала главную базу (нет файла встроенной базы или её не удалось открыть — см. лог)",
    "the service has not opened the main DB (no embedded database file, or it could not be opened — see the log)",
  ),
});
