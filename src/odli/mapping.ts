/**
 * The ОДЛИ wire mapping, in one module of pure functions: main-DB rows ⇄
 * FHIR DSTU2 resources of the N3 platform (Netrika). Everything a region's
 * profile may do differently — dictionaries (OIDs), identifier systems, how
 * a name or a policy is spelt, which resources a bundle carries, how an
 * answer is read — is here and nowhere else; the job (src/tasks/lis/) and
 * the HTTP client (odli-client.ts) only move what this module makes.
 *
 * Sources: ../shared/docs/odli.md (the public API pages and three open
 * clients). What is "inferred" there (one client, or a guess) is marked so
 * below; see the README, "The LIS job (ОДЛИ)".
 *
 * Nothing here does I/O, reads a clock or draws a random number: ids for
 * `urn:uuid:` come from the caller, so the same rows give the same bundle.
 */
import { array, type Check, isPlainObject, literal, mismatch, object, optional, ruleBroken, ShapeError, str } from "../kernel/json-shape.ts";
import { odliTexts as T } from "../messages/areas/odli.ts";
import { say } from "../messages/text.ts";
import { formatIsoZoned } from "../kernel/zoned-time.ts";
import { snilsDigits, validEnp, validSnils } from "../kernel/person-ids.ts";
import type {
  OdliCode,
  OdliCodeKind,
  OdliDictionaries,
  OdliReferenceIds,
  OdliReferral,
  OdliResultReport,
} from "../clinic/port.ts";

// ---------------------------------------------------------------------------
// The profile
// ---------------------------------------------------------------------------

/** Dictionaries (OIDs of the terminology service) the bundles use. */
export const DICTIONARY = {
  /** Lab services, regional N3 list (confirmed); the federal alternative is 1.2.643.5.1.13.13.11.1070. */
  services: "1.2.643.2.69.1.1.1.31",
  /** Lab tests, ФСЛИ (confirmed). */
  tests: "1.2.643.5.1.13.13.11.1080",
  /** Units (confirmed). */
  units: "1.2.643.5.1.13.13.11.1358",
  /** Specimen (biomaterial) types (confirmed). */
  specimens: "1.2.643.5.1.13.13.11.1081",
  /** Order priority: Routine / asap (confirmed). */
  priority: "1.2.643.2.69.1.1.1.30",
  /** Funding source (confirmed). */
  finance: "1.2.643.2.69.1.1.1.32",
  /** ICD-10 (confirmed). */
  icd10: "1.2.643.2.69.1.1.1.2",
  /** Kind of visit (inferred: one client). */
  caseType: "1.2.643.2.69.1.1.1.35",
  /** Condition category: diagnosis / finding (inferred: one client). */
  conditionCategory: "1.2.643.2.69.1.1.1.36",
  /** Order parameters as Observations: 3 = pregnancy week (inferred: one client). */
  orderParameters: "1.2.643.2.69.1.1.1.37",
  /** Doctors' posts (inferred: one client). */
  posts: "1.2.643.5.1.13.13.11.1002",
  /** Doctors' specialities (inferred: one client). */
  specialities: "1.2.643.5.1.13.13.11.1066",
  /** Result interpretation: N, L, H, LU, HU … (inferred: one client). */
  interpretation: "1.2.643.5.1.13.13.11.1381",
} as const;

/** The code map's dictionary for each kind of local code. */
export const MAPPED_DICTIONARIES: OdliDictionaries = {
  services: DICTIONARY.services,
  tests: DICTIONARY.tests,
  units: DICTIONARY.units,
  specimens: DICTIONARY.specimens,
};

/** The dictionaries an order bundle's codings may use: their versions are fetched before anything is sent. */
export const ORDER_DICTIONARIES: readonly string[] = [
  DICTIONARY.services,
  DICTIONARY.specimens,
  DICTIONARY.priority,
  DICTIONARY.finance,
  DICTIONARY.icd10,
  DICTIONARY.caseType,
  DICTIONARY.conditionCategory,
  DICTIONARY.orderParameters,
  DICTIONARY.posts,
  DICTIONARY.specialities,
];

export const PROFILE = {
  orderBundle: "StructureDefinition/cd45a667-bde0-490f-b602-8d780acf4aa2",
  resultBundle: "StructureDefinition/21f687dd-0b3b-4a7b-af8f-04be625c0201",
  /** DiagnosticOrder.item.code's extension holding the funding source. */
  fundingExtension: "urn:oid:1.2.643.2.69.1.100.1",
  snils: "1.2.643.2.69.1.1.1.6.223",
  /** OMS policy by kind (1 old, 2 temporary certificate, 3 unified number). */
  policy: { 1: "1.2.643.2.69.1.1.1.6.226", 2: "1.2.643.2.69.1.1.1.6.227", 3: "1.2.643.2.69.1.1.1.6.228" } as Record<number, string>,
  /** The register of insurers (F002): the policy's assigner is `<oid>.<insurer code>` (inferred: two clients). */
  insurers: "1.2.643.5.1.13.2.1.1.635",
  /** Who issues SNILS, as the identifier's assigner shows it (inferred: two clients). */
  snilsAssigner: "ПФР",
  /** Funding sources that need the patient's OMS policy. */
  omsFunding: new Set([1]),
  /** The pregnancy week's code among the order parameters (inferred). */
  pregnancyWeekParameter: "3",
  /** Terminal states of an order: no more asking for results. */
  finalOrderStates: new Set(["completed", "rejected", "error", "cancelled", "replaced", "aborted"]),
} as const;

