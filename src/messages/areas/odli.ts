import { defineTexts, text } from "../text.ts";

/**
 * The LIS job (ОДЛИ, Netrika; thread TLISThread): its settings, the manual's
 * log lines word for word, and every line the job, its client, the code map
 * commands and the ОДЛИ simulator write. Lines name referrals, patients and
 * orders by their ids only.
 */
export const odliTexts = defineTexts("odli", {
  // Settings ---------------------------------------------------------------
  settingUrl: text(
    "Адрес сервиса ОДЛИ (FHIR, exlab), например http://r26-rc.zdrav.netrika.ru/Exlab/api/fhir/; пусто — ОДЛИ не настроен",
    "The ОДЛИ (exlab FHIR) base address, e.g. http://r26-rc.zdrav.netrika.ru/Exlab/api/fhir/; empty: no ОДЛИ configured",
  ),
  settingTermUrl: text(
    "Адрес сервиса терминологии (НСИ), например http://r26-rc.zdrav.netrika.ru/nsi/fhir/term",
    "The terminology service's (NSI) base address, e.g. http://r26-rc.zdrav.netrika.ru/nsi/fhir/term",
  ),
  settingToken: text(
    "Токен МО для ОДЛИ и сервиса терминологии (GUID из заголовка «Authorization: N3 …», выдаёт оператор платформы); задайте его в переменной AGENT_ODLI_TOKEN",
    "The МО's token for ОДЛИ and the terminology service (the GUID of the \"Authorization: N3 …\" header, issued by the platform's operator); set it in AGENT_ODLI_TOKEN",
  ),
  settingSystemOid: text(
    "OID передающей системы (МИС) на платформе N3, например 1.2.643.2.69.1.2.12: система идентификаторов направлений",
    "The sending system's (the MIS's) OID on the N3 platform, e.g. 1.2.643.2.69.1.2.12: the system of the referrals' identifiers",
  ),
  settingOrganizationGuid: text(
    "GUID МО в справочнике организаций 1.2.643.2.69.1.1.1.64: отправитель направлений",
    "The МО's GUID in the organisations' dictionary 1.2.643.2.69.1.1.1.64: the referrals' sender",
  ),
  settingTimeoutSeconds: text("Время ожидания ответа ОДЛИ и сервиса терминологии, секунд", "How long to wait for the answer of ОДЛИ and the terminology service, seconds"),
  settingDictionaryMaxAge: text(
    "Версии справочников старше стольких часов сначала запрашиваются заново у сервиса терминологии",
    "Dictionary versions older than this many hours are fetched again from the terminology service first",
  ),
  settingUseStoredVersions: text(
    "Если версии справочников не удалось обновить: true — отправлять с сохранёнными версиями (с предупреждением), false — не отправлять",
    "When the dictionary versions cannot be refreshed: true sends with the stored versions (with a warning), false sends nothing",
  ),
  settingMaxAttempts: text(
    "После стольких отказов ОДЛИ направление откладывается с причиной и больше не отправляется само",
    "After this many refusals by ОДЛИ a referral is parked with the reason and no longer sent by itself",
  ),
  settingMaxBundleKb: text(
    "Наибольший размер пакета направления (JSON), КБ; больший пакет не отправляется",
    "The largest referral bundle (JSON) in KB; a larger one is not sent",
  ),
  settingParallelSends: text(
    "Сколько направлений отправлять одновременно (каждое ждёт только своего ответа); 1 — по одному",
    "How many referrals are sent at once (each waits only for its own answer); 1: one by one",
  ),
  notOid: text<{ got: string }>(
    (p) => `${p.got} — не OID (пример: 1.2.643.2.69.1.2.12)`,
    (p) => `${p.got} is not an OID (example: 1.2.643.2.69.1.2.12)`,
  ),
  notGuid: text<{ got: string }>(
    (p) => `${p.got} — не GUID (пример: 8c2b5a8e-3a0b-4a3e-9f1c-1d2e3f405162)`,
    (p) => `${p.got} is not a GUID (example: 8c2b5a8e-3a0b-4a3e-9f1c-1d2e3f405162)`,
  ),
  requiredWithUrl: text("обязательна, когда задан odli.url", "is required when odli.url is set"),

  // The manual's lines (TLISThread), word for word ---------------------------
  versionsStarted: text("Получение версий справочников из Нетрика.", "Getting dictionary versions from Netrika."),
  versionsStopped: text("Остановка получения версий справочников из Нетрика.", "Stopping getting dictionary versions from Netrika."),
  sendingStarted: text("Отправка направлений на анализы в Нетрику.", "Sending lab referrals to Netrika."),
  sentCount: text<{ sent: number; total: number }>((p) => `Отправлено направлений ${p.sent} из ${p.total}`, (p) => `Referrals sent: ${p.sent} of ${p.total}`),
  sendingStopped: text("Остановка отправки направлений на анализы в Нетрику.", "Stopping sending lab referrals to Netrika."),

  // The job's own lines --------------------------------------------------------
  notConfiguredJob: text(
    "ОДЛИ не настроен (odli.url пуст): задание «ЛИС» ничего не делает. Задайте раздел [odli] (agent config example)",
    "ОДЛИ is not configured (odli.url is empty): the LIS job does nothing. Fill in the [odli] section (agent config example)",
  ),
  versionsFresh: text<{ count: number; hours: number }>(
    (p) => `Версии справочников (${p.count}) получены менее ${p.hours} ч назад — обновлять не нужно`,
    (p) => `The dictionary versions (${p.count}) were fetched less than ${p.hours} h ago: no refresh needed`,
  ),
  versionsFetched: text<{ count: number; list: string }>(
    (p) => `Получены версии справочников (${p.count}): ${p.list}`,
    (p) => `Dictionary versions fetched (${p.count}): ${p.list}`,
  ),
  versionsRefreshed: text<{ count: number; changed: string }>(
    (p) => `Версии справочников обновлены: ${p.count}${p.changed ? `; изменились: ${p.changed}` : "; без изменений"}`,
    (p) => `Dictionary versions refreshed: ${p.count}${p.changed ? `; changed: ${p.changed}` : "; none changed"}`,
  ),
  versionUnknown: text<{ oid: string }>(
    (p) => `Сервис терминологии не знает справочник ${p.oid}`,
    (p) => `The terminology service does not know the dictionary ${p.oid}`,
  ),
  versionsFailedStored: text<{ detail: string; oldest: string }>(
    (p) => `Версии справочников не обновлены: ${p.detail}. Отправка идёт с сохранёнными версиями (самая старая получена ${p.oldest}), как разрешает odli.use_stored_versions`,
    (p) => `The dictionary versions were not refreshed: ${p.detail}. Sending goes on with the stored versions (the oldest fetched ${p.oldest}), as odli.use_stored_versions allows`,
  ),
  versionsFailedStop: text<{ detail: string }>(
    (p) => `Версии справочников не обновлены: ${p.detail}. Направления не отправляются, пока версии не получены (или разрешите odli.use_stored_versions = true)`,
    (p) => `The dictionary versions were not refreshed: ${p.detail}. No referrals are sent until the versions are fetched (or allow odli.use_stored_versions = true)`,
  ),
  versionsMissing: text<{ list: string }>(
    (p) => `нет сохранённых версий справочников ${p.list}`,
    (p) => `no stored versions of the dictionaries ${p.list}`,
  ),
  recovered: text<{ id: string; order: string }>(
    (p) => `Направление ${p.id}: ответ на прошлую отправку не был записан, но Нетрика приняла его (заявка ${p.order}) — записано, повторно не отправляется`,
    (p) => `Referral ${p.id}: the answer to its last sending was not recorded, but Netrika has it (order ${p.order}): recorded, not sent again`,
  ),
  notReceived: text<{ id: string }>(
    (p) => `Направление ${p.id}: прошлая отправка до Нетрики не дошла ($getorder его не знает) — будет отправлено снова`,
    (p) => `Referral ${p.id}: its last sending did not reach Netrika ($getorder does not know it): it is sent again`,
  ),
  inFlightLeft: text<{ id: string }>(
    (p) => `Направление ${p.id}: неизвестно, приняла ли Нетрика прошлую отправку; оно не отправляется снова, пока Нетрика не ответит на $getorder`,
    (p) => `Referral ${p.id}: whether Netrika took its last sending is unknown; it is not sent again until Netrika answers $getorder`,
  ),
  held: text<{ id: string; reasons: string }>(
    (p) => `Направление ${p.id} не отправлено: ${p.reasons}. Оно ждёт исправления и отправится при следующем запуске после него`,
    (p) => `Referral ${p.id} was not sent: ${p.reasons}. It waits to be corrected and goes at the next run after that`,
  ),
  sentOne: text<{ id: string; order: string }>((p) => `Направление ${p.id} отправлено: заявка ${p.order}`, (p) => `Referral ${p.id} sent: order ${p.order}`),
  refused: text<{ id: string; attempt: number; max: number; reason: string }>(
    (p) => `Направление ${p.id} отклонено Нетрикой (попытка ${p.attempt} из ${p.max}): ${p.reason}. Будет отправлено снова при следующем запуске`,
    (p) => `Referral ${p.id} was refused by Netrika (attempt ${p.attempt} of ${p.max}): ${p.reason}. It is sent again at the next run`,
  ),
  parked: text<{ id: string; attempts: number; reason: string }>(
    (p) => `Направление ${p.id} отложено после ${p.attempts} отказов Нетрики и больше не отправляется само: ${p.reason}. Исправьте направление и снова поставьте его в очередь (REG_ODLI_NAPR_SEND.STATUS = 0)`,
    (p) => `Referral ${p.id} is parked after ${p.attempts} refusals by Netrika and no longer sent by itself: ${p.reason}. Correct the referral and queue it again (REG_ODLI_NAPR_SEND.STATUS = 0)`,
  ),
  answerUnsure: text<{ id: string; detail: string }>(
    (p) => `Направление ${p.id}: ${p.detail}. Приняла ли его Нетрика, будет выяснено по $getorder до любой повторной отправки`,
    (p) => `Referral ${p.id}: ${p.detail}. Whether Netrika took it is asked with $getorder before any new sending`,
  ),
  sendingInterrupted: text<{ detail: string; left: number }>(
    (p) => `Отправка прервана: ${p.detail}. Неотправленные направления (${p.left}) остаются в очереди до следующего запуска`,
    (p) => `Sending interrupted: ${p.detail}. The referrals not sent (${p.left}) stay queued for the next run`,
  ),
  stoppedUnauthorized: text<{ detail: string }>((p) => `${p.detail}`, (p) => `${p.detail}`),
  resultsStarted: text("Получение результатов анализов из Нетрики.", "Getting lab results from Netrika."),
  resultsDone: text<{ orders: number; open: number; reports: number }>(
    (p) => `Получены результаты по ${p.orders} направлениям из ${p.open} ожидающих (новых документов результата: ${p.reports})`,
    (p) => `Results received for ${p.orders} of ${p.open} waiting referrals (new result documents: ${p.reports})`,
  ),
  resultWritten: text<{ id: string; reports: number; params: number; pdfs: number; status: string }>(
    (p) => `Направление ${p.id}: записано документов результата ${p.reports}, показателей ${p.params}, PDF ${p.pdfs}; заявка: ${p.status}`,
    (p) => `Referral ${p.id}: ${p.reports} result documents written, ${p.params} values, ${p.pdfs} PDF; order: ${p.status}`,
  ),
  resultRejected: text<{ id: string; status: string; reason: string }>(
    (p) => `Направление ${p.id}: лаборатория закрыла заявку со статусом ${p.status}${p.reason ? ` (${p.reason})` : ""}`,
    (p) => `Referral ${p.id}: the lab closed the order with the status ${p.status}${p.reason ? ` (${p.reason})` : ""}`,
  ),
  resultHeld: text<{ id: string; reasons: string }>(
    (p) => `Результат по направлению ${p.id} не записан: ${p.reasons}. Он остаётся в Нетрике и будет получен при следующем запуске после исправления`,
    (p) => `The result of referral ${p.id} was not written: ${p.reasons}. It stays at Netrika and is fetched at the next run after the fix`,
  ),
  resultFailed: text<{ id: string; detail: string }>(
    (p) => `Результат по направлению ${p.id} не получен: ${p.detail}. Будет запрошен снова при следующем запуске`,
    (p) => `The result of referral ${p.id} was not fetched: ${p.detail}. It is asked for again at the next run`,
  ),
  resultsInterrupted: text<{ detail: string }>(
    (p) => `Получение результатов прервано: ${p.detail}. Остальные будут запрошены при следующем запуске`,
    (p) => `Getting results interrupted: ${p.detail}. The rest are asked for at the next run`,
  ),
  summary: text<{ sent: number; total: number; refused: number; parked: number; held: number; results: number }>(
    (p) => `отправлено ${p.sent} из ${p.total}, отклонено ${p.refused}, отложено ${p.parked}, ждут исправления ${p.held}; результатов по направлениям: ${p.results}`,
    (p) => `${p.sent} of ${p.total} sent, ${p.refused} refused, ${p.parked} parked, ${p.held} wait for a fix; results for ${p.results} referrals`,
  ),
  summaryNotConfigured: text("ОДЛИ не настроен", "ОДЛИ is not configured"),
  summaryFailed: text("не выполнено: см. лог потока TLISThread", "not done: see the TLISThread log"),

  // Why a referral or a result is held back (MappingProblem) ----------------
  problemNoPatientIdentity: text("у пациента нет ни СНИЛС, ни полиса ОМС — внесите их в карту пациента", "the patient has neither a SNILS nor an OMS policy: enter them in the patient's card"),
  problemPolicyRequired: text<{ finance: number }>(
    (p) => `исследование за счёт ОМС (источник финансирования ${p.finance}), а полиса ОМС у пациента нет — внесите полис в карту`,
    (p) => `the tests are paid by OMS (funding source ${p.finance}) but the patient has no OMS policy: enter it in the card`,
  ),
  problemBadSnils: text<{ whose: string }>((p) => `СНИЛС ${p.whose} введён с ошибкой (не сходится контрольное число)`, (p) => `the ${p.whose}'s SNILS is mistyped (its check digits do not agree)`),
  problemBadPolicy: text<{ kind: string }>(
    (p) => `номер полиса ОМС не соответствует его виду (${p.kind}): для единого номера — 16 цифр с верной контрольной цифрой`,
    (p) => `the OMS policy number does not fit its kind (${p.kind}): a unified number is 16 digits with a valid check digit`,
  ),
  problemNoName: text<{ whose: string }>((p) => `у ${p.whose} не указаны фамилия и имя`, (p) => `the ${p.whose}'s surname and first name are missing`),
  problemLatinName: text<{ whose: string }>(
    (p) => `ФИО ${p.whose} записано только латиницей — ОДЛИ ожидает ФИО кириллицей, как в документе, удостоверяющем личность; исправьте карту`,
    (p) => `the ${p.whose}'s name is written in Latin letters only: ОДЛИ expects the name in Cyrillic as in the identity document; correct the card`,
  ),
  problemMixedScript: text<{ whose: string; field: string }>(
    (p) => `в поле «${p.field}» ${p.whose} смешаны кириллица и латиница (латинская буква вместо русской) — исправьте карту`,
    (p) => `the ${p.whose}'s ${p.field} mixes Cyrillic and Latin letters (a Latin letter typed for a Russian one): correct the card`,
  ),
  problemNoBirthDate: text("у пациента не указана дата рождения", "the patient's birth date is missing"),
  problemNoLab: text(
    "у лаборатории-исполнителя нет GUID ОДЛИ (REG_LPU_FOR_RECEIVE_NAPR_ANAL.ODLI_GUID)",
    "the executing lab has no ОДЛИ GUID (REG_LPU_FOR_RECEIVE_NAPR_ANAL.ODLI_GUID)",
  ),
  problemNoAnalyses: text("в направлении нет исследований", "the referral holds no tests"),
  problemNoSpecimen: text<{ code: string }>(
    (p) => `для исследования ${p.code} нет пробирки со штрих-кодом (биоматериал не взят или не зарегистрирован)`,
    (p) => `no tube with a barcode for the test ${p.code} (the specimen was not taken or not registered)`,
  ),
  problemUnmapped: text<{ kind: string; code: string; dictionary: string }>(
    (p) => `код ${p.kind} «${p.code}» не сопоставлен со справочником ${p.dictionary}: сопоставьте его (agent odli map unmapped, agent odli map import ФАЙЛ.csv)`,
    (p) => `the ${p.kind} code "${p.code}" is not mapped to the dictionary ${p.dictionary}: map it (agent odli map unmapped, agent odli map import FILE.csv)`,
  ),
  problemNoVersion: text<{ dictionary: string }>(
    (p) => `нет версии справочника ${p.dictionary} из сервиса терминологии`,
    (p) => `no version of the dictionary ${p.dictionary} from the terminology service`,
  ),
  problemUnmappedResult: text<{ kind: string; code: string; dictionary: string }>(
    (p) => `в результате код ${p.kind} «${p.code}» справочника ${p.dictionary}, которого нет в таблице сопоставления: добавьте строку с этим кодом (agent odli map import ФАЙЛ.csv)`,
    (p) => `the result holds the ${p.kind} code "${p.code}" of ${p.dictionary}, which the code map lacks: add a row with it (agent odli map import FILE.csv)`,
  ),
  problemUnknownLocalCode: text<{ kind: string; code: string }>(
    (p) => `код ${p.kind} «${p.code}» из таблицы сопоставления не найден в справочнике МИС`,
    (p) => `the ${p.kind} code "${p.code}" of the code map is not in the MIS's reference table`,
  ),
  bundleTooLarge: text<{ kb: number; max: number }>(
    (p) => `пакет направления — ${p.kb} КБ, больше допустимого odli.max_bundle_kb = ${p.max} КБ (разделите направление)`,
    (p) => `the referral's bundle is ${p.kb} KB, over odli.max_bundle_kb = ${p.max} KB (split the referral)`,
  ),
  whosePatient: text("пациента", "patient"),
  whoseDoctor: text("врача", "doctor"),
  kindServices: text("услуги", "service"),
  kindTests: text("теста", "test"),
  kindUnits: text("единицы измерения", "unit"),
  kindSpecimens: text("биоматериала", "specimen"),
  fieldLastName: text("фамилия", "surname"),
  fieldFirstName: text("имя", "first name"),
  fieldMiddleName: text("отчество", "patronymic"),
  policyKindUnknown: text("не указан", "not given"),

  // The client ---------------------------------------------------------------
  notConfigured: text<{ missing: string }>(
    (p) => `ОДЛИ не настроен: задайте ${p.missing} (agent config example покажет раздел [odli])`,
    (p) => `ОДЛИ is not configured: set ${p.missing} (agent config example shows the [odli] section)`,
  ),
  whatSend: text("отправке направления", "sending a referral"),
  whatGetOrder: text("запросе заявки по номеру направления ($getorder)", "asking for the order by the referral's id ($getorder)"),
  whatGetResult: text("запросе результатов ($getresult)", "asking for results ($getresult)"),
  whatRead: text<{ type: string }>((p) => `чтении ресурса ${p.type}`, (p) => `reading a ${p.type} resource`),
  whatVersion: text<{ oid: string }>((p) => `запросе версии справочника ${p.oid}`, (p) => `asking for the version of the dictionary ${p.oid}`),
  unreachable: text<{ what: string; detail: string }>(
    (p) => `Нетрика (ОДЛИ) не ответила при ${p.what}: ${p.detail}`,
    (p) => `Netrika (ОДЛИ) did not answer when ${p.what}: ${p.detail}`,
  ),
  unauthorized: text<{ what: string; status: number }>(
    (p) => `Нетрика (ОДЛИ) отказала в доступе (${p.status}) при ${p.what}: токен odli.token неверен или просрочен. Работа остановлена без повторов; получите действующий токен у оператора платформы и задайте его в AGENT_ODLI_TOKEN`,
    (p) => `Netrika (ОДЛИ) refused access (${p.status}) when ${p.what}: the token odli.token is wrong or expired. The work stopped without retrying; get a valid token from the platform's operator and set it in AGENT_ODLI_TOKEN`,
  ),
  serviceTooLarge: text<{ what: string }>(
    (p) => `Нетрика (ОДЛИ) не приняла запрос при ${p.what}: пакет больше допустимого сервисом (413)`,
    (p) => `Netrika (ОДЛИ) did not take the request when ${p.what}: the bundle is over the service's size limit (413)`,
  ),
  notFound: text<{ what: string; reason: string }>(
    (p) => `Нетрика (ОДЛИ) не нашла запрошенное при ${p.what} (404)${p.reason ? `: ${p.reason}` : ""}`,
    (p) => `Netrika (ОДЛИ) found nothing when ${p.what} (404)${p.reason ? `: ${p.reason}` : ""}`,
  ),
  rejected: text<{ what: string; status: number; count: number; reason: string }>(
    (p) => `Нетрика (ОДЛИ) отклонила запрос при ${p.what} (${p.status}${p.count > 0 ? `, замечаний: ${p.count}` : ""}): ${p.reason || "без пояснения"}`,
    (p) => `Netrika (ОДЛИ) refused the request when ${p.what} (${p.status}${p.count > 0 ? `, ${p.count} issues` : ""}): ${p.reason || "no reason given"}`,
  ),
  unreadable: text<{ what: string; detail: string }>(
    (p) => `Ответ Нетрики (ОДЛИ) при ${p.what} — не JSON: ${p.detail}`,
    (p) => `The answer of Netrika (ОДЛИ) when ${p.what} is not JSON: ${p.detail}`,
  ),
  notFhir: text<{ what: string; detail: string }>(
    (p) => `Ответ Нетрики (ОДЛИ) при ${p.what} — не ожидаемый ресурс FHIR: ${p.detail}`,
    (p) => `The answer of Netrika (ОДЛИ) when ${p.what} is not the FHIR resource expected: ${p.detail}`,
  ),

  // The code map file and commands (agent odli map …) -------------------------
  fileEmpty: text("файл пуст: ожидается строка заголовка и строки сопоставлений", "the file is empty: a header line and mapping lines are expected"),
  fileHeader: text<{ missing: string; expected: string }>(
    (p) => `в заголовке файла нет столбцов ${p.missing}; первая строка должна быть такой: ${p.expected}`,
    (p) => `the file's header lacks the columns ${p.missing}; the first line must be: ${p.expected}`,
  ),
  fileBadDictionary: text<{ got: string }>(
    (p) => `справочник «${p.got}» — не OID и не одно из services, tests, units, specimens`,
    (p) => `the dictionary "${p.got}" is neither an OID nor one of services, tests, units, specimens`,
  ),
  fileEmptyField: text<{ field: string }>((p) => `пустое поле ${p.field}`, (p) => `the field ${p.field} is empty`),
  fileTooLong: text<{ field: string; max: number }>((p) => `поле ${p.field} длиннее ${p.max} знаков`, (p) => `the field ${p.field} is longer than ${p.max} characters`),
  fileDuplicate: text<{ line: number }>((p) => `этот локальный код этого справочника уже сопоставлен в строке ${p.line}`, (p) => `this local code of this dictionary is mapped on line ${p.line} already`),
  fileLine: text<{ line: number; problems: string }>((p) => `строка ${p.line}: ${p.problems}`, (p) => `line ${p.line}: ${p.problems}`),
  fileUnreadable: text<{ path: string; detail: string }>((p) => `Файл ${p.path} не прочитан: ${p.detail}`, (p) => `The file ${p.path} could not be read: ${p.detail}`),
  importRefused: text<{ path: string; count: number }>(
    (p) => `Файл ${p.path} не импортирован — ошибок: ${p.count} (ничего не изменено). Исправьте строки и повторите:`,
    (p) => `The file ${p.path} was not imported: ${p.count} errors (nothing changed). Fix the lines and run it again:`,
  ),
  importDone: text<{ path: string; inserted: number; updated: number }>(
    (p) => `Таблица сопоставления кодов ОДЛИ: из ${p.path} добавлено ${p.inserted}, изменено ${p.updated}`,
    (p) => `The ОДЛИ code map: ${p.inserted} added and ${p.updated} changed from ${p.path}`,
  ),
  unmappedNone: text("Все коды справочников МИС сопоставлены с кодами ОДЛИ", "Every code of the MIS's reference tables is mapped to an ОДЛИ code"),
  unmappedHint: text(
    "Сопоставьте их: agent odli map export > map.csv, добавьте строки, agent odli map import map.csv",
    "Map them: agent odli map export > map.csv, add the lines, agent odli map import map.csv",
  ),
  columnKind: text("вид", "kind"),
  columnDictionary: text("справочник", "dictionary"),
  columnLocalCode: text("код МИС", "MIS code"),
  columnLocalName: text("наименование", "name"),
  columnWaiting: text("ждут направлений", "referrals held"),
  cmdOdli: text("ЛИС (ОДЛИ, Нетрика): таблица сопоставления кодов", "LIS (ОДЛИ, Netrika): the code map"),
  cmdOdliMap: text(
    "таблица сопоставления локальных кодов (исследования, тесты, единицы, биоматериал) с кодами ОДЛИ в главной БД",
    "the map of local codes (analyses, tests, units, specimens) to ОДЛИ codes in the main DB",
  ),
  cmdMapImport: text(
    "добавить или заменить сопоставления из файла CSV (dictionary;local_code;odli_code;odli_name;version); файл с ошибками не импортируется",
    "add or replace mappings from a CSV file (dictionary;local_code;odli_code;odli_name;version); a file with errors is not imported",
  ),
  cmdMapExport: text("вывести таблицу сопоставления в формате CSV (для правки и повторного импорта)", "print the code map as CSV (to edit and import again)"),
  cmdMapUnmapped: text("коды справочников МИС без сопоставления и сколько направлений они задерживают", "codes of the MIS's reference tables without a mapping, and how many referrals they hold back"),
  argFile: text("файл CSV", "a CSV file"),
  optDictionary: text("только этот справочник (OID или services, tests, units, specimens)", "only this dictionary (an OID or services, tests, units, specimens)"),

  // The UI's DB tab ------------------------------------------------------------
  uiTitle: text("ЛИС (ОДЛИ, Нетрика)", "LIS (ОДЛИ, Netrika)"),
  uiUnmappedNone: text("  коды сопоставлены полностью", "  every code is mapped"),
  uiUnmapped: text<{ count: number; codes: string; waiting: number }>(
    (p) => `  не сопоставлено кодов: ${p.count} (${p.codes}); задерживают направлений: ${p.waiting} — agent odli map unmapped`,
    (p) => `  codes not mapped: ${p.count} (${p.codes}); referrals held back: ${p.waiting}; see agent odli map unmapped`,
  ),
  uiQueue: text<{ waiting: number; sending: number; awaiting: number; parked: number }>(
    (p) => `  направления: ждут отправки ${p.waiting}, отправляются ${p.sending}, ждут результата ${p.awaiting}, отложено ${p.parked}`,
    (p) => `  referrals: ${p.waiting} waiting, ${p.sending} being sent, ${p.awaiting} awaiting results, ${p.parked} parked`,
  ),
  uiParked: text<{ id: string; reason: string }>((p) => `  отложено ${p.id}: ${p.reason}`, (p) => `  parked ${p.id}: ${p.reason}`),
  uiUnavailable: text<{ detail: string }>((p) => `  нет данных: ${p.detail}`, (p) => `  no data: ${p.detail}`),

  // The simulator (agent sim odli) -------------------------------------------
  cmdSimOdli: text(
    "симулятор ОДЛИ на 127.0.0.1: заявки (FHIR DSTU2) со строгой проверкой, результаты через заданное время, сервис терминологии, неисправности по запросу",
    "an ОДЛИ simulator on 127.0.0.1: orders (FHIR DSTU2) checked strictly, results after a set delay, the terminology service, faults on request",
  ),
  optResultDelay: text("через сколько секунд после приёма заявки готов результат (по умолчанию 10)", "how many seconds after an order is accepted its result is ready (default 10)"),
  badResultDelay: text<{ got: string }>(
    (p) => `--result-delay ${p.got}: укажите число секунд от 0 до 86400`,
    (p) => `--result-delay ${p.got}: give a number of seconds from 0 to 86400`,
  ),
  simListening: text<{ url: string; exlab: string; term: string; delay: number }>(
    (p) => `Симулятор ОДЛИ слушает ${p.url} (ОДЛИ: ${p.exlab}, терминология: ${p.term}, управление: ${p.url}/admin/; результат через ${p.delay} с)`,
    (p) => `The ОДЛИ simulator listens on ${p.url} (ОДЛИ: ${p.exlab}, terminology: ${p.term}, admin: ${p.url}/admin/; results after ${p.delay} s)`,
  ),
  simStopped: text("Симулятор ОДЛИ остановлен", "The ОДЛИ simulator stopped"),

  // The demo (agent demo) ------------------------------------------------------
  demoSimulator: text<{ exlab: string; term: string; seconds: number }>(
    (p) => `Демо: симулятор ОДЛИ слушает ${p.exlab} (терминология: ${p.term}); odli.url и odli.term_url указывают на него, результаты готовы через ${p.seconds} с после заявки`,
    (p) => `Demo: the ОДЛИ simulator listens on ${p.exlab} (terminology: ${p.term}); odli.url and odli.term_url point at it, results are ready ${p.seconds} s after an order`,
  ),
  demoCodeMap: text(
    "Демо: во встроенной главной БД есть таблица сопоставления кодов ОДЛИ; неонатальный скрининг оставлен несопоставленным — agent odli map unmapped",
    "Demo: the embedded main DB holds the ОДЛИ code map; the neonatal screening is left unmapped on purpose (agent odli map unmapped)",
  ),

  // Reading answers ----------------------------------------------------------
  noOrderId: text(
    "в ответе нет идентификатора созданной заявки Order (ни resource.id, ни response.location)",
    "the answer holds no id of the created Order (neither resource.id nor response.location)",
  ),
});
