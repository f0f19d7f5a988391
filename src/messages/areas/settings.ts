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
  syncTables: text(
    "Таблицы главной БД, изменения которых передаются в ЦОД, через запятую; пусто — 37 таблиц из руководства. По этому же списку agent db capture install ставит триггеры",
    "Main DB tables whose changes are sent to the ЦОД, comma-separated; empty: the manual's 37. agent db capture install puts its triggers on the same list",
  ),
  syncBatchRows: text(
    "Сколько записей журнала изменений уходит в ЦОД одним пакетом (не более 10 000)",
    "How many change journal entries go to the ЦОД in one batch (at most 10,000)",
  ),
  syncPageItems: text(
    "Сколько документов или статусов запрашивать у ЦОД за один раз (не более 1000)",
    "How many documents or statuses to ask the ЦОД for at a time (at most 1,000)",
  ),
  syncRejectAttempts: text(
    "Сколько раз отправлять пакет, который ЦОД отклонил как неверный (ответ 4xx с причиной), прежде чем отложить его с этой причиной (agent sync parked)",
    "How many times a batch the ЦОД rejected as invalid (a 4xx answer with a reason) is sent before it is parked with that reason (agent sync parked)",
  ),
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
  mailingClinicName: text(
    "Название МО в письмах и SMS пациентам, например «Поликлиника №1»",
    "The clinic's name in e-mails and texts to patients, e.g. \"Clinic No. 1\"",
  ),
  mailingResultsUrl: text(
    "Где пациент смотрит результат: адрес личного кабинета или портала (например, https://lk.clinic.ru); пусто — не упоминается",
    "Where a patient looks at the result: the address of the patient portal (e.g. https://lk.clinic.ru); empty: not mentioned",
  ),
  mailingClinicPhone: text(
    "Телефон МО для вопросов о результате (регистратура); пусто — не упоминается",
    "The clinic's phone number for questions about a result (the front desk); empty: not mentioned",
  ),
  mailingMaxAttempts: text(
    "Сколько раз пробовать отправить сообщение при временных ошибках; затем оно помечается неотправленным",
    "How many times a message is tried after temporary failures; then it is marked failed",
  ),
  mailingRetryPauseMinutes: text(
    "Пауза перед первым повтором после временной ошибки, минут; каждая следующая вдвое длиннее (не больше 12 часов)",
    "The pause before the first retry after a temporary failure, minutes; each next one is twice as long (at most 12 hours)",
  ),
  mailingEnqueueResultsHours: text(
    "Агент сам ставит в очередь рассылки окончательные результаты пациентов, давших согласие, за последние столько часов, если МИС их не поставила; 0 — выключено",
    "The agent itself queues the final results of consenting patients from the last this many hours that the MIS did not queue; 0: off",
  ),
  mailHost: text(
    "SMTP-сервер для писем пациентам (имя или IP-адрес); пусто — рассылка по почте не настроена",
    "The SMTP server for e-mails to patients (name or IP address); empty: no e-mail configured",
  ),
  mailPort: text("Порт SMTP-сервера: 587 для STARTTLS, 465 для TLS", "The SMTP server's port: 587 for STARTTLS, 465 for TLS"),
  mailSecurity: text(
    "Защита соединения: starttls (587, обязательное STARTTLS), tls (465, TLS с самого начала) или none (без шифрования — только для испытаний, выводится предупреждение)",
    "Connection security: starttls (587, STARTTLS required), tls (465, TLS from the start) or none (no encryption: trials only, a warning is logged)",
  ),
  mailUser: text("Пользователь SMTP-сервера; пусто — без входа", "The SMTP server's user; empty: no login"),
  mailPassword: text("Пароль пользователя SMTP-сервера", "The SMTP user's password"),
  mailFrom: text(
    "Адрес отправителя писем, например «Поликлиника №1 <results@clinic.ru>»",
    "The sender's address, e.g. \"Clinic No. 1 <results@clinic.ru>\"",
  ),
  mailTimeoutSeconds: text(
    "Время ожидания соединения и каждого ответа SMTP-сервера, секунд",
    "How long to wait for the connection and for each answer of the SMTP server, seconds",
  ),
  mailPoolSize: text("Сколько соединений с SMTP-сервером держать открытыми одновременно", "How many connections to the SMTP server are kept open at once"),
  mailPerMinute: text("Не больше стольких писем в минуту", "At most this many e-mails per minute"),
  smsProvider: text(
    "SMS-шлюз: smsc (HTTP API SMSC.ru) или generic (HTTP-форма другого поставщика, настройки generic_*)",
    "The SMS gateway: smsc (SMSC.ru's HTTP API) or generic (another provider's HTTP form, the generic_* settings)",
  ),
  smsUrl: text(
    "Адрес шлюза: для smsc — https://smsc.ru (или адрес его резервного сервера); для generic — полный адрес формы отправки; пусто — SMS не настроены",
    "The gateway's address: for smsc https://smsc.ru (or its backup server); for generic the full address of the sending form; empty: no SMS configured",
  ),
  smsLogin: text("Логин у поставщика SMS (SMSC.ru)", "The login at the SMS provider (SMSC.ru)"),
  smsPassword: text("Пароль у поставщика SMS (SMSC.ru)", "The password at the SMS provider (SMSC.ru)"),
  smsApiKey: text("API-ключ SMSC.ru вместо логина и пароля", "An SMSC.ru API key instead of the login and password"),
  smsSender: text(
    "Имя отправителя (Sender ID), зарегистрированное у поставщика; пусто — имя по умолчанию",
    "The sender name (Sender ID) registered with the provider; empty: the provider's default",
  ),
  smsTimeoutSeconds: text("Время ожидания ответа SMS-шлюза, секунд", "How long to wait for the SMS gateway's answer, seconds"),
  smsPerMinute: text("Не больше стольких SMS в минуту", "At most this many texts per minute"),
  smsQuietHours: text(
    "Тихие часы по времени МО, когда SMS не отправляются, например 21:00-9:00; пусто или 0:00-0:00 — без тихих часов",
    "Quiet hours in the clinic's time, when no texts are sent, e.g. 21:00-9:00; empty or 0:00-0:00: none",
  ),
  smsMaxParts: text(
    "Наибольшее число частей одного SMS (кириллица — 70 знаков в одной части, 67 в каждой из нескольких); длиннее — не отправляется",
    "The most parts one text may take (Cyrillic: 70 characters in a single part, 67 in each of several); a longer one is not sent",
  ),
  smsBalanceWarn: text(
    "Предупреждать, когда баланс у поставщика SMS ниже этой суммы (в валюте счёта); 0 — не предупреждать",
    "Warn when the balance at the SMS provider is below this amount (in the account's currency); 0: never",
  ),
  smsGenericPhoneField: text("generic: имя поля формы с номером телефона (+7…)", "generic: the form field with the phone number (+7…)"),
  smsGenericTextField: text("generic: имя поля формы с текстом SMS", "generic: the form field with the text"),
  smsGenericIdField: text(
    "generic: имя поля формы с номером сообщения агента; пусто — не передаётся",
    "generic: the form field with the agent's message number; empty: not sent",
  ),
  smsGenericFields: text(
    "generic: постоянные поля формы, например login=clinic&psw=…&sender=Clinic (в кодировке URL)",
    "generic: fixed form fields, e.g. login=clinic&psw=…&sender=Clinic (URL-encoded)",
  ),
  smsGenericAuthHeader: text(
    "generic: значение заголовка Authorization, например «Bearer …»; пусто — без заголовка",
    "generic: the value of the Authorization header, e.g. \"Bearer …\"; empty: none",
  ),
  smsGenericSuccess: text(
    "generic: регулярное выражение, которому должен соответствовать ответ при успехе; первая группа — номер сообщения у поставщика; пусто — успех любой ответ 2xx. Отказы: 401, 403, 407, 404, 405 или перенаправление — ошибка настройки (канал остановлен); 429, 5xx, 408, 425 — повтор с паузой; другой 4xx — это сообщение не отправлено окончательно",
    "generic: a regular expression the answer matches on success; its first group is the provider's message id; empty: any 2xx answer is a success. Refusals: 401, 403, 407, 404, 405 or a redirect are config (the channel stops); 429, 5xx, 408, 425 are retried with backoff; any other 4xx fails that message for good",
  ),
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
  signEngine: text(
    "Кто подписывает и проверяет PDF: external — внешняя программа по шаблонам команд (КриптоПро cryptcp, OpenSSL с ГОСТ), builtin — сам агент (ключи RSA и ECDSA)",
    "Who signs and checks PDFs: external, a program run from the command templates (CryptoPro cryptcp, OpenSSL with GOST); builtin, the agent itself (RSA and ECDSA keys)",
  ),
  signSignCommand: text(
    "Шаблон команды подписи (external): {input} — PDF, {signature} — файл отсоединённой подписи, {cert}, {key}, {password}; необязательная часть — в [ ]",
    "The signing command template (external): {input} the PDF, {signature} the detached signature file, {cert}, {key}, {password}; an optional part in [ ]",
  ),
  signVerifyCommand: text(
    "Шаблон команды проверки (external): {input}, {signature}, {roots}, {crl}, {signing_time} (секунды Unix); код выхода 0 — подпись верна",
    "The verifying command template (external): {input}, {signature}, {roots}, {crl}, {signing_time} (Unix seconds); exit code 0 means the signature is valid",
  ),
  signCertFile: text(
    "Сертификат подписанта (PEM или DER, можно с цепочкой); пусто — сертификат в хранилище КриптоПро или в PKCS#12",
    "The signer's certificate (PEM or DER, its chain may follow); empty: the certificate is in CryptoPro's store or in the PKCS#12",
  ),
  signKeyFile: text(
    "Закрытый ключ подписанта: PEM или PKCS#12 (.p12/.pfx) для builtin; для external — то, что подставится в {key}",
    "The signer's private key: PEM or PKCS#12 (.p12/.pfx) for builtin; for external whatever {key} should be",
  ),
  signKeyPassword: text(
    "Пароль ключа; задавайте переменной окружения AGENT_SIGN_KEY_PASSWORD, а не в файле. Внешней программе передаётся в переменной SIGN_KEY_PASSWORD",
    "The key's password; set it in the environment variable AGENT_SIGN_KEY_PASSWORD, not in the file. An external program gets it in the variable SIGN_KEY_PASSWORD",
  ),
  signTrustedRootsFile: text(
    "Доверенные корневые сертификаты для проверки полученных подписей (PEM, можно несколько; или DER)",
    "Trusted root certificates for checking received signatures (PEM, several allowed; or DER)",
  ),
  signCrlFile: text(
    "Список отзыва сертификатов (CRL, PEM или DER, можно несколько); пусто — отзыв не проверяется, и вердикт об этом говорит",
    "Certificate revocation lists (CRL, PEM or DER, several allowed); empty: revocation is not checked, and the verdict says so",
  ),
  signTimeoutSeconds: text(
    "Сколько секунд ждать внешнюю программу подписи или проверки; затем она останавливается",
    "How many seconds to wait for the external signing or verifying program; then it is stopped",
  ),
  signMaxPdfMb: text(
    "Наибольший размер PDF в МБ для подписи и приёма; больший документ откладывается с причиной",
    "The largest PDF in MB to sign or receive; a larger document is parked with the reason",
  ),
  updateUrl: text(
    "Адрес файла-описания обновлений (JSON, см. README «Обновление»); пусто — обновления берутся из ЦОД. Соединение — с настройками TLS и прокси раздела [cod]",
    "Address of an update manifest (JSON, see the README, \"Updates\"); empty: updates come from the ЦОД. Reached with the [cod] section's TLS and proxy settings",
  ),
  updateHealthSeconds: text(
    "Сколько секунд даётся новой версии после обновления, чтобы запуститься, открыть хранилища и ответить по каналу управления; иначе возвращается прежняя версия",
    "How many seconds a new version gets after an update to start, open the stores and answer on the control channel; otherwise the previous version is put back",
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