/** Which dictionary version each coding carries: the terminology service's, fetched and stored. */
export type DictionaryVersions = Readonly<Record<string, string>>;

// ---------------------------------------------------------------------------
// The code map, both ways
// ---------------------------------------------------------------------------

/** The code map as the mapping uses it: local → ОДЛИ and ОДЛИ → local, per dictionary. */
export interface CodeMap {
  toOdli(dictionary: string, localCode: string): string | undefined;
  toLocal(dictionary: string, odliCode: string): string | undefined;
}

export function codeMapOf(codes: readonly OdliCode[]): CodeMap {
  const out = new Map<string, Map<string, string>>();
  const back = new Map<string, Map<string, string>>();
  for (const c of codes) {
    let o = out.get(c.dictionary);
    if (!o) out.set(c.dictionary, (o = new Map()));
    o.set(c.localCode, c.odliCode);
    let b = back.get(c.dictionary);
    if (!b) back.set(c.dictionary, (b = new Map()));
    // Several local codes may share an ОДЛИ code: the first (by local code) is the one results land on.
    if (!b.has(c.odliCode)) b.set(c.odliCode, c.localCode);
  }
  return {
    toOdli: (dictionary, code) => out.get(dictionary)?.get(code),
    toLocal: (dictionary, code) => back.get(dictionary)?.get(code),
  };
}

/** `services` or the dictionary's OID → the dictionary's OID; undefined when neither. */
export function dictionaryOf(name: string): string | undefined {
  const n = name.trim();
  if (n in MAPPED_DICTIONARIES) return MAPPED_DICTIONARIES[n as OdliCodeKind];
  return /^[0-2](?:\.\d+)+$/.test(n) ? n : undefined;
}

// ---------------------------------------------------------------------------
// Referral → order bundle
// ---------------------------------------------------------------------------

/** Why a referral's bundle cannot be made; the job turns each into a log line. */
export type MappingProblem =
  | { kind: "noPatientIdentity" }
  | { kind: "policyRequired"; financeCode: number }
  | { kind: "badSnils"; whose: "patient" | "doctor" }
  | { kind: "badPolicy"; policyKind: number | null }
  | { kind: "noName"; whose: "patient" | "doctor" }
  | { kind: "latinName"; whose: "patient" | "doctor" }
  | { kind: "mixedScript"; whose: "patient" | "doctor"; field: "lastName" | "firstName" | "middleName" }
  | { kind: "noBirthDate" }
  | { kind: "noLab" }
  | { kind: "noAnalyses" }
  | { kind: "noSpecimen"; analysisCode: string }
  | { kind: "unmapped"; codeKind: OdliCodeKind; dictionary: string; localCode: string }
  | { kind: "noVersion"; dictionary: string }
  | { kind: "unmappedResult"; codeKind: OdliCodeKind; dictionary: string; odliCode: string }
  | { kind: "unknownLocalCode"; codeKind: OdliCodeKind; localCode: string };

/** What building an order bundle needs besides the referral. */
export interface BundleContext {
  /** The sending system's OID (odli.system_oid). */
  systemOid: string;
  /** The МО's GUID (odli.organization_guid). */
  organizationGuid: string;
  versions: DictionaryVersions;
  codeMap: CodeMap;
  /** The clinic's zone: dates are sent with its offset. */
  zone: string;
  /** A new UUID for each `urn:uuid:` of the bundle. */
  newId(): string;
}

export type FhirResource = Record<string, unknown> & { resourceType: string };
export interface BundleEntry {
  fullUrl: string;
  resource: FhirResource;
  request: { method: "POST"; url: string };
}
export interface OrderBundle {
  resourceType: "Bundle";
  meta: { profile: string[] };
  type: "transaction";
  entry: BundleEntry[];
}

/**
 * The transaction bundle of one referral (Order, DiagnosticOrder, Specimens,
 * Encounter, Condition, Observation, Patient, Practitioner), or every
 * problem that stops it — all of them, so one look at the log says
 * everything to fix.
 */
