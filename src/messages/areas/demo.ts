import { defineTexts, text } from "../text.ts";

/** `agent demo`: the first minute of a newcomer. Every line says what is real and what is not built yet. */
export const demoTexts = defineTexts("demo", {
  cmdDemo: text(
    "демонстрация: папка с экземпляром, симулятор ЦОД на 127.0.0.1, задания каждую минуту, одна внесённая неисправность — и терминальный интерфейс",
    "a demo: a folder with an instance, the ЦОД simulator on 127.0.0.1, jobs every minute, one injected fault — and the terminal UI",
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
  codAnswered: text<{ version: string }>((p) => `Демо: проверка связи — ЦОД ответил (протокол ${p.version})`, (p) => `Demo: connection check — the ЦОД answered (protocol ${p.version})`),
  codFailed: text<{ detail: string }>((p) => `Демо: проверка связи — ${p.detail}`, (p) => `Demo: connection check — ${p.detail}`),
  stopped: text("Демо: симуляторы остановлены", "Demo: the simulators stopped"),
});
