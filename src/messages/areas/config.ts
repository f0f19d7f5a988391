import { defineTexts, text } from "../text.ts";

/** Texts of the config loader: validation errors and `agent config` output. */
export const configTexts = defineTexts("config", {
  notString: text<{ got: string }>(
    (p) => `ожидается строка, а указано ${p.got}`,
    (p) => `expected a string, got ${p.got}`,
  ),
  notInteger: text<{ got: string }>(
    (p) => `ожидается целое число, а указано ${p.got}`,
    (p) => `expected a whole number, got ${p.got}`,
  ),
  outOfRange: text<{ got: string; min: number; max: number }>(
    (p) => `${p.got} вне допустимого диапазона ${p.min}–${p.max}`,
    (p) => `${p.got} is outside the allowed range ${p.min}–${p.max}`,
  ),
  notBoolean: text<{ got: string }>(
    (p) => `ожидается true или false, а указано ${p.got}`,
    (p) => `expected true or false, got ${p.got}`,
  ),
  notOneOf: text<{ got: string; allowed: string }>(
    (p) => `${p.got} — недопустимое значение; допустимы: ${p.allowed}`,
    (p) => `${p.got} is not allowed; use one of: ${p.allowed}`,
  ),
  notUrl: text<{ got: string }>(
    (p) => `${p.got} — не адрес http:// или https:// (пример: http://10.0.0.5:30102)`,
    (p) => `${p.got} is not an http:// or https:// address (example: http://10.0.0.5:30102)`,
  ),
  notTimeZone: text<{ got: string }>(
    (p) => `${p.got} — неизвестный часовой пояс (пример: Europe/Moscow, Asia/Yekaterinburg)`,
    (p) => `${p.got} is not a known time zone (example: Europe/Moscow, Asia/Yekaterinburg)`,
  ),
  notName: text<{ got: string }>(
    (p) => `${p.got} — недопустимое имя: только латинские буквы, цифры, «-» и «_», до 32 знаков`,
    (p) => `${p.got} is not a valid name: use Latin letters, digits, "-" and "_", up to 32 characters`,
  ),
  notTableName: text<{ got: string }>(
    (p) => `${p.got} — не имя таблицы (буквы A–Z, цифры, _ и $; через запятую)`,
    (p) => `${p.got} is not a table name (letters A–Z, digits, _ and $; comma-separated)`,
  ),
  notTimeRange: text<{ got: string }>(
    (p) => `${p.got} — не промежуток времени суток вида «21:00-9:00» (пусто или «0:00-0:00» — без промежутка)`,
    (p) => `${p.got} is not a time-of-day range like "21:00-9:00" (empty or "0:00-0:00": none)`,
  ),
  notEmailAddress: text<{ got: string }>(
    (p) => `${p.got} — не адрес электронной почты (пример: results@clinic.ru или «Поликлиника №1 <results@clinic.ru>»)`,
    (p) => `${p.got} is not an e-mail address (example: results@clinic.ru or "Clinic No. 1 <results@clinic.ru>")`,
  ),
  emptyNotAllowed: text("значение не может быть пустым", "the value must not be empty"),
  unknownSetting: text<{ suggestion: string }>(
    (p) => `неизвестная настройка${p.suggestion ? `; возможно, имелось в виду ${p.suggestion}` : ""} (все настройки: agent config example)`,
    (p) => `unknown setting${p.suggestion ? `; did you mean ${p.suggestion}?` : ""} (all settings: agent config example)`,
  ),
  notSection: text(
    "ожидается раздел [..] с настройками, а указано значение",
    "expected a [section] of settings, found a value",
  ),
  requiredFor: text<{ other: string; value: string }>(
    (p) => `обязательна, когда ${p.other} = "${p.value}"`,
    (p) => `is required when ${p.other} = "${p.value}"`,
  ),
  badToml: text<{ file: string; detail: string }>(
    (p) => `Файл настроек ${p.file} содержит ошибку TOML: ${p.detail}\nИсправьте файл (образец со всеми настройками: agent config example).`,
    (p) => `The config file ${p.file} is not valid TOML: ${p.detail}\nFix the file (a sample with every setting: agent config example).`,
  ),
  fileMissing: text<{ file: string }>(
    (p) => `Файл настроек ${p.file} не найден. Проверьте путь в --config или создайте файл: agent config example > ${p.file}`,
    (p) => `The config file ${p.file} does not exist. Check the --config path or create it: agent config example > ${p.file}`,
  ),
  fileUnreadable: text<{ file: string; detail: string }>(
    (p) => `Файл настроек ${p.file} не читается: ${p.detail}. Проверьте права доступа.`,
    (p) => `The config file ${p.file} cannot be read: ${p.detail}. Check its permissions.`,
  ),
  invalidHeader: text<{ count: number; source: string }>(
    (p) => `Ошибки в настройках (${p.count}), ${p.source}:`,
    (p) => `Config errors (${p.count}), ${p.source}:`,
  ),
  invalidFooter: text(
    "Исправьте эти настройки и запустите снова. Проверка без запуска: agent config check",
    "Fix these settings and start again. To check without starting: agent config check",
  ),
  badSetArgument: text<{ got: string }>(
    (p) => `--set ${p.got}: ожидается раздел.настройка=значение, например --set cod.url=http://10.0.0.5:30102`,
    (p) => `--set ${p.got}: expected section.setting=value, for example --set cod.url=http://10.0.0.5:30102`,
  ),
  unknownEnv: text<{ name: string; suggestion: string }>(
    (p) => `переменная окружения ${p.name} не соответствует ни одной настройке${p.suggestion ? `; возможно, ${p.suggestion}` : ""}`,
    (p) => `environment variable ${p.name} matches no setting${p.suggestion ? `; did you mean ${p.suggestion}?` : ""}`,
  ),
  secretInOpenFile: text<{ file: string; setting: string }>(
    (p) => `${p.file} хранит секрет ${p.setting} и доступен для чтения другим пользователям: выполните chmod 600 ${p.file} или задайте секрет переменной окружения`,
    (p) => `${p.file} holds the secret ${p.setting} and other users can read it: run chmod 600 ${p.file} or set the secret through the environment`,
  ),
  originDefault: text("по умолчанию", "default"),
  originFile: text<{ file: string }>((p) => `файл ${p.file}`, (p) => `file ${p.file}`),
  originEnv: text<{ name: string }>((p) => `окружение ${p.name}`, (p) => `environment ${p.name}`),
  originArg: text<{ arg: string }>((p) => `аргумент ${p.arg}`, (p) => `argument ${p.arg}`),
  secretSet: text("задан (скрыт)", "set (hidden)"),
  secretUnset: text("не задан", "not set"),
  checkOk: text<{ source: string }>(
    (p) => `Настройки в порядке (${p.source}).`,
    (p) => `The config is valid (${p.source}).`,
  ),
  noFile: text<{ file: string }>(
    (p) => `файл ${p.file} отсутствует — действуют значения по умолчанию`,
    (p) => `no file at ${p.file}: defaults apply`,
  ),
  columnSetting: text("Настройка", "Setting"),
  columnValue: text("Значение", "Value"),
  columnOrigin: text("Откуда", "Origin"),
  warning: text("Предупреждение", "Warning"),
  exampleHeader: text(
    "Настройки агента. Значения ниже — значения по умолчанию; раскомментируйте и измените нужные.\nЛюбую настройку можно задать переменной окружения AGENT_<РАЗДЕЛ>_<НАСТРОЙКА> (секреты — только так),\nнапример cod.token ← AGENT_COD_TOKEN. Порядок: по умолчанию < файл < окружение < аргументы.",
    "Agent settings. The values below are the defaults; uncomment and change what you need.\nAny setting can be given as an environment variable AGENT_<SECTION>_<KEY> (secrets belong there),\nfor example cod.token <- AGENT_COD_TOKEN. Precedence: defaults < file < environment < arguments.",
  ),
  exampleRestart: text("изменение требует перезапуска службы", "a change needs a restart of the service"),
  exampleSecret: text("секрет: задавайте переменной окружения", "secret: set it through the environment"),
  reloadApplied: text<{ list: string }>(
    (p) => `Применено без перезапуска: ${p.list}`,
    (p) => `Applied without a restart: ${p.list}`,
  ),
  reloadNeedsRestart: text<{ list: string }>(
    (p) => `Требуют перезапуска службы (пока действуют прежние значения): ${p.list}`,
    (p) => `Need a restart of the service (the old values stay in force until then): ${p.list}`,
  ),
  reloadNothing: text("Файл настроек не изменился — применять нечего.", "The config file has not changed: nothing to apply."),
  reloadRejected: text<{ detail: string }>(
    (p) => `Новые настройки отклонены, служба работает с прежними:\n${p.detail}`,
    (p) => `The new config was rejected; the service keeps the old one:\n${p.detail}`,
  ),
});