export function referralBundle(ref: OdliReferral, ctx: BundleContext): { bundle: OrderBundle; problems: [] } | { bundle?: undefined; problems: MappingProblem[] } {
  const problems: MappingProblem[] = [];
  const urn = () => `urn:uuid:${ctx.newId()}`;
  const used = new Set<string>();
  const coding = (dictionary: string, code: string) => {
    used.add(dictionary);
    return { system: `urn:oid:${dictionary}`, code, version: ctx.versions[dictionary] ?? "" };
  };
  const concept = (dictionary: string, code: string) => ({ coding: [coding(dictionary, code)] });
  const mapped = (codeKind: OdliCodeKind, localCode: string): string | undefined => {
    const dictionary = MAPPED_DICTIONARIES[codeKind];
    const code = ctx.codeMap.toOdli(dictionary, localCode);
    if (code === undefined && !problems.some((p) => p.kind === "unmapped" && p.dictionary === dictionary && p.localCode === localCode)) {
      problems.push({ kind: "unmapped", codeKind, dictionary, localCode });
    }
    return code;
  };
  const organization = `Organization/${ctx.organizationGuid}`;
  const misIdentifier = (value: string | number) => ({ system: `urn:oid:${ctx.systemOid}`, value: String(value), assigner: { reference: organization } });

  if (!ref.labGuid) problems.push({ kind: "noLab" });
  if (ref.analyses.length === 0) problems.push({ kind: "noAnalyses" });

  // The patient.
  const p = ref.patient;
  const patientName = personName(p.lastName, p.firstName, p.middleName, p.fio);
  checkName("patient", patientName, problems);
  const patientIds: Record<string, unknown>[] = [];
  if (p.id !== null) patientIds.push(misIdentifier(p.id));
  const snils = p.snils ? snilsDigits(p.snils) : undefined;
  if (p.snils && (!snils || !validSnils(p.snils))) problems.push({ kind: "badSnils", whose: "patient" });
  else if (snils) patientIds.push({ system: `urn:oid:${PROFILE.snils}`, value: snils, assigner: { display: PROFILE.snilsAssigner } });
  const policy = policyIdentifier(p);
  if (policy === "bad") problems.push({ kind: "badPolicy", policyKind: p.policyKind });
  else if (policy) patientIds.push(policy);
  if (!p.snils && !p.policyNumber) problems.push({ kind: "noPatientIdentity" });
  else if (!p.policyNumber && ref.financeCode !== null && PROFILE.omsFunding.has(ref.financeCode)) problems.push({ kind: "policyRequired", financeCode: ref.financeCode });
  if (!p.birthDate) problems.push({ kind: "noBirthDate" });

  // The doctor who orders.
  const d = ref.doctor;
  const doctorName = personName(d.lastName, d.firstName, d.middleName, d.fio);
  checkName("doctor", doctorName, problems);
  const doctorIds: Record<string, unknown>[] = [];
  if (d.id !== null) doctorIds.push(misIdentifier(d.id));
  if (d.snils) {
    const digits = snilsDigits(d.snils);
    if (!digits || !validSnils(d.snils)) problems.push({ kind: "badSnils", whose: "doctor" });
    else doctorIds.push({ system: `urn:oid:${PROFILE.snils}`, value: digits, assigner: { display: PROFILE.snilsAssigner } });
  }

  // Specimens: one per tube, its type mapped, its barcode on the container.
  const specimens = ref.specimens.map((s) => ({ s, url: urn(), type: s.typeCode ? mapped("specimens", s.typeCode) : undefined }));
  for (const a of ref.analyses) {
    if (a.specimenCode && !specimens.some((x) => x.s.typeCode === a.specimenCode)) problems.push({ kind: "noSpecimen", analysisCode: a.code });
  }
  if (ref.analyses.length > 0 && specimens.length === 0 && !problems.some((p) => p.kind === "noSpecimen")) problems.push({ kind: "noSpecimen", analysisCode: ref.analyses[0]!.code });
  const items = ref.analyses.map((a) => ({ a, code: mapped("services", a.code) }));

  if (problems.length > 0) return { problems };

  const patientUrl = urn();
  const doctorUrl = urn();
  const orderUrl = urn();
  const diagnosticOrderUrl = urn();
  const encounterUrl = urn();
  const conditionUrl = ref.diagnosis ? urn() : undefined;
  const pregnancyUrl = ref.pregnancyWeeks !== null ? urn() : undefined;
  const at = (d: Date) => formatIsoZoned(d.getTime(), ctx.zone).replace(/\.\d{3}/, "");
  const finance = String(ref.financeCode ?? 1);

  const entries: FhirResource[] = [];
  const urls: string[] = [];
  const add = (url: string, resource: FhirResource) => {
    urls.push(url);
    entries.push(resource);
  };
  add(orderUrl, {
    resourceType: "Order",
    identifier: [misIdentifier(ref.id)],
    date: at(ref.createdAt),
    subject: { reference: patientUrl },
    source: { reference: doctorUrl },
    target: { reference: `Organization/${ref.labGuid}` },
    when: { code: concept(DICTIONARY.priority, ref.cito ? "asap" : "Routine") },
    detail: [{ reference: diagnosticOrderUrl }],
  });
  add(diagnosticOrderUrl, {
    resourceType: "DiagnosticOrder",
    subject: { reference: patientUrl },
    orderer: { reference: doctorUrl },
    encounter: { reference: encounterUrl },
    ...(conditionUrl || pregnancyUrl ? { supportingInformation: [conditionUrl, pregnancyUrl].filter(Boolean).map((u) => ({ reference: u })) } : {}),
    specimen: specimens.map((x) => ({ reference: x.url })),
    status: "requested",
    item: items.map((i) => ({
      code: {
        ...concept(DICTIONARY.services, i.code!),
        extension: [{ url: PROFILE.fundingExtension, valueCodeableConcept: concept(DICTIONARY.finance, finance) }],
      },
    })),
    ...(ref.comment ? { note: [{ text: ref.comment }] } : {}),
  });
  for (const x of specimens) {
    add(x.url, {
      resourceType: "Specimen",
      type: concept(DICTIONARY.specimens, x.type!),
      subject: { reference: patientUrl },
      ...(x.s.takenAt ? { collection: { collectedDateTime: at(x.s.takenAt) } } : {}),
      container: [{ identifier: [{ value: x.s.barcode }] }],
    });
  }
  add(encounterUrl, {
    resourceType: "Encounter",
    identifier: [misIdentifier(ref.caseNum ?? ref.id)],
    status: "in-progress",
    class: ref.caseType === 1 ? "inpatient" : "outpatient",
    type: [concept(DICTIONARY.caseType, String(ref.caseType ?? 2))],
    patient: { reference: patientUrl },
    serviceProvider: { reference: organization },
  });
  if (conditionUrl) {
    add(conditionUrl, {
      resourceType: "Condition",
      patient: { reference: patientUrl },
      asserter: { reference: doctorUrl },
      dateRecorded: at(ref.createdAt).slice(0, 10),
      code: concept(DICTIONARY.icd10, ref.diagnosis!),
      category: concept(DICTIONARY.conditionCategory, "diagnosis"),
      clinicalStatus: "active",
      verificationStatus: "provisional",
    });
  }
  if (pregnancyUrl) {
    add(pregnancyUrl, {
      resourceType: "Observation",
      status: "final",
      code: concept(DICTIONARY.orderParameters, PROFILE.pregnancyWeekParameter),
      valueQuantity: { value: ref.pregnancyWeeks },
    });
  }
  add(patientUrl, {
    resourceType: "Patient",
    identifier: patientIds,
    name: [humanName(patientName)],
    gender: gender(p.sex),
    birthDate: p.birthDate,
    managingOrganization: { reference: organization },
  });
  const role: Record<string, unknown> = { managingOrganization: { reference: organization } };
  if (d.postCode) role.role = concept(DICTIONARY.posts, d.postCode);
  if (d.specialityCode) role.specialty = [concept(DICTIONARY.specialities, d.specialityCode)];
  add(doctorUrl, { resourceType: "Practitioner", identifier: doctorIds, name: humanName(doctorName), practitionerRole: [role] });

  // Every coding carries the version its dictionary has at the terminology service.
  const missing = [...used].filter((dictionary) => !ctx.versions[dictionary]);
  if (missing.length > 0) return { problems: missing.map((dictionary) => ({ kind: "noVersion", dictionary })) };

  return {
    bundle: {
      resourceType: "Bundle",
      meta: { profile: [PROFILE.orderBundle] },
      type: "transaction",
      entry: entries.map((resource, i) => ({ fullUrl: urls[i]!, resource, request: { method: "POST", url: resource.resourceType } })),
    },
    problems: [],
  };
}

