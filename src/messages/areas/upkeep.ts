import { defineTexts, text } from "../text.ts";

/**
 * Texts of the service jobs that keep the databases healthy: backups and the
 * restore check, validation, Firebird maintenance (and what the main DB
 * layer says while doing them).
 */
export const upkeepTexts = defineTexts("upkeep", {
  // Files.
  diskFull: text<{ path: string }>(
    (p) => `Нет места на диске (${p.path}). Ничего не удалено: прежние копии целы. Освободите место или укажите другую папку.`,
    (p) => `The disk is full (${p.path}). Nothing was deleted: the earlier copies are intact. Free some space or choose another folder.`,
  ),
  noAccess: text<{ path: string; user: string; detail: string }>(
    (p) => `Нельзя записать в ${p.path} от имени пользователя ${p.user} (${p.detail}). Дайте ему право записи или укажите другую папку. Ничего не удалено.`,
    (p) => `Cannot write to ${p.path} as the user ${p.user} (${p.detail}). Give it write access or choose another folder. Nothing was deleted.`,
  ),
  fileFailed: text<{ path: string; detail: string }>((p) => `${p.path}: ${p.detail}`, (p) => `${p.path}: ${p.detail}`),
  parentMissing: text<{ folder: string; parent: string }>(
    (p) => `Папки ${p.parent} нет, поэтому папка для копий ${p.folder} не создана (не подключён диск? опечатка?). Создайте её или исправьте опцию folder задания.`,
    (p) => `The folder ${p.parent} does not exist, so the backup folder ${p.folder} was not created (a disk not mounted? a typo?). Create it or fix the job's folder option.`,
  ),
  notFolder: text<{ path: string }>(
    (p) => `${p.path} — не папка. Укажите в опции folder задания папку для копий.`,
    (p) => `${p.path} is not a folder. Point the job's folder option at a folder for the backups.`,
  ),

  // Firebird's services.
  fbServerCannotWrite: text<{ host: string; file: string; folder: string; detail: string }>(
    (p) =>
      `Сервер Firebird (${p.host}) не смог создать файл ${p.file} (${p.detail}). Сервер пишет файлы от имени своего пользователя (обычно firebird): дайте ему право записи в ${p.folder}, например: chgrp firebird ${p.folder} && chmod 2770 ${p.folder}. Ничего не удалено.`,
    (p) =>
      `The Firebird server (${p.host}) could not create the file ${p.file} (${p.detail}). The server writes files as its own user (usually firebird): give it write access to ${p.folder}, for example: chgrp firebird ${p.folder} && chmod 2770 ${p.folder}. Nothing was deleted.`,
  ),
  fbServiceFailed: text<{ what: string; server: string; detail: string }>(
    (p) => `Сервер Firebird ${p.server}: ${p.what} не выполнено: ${p.detail}`,
    (p) => `Firebird server ${p.server}: ${p.what} failed: ${p.detail}`,
  ),
  fbNoRights: text<{ server: string; user: string; detail: string }>(
    (p) => `Сервер Firebird ${p.server} не разрешил пользователю ${p.user} служебную операцию (${p.detail}): копирование, восстановление и проверку выполняет SYSDBA или владелец базы.`,
    (p) => `The Firebird server ${p.server} did not allow the user ${p.user} a service action (${p.detail}): backups, restores and validation need SYSDBA or the database's owner.`,
  ),
  whatBackup: text("резервное копирование", "the backup"),
  whatRestore: text("восстановление из копии", "the restore"),
  whatValidate: text("валидация", "the validation"),
  whatSweep: text("sweep", "the sweep"),
  whatStatistics: text("сбор статистики индексов", "the index statistics"),

  // Findings (names of tables and indexes, counts: never a row's values).
  rowsDiffer: text<{ table: string; expected: number; got: number }>(
    (p) => `таблица ${p.table}: в копии строк ${p.expected}, после восстановления ${p.got}`,
    (p) => `table ${p.table}: ${p.expected} rows in the backup, ${p.got} after the restore`,
  ),
  tableLost: text<{ table: string }>(
    (p) => `таблица ${p.table} есть в копии, но не восстановлена`,
    (p) => `table ${p.table} is in the backup but was not restored`,
  ),
  metadataLacks: text<{ table: string }>(
    (p) => `таблицы ${p.table} нет в метаданных копии`,
    (p) => `the backup's metadata lacks the table ${p.table}`,
  ),
  deepIndex: text<{ index: string; depth: number }>(
    (p) => `индекс ${p.index}: глубина ${p.depth} (больше 3): пересоздайте его или увеличьте размер страницы базы`,
    (p) => `index ${p.index}: depth ${p.depth} (more than 3): rebuild it or use a larger page size`,
  ),
  transactionGap: text<{ gap: number; oat: number; next: number }>(
    (p) => `разрыв транзакций ${p.gap} (старейшая активная ${p.oat}, следующая ${p.next}): незакрытая долгая транзакция мешает сборке мусора`,
    (p) => `a transaction gap of ${p.gap} (oldest active ${p.oat}, next ${p.next}): a long open transaction holds back garbage collection`,
  ),

  checkStopped: text<{ detail: string }>(
    (p) => `проверка остановилась на повреждении: ${p.detail}`,
    (p) => `the check stopped at the damage: ${p.detail}`,
  ),

  // What the main DB layer did.
  sqliteVerified: text<{ tables: number }>(
    (p) => `quick_check копии: ошибок нет; таблиц ${p.tables}`,
    (p) => `quick_check of the copy: no errors; ${p.tables} tables`,
  ),
  sqliteVerifyFound: text<{ count: number }>(
    (p) => `quick_check копии: найдено ошибок ${p.count}`,
    (p) => `quick_check of the copy: ${p.count} errors found`,
  ),
  firebirdVerified: text<{ tables: number }>(
    (p) => `метаданные копии прочитаны обратно (восстановлены во временную базу): таблиц ${p.tables}`,
    (p) => `the copy's metadata read back (restored into a temporary database): ${p.tables} tables`,
  ),
  restored: text<{ tables: number; rows: number; check: string }>(
    (p) => `копия восстановлена во временную базу; ${p.check}; таблиц ${p.tables}, строк ${p.rows}`,
    (p) => `the backup was restored into a temporary database; ${p.check}; ${p.tables} tables, ${p.rows} rows`,
  ),
  integrityOk: text("integrity_check: ошибок нет", "integrity_check: no errors"),
  integrityFound: text<{ count: number }>((p) => `integrity_check: найдено ошибок ${p.count}`, (p) => `integrity_check: ${p.count} errors found`),
  onlineValidation: text<{ relations: number; problems: number; busy: number }>(
    (p) => `онлайн-валидация: проверено таблиц ${p.relations}, проблем ${p.problems}${p.busy > 0 ? `, не проверено (заняты) ${p.busy}` : ""}`,
    (p) => `online validation: ${p.relations} tables checked, ${p.problems} problems${p.busy > 0 ? `, ${p.busy} not checked (in use)` : ""}`,
  ),
  relationBusy: text<{ table: string; seconds: number }>(
    (p) => `таблица ${p.table} не проверена: её держали другие транзакции дольше ${p.seconds} с; проверится в следующий раз`,
    (p) => `table ${p.table} was not checked: other transactions held it longer than ${p.seconds} s; it is checked next time`,
  ),
  sqliteOptimized: text(
    "PRAGMA optimize выполнен (статистика планировщика); sweep для SQLite не нужен",
    "PRAGMA optimize done (the planner's statistics); SQLite needs no sweep",
  ),
  firebirdMaintained: text<{ indexes: number; oit: string; oat: string; next: string }>(
    (p) => `sweep выполнен; статистика пересчитана для индексов: ${p.indexes}; транзакции: OIT ${p.oit}, OAT ${p.oat}, следующая ${p.next}`,
    (p) => `sweep done; statistics recomputed for ${p.indexes} indexes; transactions: OIT ${p.oit}, OAT ${p.oat}, next ${p.next}`,
  ),

  // The backup job (TBackupThread).
  backupStarted: text<{ folder: string; keep: number }>(
    (p) => `Начато резервное копирование в ${p.folder} (хранить копий: ${p.keep})`,
    (p) => `Backup started into ${p.folder} (copies to keep: ${p.keep})`,
  ),
  noMainDb: text<{ where: string }>(
    (p) => `Главной базы нет (${p.where}): копируются только хранилища агента.`,
    (p) => `There is no main DB (${p.where}): only the agent's stores are copied.`,
  ),
  onServerHost: text<{ host: string; file: string }>(
    (p) =>
      `Главную базу копирует сервер Firebird на ${p.host} в свою файловую систему: файл ${p.file} будет на компьютере ${p.host}, а не здесь. Агент этот файл не читает: контрольную сумму не считает и старые копии на ${p.host} не удаляет; проверка копии идёт через сервер.`,
    (p) =>
      `The Firebird server on ${p.host} copies the main DB into its own file system: the file ${p.file} will be on the machine ${p.host}, not here. The agent does not read that file: it computes no checksum and deletes no old copies on ${p.host}; the copy is verified through the server.`,
  ),
  serverFolderNeeded: text<{ host: string }>(
    (p) => `Firebird работает на другом компьютере (${p.host}): укажите в опции server_folder задания папку на ${p.host}, куда сервер может записать копию (или maindb.host = 127.0.0.1, если сервер на этом компьютере).`,
    (p) => `Firebird runs on another machine (${p.host}): set the job's option server_folder to a folder on ${p.host} where the server may write the backup (or maindb.host = 127.0.0.1 if the server is on this machine).`,
  ),
  copied: text<{ what: string; file: string; mb: string; seconds: string }>(
    (p) => `${p.what}: скопировано в ${p.file}, ${p.mb} МБ за ${p.seconds} с`,
    (p) => `${p.what}: copied to ${p.file}, ${p.mb} MB in ${p.seconds} s`,
  ),
  checksum: text<{ file: string; sha256: string }>((p) => `SHA-256 ${p.file}: ${p.sha256}`, (p) => `SHA-256 of ${p.file}: ${p.sha256}`),
  verified: text<{ what: string; detail: string }>((p) => `${p.what}: проверка копии: ${p.detail}`, (p) => `${p.what}: copy verified: ${p.detail}`),
  verifyFailed: text<{ what: string; detail: string }>(
    (p) => `${p.what}: копия не прошла проверку: ${p.detail}. Старые копии не удалены.`,
    (p) => `${p.what}: the copy failed its check: ${p.detail}. The old copies were not deleted.`,
  ),
  finding: text<{ what: string; finding: string }>((p) => `${p.what}: ${p.finding}`, (p) => `${p.what}: ${p.finding}`),
  pruned: text<{ count: number; names: string }>(
    (p) => `Удалены старые копии (${p.count}): ${p.names}`,
    (p) => `Old copies deleted (${p.count}): ${p.names}`,
  ),
  remoteKept: text<{ host: string; file: string }>(
    (p) => `Файл старой копии ${p.file} на ${p.host} агент не удаляет: удалите его на сервере сами (или заданием на сервере).`,
    (p) => `The agent does not delete the old copy's file ${p.file} on ${p.host}: delete it on the server (or by a job there).`,
  ),
  backupFinished: text<{ set: string; files: number; mb: string }>(
    (p) => `Резервное копирование закончено: ${p.set}, файлов ${p.files}, ${p.mb} МБ`,
    (p) => `Backup finished: ${p.set}, ${p.files} files, ${p.mb} MB`,
  ),
  incompleteRemoved: text<{ dir: string }>(
    (p) => `Незавершённая копия ${p.dir} удалена; прежние копии не тронуты.`,
    (p) => `The incomplete copy ${p.dir} was removed; the earlier copies were not touched.`,
  ),
  incompleteLeft: text<{ dir: string; detail: string }>(
    (p) => `Незавершённую копию ${p.dir} удалить не удалось (${p.detail}); удалите её вручную.`,
    (p) => `The incomplete copy ${p.dir} could not be removed (${p.detail}); remove it by hand.`,
  ),
  summaryBackup: text<{ set: string; mb: string }>((p) => `копия ${p.set}, ${p.mb} МБ`, (p) => `copy ${p.set}, ${p.mb} MB`),
  summaryBackupFailed: text("копия не сделана", "no copy made"),
  whatMain: text<{ engine: string }>((p) => `Главная база (${p.engine})`, (p) => `Main DB (${p.engine})`),
  whatAgentStore: text("Хранилище агента", "The agent's store"),
  whatLogStore: text("БД лога", "The log DB"),

  // The restore check (TRestoreCheckThread).
  restoreStarted: text<{ set: string }>((p) => `Начата проверка восстановления из копии ${p.set}`, (p) => `Restore check of the copy ${p.set} started`),
  noBackups: text<{ folder: string }>(
    (p) => `В ${p.folder} нет ни одной завершённой резервной копии: проверять нечего. Сначала должно пройти задание резервного копирования.`,
    (p) => `There is no complete backup in ${p.folder}: nothing to check. The backup job must run first.`,
  ),
  checksumMismatch: text<{ file: string }>(
    (p) => `контрольная сумма ${p.file} не совпадает с записанной при копировании: файл изменён или повреждён`,
    (p) => `the checksum of ${p.file} differs from the one taken at backup time: the file was changed or damaged`,
  ),
  engineChanged: text<{ backup: string; now: string }>(
    (p) => `копия сделана с базы ${p.backup}, а главная база теперь ${p.now}: проверить её восстановление этим агентом нельзя`,
    (p) => `the copy is of a ${p.backup} database, and the main DB is now ${p.now}: this agent cannot check its restore`,
  ),
  fileMissing: text<{ file: string }>((p) => `файла ${p.file} нет`, (p) => `the file ${p.file} is missing`),
  restoreOk: text<{ what: string; detail: string }>((p) => `${p.what}: восстанавливается: ${p.detail}`, (p) => `${p.what}: restores: ${p.detail}`),
  restoreBad: text<{ what: string; count: number }>(
    (p) => `${p.what}: копия НЕ восстанавливается как следует, замечаний: ${p.count}`,
    (p) => `${p.what}: the copy does NOT restore properly, ${p.count} findings`,
  ),
  restoreFinished: text<{ set: string; ok: number; bad: number }>(
    (p) => `Проверка восстановления закончена: ${p.set}, исправных файлов ${p.ok}, с замечаниями ${p.bad}`,
    (p) => `Restore check finished: ${p.set}, ${p.ok} files sound, ${p.bad} with findings`,
  ),
  summaryRestore: text<{ set: string; bad: number }>(
    (p) => (p.bad === 0 ? `копия ${p.set} восстанавливается` : `копия ${p.set}: замечаний ${p.bad}`),
    (p) => (p.bad === 0 ? `copy ${p.set} restores` : `copy ${p.set}: ${p.bad} findings`),
  ),

  // Validation (TValidateDBThread) and maintenance (TServiceDBThread).
  validateStarted: text<{ what: string }>((p) => `Начата проверка целостности: ${p.what}`, (p) => `Integrity check started: ${p.what}`),
  validateFinished: text<{ what: string; summary: string }>((p) => `${p.what}: ${p.summary}`, (p) => `${p.what}: ${p.summary}`),
  summaryValidate: text<{ checked: number; problems: number }>(
    (p) => (p.problems === 0 ? `проверено баз: ${p.checked}, ошибок нет` : `проверено баз: ${p.checked}, найдено проблем: ${p.problems}`),
    (p) => (p.problems === 0 ? `${p.checked} databases checked, no errors` : `${p.checked} databases checked, ${p.problems} problems found`),
  ),
  maintenanceStarted: text<{ what: string }>((p) => `Начато обслуживание: ${p.what}`, (p) => `Maintenance started: ${p.what}`),
  summaryMaintenance: text<{ findings: number }>(
    (p) => (p.findings === 0 ? "обслуживание выполнено" : `обслуживание выполнено, замечаний: ${p.findings}`),
    (p) => (p.findings === 0 ? "maintenance done" : `maintenance done, ${p.findings} findings`),
  ),
});
