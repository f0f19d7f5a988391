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
  notOid: text<{ got: string }>(
    (p) => `${p.got} — не OID (пример: 1.2.643.2.69.1.2.12)`,
    (p) => `${p.got} is not an OID (example: 1.2.643.2.69.1.2.12)`,
  ),
  notGuid: text<{ got: string }>(
    (p) => `${p.got} — не GUID (пример: 8c2b5a8e-3a0b-4a3e-9f1c-1d2e3f405162)`,
    (p) => `${p.got} is not a GUID (example: 8c2b5a8e-3a0b-4a3e-9f1c-1d2e3f405162)`,
  ),
  requiredWithUrl: text("обязательна, когда задан odli.url", "is required when odli.url is set"),

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

  // Reading answers ----------------------------------------------------------
  noOrderId: text(
    "в ответе нет идентификатора созданной заявки Order (ни resource.id, ни response.location)",
    "the answer holds no id of the created Order (neither resource.id nor response.location)",
  ),
});