interface PersonName {
  last: string | null;
  first: string | null;
  middle: string | null;
}

/** The name from its columns, or split from the FIO when the card has none. */
function personName(last: string | null, first: string | null, middle: string | null, fio: string | null): PersonName {
  if (last || first) return { last, first, middle };
  const words = (fio ?? "").split(/\s+/).filter(Boolean);
  return { last: words[0] ?? null, first: words[1] ?? null, middle: words.slice(2).join(" ") || null };
}

const CYRILLIC = /\p{Script=Cyrillic}/u;
const LATIN = /\p{Script=Latin}/u;

/**
 * The profile wants the name as the identity document spells it, in
 * Cyrillic. A name with Latin letters only (a foreigner's card filled in
 * from a passport) and a word that mixes the two alphabets (a Latin "а" typed
 * into "Ивaнов") are held back with a reason rather than sent wrong.
 */
function checkName(whose: "patient" | "doctor", n: PersonName, problems: MappingProblem[]): void {
  if (!n.last || !n.first) {
    problems.push({ kind: "noName", whose });
    return;
  }
  const fields = [["lastName", n.last], ["firstName", n.first], ["middleName", n.middle]] as const;
  const all = fields.map(([, v]) => v ?? "").join(" ");
  if (!CYRILLIC.test(all) && LATIN.test(all)) {
    problems.push({ kind: "latinName", whose });
    return;
  }
  for (const [field, value] of fields) {
    if (value && value.split(/[\s-]+/).some((word) => CYRILLIC.test(word) && LATIN.test(word))) problems.push({ kind: "mixedScript", whose, field });
  }
}

/** N3's HumanName: `family` holds the surname and the patronymic, `given` the first name (inferred: two clients). */
function humanName(n: PersonName): Record<string, unknown> {
  return { family: [n.last, ...(n.middle ? [n.middle] : [])], given: [n.first] };
}

