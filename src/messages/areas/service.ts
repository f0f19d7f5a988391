import { defineTexts, text } from "../text.ts";

/** Texts of `agent service …`: installing the agent as a service of the system, and its status. */
export const serviceTexts = defineTexts("service", {
  cmdService: text("служба ОС: установка, удаление, состояние", "the OS service: install, uninstall, status"),
  cmdInstall: text(
    "установить агент службой ОС (systemd или планировщик заданий Windows): запуск при загрузке, перезапуск после сбоя",
    "install the agent as an OS service (systemd, or the Windows Task Scheduler): started at boot, restarted after a crash",
  ),
  cmdUninstall: text("остановить и удалить службу (программа и данные остаются)", "stop and remove the service (the binary and the data stay)"),
  cmdStatus: text("состояние службы, агента и последних обновлений", "the state of the service, the agent and the last updates"),
  cmdRun: text(
    "то, что запускает служба: надзиратель, который запускает agent run, перезапускает его после сбоя и переключает версии при обновлении",
    "what the service starts: a supervisor that runs agent run, restarts it after a crash and switches versions on updates",
  ),
  optDryRun: text("только показать, что будет записано и выполнено", "only show what would be written and run"),
  optRoot: text(
    "записать системные файлы в эту папку вместо корня (для образов и проверки); пользователь не создаётся, ничего не запускается",
    "write the system's files under this folder instead of / (images, tests); no user is created and nothing is started",
  ),
  optUser: text(
    "пользователь службы (Linux, по умолчанию lab-agent; создаётся, если нет) или учётная запись (Windows: SYSTEM, LOCAL SERVICE, NETWORK SERVICE; по умолчанию SYSTEM)",
    "the service's user (Linux, default lab-agent; created if missing) or account (Windows: SYSTEM, LOCAL SERVICE, NETWORK SERVICE; default SYSTEM)",
  ),
  optAdminGroup: text(
    "группа администраторов с доступом к каналу управления (по умолчанию — настройка admin_group)",
    "the administrators' group allowed on the control channel (default: the admin_group setting)",
  ),
  optBinary: text("программа, которую запускает служба (по умолчанию — эта)", "the binary the service runs (default: this one)"),
  fromSource: text(
    "Агент запущен из исходного кода: укажите собранную программу, которую будет запускать служба (--binary ПУТЬ).",
    "The agent runs from source: name the compiled binary the service is to run (--binary PATH).",
  ),
  binaryMissing: text<{ path: string }>(
    (p) => `Программа ${p.path} не найдена или не является файлом. Укажите путь к агенту (--binary).`,
    (p) => `The binary ${p.path} does not exist or is not a file. Give the agent's path (--binary).`,
  ),
  systemFolder: text<{ dir: string }>(
    (p) => `Агент лежит в общей системной папке ${p.dir}. Служба должна владеть папкой своей программы (обновление переименовывает файлы в ней): положите агент в отдельную папку, например /opt/lab-agent/, и установите службу оттуда.`,
    (p) => `The agent lies in the shared system folder ${p.dir}. The service must own its binary's folder (updates rename files in it): put the agent in a folder of its own, e.g. /opt/lab-agent/, and install the service from there.`,
  ),
  noSystemd: text<{ init: string; binary: string; instance: string }>(
    (p) => `На этой машине не работает systemd (процесс 1 — ${p.init}), поэтому службу systemd установить нельзя. Варианты: запускайте «${p.binary} service run --instance ${p.instance}» средствами вашей системы инициализации (OpenRC, runit, sysvinit, supervisord) от имени отдельного пользователя; или подготовьте файлы для другой машины: agent service install --root ПАПКА.`,
    (p) => `systemd does not run on this machine (process 1 is ${p.init}), so no systemd service can be installed. Either start "${p.binary} service run --instance ${p.instance}" from your init system (OpenRC, runit, sysvinit, supervisord) as a user of its own, or prepare the files for another machine: agent service install --root DIR.`,
  ),
  needRoot: text(
    "Установка и удаление службы меняют системные файлы: выполните команду от root (sudo agent service …), или подготовьте файлы без изменения системы: --dry-run, --root ПАПКА.",
    "Installing and removing the service change system files: run the command as root (sudo agent service …), or prepare the files without changing the system: --dry-run, --root DIR.",
  ),
  noSchtasks: text(
    "Не найдена программа schtasks.exe (планировщик заданий Windows): службу установить нельзя.",
    "schtasks.exe (the Windows Task Scheduler) was not found: the service cannot be installed.",
  ),
  badUser: text<{ user: string }>(
    (p) => `--user ${p.user}: не имя пользователя Linux (строчные латинские буквы, цифры, _ и -). root не подходит: служба не должна работать от root.`,
    (p) => `--user ${p.user}: not a Linux user name (lower-case letters, digits, _ and -). root is refused: the service must not run as root.`,
  ),
  badWindowsUser: text<{ user: string; allowed: string }>(
    (p) => `--user ${p.user}: на Windows служба работает от одной из учётных записей без пароля: ${p.allowed}.`,
    (p) => `--user ${p.user}: on Windows the service runs as one of the accounts that need no password: ${p.allowed}.`,
  ),
  definitionProblems: text<{ path: string; problems: string }>(
    (p) => `Определение службы ${p.path} не прошло проверку:\n${p.problems}\nНичего не изменено. Сообщите разработчикам.`,
    (p) => `The service definition ${p.path} failed its check:\n${p.problems}\nNothing was changed. Please report it.`,
  ),
  dryRunTitle: text<{ system: string }>(
    (p) => `Пробный запуск (--dry-run): ничего не изменено. Для ${p.system} было бы сделано:`,
    (p) => `Dry run (--dry-run): nothing was changed. For ${p.system} this would be done:`,
  ),
  wouldWrite: text<{ path: string }>((p) => `записать файл ${p.path}:`, (p) => `write the file ${p.path}:`),
  wouldRun: text<{ command: string }>((p) => `выполнить: ${p.command}`, (p) => `run: ${p.command}`),
  wouldLink: text<{ path: string; target: string }>((p) => `создать ссылку ${p.path} → ${p.target}`, (p) => `create the link ${p.path} → ${p.target}`),
  wouldRemove: text<{ path: string }>((p) => `удалить ${p.path}`, (p) => `remove ${p.path}`),
  wouldVerify: text<{ path: string }>((p) => `проверить: systemd-analyze verify ${p.path}`, (p) => `check: systemd-analyze verify ${p.path}`),
  wrote: text<{ path: string }>((p) => `Записан ${p.path}`, (p) => `Wrote ${p.path}`),
  ran: text<{ command: string }>((p) => `Выполнено: ${p.command}`, (p) => `Ran: ${p.command}`),
  linked: text<{ path: string }>((p) => `Создана ссылка ${p.path}`, (p) => `Created the link ${p.path}`),
  removed: text<{ path: string }>((p) => `Удалён ${p.path}`, (p) => `Removed ${p.path}`),
  verified: text<{ path: string }>((p) => `systemd-analyze verify ${p.path}: замечаний нет`, (p) => `systemd-analyze verify ${p.path}: no remarks`),
  notVerified: text<{ path: string }>(
    (p) => `systemd-analyze не установлен: ${p.path} проверен только самим агентом (обязательные поля).`,
    (p) => `systemd-analyze is not installed: ${p.path} was checked by the agent itself only (the required fields).`,
  ),
  stepFailed: text<{ detail: string; done: string }>(
    (p) => `Не удалось: ${p.detail}\nУже сделано: ${p.done || "ничего"}. Исправьте причину и повторите команду (она выполняется заново целиком).`,
    (p) => `Failed: ${p.detail}\nAlready done: ${p.done || "nothing"}. Fix the cause and run the command again (it starts over).`,
  ),
  installed: text<{ name: string; journal: string }>(
    (p) => `Служба ${p.name} установлена и запущена. Состояние: agent service status; журнал: ${p.journal}`,
    (p) => `The service ${p.name} is installed and started. Its state: agent service status; its log: ${p.journal}`,
  ),
  installedRoot: text<{ name: string; root: string }>(
    (p) => `Файлы службы ${p.name} записаны в ${p.root}. Пользователь не создавался, владельцы не менялись, ничего не запускалось.`,
    (p) => `The files of the service ${p.name} were written under ${p.root}. No user was created, no owner changed, nothing started.`,
  ),
  uninstalled: text<{ name: string }>(
    (p) => `Служба ${p.name} остановлена и удалена. Программа, настройки и данные остались на месте.`,
    (p) => `The service ${p.name} was stopped and removed. The binary, its config and its data stay where they are.`,
  ),
  statusDefinition: text<{ system: string; name: string; path: string; present: boolean }>(
    (p) => `Служба ${p.name} (${p.system}): ${p.present ? `определение ${p.path}` : `не установлена (нет ${p.path})`}`,
    (p) => `The service ${p.name} (${p.system}): ${p.present ? `defined in ${p.path}` : `not installed (no ${p.path})`}`,
  ),
  statusEnabled: text<{ enabled: boolean }>(
    (p) => `Запуск при загрузке: ${p.enabled ? "включён" : "выключен"}`,
    (p) => `Started at boot: ${p.enabled ? "yes" : "no"}`,
  ),
  statusSystemd: text<{ state: string }>((p) => `Состояние в systemd: ${p.state}`, (p) => `State in systemd: ${p.state}`),
  statusNoSystemd: text("systemd на этой машине не работает: состояние службы неизвестно.", "systemd does not run on this machine: the service's state is unknown."),
  statusTask: text<{ output: string }>((p) => `Планировщик заданий Windows:\n${p.output}`, (p) => `Windows Task Scheduler:\n${p.output}`),
  statusAgent: text<{ pid: number; version: string; supervised: boolean; since: string }>(
    (p) => `Агент работает: процесс ${p.pid}, версия ${p.version}, с ${p.since}${p.supervised ? ", под надзирателем службы" : ", без надзирателя (agent run в консоли)"}`,
    (p) => `The agent runs: process ${p.pid}, version ${p.version}, since ${p.since}${p.supervised ? ", under the service's supervisor" : ", without a supervisor (agent run in a console)"}`,
  ),
  statusNoAgent: text("Агент не запущен (канал управления не отвечает).", "The agent does not run (the control channel does not answer)."),
  statusUpdatesTitle: text("Последние обновления:", "Last updates:"),
  statusNoUpdates: text("Обновлений ещё не было.", "No updates yet."),
  statusPending: text<{ state: string; from: string; to: string }>(
    (p) => `Обновление ${p.from} → ${p.to} в процессе: ${p.state}`,
    (p) => `Update ${p.from} → ${p.to} under way: ${p.state}`,
  ),
});
