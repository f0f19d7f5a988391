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
  remoteRetries: text(
    "Сколько раз повторить запрос после ошибки соединения, истечения времени ожидания или ответа 5xx (с растущей паузой)",
    "How many times a request is repeated after a connection error, a timeout or a 5xx answer (with growing pauses)",
  ),
  remoteRetryPauseSeconds: text(
    "Пауза перед первым повтором, секунд; каждая следующая вдвое длиннее (не более 60 с), со случайным разбросом",
    "The pause before the first repeat, seconds; each next one is twice as long (at most 60 s), with random jitter",
  ),
  remoteTlsCaFile: text(
    "Файл PEM с дополнительными корневыми сертификатами (например, Russian Trusted Root CA); они добавляются к встроенным, а не заменяют их",
    "A PEM file of extra root certificates (e.g. the Russian Trusted Root CA); they are added to the bundled ones, not put in their place",
  ),
  remoteTlsCertFile: text(
    "Файл PEM с сертификатом клиента, если сервер его требует (ключ — в tls_key_file или в этом же файле)",
    "A PEM file with the client certificate, if the server asks for one (its key in tls_key_file or in the same file)",
  ),
  remoteTlsKeyFile: text("Файл PEM с закрытым ключом сертификата клиента", "A PEM file with the client certificate's private key"),
  remoteTlsKeyPassword: text("Пароль закрытого ключа клиента, если ключ зашифрован", "The password of the client's private key, if it is encrypted"),
  remoteTlsVerify: text(
    "Проверять сертификат сервера; false — только для испытаний (при каждом запуске выводится предупреждение)",
    "Check the server's certificate; false only for trials (a warning is logged at every start)",
  ),
  remoteProxy: text(
    "Прокси-сервер HTTP(S), например http://10.0.0.1:3128; пусто — напрямую (переменные HTTP_PROXY и т. п. не действуют)",
    "An HTTP(S) proxy, e.g. http://10.0.0.1:3128; empty: direct (HTTP_PROXY and the like are ignored)",
  ),
  remoteProxyUser: text("Пользователь прокси-сервера (Basic)", "The proxy's user name (Basic)"),
  remoteProxyPassword: text("Пароль пользователя прокси-сервера", "The proxy user's password"),
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
    "Кодировка соединения с Firebird: UTF8, WIN1251 или NONE",
    "Character set of the Firebird connection: UTF8, WIN1251 or NONE",
  ),
  maindbCodepage: text(
    "Кодовая страница для столбцов и баз с кодировкой NONE (в полях — обычно WIN1251)",
    "Code page for columns and databases with charset NONE (in the field usually WIN1251)",
  ),
  updateUrl: text(
    "Адрес файла-описания обновлений (JSON, см. README «Обновление»); пусто — обновления берутся из ЦОД. Соединение — с настройками TLS и прокси раздела [cod]",
    "Address of an update manifest (JSON, see the README, \"Updates\"); empty: updates come from the ЦОД. Reached with the [cod] section's TLS and proxy settings",
  ),
  updateHealthSeconds: text(
    "Сколько секунд даётся новой версии после обновления, чтобы запуститься, открыть хранилища и ответить по каналу управления; иначе возвращается прежняя версия",
    "How many seconds a new version gets after an update to start, open the stores and answer on the control channel; otherwise the previous version is put back",
  ),
});