/** A name read back from a HumanName of that shape: "Фамилия Имя Отчество". */
export function nameFromHuman(name: unknown): string | null {
  const n = Array.isArray(name) ? name[0] : name;
  if (!isPlainObject(n)) return null;
  if (typeof n.text === "string" && n.text.trim()) return n.text.trim();
  const family = Array.isArray(n.family) ? n.family.filter((x): x is string => typeof x === "string") : typeof n.family === "string" ? [n.family] : [];
  const given = Array.isArray(n.given) ? n.given.filter((x): x is string => typeof x === "string") : [];
  const words = [family[0], ...given, ...family.slice(1)].filter(Boolean);
  return words.length > 0 ? words.join(" ") : null;
}

function gender(sex: string | null): string {
  const s = (sex ?? "").trim().toUpperCase();
  return s === "М" || s === "M" ? "male" : s === "Ж" || s === "F" ? "female" : "unknown";
}

/** The OMS policy as an identifier: the system by its kind, the insurer as the assigner. */
function policyIdentifier(p: OdliReferral["patient"]): Record<string, unknown> | "bad" | undefined {
  if (!p.policyNumber) return undefined;
  const number = p.policyNumber.replace(/\s/g, "");
  const kind = p.policyKind ?? (/^\d{16}$/.test(number) ? 3 : p.policySeries ? 1 : 2);
  const system = PROFILE.policy[kind];
  if (!system) return "bad";
  if (kind === 3 && !validEnp(number)) return "bad";
  if (kind === 2 && !/^\d{9}$/.test(number)) return "bad";
  // An old policy is "series:number" (inferred: one client); the others are the number alone.
  const value = kind === 1 && p.policySeries ? `${p.policySeries.trim()}:${number}` : number;
  return {
    system: `urn:oid:${system}`,
    value,
    ...(p.policyFrom ? { period: { start: p.policyFrom } } : {}),
    ...(p.insurerCode ? { assigner: { display: `${PROFILE.insurers}.${p.insurerCode}` } } : {}),
  };
}

// ---------------------------------------------------------------------------
// Operations' parameters
// ---------------------------------------------------------------------------

/** `Parameters` of `$getorder` / `$getresult`: who sent it, to which lab, the referral's id in the MIS. */
export function orderQuery(o: { organizationGuid: string; labGuid: string; referralId: string | number }): Record<string, unknown> {
  return {
    resourceType: "Parameters",
    parameter: [
      { name: "SourceCode", valueString: o.organizationGuid },
      { name: "TargetCode", valueString: o.labGuid },
      { name: "OrderMisID", valueString: String(o.referralId) },
    ],
  };
}

// ---------------------------------------------------------------------------
// Answers → what the job needs
// ---------------------------------------------------------------------------

/** One issue of an OperationOutcome, as the service wrote it (not yet redacted). */
export interface OutcomeIssue {
  severity: string;
  code: string;
  text: string;
  location?: string;
}

/** The issues of an OperationOutcome; undefined when the value is not one. */
export function outcomeIssues(value: unknown): OutcomeIssue[] | undefined {
  if (!isPlainObject(value) || value.resourceType !== "OperationOutcome") return undefined;
  const issues = Array.isArray(value.issue) ? value.issue : [];
  return issues.filter(isPlainObject).map((i) => {
    // DSTU2 has `diagnostics`; `details` is a CodeableConcept (its text) or, from some servers, a string.
    const details = typeof i.details === "string" ? i.details : isPlainObject(i.details) && typeof i.details.text === "string" ? i.details.text : "";
    const diagnostics = typeof i.diagnostics === "string" ? i.diagnostics : "";
    const location = Array.isArray(i.location) ? i.location.filter((l): l is string => typeof l === "string").join(", ") : undefined;
    return {
      severity: typeof i.severity === "string" ? i.severity : "error",
      code: typeof i.code === "string" ? i.code : "",
      text: [diagnostics, details].filter(Boolean).join(" — ") || (typeof i.code === "string" ? i.code : ""),
      ...(location ? { location } : {}),
    };
  });
}

const resourceOf = <T>(type: string, fields: Parameters<typeof object>[0]): Check<T> =>
  ((v: unknown, path: string) => {
    if (!isPlainObject(v) || typeof v.resourceType !== "string") throw new ShapeError(path, notFhirMessage(path, v));
    return object({ resourceType: literal(type), ...fields })(v, path);
  }) as Check<T>;

/** The message of a value that is no FHIR resource at all: the shape module's, naming the place. */
function notFhirMessage(path: string, v: unknown): string {
  try {
    object({ resourceType: str({ min: 1 }) })(v, path);
  } catch (error) {
    return (error as Error).message;
  }
  return "";
}

const reference = object({ reference: str({ min: 1 }) });
const anyObject: Check<Record<string, unknown>> = (v, path) => {
  if (!isPlainObject(v)) throw mismatch(path, "object", v);
  return v;
};
const anyValue: Check<unknown> = (v) => v;
const codingCheck = object({ system: optional(str()), code: optional(str()), version: optional(str()) });
const conceptCheck = object({ coding: optional(array(codingCheck)), text: optional(str()) });

