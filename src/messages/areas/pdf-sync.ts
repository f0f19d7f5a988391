import { defineTexts, text } from "../text.ts";

/**
 * The PDF part of the job «Синхронизация» (thread TSyncPDFThread): the
 * manual's line word for word with true numbers, and what happened to each
 * document. Reasons come from src/sign/ and src/cod/ already redacted.
 */
export const pdfSyncTexts = defineTexts("pdfSync", {
  // The manual's line (domain.md §5), brackets included.
  finished: text<{ sent: number; queue: number }>(
    (p) => `Подписание и передача PDF на ЦОД закончена. Всего передано [${p.sent}] записей. Очередь на отправку [${p.queue}]`,
    (p) => `Signing and upload of PDFs to the ЦОД finished. Records sent in all: [${p.sent}]. Queued for sending: [${p.queue}]`,
  ),
  summary: text<{ sent: number; parked: number; queue: number | string; received: number; invalid: number }>(
    (p) => `передано PDF ${p.sent}, отложено ${p.parked}, в очереди ${p.queue}; получено ${p.received} (подпись недействительна: ${p.invalid})`,
    (p) => `${p.sent} PDFs sent, ${p.parked} parked, ${p.queue} queued; ${p.received} received (invalid signature: ${p.invalid})`,
  ),

  // Outgoing.
  uploaded: text<{ id: string; document: string; mo: string; duplicate: boolean }>(
    (p) => `PDF № ${p.id} подписан и передан в ЦОД для МО ${p.mo} (документ ${p.document})${p.duplicate ? "; ЦОД уже имел его — повтор после обрыва, второй копии нет" : ""}`,
    (p) => `PDF No. ${p.id} signed and uploaded to the ЦОД for МО ${p.mo} (document ${p.document})${p.duplicate ? "; the ЦОД had it already (a repeat after a break), no second copy" : ""}`,
  ),
  parked: text<{ id: string; reason: string }>(
    (p) => `PDF № ${p.id} отложен (в очередь не вернётся, пока его не исправят в МИС): ${p.reason}`,
    (p) => `PDF No. ${p.id} is parked (it stays out of the queue until it is corrected in the MIS): ${p.reason}`,
  ),
  noRecipient: text(
    "не указана МО, для которой документ (REG_ANALYSIS_PDF.COD_MO — код МО-заказчика в ЦОД); её указывает МИС.",
    "the МО the document is for is not given (REG_ANALYSIS_PDF.COD_MO, the ordering МО's id at the ЦОД); the MIS fills it in.",
  ),
  noReferral: text(
    "не указано направление, на которое это результат (REG_ANALYSIS_PDF.NAPR_ID); его указывает МИС.",
    "the referral this result answers is not given (REG_ANALYSIS_PDF.NAPR_ID); the MIS fills it in.",
  ),
  emptyPdf: text("файл PDF пуст (REG_ANALYSIS_PDF.PDF).", "the PDF file is empty (REG_ANALYSIS_PDF.PDF)."),
  rejectedByCod: text<{ reason: string }>((p) => `ЦОД не принял документ: ${p.reason}`, (p) => `the ЦОД refused the document: ${p.reason}`),
  signLater: text<{ id: string; reason: string }>(
    (p) => `PDF № ${p.id} не подписан сейчас: ${p.reason} Повтор при следующем запуске.`,
    (p) => `PDF No. ${p.id} is not signed for now: ${p.reason} It is tried again at the next run.`,
  ),
  signerDown: text<{ count: number }>(
    (p) => `Подписание прервано до следующего запуска: программа подписи не справилась ${p.count} раза подряд. Документы остаются в очереди.`,
    (p) => `Signing is interrupted until the next run: the signing program failed ${p.count} times in a row. The documents stay queued.`,
  ),
  signSetup: text<{ reason: string }>(
    (p) => `Подписание PDF остановлено: ${p.reason} Очередь сохранена, документы будут переданы после исправления.`,
    (p) => `Signing of PDFs stopped: ${p.reason} The queue is kept; the documents go once this is fixed.`,
  ),
  codLater: text<{ reason: string }>(
    (p) => `Обмен PDF с ЦОД прерван до следующего запуска: ${p.reason} Очередь на отправку и документы в ЦОД сохранены.`,
    (p) => `The exchange of PDFs with the ЦОД is interrupted until the next run: ${p.reason} The upload queue and the documents at the ЦОД are kept.`,
  ),
  codSetup: text<{ reason: string }>(
    (p) => `Обмен PDF с ЦОД остановлен: ${p.reason}`,
    (p) => `The exchange of PDFs with the ЦОД stopped: ${p.reason}`,
  ),

  // Incoming.
  receivedValid: text<{ document: string; mo: string; referral: string; serial: string; issuer: string }>(
    (p) => `Получен PDF ${p.document} от МО ${p.mo} (направление ${p.referral}): подпись действительна (сертификат ${p.serial}, издатель «${p.issuer}»); сохранён с результатом`,
    (p) => `Received PDF ${p.document} from МО ${p.mo} (referral ${p.referral}): the signature is valid (certificate ${p.serial}, issuer "${p.issuer}"); stored with the result`,
  ),
  receivedInvalid: text<{ document: string; mo: string; referral: string; reasons: string }>(
    (p) =>
      `ПОДПИСЬ НЕДЕЙСТВИТЕЛЬНА: PDF ${p.document} от МО ${p.mo} (направление ${p.referral}) сохранён с отметкой «подпись недействительна». Причины: ${p.reasons} ` +
      "Не считайте его подписанным результатом; свяжитесь с МО-исполнителем.",
    (p) =>
      `INVALID SIGNATURE: PDF ${p.document} from МО ${p.mo} (referral ${p.referral}) is stored marked "signature invalid". Reasons: ${p.reasons} ` +
      "Do not take it for a signed result; contact the executing МО.",
  ),
  duplicate: text<{ document: string; mo: string }>(
    (p) => `PDF ${p.document} от МО ${p.mo} уже сохранён ранее — повтор пропущен`,
    (p) => `PDF ${p.document} from МО ${p.mo} was stored before: the repeat is skipped`,
  ),
  tooLarge: text<{ document: string; mo: string; mb: string; max: number }>(
    (p) =>
      `PDF ${p.document} от МО ${p.mo}: ${p.mb} МБ — больше sign.max_pdf_mb (${p.max}); не загружен и остаётся в ЦОД (подтверждение следующих документов ждёт его). ` +
      "Увеличьте sign.max_pdf_mb, чтобы принять его.",
    (p) =>
      `PDF ${p.document} from МО ${p.mo}: ${p.mb} MB, more than sign.max_pdf_mb (${p.max}); not downloaded, it stays at the ЦОД (the acknowledgement of later documents waits for it). ` +
      "Raise sign.max_pdf_mb to take it.",
  ),
  receiveLater: text<{ document: string; mo: string; reason: string }>(
    (p) => `PDF ${p.document} от МО ${p.mo} не получен сейчас: ${p.reason} Он остаётся в ЦОД и будет получен при следующем запуске.`,
    (p) => `PDF ${p.document} from МО ${p.mo} is not received for now: ${p.reason} It stays at the ЦОД and is received at the next run.`,
  ),
  receiverDown: text<{ count: number }>(
    (p) => `Приём PDF прерван до следующего запуска: ${p.count} документа подряд не удалось получить или проверить. Они остаются в ЦОД.`,
    (p) => `Receiving PDFs is interrupted until the next run: ${p.count} documents in a row could not be received or checked. They stay at the ЦОД.`,
  ),
  verifySetup: text<{ reason: string }>(
    (p) => `Проверка подписей полученных PDF остановлена: ${p.reason} Документы остаются в ЦОД.`,
    (p) => `Checking the signatures of received PDFs stopped: ${p.reason} The documents stay at the ЦОД.`,
  ),
  incoming: text<{ stored: number; invalid: number; duplicates: number; tooLarge: number; deferred: number; acked: string }>(
    (p) =>
      `Получено PDF из ЦОД: ${p.stored} (подпись недействительна — ${p.invalid}); повторов пропущено — ${p.duplicates}; ` +
      `не загружено, больше допустимого — ${p.tooLarge}; отложено до следующего запуска — ${p.deferred}; подтверждено ЦОД по позицию ${p.acked}`,
    (p) =>
      `PDFs received from the ЦОД: ${p.stored} (invalid signature: ${p.invalid}); repeats skipped: ${p.duplicates}; ` +
      `not downloaded, too large: ${p.tooLarge}; put off until the next run: ${p.deferred}; acknowledged to the ЦОД through position ${p.acked}`,
  ),
  nothingAcked: text("—", "—"),
});
