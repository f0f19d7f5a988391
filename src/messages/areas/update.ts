import { defineTexts, text } from "../text.ts";

/** Texts of the self-update job (TUpdateThread) and of the supervisor that switches binaries. */
export const updateTexts = defineTexts("update", {
  // The job.
  sourceCod: text<{ address: string }>((p) => `ЦОД ${p.address}`, (p) => `the ЦОД ${p.address}`),
  asking: text<{ source: string; platform: string; cpu: string; current: string }>(
    (p) => `Запрос обновления: ${p.source}, платформа ${p.platform}/${p.cpu}, текущая версия ${p.current}.`,
    (p) => `Asking for an update: ${p.source}, platform ${p.platform}/${p.cpu}, current version ${p.current}.`,
  ),
  noneOffered: text("Обновлений для этой платформы нет.", "No update is offered for this platform."),
  notNewer: text<{ offered: string; current: string }>(
    (p) => `Предложена версия ${p.offered}, установлена ${p.current}: обновление не требуется.`,
    (p) => `Version ${p.offered} is offered and ${p.current} is installed: nothing to update.`,
  ),
  skipRolledBack: text<{ version: string; when: string }>(
    (p) => `Версия ${p.version} уже откатывалась (${p.when} UTC): не проверила себя при запуске. Она пропускается; будет установлена следующая версия.`,
    (p) => `Version ${p.version} was rolled back before (${p.when} UTC): it failed its start-up check. It is skipped; the next version will be installed.`,
  ),
  offered: text<{ version: string; mb: string }>(
    (p) => `Доступна версия ${p.version} (${p.mb} МБ), подпись верна. Загрузка…`,
    (p) => `Version ${p.version} is available (${p.mb} MB), its signature is valid. Downloading…`,
  ),
  refused: text<{ version: string; detail: string }>(
    (p) => `Обновление до версии ${p.version} отклонено: ${p.detail}`,
    (p) => `The update to version ${p.version} was refused: ${p.detail}`,
  ),
  wrongPlatform: text<{ offered: string; wanted: string }>(
    (p) => `предложена сборка для ${p.offered}, а нужна для ${p.wanted}.`,
    (p) => `a build for ${p.offered} was offered, but this agent needs one for ${p.wanted}.`,
  ),
  badSignature: text(
    "подпись не подходит к ключу обновлений, встроенному в агент. Файл не загружался. Сообщите поставщику: обновление подделано или подписано другим ключом.",
    "its signature does not match the update key built into the agent. Nothing was downloaded. Tell the vendor: the update was forged or signed with another key.",
  ),
  wrongSize: text<{ got: number; expected: number }>(
    (p) => `загружено ${p.got} байт из ${p.expected}: файл неполный. Попытка повторится при следующем запуске задания.`,
    (p) => `${p.got} of ${p.expected} bytes arrived: the file is incomplete. The next run of the job tries again.`,
  ),
  badChecksum: text<{ got: string; expected: string }>(
    (p) => `контрольная сумма SHA-256 загруженного файла ${p.got} не совпадает с заявленной ${p.expected}: файл повреждён при передаче или подменён. Он удалён; попытка повторится при следующем запуске задания.`,
    (p) => `the SHA-256 of the downloaded file ${p.got} differs from the one announced, ${p.expected}: the file was damaged on the way or replaced. It was deleted; the next run of the job tries again.`,
  ),
  downloaded: text<{ version: string; sha256: string }>(
    (p) => `Версия ${p.version} загружена, SHA-256 совпадает (${p.sha256}…).`,
    (p) => `Version ${p.version} downloaded, its SHA-256 matches (${p.sha256}…).`,
  ),
  preflightFailed: text<{ detail: string }>(
    (p) => `новая версия не запускается на этой машине (agent version: ${p.detail}).`,
    (p) => `the new version does not start on this machine (agent version: ${p.detail}).`,
  ),
  fromSource: text<{ version: string }>(
    (p) => `Доступна версия ${p.version}, но агент запущен из исходного кода: обновляется только собранная программа.`,
    (p) => `Version ${p.version} is available, but the agent runs from source: only the compiled binary is updated.`,
  ),
  notSupervised: text<{ version: string }>(
    (p) => `Доступна версия ${p.version}, но агент запущен не как установленная служба (agent run в консоли): переключать версию и проверять её некому. Установите службу (agent service install) или замените файл вручную.`,
    (p) => `Version ${p.version} is available, but the agent does not run as the installed service (agent run in a console): nobody would switch and check the new version. Install the service (agent service install) or replace the file by hand.`,
  ),
  postponed: text<{ version: string; threads: string }>(
    (p) => `Обновление до версии ${p.version} отложено: работают потоки ${p.threads}. Попытка повторится при следующем запуске задания.`,
    (p) => `The update to version ${p.version} is postponed: threads ${p.threads} are running. The next run of the job tries again.`,
  ),
  prepareFailed: text<{ detail: string }>(
    (p) => `Не удалось подготовить обновление (резервная копия хранилищ): ${p.detail}. Служба продолжает работу на прежней версии.`,
    (p) => `Could not prepare the update (the stores' backup): ${p.detail}. The service goes on with the current version.`,
  ),
  prepared: text<{ from: string; to: string }>(
    (p) => `Обновление ${p.from} → ${p.to} подготовлено, хранилища скопированы. Служба перезапускается на новой версии.`,
    (p) => `The update ${p.from} → ${p.to} is prepared and the stores are backed up. The service restarts with the new version.`,
  ),
  badManifest: text<{ url: string; detail: string }>(
    (p) => `Файл-описание обновлений ${p.url} не подходит: ${p.detail}. Проверьте update.url.`,
    (p) => `The update manifest ${p.url} is not valid: ${p.detail}. Check update.url.`,
  ),
  summaryUpToDate: text<{ version: string }>((p) => `установлена последняя версия ${p.version}`, (p) => `the newest version ${p.version} is installed`),
  summarySkipped: text<{ version: string }>((p) => `версия ${p.version} пропущена (была откачена)`, (p) => `version ${p.version} skipped (it was rolled back)`),
  summaryRefused: text<{ version: string; reason: string }>((p) => `версия ${p.version} отклонена (${p.reason})`, (p) => `version ${p.version} refused (${p.reason})`),
  summaryNotApplied: text<{ version: string }>((p) => `доступна версия ${p.version}, не установлена`, (p) => `version ${p.version} is available, not installed`),
  summaryPostponed: text<{ version: string }>((p) => `версия ${p.version}: отложено, работают другие потоки`, (p) => `version ${p.version}: postponed, other threads are running`),
  summaryPrepared: text<{ from: string; to: string }>((p) => `подготовлено ${p.from} → ${p.to}, перезапуск`, (p) => `prepared ${p.from} → ${p.to}, restarting`),
  summaryFailed: text("обновление не выполнено", "no update done"),
  // The service: the outcome recorded after the switch.
  settledApplied: text<{ from: string; to: string }>(
    (p) => `Обновление ${p.from} → ${p.to} установлено: новая версия запустилась и прошла проверку.`,
    (p) => `The update ${p.from} → ${p.to} is installed: the new version started and passed its check.`,
  ),
  settledRolledBack: text<{ from: string; to: string; reason: string }>(
    (p) => `Обновление до версии ${p.to} откачено: ${p.reason}. Возвращены версия ${p.from} и копия хранилищ, сделанная перед обновлением. Эта версия больше не устанавливается.`,
    (p) => `The update to version ${p.to} was rolled back: ${p.reason}. Version ${p.from} and the stores' copy from before the update were put back. This version will not be installed again.`,
  ),
  settledAbandoned: text<{ to: string; detail: string }>(
    (p) => `Обновление до версии ${p.to} не завершено: ${p.detail}. Работает прежняя версия.`,
    (p) => `The update to version ${p.to} did not complete: ${p.detail}. The previous version runs.`,
  ),
  busyUpdating: text(
    "Служба переходит на новую версию: новые запуски заданий отложены. Повторите через минуту.",
    "The service is switching to a new version: no job starts now. Try again in a minute.",
  ),
  supervisorGone: text<{ pid: number }>(
    (p) => `Процесс-надзиратель службы (${p.pid}) завершился: служба останавливается, чтобы её запустил заново планировщик системы.`,
    (p) => `The service's supervisor (${p.pid}) has ended: the service stops, to be started again by the system.`,
  ),
  // The supervisor (agent service run): its lines go to stderr, i.e. the journal or the console.
  workerStopped: text("Агент остановлен; служба завершает работу.", "The agent stopped; the service ends."),
  workerCrashed: text<{ code: number; seconds: number }>(
    (p) => `Агент завершился с кодом ${p.code}; перезапуск через ${p.seconds} с.`,
    (p) => `The agent ended with exit code ${p.code}; restarting in ${p.seconds} s.`,
  ),
  spawnFailed: text<{ binary: string; detail: string }>(
    (p) => `Не удалось запустить ${p.binary}: ${p.detail}`,
    (p) => `Could not start ${p.binary}: ${p.detail}`,
  ),
  stopping: text<{ signal: string }>((p) => `Получен ${p.signal}: служба останавливается.`, (p) => `${p.signal} received: the service stops.`),
  killed: text<{ pid: number; seconds: number }>(
    (p) => `Агент (процесс ${p.pid}) не остановился за ${p.seconds} с и был завершён принудительно.`,
    (p) => `The agent (process ${p.pid}) did not stop within ${p.seconds} s and was killed.`,
  ),
  transactionUnreadable: text<{ path: string; detail: string }>(
    (p) => `Файл состояния обновления ${p.path} не читается (${p.detail}) и удалён; агент запускается как есть.`,
    (p) => `The update state file ${p.path} cannot be read (${p.detail}) and was removed; the agent starts as it is.`,
  ),
  abandonedPrepared: text(
    "служба была остановлена после подготовки обновления, до переключения версии",
    "the service was stopped after the update was prepared, before the switch",
  ),
  nothingPrepared: text(
    "Агент завершился для обновления, но подготовленного обновления нет; агент запускается снова.",
    "The agent exited for an update, but no update is prepared; the agent starts again.",
  ),
  switchFailed: text<{ to: string; detail: string }>(
    (p) => `Не удалось переключиться на версию ${p.to}: ${p.detail}. Работает прежняя версия.`,
    (p) => `Could not switch to version ${p.to}: ${p.detail}. The previous version runs.`,
  ),
  switched: text<{ from: string; to: string; seconds: number }>(
    (p) => `Версия ${p.from} → ${p.to}: новая программа на месте; проверка запуска (до ${p.seconds} с).`,
    (p) => `Version ${p.from} → ${p.to}: the new binary is in place; checking that it starts (up to ${p.seconds} s).`,
  ),
  applied: text<{ from: string; to: string; pid: number }>(
    (p) => `Обновление ${p.from} → ${p.to} прошло проверку: служба работает (процесс ${p.pid}).`,
    (p) => `The update ${p.from} → ${p.to} passed its check: the service runs (process ${p.pid}).`,
  ),
  healthFailed: text<{ to: string; reason: string }>(
    (p) => `Версия ${p.to} не прошла проверку запуска: ${p.reason}. Возвращается прежняя версия.`,
    (p) => `Version ${p.to} failed its start-up check: ${p.reason}. The previous version is put back.`,
  ),
  whyExited: text<{ seconds: number; detail: string }>((p) => `процесс завершился (${p.detail})`, (p) => `the process ended (${p.detail})`),
  whyTimeout: text<{ seconds: number; detail: string }>(
    (p) => `за ${p.seconds} с канал управления не ответил (${p.detail})`,
    (p) => `the control channel did not answer within ${p.seconds} s (${p.detail})`,
  ),
  whyVersion: text<{ seconds: number; detail: string }>((p) => `ответила не та версия (${p.detail})`, (p) => `the wrong version answered (${p.detail})`),
  whyStores: text<{ seconds: number; detail: string }>((p) => `хранилища не открыты (${p.detail})`, (p) => `the stores are not open (${p.detail})`),
  rolledBack: text<{ from: string; to: string }>(
    (p) => `Версия ${p.to} откачена: возвращены версия ${p.from} и копия хранилищ; запуск прежней версии.`,
    (p) => `Version ${p.to} rolled back: version ${p.from} and the stores' copy are back; starting the previous version.`,
  ),
  storesRestored: text<{ stores: string }>(
    (p) => `Возвращены копии хранилищ, сделанные перед обновлением: ${p.stores}.`,
    (p) => `The stores' copies from before the update were put back: ${p.stores}.`,
  ),
  rollbackFailed: text<{ from: string; detail: string }>(
    (p) => `Не удалось вернуть версию ${p.from}: ${p.detail}. Верните файл вручную (файлы *.prev-* рядом с программой и копии хранилищ в папке update/backup).`,
    (p) => `Could not put version ${p.from} back: ${p.detail}. Restore it by hand (the *.prev-* file beside the binary and the stores' copies in the folder update/backup).`,
  ),
  settleLater: text<{ detail: string }>(
    (p) => `Служба запишет итог обновления при следующем запуске (канал управления: ${p.detail}).`,
    (p) => `The service will record the update's outcome at its next start (control channel: ${p.detail}).`,
  ),
});