/** The created Order's id from the answer to the bundle: the first entry's resource id, or its response location. */
export function orderIdFromAnswer(value: unknown): string {
  const bundle = resourceOf<{ entry?: Array<{ resource?: { resourceType?: string; id?: string }; response?: { location?: string } }> }>("Bundle", {
    entry: optional(array(object({ resource: optional(object({ resourceType: str(), id: optional(str()) })), response: optional(object({ location: optional(str()) })) }))),
  })(value, "");
  const entries = bundle.entry ?? [];
  const order = entries.find((e) => e.resource?.resourceType === "Order") ?? entries[0];
  const id = order?.resource?.resourceType === "Order" ? order.resource.id : undefined;
  const fromLocation = /^(?:.*\/)?Order\/([^/]+)/.exec(order?.response?.location ?? "")?.[1];
  const found = id ?? fromLocation;
  if (!found) throw ruleBroken("entry[0]", say(T.noOrderId));
  return found;
}

/** The Order `$getorder` found (its id and status), or undefined when it found none. */
export function orderFromParameters(value: unknown): { orderId: string; status?: string } | undefined {
  for (const { resource, path } of resourcesIn(value, "Parameters", "Order")) {
    const order = resourceOf<{ id: string; status?: string }>("Order", { id: str({ min: 1 }), status: optional(str()) })(resource, path);
    return { orderId: order.id, status: order.status };
  }
  return undefined;
}

/**
 * The resources of one type carried by a Parameters (`parameter[].resource`)
 * or a Bundle (`entry[].resource`), each with its place for messages; the
 * container itself is checked to be what it should be.
 */
function resourcesIn(value: unknown, container: "Parameters" | "Bundle", type: string): Array<{ resource: Record<string, unknown>; path: string }> {
  const field = container === "Parameters" ? "parameter" : "entry";
  const checked = resourceOf<Record<string, Array<{ resource?: Record<string, unknown> }> | undefined>>(container, {
    [field]: optional(array(object({ resource: optional(anyObject) }))),
  })(value, "");
  return (checked[field] ?? []).flatMap((item, i) => (item.resource?.resourceType === type ? [{ resource: item.resource, path: `${field}[${i}].resource` }] : []));
}

/** An OrderResponse of `$getresult`: the order's status and the reports it points at. */
export interface OrderResponseView {
  id?: string;
  orderStatus: string;
  date?: string;
  description?: string;
  /** `DiagnosticReport/<id>` references. */
  reports: string[];
}

/** The OrderResponses of a `$getresult` answer (none yet: empty). */
export function orderResponsesFrom(value: unknown): OrderResponseView[] {
  return resourcesIn(value, "Parameters", "OrderResponse").map(({ resource, path }) => {
    const r = resourceOf<{ id?: string; orderStatus: string; date?: string; description?: string; fulfillment?: Array<{ reference: string }> }>("OrderResponse", {
      id: optional(str()),
      orderStatus: str({ min: 1 }),
      date: optional(str()),
      description: optional(str()),
      fulfillment: optional(array(reference)),
    })(resource, path);
    return { id: r.id, orderStatus: r.orderStatus, date: r.date, description: r.description, reports: (r.fulfillment ?? []).map((f) => f.reference) };
  });
}

/** The order's status from its responses (the latest by date) and whether it is final. */
export function orderStatusOf(responses: readonly OrderResponseView[]): { status: string; final: boolean } | undefined {
  if (responses.length === 0) return undefined;
  const latest = [...responses].sort((a, b) => (a.date ?? "").localeCompare(b.date ?? "")).at(-1)!;
  return { status: latest.orderStatus, final: PROFILE.finalOrderStates.has(latest.orderStatus) };
}

export interface DiagnosticReportView {
  id: string;
  status: string;
  code: { system?: string; code?: string }[];
  issued?: string;
  conclusion?: string;
  performer?: string;
  results: string[];
  /** `Binary/<id>` references, or inline data, of the attached documents. */
  forms: Array<{ url?: string; contentType?: string; data?: string; title?: string }>;
}

export function diagnosticReportFrom(value: unknown, path = ""): DiagnosticReportView {
  const r = resourceOf<{
    id: string;
    status: string;
    code: { coding?: { system?: string; code?: string }[] };
    issued?: string;
    conclusion?: string;
    performer?: { reference: string };
    result?: { reference: string }[];
    presentedForm?: Array<{ url?: string; contentType?: string; data?: string; title?: string }>;
  }>("DiagnosticReport", {
    id: str({ min: 1 }),
    status: str({ min: 1 }),
    code: conceptCheck,
    issued: optional(str()),
    conclusion: optional(str()),
    performer: optional(reference),
    result: optional(array(reference)),
    presentedForm: optional(array(object({ url: optional(str()), contentType: optional(str()), data: optional(str()), title: optional(str()) }))),
  })(value, path);
  return {
    id: r.id,
    status: r.status,
    code: r.code.coding ?? [],
    issued: r.issued,
    conclusion: r.conclusion,
    performer: r.performer?.reference,
    results: (r.result ?? []).map((x) => x.reference),
    forms: r.presentedForm ?? [],
  };
}

