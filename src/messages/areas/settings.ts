import { defineTexts, text } from "../text.ts";

/** One line per setting: the example file, `config check` and the README are made from these. */
export const settingTexts = defineTexts("settings", {
  instance: text(
    "Имя экземпляра: у каждого МО на одном сервере свои хранилища, блокировка и канал управления",
    "Instance name: each МО on one server has its own stores, lock and control channel",
  ),
  dataDir: text(
    "Папка данных (хранилища агента, БД лога, встроенная главная БД); по умолчанию — data рядом с программой",
    "Data folder (the agent's stores, the log DB, the embedded main DB); by default data beside the binary",
  ),
  timezone: text(
    "Часовой пояс МО: в нём показывается время и работает расписание (по умолчанию — пояс машины)",
    "The clinic's time zone: times are shown and jobs scheduled in it (default: the machine's zone)",
  ),
  language: text("Язык сообщений: ru или en", "Language of messages: ru or en"),
  adminGroup: text(
    "Группа администраторов, которым открыт канал управления службой (Linux); пусто — только пользователь службы и root",
    "Group of administrators allowed on the service's control channel (Linux); empty: the service's user and root only",
  ),
  logLevel: text("Наименьший уровень, записываемый в БД лога: debug, info, warn, error", "Lowest level written to the log DB: debug, info, warn, error"),
  logStderr: text("Дублировать строки лога в stderr при agent run", "Copy log lines to stderr under agent run"),
  logKeepDays: text("Сколько дней хранить строки лога (задание «Обрезка БД лога»)", "How many days of log lines to keep (the log trimming job)"),
  logMaxSizeMb: text("Наибольший размер БД лога в МБ (задание «Обрезка БД лога»)", "Largest size of the log DB in MB (the log trimming job)"),
  storeCheckpointSeconds: text(
    "Как часто (в секундах) переносить журнал WAL хранилищ в основной файл, чтобы он не рос",
    "How often (seconds) the stores' WAL is checkpointed into the main file so it cannot grow",
  ),
  codUrl: text(
    "Адрес ЦОД (IP-адрес и порт), например http://10.0.0.5:30102; пусто — ЦОД не настроен",
    "Address of the ЦОД (IP address and port), e.g. http://10.0.0.5:30102; empty: no ЦОД configured",
  ),
  codToken: text("Токен МО для ЦОД", "The МО's token for the ЦОД"),
  codMoId: text("Идентификатор МО в ЦОД", "The МО's identifier at the ЦОД"),
  codTimeoutSeconds: text("Время ожидания ответа ЦОД, секунд", "How long to wait for the ЦОД's answer, seconds"),
  maindbEngine: text("СУБД главной базы: sqlite (встроенная) или firebird", "Engine of the main DB: sqlite (embedded) or firebird"),
  maindbPath: text(
    "Файл главной базы SQLite; пусто — main.db в папке данных экземпляра",
    "The SQLite main DB file; empty: main.db in the instance's data folder",
  ),
  maindbHost: text("Сервер Firebird", "Firebird server host"),
  maindbPort: text("Порт Firebird", "Firebird port"),
  maindbDatabase: text("Путь или псевдоним базы на сервере Firebird", "Database path or alias on the Firebird server"),
  maindbUser: text("Пользователь Firebird", "Firebird user"),
  maindbPassword: text("Пароль Firebird", "Firebird password"),
  maindbCharset: text(
    "Кодировка соединения с Firebird: auto — UTF8, а для базы с кодировкой NONE кодовая страница (codepage); либо UTF8, WIN1251, NONE (= кодовая страница)",
    "Character set of the Firebird connection: auto is UTF8, or the code page (codepage) for a database whose charset is NONE; or UTF8, WIN1251, NONE (= the code page)",
  ),
  maindbCodepage: text(
    "Кодовая страница для столбцов и баз с кодировкой NONE (в полях — обычно WIN1251)",
    "Code page for columns and databases with charset NONE (in the field usually WIN1251)",
  ),
  maindbPoolSize: text("Наибольшее число соединений с Firebird", "Most connections to Firebird at once"),
  maindbConnectTimeout: text("Сколько секунд ждать подключения к Firebird", "How many seconds to wait for a connection to Firebird"),
  maindbQueryTimeout: text(
    "Сколько секунд ждать ответа Firebird на один запрос; затем соединение закрывается, а транзакция отменяется",
    "How many seconds to wait for Firebird to answer one statement; then the connection is closed and the transaction rolled back",
  ),
  maindbLockTimeout: text(
    "Сколько секунд запись ждёт строку, заблокированную другой транзакцией (Firebird)",
    "How many seconds a write waits for a row another transaction holds (Firebird)",
  ),
  maindbLeaseSeconds: text(
    "Срок аренды главной базы без продления, секунд: столько ждёт второй агент после аварийной остановки первого",
    "How long the main DB lease lasts without renewal, seconds: how long a second agent waits after the first one died",
  ),
});
