import { defineTexts, text } from "../text.ts";

/** `agent demo`: the first minute of a newcomer. Every line says what is real and what is not built yet. */
export const demoTexts = defineTexts("demo", {
  cmdDemo: text(
    "демонстрация: папка с экземпляром и главной БД с демо-данными, симуляторы ЦОД и SMS-шлюза и SMTP-сервер на 127.0.0.1, задания каждую минуту, одна внесённая неисправность — и терминальный интерфейс",
    "a demo: a folder with an instance and a main DB of demo data, the ЦОД and SMS gateway simulators and an SMTP server on 127.0.0.1, jobs every minute, one injected fault — and the terminal UI",
  ),
  optDir: text("папка демонстрации (по умолчанию ./demo)", "the demo's folder (default ./demo)"),
  started: text<{ dir: string }>((p) => `Демо: экземпляр в папке ${p.dir}; всё, что ниже, — настоящий агент против симуляторов на 127.0.0.1`, (p) => `Demo: the instance is in ${p.dir}; everything below is the real agent against simulators on 127.0.0.1`),
  codSimulator: text<{ url: string; admin: string }>((p) => `Демо: симулятор ЦОД слушает ${p.url} (управление: ${p.admin}); cod.url указывает на него`, (p) => `Demo: the ЦОД simulator listens on ${p.url} (admin: ${p.admin}); cod.url points at it`),
  everyMinute: text<{ count: number }>((p) => `Демо: задания (${p.count}) переведены на запуск каждую минуту`, (p) => `Demo: the jobs (${p.count}) now run every minute`),
  notBuilt: text<{ tasks: string }>(
    (p) => `Демо: эти задачи в этой версии ещё не реализованы, их задания не запускаются, а их симуляторы и демо-данные появятся вместе с ними: ${p.tasks}`,
    (p) => `Demo: these tasks are not built in this version yet; their jobs do not fire, and their simulators and demo data come with them: ${p.tasks}`,
  ),
  mainDbCreated: text<{ path: string; referrals: number; rows: number; journalled: number }>(
    (p) => `Демо: создана встроенная главная БД ${p.path} (направлений — ${p.referrals}, строк — ${p.rows}); установлен сбор изменений, начальная загрузка поставила в очередь на передачу в ЦОД строк — ${p.journalled}`,
    (p) => `Demo: the embedded main DB ${p.path} was created (${p.referrals} referrals, ${p.rows} rows); change capture is installed and the initial load queued ${p.journalled} rows for the ЦОД`,
  ),
  mainDbKept: text<{ path: string }>((p) => `Демо: главная БД ${p.path} осталась от прошлого запуска демонстрации`, (p) => `Demo: the main DB ${p.path} is the one of the previous demo run`),
  codSeeded: text<{ items: number; catalogs: number }>(
    (p) => `Демо: в симулятор ЦОД положены для этой МО документы и статусы (${p.items}) и перечни анализов МО-исполнителей (${p.catalogs})`,
    (p) => `Demo: the ЦОД simulator holds documents and statuses for this МО (${p.items}) and the catalogs of executing МО (${p.catalogs})`,
  ),
  misComment: text<{ round: number }>((p) => `Демо: изменено МИС, раунд ${p.round}`, (p) => `Demo: changed by the MIS, round ${p.round}`),
  misChanged: text<{ rows: number }>(
    (p) => `Демо: МИС изменила строк — ${p.rows}; их передаст задание «Синхронизация анализов»`,
    (p) => `Demo: the MIS changed ${p.rows} rows; the analysis synchronisation job sends them`,
  ),
  clinicName: text("Демо-поликлиника", "Demo Clinic"),
  pdfsQueued: text<{ count: number; mo: string }>(
    (p) => `Демо: в главной БД в очередь на подписание и передачу поставлено ${p.count} PDF результатов для МО ${p.mo}`,
    (p) => `Demo: ${p.count} PDFs of results for МО ${p.mo} were queued in the main DB to be signed and uploaded`,
  ),
  documentsFailed: text<{ detail: string }>(
    (p) => `Демо: не удалось оставить в симуляторе ЦОД документы другой МО: ${p.detail}`,
    (p) => `Demo: the other МО's documents could not be put at the ЦОД simulator: ${p.detail}`,
  ),
  smtpSink: text<{ port: number; user: string }>(
    (p) => `Демо: SMTP-приёмник слушает 127.0.0.1:${p.port} (STARTTLS с сертификатом демо-УЦ, вход ${p.user}); письма никуда дальше не уходят; mail.* указывают на него`,
    (p) => `Demo: an SMTP sink listens on 127.0.0.1:${p.port} (STARTTLS with the demo CA's certificate, login ${p.user}); e-mails go nowhere further; mail.* point at it`,
  ),
  mailTaken: text<{ to: string; withPdf: boolean; messageId: string }>(
    (p) => `Демо: SMTP-приёмник принял письмо для ${p.to}${p.withPdf ? " с PDF результата" : ""} (${p.messageId})`,
    (p) => `Demo: the SMTP sink took an e-mail for ${p.to}${p.withPdf ? " with the result's PDF" : ""} (${p.messageId})`,
  ),
  smsSimulator: text<{ url: string; balance: number }>(
    (p) => `Демо: симулятор SMS-шлюза (API SMSC.ru) слушает ${p.url}; sms.* указывают на него; на счёте ${p.balance} руб. — после первых SMS баланс станет ниже порога sms.balance_warn, и агент предупредит`,
    (p) => `Demo: the SMS gateway simulator (SMSC.ru's API) listens on ${p.url}; sms.* point at it; the account holds ${p.balance} roubles — after the first texts it falls below sms.balance_warn and the agent warns`,
  ),
  mailingSettings: text(
    "Демо: тихие часы SMS выключены (sms.quiet_hours = 0:00-0:00), чтобы SMS уходили в любое время; агент сам ставит в рассылку окончательные результаты последних 72 ч. (mailing.enqueue_results_hours)",
    "Demo: SMS quiet hours are off (sms.quiet_hours = 0:00-0:00) so texts go at any hour; the agent itself queues final results of the last 72 h (mailing.enqueue_results_hours)",
  ),
  signer: text<{ folder: string }>(
    (p) => `Демо: PDF подписываются встроенной подписью (sign.engine = builtin) тестовым ключом RSA «Demo Lab Doctor»; корень демо-УЦ и ключи — в ${p.folder}; подписи, полученные от других МО, проверяются по этому корню`,
    (p) => `Demo: PDFs are signed by the built-in signer (sign.engine = builtin) with the RSA test key "Demo Lab Doctor"; the demo CA's root and the keys are in ${p.folder}; signatures received from other МО are checked against that root`,
  ),
  documentsPlaced: text<{ mo: string }>(
    (p) => `Демо: в симуляторе ЦОД для этой МО оставлены два PDF от МО ${p.mo}: один с верной подписью и один, изменённый после подписания, — задание «Синхронизация» сохранит его с отметкой «подпись недействительна»`,
    (p) => `Demo: two PDFs from МО ${p.mo} wait for this МО at the ЦОД simulator: one with a valid signature, one changed after signing — the job Synchronisation stores it marked "signature invalid"`,
  ),
  backups: text<{ folder: string; keep: number }>(
    (p) => `Демо: резервные копии (хранилища агента и главная БД, если она есть) пишутся в ${p.folder}, хранятся последние ${p.keep}; проверка восстановления и валидация (всех баз) — по тем же заданиям`,
    (p) => `Demo: the backups (the agent's stores, and the main DB if there is one) go to ${p.folder}, the newest ${p.keep} are kept; the restore check and validation (of every database) run as jobs too`,
  ),
  statistics: text(
    "Демо: статистика уходит в симулятор ЦОД; что он получил — GET /admin/statistics на его порту управления, кто перестал присылать — /admin/statistics/silent",
    "Demo: the statistics go to the ЦОД simulator; what it received: GET /admin/statistics on its admin port; who stopped reporting: /admin/statistics/silent",
  ),
  oldLogLines: text<{ count: number; days: number }>(
    (p) => `Демо: в БД лога записано ${p.count} строк старше ${p.days} дней, чтобы у задания «Обрезка БД лога» была работа`,
    (p) => `Demo: ${p.count} lines older than ${p.days} days were written to the log DB so that the log trimming job has work`,
  ),
  oldLogLine: text<{ n: number }>((p) => `Демо: старая строка лога № ${p.n}`, (p) => `Demo: old log line no. ${p.n}`),
  faultPlanned: text<{ inSeconds: number; seconds: number }>(
    (p) => `Демо: через ${p.inSeconds} с будет внесена неисправность — ЦОД перестанет принимать соединения на ${p.seconds} с`,
    (p) => `Demo: in ${p.inSeconds} s a fault is injected — the ЦОД refuses connections for ${p.seconds} s`,
  ),
  faultOn: text<{ seconds: number }>((p) => `Демо: внесена неисправность — ЦОД отклоняет соединения (${p.seconds} с)`, (p) => `Demo: fault injected — the ЦОД refuses connections (${p.seconds} s)`),
  faultOff: text("Демо: неисправность снята — ЦОД снова принимает соединения", "Demo: fault cleared — the ЦОД accepts connections again"),
  stopped: text("Демо: симуляторы остановлены", "Demo: the simulators stopped"),
});