export interface ObservationView {
  id: string;
  code: { system?: string; code?: string }[];
  value?: { number?: number; unitCode?: string; text?: string };
  low?: number;
  high?: number;
  rangeText?: string;
  interpretation?: string;
  issued?: string;
}

const decimalNumber: Check<number> = (v, path) => {
  if (typeof v !== "number" || !Number.isFinite(v)) throw mismatch(path, "number", v);
  return v;
};
const quantity = object({ value: optional(decimalNumber), code: optional(str()), unit: optional(str()), system: optional(str()) });

export function observationFrom(value: unknown, path = ""): ObservationView {
  const o = resourceOf<{
    id: string;
    code: { coding?: { system?: string; code?: string }[] };
    valueQuantity?: { value?: number; code?: string };
    valueString?: string;
    valueCodeableConcept?: { coding?: { code?: string }[]; text?: string };
    referenceRange?: Array<{ low?: { value?: number }; high?: { value?: number }; text?: string }>;
    interpretation?: { coding?: { code?: string }[] };
    issued?: string;
  }>("Observation", {
    id: str({ min: 1 }),
    code: conceptCheck,
    valueQuantity: optional(quantity),
    valueString: optional(str()),
    valueCodeableConcept: optional(conceptCheck),
    referenceRange: optional(array(object({ low: optional(quantity), high: optional(quantity), text: optional(str()) }))),
    interpretation: optional(conceptCheck),
    issued: optional(str()),
  })(value, path);
  const range = o.referenceRange?.[0];
  const text = o.valueString ?? o.valueCodeableConcept?.text ?? o.valueCodeableConcept?.coding?.[0]?.code;
  return {
    id: o.id,
    code: o.code.coding ?? [],
    value: o.valueQuantity ? { number: o.valueQuantity.value, unitCode: o.valueQuantity.code } : text !== undefined ? { text } : undefined,
    low: range?.low?.value,
    high: range?.high?.value,
    rangeText: range?.text,
    interpretation: o.interpretation?.coding?.[0]?.code,
    issued: o.issued,
  };
}

export function practitionerNameFrom(value: unknown, path = ""): string | null {
  const p = resourceOf<{ name?: unknown }>("Practitioner", { name: optional(anyValue) })(value, path);
  return nameFromHuman(p.name);
}

export function binaryFrom(value: unknown, path = ""): { contentType: string; bytes: Uint8Array } {
  const b = resourceOf<{ contentType: string; content: string }>("Binary", { contentType: str({ min: 1 }), content: str() })(value, path);
  return { contentType: b.contentType, bytes: new Uint8Array(Buffer.from(b.content, "base64")) };
}

/** `DiagnosticReport/abc` → `abc` (also from an absolute URL or with `_history`). */
export function referenceId(type: string, ref: string): string | undefined {
  return new RegExp(`(?:^|/)${type}/([^/]+)`).exec(ref)?.[1];
}

// ---------------------------------------------------------------------------
// Results → rows
// ---------------------------------------------------------------------------

/** The resources of one order's results, fetched by the job. */
export interface ResultResources {
  reports: DiagnosticReportView[];
  observations: ReadonlyMap<string, ObservationView>;
  /** Practitioner id → name. */
  practitioners: ReadonlyMap<string, string | null>;
  /** Binary id → document. */
  binaries: ReadonlyMap<string, { contentType: string; bytes: Uint8Array }>;
}

const INTERPRETATION_FLAGS: Record<string, string> = { N: "N", L: "L", LL: "L", LU: "L", H: "H", HH: "H", HU: "H", A: "A", AA: "A" };

/** Reports the job writes: done (final) and cancelled by the lab; partial ones wait for the next run. */
const WRITTEN_REPORTS: Record<string, number> = { final: 2, amended: 2, corrected: 2, appended: 2, cancelled: 3 };

/**
 * Rows of the result tables from one order's resources. Every test, unit
 * and service must be in the code map (ОДЛИ code → local code → the
 * reference table's id); if one is not, nothing of the order is written and
 * the problems say what to map — the results stay at ОДЛИ and are fetched
 * again at the next run.
 */
