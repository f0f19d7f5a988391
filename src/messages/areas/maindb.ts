import { defineTexts, text } from "../text.ts";

/** Texts of the main database layer: connection, change capture, the lease, initial load, the demo. */
export const maindbTexts = defineTexts("maindb", {
  // Errors.
  missingFile: text<{ path: string }>(
    (p) => `Файл главной базы ${p.path} не найден. Создайте демонстрационную базу (agent db demo) или укажите в maindb.path файл базы МИС.`,
    (p) => `The main DB file ${p.path} does not exist. Create the demo database (agent db demo) or point maindb.path at the MIS database.`,
  ),
  noDatabaseName: text(
    "Не указана база Firebird: задайте maindb.database (путь к файлу .fdb на сервере или его псевдоним из databases.conf).",
    "No Firebird database is configured: set maindb.database (the .fdb file's path on the server, or its alias from databases.conf).",
  ),
  unreachable: text<{ server: string; detail: string }>(
    (p) => `Нет соединения с сервером Firebird ${p.server} (${p.detail}). Проверьте, что сервер запущен и порт открыт (maindb.host, maindb.port); следующий запуск попробует снова.`,
    (p) => `Cannot reach the Firebird server ${p.server} (${p.detail}). Check that the server runs and the port is open (maindb.host, maindb.port); the next run will try again.`,
  ),
  lost: text<{ server: string; detail: string }>(
    (p) => `Соединение с сервером Firebird ${p.server} потеряно во время работы (${p.detail}). Незавершённая транзакция отменена сервером; следующий запуск подключится заново.`,
    (p) => `The connection to the Firebird server ${p.server} was lost during the run (${p.detail}). The unfinished transaction was rolled back by the server; the next run connects again.`,
  ),
  timeout: text<{ server: string; seconds: number }>(
    (p) => `Сервер Firebird ${p.server} не ответил за ${p.seconds} с. Соединение закрыто, транзакция будет отменена сервером; следующий запуск попробует снова. Если запрос долгий, увеличьте maindb.query_timeout_seconds.`,
    (p) => `The Firebird server ${p.server} did not answer within ${p.seconds} s. The connection was closed and the server will roll the transaction back; the next run tries again. For long queries raise maindb.query_timeout_seconds.`,
  ),
  loginFailed: text<{ server: string; user: string }>(
    (p) => `Сервер Firebird ${p.server} отклонил вход пользователя ${p.user}. Проверьте maindb.user и пароль (переменная окружения AGENT_MAINDB_PASSWORD).`,
    (p) => `The Firebird server ${p.server} refused the login of ${p.user}. Check maindb.user and the password (environment variable AGENT_MAINDB_PASSWORD).`,
  ),
  databaseNotFound: text<{ server: string; database: string; detail: string }>(
    (p) => `На сервере Firebird ${p.server} нет базы ${p.database} (${p.detail}). Проверьте maindb.database: путь указывается так, как его видит сервер, или псевдоним из databases.conf.`,
    (p) => `The Firebird server ${p.server} has no database ${p.database} (${p.detail}). Check maindb.database: the path as the server sees it, or an alias from databases.conf.`,
  ),
  wireCrypt: text<{ server: string }>(
    (p) => `Сервер Firebird ${p.server} предлагает шифрование соединения ChaCha, которого нет в этой сборке агента. Включите на сервере Arc4: в firebird.conf строка WireCryptPlugin = Arc4, ChaCha, и перезапустите сервер.`,
    (p) => `The Firebird server ${p.server} offers ChaCha wire encryption, which this build of the agent lacks. Enable Arc4 on the server: in firebird.conf put WireCryptPlugin = Arc4, ChaCha, and restart the server.`,
  ),
  sqlFailed: text<{ what: string; detail: string }>(
    (p) => `Ошибка главной базы (${p.what}): ${p.detail}`,
    (p) => `Main DB error (${p.what}): ${p.detail}`,
  ),
  busy: text<{ path: string }>(
    (p) => `Файл главной базы ${p.path} занят транзакцией другой программы (SQLite допускает одного пишущего). Следующий запуск попробует снова.`,
    (p) => `The main DB file ${p.path} is held by another program's transaction (SQLite allows one writer). The next run tries again.`,
  ),
  closed: text("Соединение с главной базой уже закрыто.", "The connection to the main DB is already closed."),
  badValue: text<{ table: string; column: string; detail: string }>(
    (p) => `Значение для ${p.table}.${p.column} не подходит столбцу: ${p.detail}.`,
    (p) => `The value for ${p.table}.${p.column} does not fit the column: ${p.detail}.`,
  ),
  unknownColumn: text<{ table: string; column: string }>(
    (p) => `В таблице ${p.table} главной базы нет столбца ${p.column}.`,
    (p) => `The main DB table ${p.table} has no column ${p.column}.`,
  ),
  unknownTable: text<{ table: string }>(
    (p) => `В главной базе нет таблицы ${p.table}.`,
    (p) => `The main DB has no table ${p.table}.`,
  ),
  badKey: text<{ table: string; expected: string }>(
    (p) => `Для строки таблицы ${p.table} не задан ключ: нужны столбцы ${p.expected}.`,
    (p) => `A row of ${p.table} comes without its key: the columns ${p.expected} are needed.`,
  ),
  captureMissing: text(
    "Сбор изменений не установлен в главной базе. Посмотрите, что будет создано: agent db capture install --dry-run; установите: agent db capture install.",
    "Change capture is not installed in the main DB. See what it creates: agent db capture install --dry-run; install it: agent db capture install.",
  ),
  noKey: text<{ table: string }>(
    (p) => `У таблицы ${p.table} нет первичного ключа: изменения её строк нельзя отследить, таблица пропущена.`,
    (p) => `The table ${p.table} has no primary key: its rows' changes cannot be tracked, the table is skipped.`,
  ),
  keyTooWide: text<{ table: string }>(
    (p) => `Первичный ключ таблицы ${p.table} состоит больше чем из трёх столбцов: журнал хранит не более трёх, таблица пропущена.`,
    (p) => `The primary key of ${p.table} has more than three columns: the journal keeps at most three, the table is skipped.`,
  ),
  keyNotInteger: text<{ table: string }>(
    (p) => `Первичный ключ таблицы ${p.table} не целочисленный: журнал хранит целочисленные ключи, таблица пропущена.`,
    (p) => `The primary key of ${p.table} is not an integer: the journal keeps integer keys, the table is skipped.`,
  ),
  parkedMissing: text(
    "В главной базе нет таблицы AGENT_PARKED (её добавила новая версия агента): добавьте недостающие объекты агента командой agent db capture install.",
    "The main DB has no table AGENT_PARKED (a newer agent added it): add the missing agent objects with agent db capture install.",
  ),
  unknownBatch: text<{ id: string }>(
    (p) => `Пакет изменений ${p.id} не найден: он уже подтверждён или сбор изменений переустановлен.`,
    (p) => `The change batch ${p.id} does not exist: it was acknowledged already, or capture was reinstalled.`,
  ),
  badLimit: text<{ got: number }>(
    (p) => `Размер пакета должен быть от 1 до 100000, получено ${p.got}.`,
    (p) => `A batch size must be 1 to 100000, got ${p.got}.`,
  ),

  // The lease.
  leaseHeld: text<{ holder: string }>(
    (p) => `Главная база уже используется другим агентом: ${p.holder}. Два агента не должны писать в одну базу. Остановите другой агент; если он завершился аварийно, его аренда истечёт сама (maindb.lease_seconds).`,
    (p) => `The main DB is in use by another agent: ${p.holder}. Two agents must not write to one database. Stop the other agent; if it died, its lease expires by itself (maindb.lease_seconds).`,
  ),
  leaseHolder: text<{ instance: string; host: string; pid: number; since: string; until: string }>(
    (p) => `экземпляр ${p.instance} на ${p.host}, процесс ${p.pid}, с ${p.since}, аренда до ${p.until}`,
    (p) => `instance ${p.instance} on ${p.host}, process ${p.pid}, since ${p.since}, lease until ${p.until}`,
  ),
  leaseLost: text<{ holder: string }>(
    (p) => `Аренда главной базы потеряна: её забрал другой агент (${p.holder}). Работа остановлена, чтобы два агента не писали в одну базу.`,
    (p) => `The main DB lease was lost: another agent took it (${p.holder}). Work stopped, so that two agents never write to one database.`,
  ),
  leaseFree: text("свободна", "free"),

  // agent db capture.
  captureInstalled: text<{ tables: number; statements: number }>(
    (p) => `Сбор изменений установлен (таблиц: ${p.tables}; операторов DDL, выполненных в одной транзакции: ${p.statements}).`,
    (p) => `Change capture installed: ${p.tables} tables, ${p.statements} DDL statements run in one transaction.`,
  ),
  captureAlreadyInstalled: text<{ tables: number }>(
    (p) => `Сбор изменений уже установлен (таблиц: ${p.tables}); изменять нечего.`,
    (p) => `Change capture is already installed (${p.tables} tables); nothing to change.`,
  ),
  captureRemoved: text<{ statements: number }>(
    (p) => `Сбор изменений удалён (операторов DDL, выполненных в одной транзакции: ${p.statements}). Таблицы МИС не изменялись.`,
    (p) => `Change capture removed: ${p.statements} DDL statements run in one transaction. The MIS tables were not touched.`,
  ),
  captureNotInstalled: text("Сбор изменений не установлен; удалять нечего.", "Change capture is not installed; nothing to remove."),
  removeNeedsYes: text<{ entries: number }>(
    (p) => `В журнале есть изменения, ещё не переданные в ЦОД (${p.entries}); при удалении они будут потеряны. Повторите с --yes, если это нужно.`,
    (p) => `The journal holds ${p.entries} changes not yet sent to the ЦОД; removing capture loses them. Repeat with --yes if that is what you want.`,
  ),
  dryRunHeader: text<{ engine: string }>(
    (p) => `-- Будет выполнено в одной транзакции (${p.engine}); ничего не изменено (--dry-run):`,
    (p) => `-- Would run in one transaction (${p.engine}); nothing was changed (--dry-run):`,
  ),
  tableMissingSkipped: text<{ table: string }>(
    (p) => `Таблицы ${p.table} нет в главной базе: её изменения не собираются.`,
    (p) => `The table ${p.table} is not in the main DB: its changes are not captured.`,
  ),
  statusEngine: text<{ engine: string; version: string; where: string }>(
    (p) => `Главная база: ${p.engine} (${p.version}), ${p.where}`,
    (p) => `Main DB: ${p.engine} (${p.version}), ${p.where}`,
  ),
  statusNotInstalled: text("Сбор изменений: не установлен.", "Change capture: not installed."),
  statusPartial: text<{ missing: string }>(
    (p) => `Сбор изменений: установлен не полностью, нет объектов: ${p.missing}. Выполните agent db capture install.`,
    (p) => `Change capture: partly installed, missing objects: ${p.missing}. Run agent db capture install.`,
  ),
  statusInstalled: text<{ tables: number }>(
    (p) => `Сбор изменений: установлен, таблиц с триггерами: ${p.tables}.`,
    (p) => `Change capture: installed, tables with triggers: ${p.tables}.`,
  ),
  statusMissingTriggers: text<{ tables: string }>(
    (p) => `Без триггеров (таблица есть, изменения не собираются): ${p.tables}. Выполните agent db capture install.`,
    (p) => `Without triggers (the table exists, changes are not captured): ${p.tables}. Run agent db capture install.`,
  ),
  statusJournal: text<{ entries: number; batches: number }>(
    (p) => `Журнал: изменений ждут передачи — ${p.entries}; неподтверждённых пакетов — ${p.batches}.`,
    (p) => `Journal: ${p.entries} changes waiting to be sent; batches not acknowledged: ${p.batches}.`,
  ),
  statusLease: text<{ holder: string }>((p) => `Аренда базы: ${p.holder}.`, (p) => `Lease: ${p.holder}.`),
  statusInitialLoad: text<{ done: number; total: number; pending: string }>(
    (p) => `Начальная загрузка: завершена для таблиц — ${p.done} из ${p.total}${p.pending ? `; не завершена: ${p.pending}` : ""}.`,
    (p) => `Initial load: done for ${p.done} of ${p.total} tables${p.pending ? `; not done: ${p.pending}` : ""}.`,
  ),
  statusParked: text<{ count: number }>(
    (p) => `Отложено синхронизацией с ЦОД: ${p.count}${p.count > 0 ? " (agent sync parked)" : ""}`,
    (p) => `Parked by the ЦОД sync: ${p.count}${p.count > 0 ? " (agent sync parked)" : ""}`,
  ),
  statusSize: text<{ mb: string }>((p) => `Размер базы: ${p.mb} МБ.`, (p) => `Database size: ${p.mb} MB.`),

  // agent sync initial-load.
  initialLoadTable: text<{ table: string; rows: number }>(
    (p) => `${p.table}: строк в журнале — ${p.rows}.`,
    (p) => `${p.table}: ${p.rows} rows journalled.`,
  ),
  initialLoadAlreadyDone: text<{ table: string }>(
    (p) => `${p.table}: начальная загрузка уже выполнена.`,
    (p) => `${p.table}: initial load already done.`,
  ),
  initialLoadResumed: text<{ table: string }>(
    (p) => `${p.table}: продолжаю начальную загрузку с места остановки.`,
    (p) => `${p.table}: resuming the initial load where it stopped.`,
  ),
  initialLoadDone: text<{ rows: number; tables: number; seconds: string }>(
    (p) => `Начальная загрузка завершена: строк — ${p.rows}, таблиц — ${p.tables}, за ${p.seconds} с. Они будут переданы в ЦОД при следующей синхронизации.`,
    (p) => `Initial load finished: ${p.rows} rows of ${p.tables} tables in ${p.seconds} s. They go to the ЦОД with the next synchronisation.`,
  ),
  unknownSyncTable: text<{ table: string; suggestion: string }>(
    (p) => `Таблица ${p.table} не входит в синхронизируемые.${p.suggestion ? ` Возможно, ${p.suggestion}?` : ""} Список: agent sync initial-load --help`,
    (p) => `The table ${p.table} is not one of the synchronised tables.${p.suggestion ? ` Did you mean ${p.suggestion}?` : ""} The list: agent sync initial-load --help`,
  ),
  syncTablesList: text<{ tables: string }>(
    (p) => `Синхронизируемые таблицы: ${p.tables}`,
    (p) => `Synchronised tables: ${p.tables}`,
  ),
  badChunk: text<{ got: string }>(
    (p) => `--chunk ${p.got}: укажите число строк от 100 до 100000.`,
    (p) => `--chunk ${p.got}: give a number of rows from 100 to 100000.`,
  ),

  // agent db demo.
  demoSchemaApplied: text<{ ids: string }>(
    (p) => `Справочная схема МИС создана (миграции ${p.ids}).`,
    (p) => `The reference MIS schema was created (migrations ${p.ids}).`,
  ),
  demoFilled: text<{ referrals: number; rows: number; seconds: string; where: string }>(
    (p) => `Демонстрационные данные: направлений — ${p.referrals}, всего строк — ${p.rows}, за ${p.seconds} с (${p.where}).`,
    (p) => `Demo data: ${p.referrals} referrals, ${p.rows} rows in all, in ${p.seconds} s (${p.where}).`,
  ),
  demoNextSteps: text(
    "Дальше: agent db capture install — установить сбор изменений; agent sync initial-load — поставить в очередь на передачу уже существующие строки.",
    "Next: agent db capture install to install change capture; agent sync initial-load to queue the rows that already exist for sending.",
  ),
  badSize: text<{ got: string }>(
    (p) => `--size ${p.got}: укажите small, medium, large или число направлений (1–1000000).`,
    (p) => `--size ${p.got}: use small, medium, large or a number of referrals (1–1000000).`,
  ),
  badSeed: text<{ got: string }>(
    (p) => `--seed ${p.got}: укажите целое число.`,
    (p) => `--seed ${p.got}: give an integer.`,
  ),
  notDemoDatabase: text<{ where: string }>(
    (p) => `${p.where}: в базе есть таблицы МИС, созданные не агентом. Демонстрационные данные пишутся только в базу со справочной схемой агента — укажите другую базу (maindb.path / maindb.database).`,
    (p) => `${p.where}: the database holds MIS tables the agent did not create. Demo data goes only into a database with the agent's reference schema; point maindb.path / maindb.database at another one.`,
  ),
  demoDataPresent: text<{ where: string }>(
    (p) => `${p.where}: демонстрационные данные уже есть; новые строки добавлены после них.`,
    (p) => `${p.where}: demo data was there already; the new rows were added after it.`,
  ),

  // Commands and their options (the command table in cli/commands.ts).
  cmdDb: text("главная база МИС: демонстрационные данные и сбор изменений", "the MIS main database: demo data and change capture"),
  cmdDbDemo: text(
    "создать (если нужно) справочную схему и наполнить главную базу демонстрационными данными",
    "create the reference schema (if needed) and fill the main DB with demo data",
  ),
  cmdCapture: text("сбор изменений в главной базе (без подкоманды — состояние)", "change capture in the main DB (alone: its status)"),
  cmdCaptureInstall: text(
    "установить журнал изменений, его триггеры и аренду (показать DDL: --dry-run)",
    "install the change journal, its triggers and the lease (show the DDL: --dry-run)",
  ),
  cmdCaptureRemove: text("удалить объекты агента из главной базы (таблицы МИС не затрагиваются)", "remove the agent's objects from the main DB (the MIS tables are not touched)"),
  cmdCaptureStatus: text("состояние сбора изменений, журнала, аренды и начальной загрузки", "the state of capture, the journal, the lease and the initial load"),
  cmdSync: text("синхронизация с ЦОД", "synchronisation with the ЦОД"),
  cmdInitialLoad: text(
    "поставить в журнал строки, существовавшие до установки сбора изменений (частями, с продолжением после сбоя)",
    "journal the rows that existed before capture was installed (in chunks, resumable after a crash)",
  ),
  optSize: text("small, medium, large или число направлений", "small, medium, large or a number of referrals"),
  optSeed: text("начальное число генератора (те же данные при том же числе)", "the generator's seed (the same data for the same seed)"),
  optDryRun: text("только показать DDL, ничего не менять", "only show the DDL, change nothing"),
  optYesRemove: text("удалить, даже если в журнале есть непереданные изменения", "remove even if the journal holds changes not yet sent"),
  optTables: text("только эти таблицы (через запятую)", "only these tables (comma-separated)"),
  optChunk: text("строк в одной транзакции (100–100000, по умолчанию 5000)", "rows per transaction (100–100000, default 5000)"),
});
