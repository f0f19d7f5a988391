import { defineTexts, text } from "../text.ts";

/** Texts of the command line: help, usage errors, and what commands print. */
export const cliTexts = defineTexts("cli", {
  about: text(
    "Агент лабораторного обмена МО: синхронизация анализов с ЦОД, ОДЛИ (Нетрика), рассылка результатов пациентам.",
    "The clinic's lab-exchange agent: analysis sync with the ЦОД, ОДЛИ (Netrika), results to patients.",
  ),
  usageTitle: text("Использование", "Usage"),
  commandsTitle: text("Команды", "Commands"),
  optionsTitle: text("Параметры", "Options"),
  globalOptionsTitle: text("Общие параметры (для всех команд)", "Global options (every command)"),
  exitCodesTitle: text("Коды завершения", "Exit codes"),
  exitCodes: text(
    "0 — успешно; 1 — задача выполнена с ошибкой; 2 — неверные аргументы, настройки или папка данных; 3 — хранилища или главная база уже заняты другим агентом; 4 — не поддерживается на этой машине (ОС, процессор, хранилище новой версии)",
    "0 ok; 1 the task failed; 2 bad usage, config or data folder; 3 another agent already owns this instance's stores or main database; 4 not supported here (OS, CPU, a store from a newer version)",
  ),
  moreHelp: text("Подробнее о команде: agent КОМАНДА --help", "More about a command: agent COMMAND --help"),
  unknownCommand: text<{ got: string; suggestion: string }>(
    (p) => `Неизвестная команда «${p.got}».${p.suggestion ? ` Возможно, имелось в виду: agent ${p.suggestion}.` : ""} Список команд: agent --help`,
    (p) => `Unknown command "${p.got}".${p.suggestion ? ` Did you mean: agent ${p.suggestion}?` : ""} The list of commands: agent --help`,
  ),
  unknownOption: text<{ got: string; command: string; suggestion: string }>(
    (p) => `У команды «${p.command}» нет параметра ${p.got}.${p.suggestion ? ` Возможно, ${p.suggestion}?` : ""} Параметры: ${p.command} --help`,
    (p) => `The command "${p.command}" has no option ${p.got}.${p.suggestion ? ` Did you mean ${p.suggestion}?` : ""} Its options: ${p.command} --help`,
  ),
  missingValue: text<{ option: string; arg: string }>(
    (p) => `Параметру ${p.option} нужно значение (${p.arg}).`,
    (p) => `The option ${p.option} needs a value (${p.arg}).`,
  ),
  unexpectedValue: text<{ option: string }>(
    (p) => `Параметр ${p.option} не принимает значения.`,
    (p) => `The option ${p.option} takes no value.`,
  ),
  missingArgument: text<{ name: string; command: string }>(
    (p) => `Не указан ${p.name}. Пример: ${p.command} --help`,
    (p) => `${p.name} is missing. See: ${p.command} --help`,
  ),
  extraArgument: text<{ got: string; command: string }>(
    (p) => `Лишний аргумент «${p.got}» для команды «${p.command}».`,
    (p) => `Unexpected argument "${p.got}" for the command "${p.command}".`,
  ),
  badLanguage: text<{ got: string }>((p) => `--lang ${p.got}: допустимы ru и en.`, (p) => `--lang ${p.got}: use ru or en.`),
  internalError: text<{ detail: string }>(
    (p) => `Внутренняя ошибка агента: ${p.detail}\nСообщите разработчикам, приложив этот вывод.`,
    (p) => `Internal error of the agent: ${p.detail}\nPlease report it with this output.`,
  ),
  // Global options.
  optConfig: text("файл настроек (по умолчанию agent.toml рядом с программой)", "config file (default: agent.toml beside the binary)"),
  optInstance: text("экземпляр (МО) на этом сервере; по умолчанию main", "instance (МО) on this server; default main"),
  optDataDir: text("папка данных (перекрывает data_dir)", "data folder (overrides data_dir)"),
  optLang: text("язык сообщений: ru или en", "language of messages: ru or en"),
  optSet: text("задать настройку, например --set cod.url=http://10.0.0.5:30102", "set a setting, e.g. --set cod.url=http://10.0.0.5:30102"),
  optHelp: text("эта справка", "this help"),
  optVersion: text("версия агента", "the agent's version"),
  optOnce: text("выполнить одну задачу или задание и выйти (код 0 — работа сделана)", "run one task or job once and exit (code 0: the work was done)"),
  // Commands.
  cmdUi: text(
    "терминальный интерфейс (без аргументов): подключается к работающей службе или запускает её в этом окне; не в терминале — состояние экземпляра",
    "the terminal UI (no arguments): attaches to the running service or starts it in this window; not at a terminal, the instance's state",
  ),
  cmdRun: text("служба: планировщик, потоки, хранилища; лог также в stderr", "the service: scheduler, threads, stores; the log also to stderr"),
  cmdOnce: text("одна задача или задание через тот же исполнитель, что у службы", "one task or job through the service's own runner"),
  cmdJobs: text("таблица заданий планировщика", "the scheduler's job table"),
  cmdJobsAdd: text("добавить задание", "add a job"),
  cmdJobsEdit: text("изменить задание (указанные поля)", "change a job (the fields given)"),
  cmdJobsRm: text("удалить задание", "delete a job"),
  cmdJobsPause: text("приостановить задание", "pause a job"),
  cmdJobsResume: text("возобновить задание", "resume a job"),
  cmdLogs: text("лог (БД лога) с фильтрами", "the log (log DB) with filters"),
  cmdConfig: text("настройки", "the config"),
  cmdConfigCheck: text(
    "проверить и показать действующие настройки (секреты скрыты) и откуда взято каждое значение",
    "validate and show the effective config (secrets masked) and where each value came from",
  ),
  cmdConfigReload: text(
    "применить изменённый файл настроек к работающей службе (также SIGHUP)",
    "apply a changed config file to the running service (also SIGHUP)",
  ),
  cmdConfigExample: text("образец файла настроек со всеми настройками", "a sample config file with every setting"),
  cmdThreads: text("потоки работающей службы (менеджер потоков)", "the running service's threads (thread manager)"),
  cmdThreadsCancel: text("остановить поток в ближайшей безопасной точке", "stop a thread at its next safe point"),
  argThread: text("ID потока", "the thread's ID"),
  noServiceNoThreads: text(
    "Служба этого экземпляра не запущена: потоков нет. Запуск службы: agent run",
    "The service of this instance is not running: there are no threads. Start it: agent run",
  ),
  cmdVersion: text("версия, сборка и платформа", "version, build and platform"),
  cmdHelp: text("справка по команде", "help on a command"),
  // Command options.
  optFormat: text("вид вывода: table, tsv или json", "output form: table, tsv or json"),
  optSince: text(
    "с какого времени: \"14.05.2025 16:50\", 2025-05-14T16:50, 30m, 2h, 3d, today, yesterday",
    "from when: \"14.05.2025 16:50\", 2025-05-14T16:50, 30m, 2h, 3d, today, yesterday",
  ),
  optUntil: text("по какое время (те же формы, что у --since)", "until when (the same forms as --since)"),
  optService: text("только этот сервис (поток), можно несколько раз", "only this service (thread); may be repeated"),
  optLevel: text("наименьший уровень: debug, info, warn, error", "lowest level: debug, info, warn, error"),
  optGrep: text("только строки, содержащие текст (без учёта регистра)", "only lines containing the text (any case)"),
  optFollow: text("ждать и выводить новые строки", "wait for and print new lines"),
  optLimit: text("только последние N строк", "only the newest N lines"),
  optThread: text("только поток с этим ID", "only the thread with this ID"),
  optName: text("имя задания", "the job's name"),
  optTask: text("задача", "the task"),
  optStart: text("время начала: \"01.01.2014 0:10:00\"", "start time: \"01.01.2014 0:10:00\""),
  optEvery: text("каждые N минут (5, 15m, 2h), от времени начала", "every N minutes (5, 15m, 2h), anchored at the start time"),
  optOnceJob: text("однократно", "once"),
  optDaily: text("один раз в день", "once a day"),
  optWeekly: text("один раз в неделю", "once a week"),
  optCron: text("по выражению cron в поясе МО", "by a cron expression in the clinic's zone"),
  optDays: text("дни: all, 1-5, пн-пт, mon,wed,fri", "days: all, 1-5, mon-fri, mon,wed,fri"),
  optForbid: text("запрещённое время: 6:00-21:00 (может переходить через полночь), none", "forbidden window: 6:00-21:00 (may cross midnight), none"),
  optOption: text("опция задачи КЛЮЧ=ЗНАЧЕНИЕ (пустое значение удаляет)", "task option KEY=VALUE (an empty value removes it)"),
  optPaused: text("создать приостановленным", "create it paused"),
  optYes: text("не спрашивать подтверждения", "do not ask for confirmation"),
  argJob: text("номер или имя задания", "the job's number or name"),
  argTask: text("задача или задание", "task or job"),
  tasksTitle: text("Задачи", "Tasks"),
  notBuiltMark: text("ещё не реализована в этой версии", "not built in this version yet"),
  // Output.
  updateKey: text<{ fingerprint: string; development: boolean }>(
    (p) => `ключ подписи обновлений: ${p.fingerprint}${p.development ? " (разработческий: эта сборка примет обновление, подписанное кем угодно, — не для МО)" : ""}`,
    (p) => `update signing key: ${p.fingerprint}${p.development ? " (the development key: this build accepts updates anyone can sign — not for clinics)" : ""}`,
  ),
  version: text<{ version: string; target: string; bun: string; platform: string }>(
    (p) => `агент ${p.version} (сборка ${p.target}, Bun ${p.bun}, ${p.platform})`,
    (p) => `agent ${p.version} (build ${p.target}, Bun ${p.bun}, ${p.platform})`,
  ),
  statusTitle: text<{ instance: string }>((p) => `Экземпляр «${p.instance}»`, (p) => `Instance "${p.instance}"`),
  statusRunning: text<{ holder: string }>(
    (p) => `Статус сервера: Работает (${p.holder})`,
    (p) => `Server status: Running (${p.holder})`,
  ),
  statusLine: text<{ clients: number }>(
    (p) => `Статус сервера: Работает | Подключено клиентов: ${p.clients}`,
    (p) => `Server status: Running | Connected clients: ${p.clients}`,
  ),
  statusService: text<{ pid: number; version: string; threads: number }>(
    (p) => `Служба: процесс ${p.pid}, агент ${p.version}, работающих потоков: ${p.threads}`,
    (p) => `Service: process ${p.pid}, agent ${p.version}, running threads: ${p.threads}`,
  ),
  statusStopped: text("Статус сервера: Остановлен", "Server status: Stopped"),
  statusDataDir: text<{ dir: string }>((p) => `Папка данных: ${p.dir}`, (p) => `Data folder: ${p.dir}`),
  statusConfig: text<{ file: string }>((p) => `Файл настроек: ${p.file}`, (p) => `Config file: ${p.file}`),
  statusMainDb: text<{ engine: string; where: string }>((p) => `Главная база: ${p.engine}, ${p.where}`, (p) => `Main DB: ${p.engine}, ${p.where}`),
  statusCod: text<{ url: string }>((p) => `ЦОД: ${p.url}`, (p) => `ЦОД: ${p.url}`),
  statusCodNone: text("ЦОД: не настроен (cod.url)", "ЦОД: not configured (cod.url)"),
  statusLogLines: text<{ count: number; errors: number }>(
    (p) => `БД лога: ${p.count} строк, из них ошибок: ${p.errors}`,
    (p) => `Log DB: ${p.count} lines, ${p.errors} of them errors`,
  ),
  statusHowToStart: text(
    "Запуск службы: agent run (или установите её службой ОС: agent service install). Терминальный интерфейс: agent в терминале; для сценариев: agent jobs, agent logs --follow.",
    "Start the service: agent run (or install it as an OS service: agent service install). The terminal UI: agent at a terminal; for scripts: agent jobs, agent logs --follow.",
  ),
  // Service life.
  serviceStarted: text<{ version: string; instance: string; pid: number }>(
    (p) => `Служба запущена: агент ${p.version}, экземпляр «${p.instance}», процесс ${p.pid}`,
    (p) => `Service started: agent ${p.version}, instance "${p.instance}", process ${p.pid}`,
  ),
  serviceStopping: text<{ signal: string }>(
    (p) => `Получен сигнал ${p.signal}: служба останавливается`,
    (p) => `Received ${p.signal}: the service is stopping`,
  ),
  serviceStopped: text("Служба остановлена", "Service stopped"),
  storeMigrated: text<{ what: string; ids: string; backup: string }>(
    (p) => `Схема (${p.what}) обновлена: миграции ${p.ids}${p.backup ? `; копия до обновления: ${p.backup}` : ""}`,
    (p) => `Schema of ${p.what} upgraded: migrations ${p.ids}${p.backup ? `; copy from before: ${p.backup}` : ""}`,
  ),
  crashed: text<{ detail: string }>(
    (p) => `Агент аварийно завершается из-за внутренней ошибки: ${p.detail}`,
    (p) => `The agent is stopping because of an internal error: ${p.detail}`,
  ),
  supportWarning: text<{ detail: string }>((p) => `Предупреждение: ${p.detail}`, (p) => `Warning: ${p.detail}`),
  taskNotBuilt: text<{ task: string }>(
    (p) => `Задача ${p.task} ещё не реализована в этой версии агента: запускать нечего. Реализованные задачи перечислены в agent --once --help.`,
    (p) => `The task ${p.task} is not built in this version of the agent yet: there is nothing to run. The built tasks are listed by agent --once --help.`,
  ),
  unknownTaskOrJob: text<{ got: string; tasks: string; jobs: string }>(
    (p) => `«${p.got}» — не задача и не задание.\nЗадачи: ${p.tasks}\nЗадания: ${p.jobs}`,
    (p) => `"${p.got}" is neither a task nor a job.\nTasks: ${p.tasks}\nJobs: ${p.jobs}`,
  ),
  noService: text(
    "Служба этого экземпляра не запущена: применять настройки не к чему. Они вступят в силу при запуске (agent run).",
    "The service of this instance is not running: there is nothing to apply the config to. It takes effect at start (agent run).",
  ),
  serviceUnreachable: text<{ detail: string }>(
    (p) => `Служба работает, но канал управления не отвечает (${p.detail}). Проверьте права на папку данных или перезапустите службу.`,
    (p) => `The service runs but its control channel does not answer (${p.detail}). Check the data folder's permissions or restart the service.`,
  ),
});