export function resultRows(
  res: ResultResources,
  o: { codeMap: CodeMap; ids: OdliReferenceIds; referralNum: string; zone: string },
): { reports: OdliResultReport[]; problems: [] } | { reports?: undefined; problems: MappingProblem[] } {
  const problems: MappingProblem[] = [];
  const note = (p: MappingProblem) => {
    if (!problems.some((x) => JSON.stringify(x) === JSON.stringify(p))) problems.push(p);
  };
  const local = (codeKind: OdliCodeKind, coding: { system?: string; code?: string }[], alsoSystems: string[] = []): number | undefined => {
    const dictionary = MAPPED_DICTIONARIES[codeKind];
    const c = coding.find((x) => x.code && [dictionary, ...alsoSystems].some((d) => x.system === `urn:oid:${d}`)) ?? coding.find((x) => x.code);
    if (!c?.code) return undefined;
    const localCode = o.codeMap.toLocal(dictionary, c.code);
    if (localCode === undefined) {
      note({ kind: "unmappedResult", codeKind, dictionary, odliCode: c.code });
      return undefined;
    }
    const table = codeKind === "services" ? o.ids.analyses : codeKind === "tests" ? o.ids.parameters : o.ids.units;
    const id = table[localCode];
    if (id === undefined) note({ kind: "unknownLocalCode", codeKind, localCode });
    return id;
  };
  const reports: OdliResultReport[] = [];
  for (const report of res.reports) {
    const status = WRITTEN_REPORTS[report.status];
    if (status === undefined) continue;
    const analysisId = local("services", report.code, ["1.2.643.5.1.13.13.11.1070"]);
    const parameters: OdliResultReport["parameters"] = [];
    for (const ref of report.results) {
      const obs = res.observations.get(referenceId("Observation", ref) ?? ref);
      if (!obs) continue;
      const parId = local("tests", obs.code);
      const unitId = obs.value?.unitCode ? local("units", [{ system: `urn:oid:${DICTIONARY.units}`, code: obs.value.unitCode }]) : null;
      if (parId === undefined || unitId === undefined) continue;
      const num = obs.value?.number;
      parameters.push({
        parId,
        valueNum: num === undefined ? null : num.toFixed(4),
        valueText: obs.value?.text ?? null,
        unitId,
        normLow: obs.low === undefined ? null : obs.low.toFixed(4),
        normHigh: obs.high === undefined ? null : obs.high.toFixed(4),
        normText: obs.rangeText ?? (obs.low !== undefined || obs.high !== undefined ? `${obs.low ?? ""}–${obs.high ?? ""}` : null),
        flag: obs.interpretation ? (INTERPRETATION_FLAGS[obs.interpretation] ?? null) : null,
      });
    }
    if (analysisId === undefined) continue;
    const doctorFio = report.performer ? (res.practitioners.get(referenceId("Practitioner", report.performer) ?? "") ?? null) : null;
    const form = report.forms.find((f) => (f.contentType ?? "application/pdf") === "application/pdf");
    const pdfBytes = form?.data ? new Uint8Array(Buffer.from(form.data, "base64")) : form?.url ? res.binaries.get(referenceId("Binary", form.url) ?? form.url)?.bytes : undefined;
    const resultAt = report.issued ? new Date(report.issued) : undefined;
    reports.push({
      reportId: report.id,
      num: `ОДЛИ-${o.referralNum}`.slice(0, 30),
      resultAt: resultAt && !Number.isNaN(resultAt.getTime()) ? resultAt : new Date(0),
      doctorFio: doctorFio?.slice(0, 180) ?? null,
      conclusion: report.conclusion?.slice(0, 2000) ?? null,
      status,
      analysisId,
      parameters,
      ...(pdfBytes ? { pdf: { fileName: `odli_${report.id}.pdf`.slice(0, 200), bytes: pdfBytes, sha256: new Bun.CryptoHasher("sha256").update(pdfBytes).digest("hex") } } : {}),
    });
  }
  return problems.length > 0 ? { problems } : { reports, problems: [] };
}

/** The references of results to fetch: reports' observations, performers and documents. */
export function referencesOf(reports: readonly DiagnosticReportView[]): { observations: string[]; practitioners: string[]; binaries: string[] } {
  const observations = new Set<string>();
  const practitioners = new Set<string>();
  const binaries = new Set<string>();
  for (const r of reports) {
    for (const x of r.results) {
      const id = referenceId("Observation", x);
      if (id) observations.add(id);
    }
    const p = r.performer ? referenceId("Practitioner", r.performer) : undefined;
    if (p) practitioners.add(p);
    for (const f of r.forms) {
      const b = f.url ? referenceId("Binary", f.url) : undefined;
      if (b && !f.data) binaries.add(b);
    }
  }
  return { observations: [...observations], practitioners: [...practitioners], binaries: [...binaries] };
}

// ---------------------------------------------------------------------------
// The terminology service
// ---------------------------------------------------------------------------

/** The current version from the passport search (`ValueSet?url=urn:oid:…`): a searchset of ValueSets. */
export function versionFromValueSets(value: unknown, dictionary: string): string | undefined {
  const versions: string[] = [];
  for (const { resource, path } of resourcesIn(value, "Bundle", "ValueSet")) {
    const vs = resourceOf<{ url?: string; version?: string }>("ValueSet", { url: optional(str()), version: optional(str()) })(resource, path);
    if (vs.url && vs.url !== `urn:oid:${dictionary}`) continue;
    if (vs.version) versions.push(vs.version);
  }
  return versions.sort(compareVersions).at(-1);
}

/** Versions as dotted numbers: "3.10" after "3.9". */
export function compareVersions(a: string, b: string): number {
  const pa = a.split(".").map((x) => Number.parseInt(x, 10) || 0);
  const pb = b.split(".").map((x) => Number.parseInt(x, 10) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}
