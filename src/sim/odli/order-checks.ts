/**
 * What the simulated ОДЛИ checks in an order bundle before it creates
 * anything, written from ../shared/docs/odli.md ("Order bundle") and the
 * FHIR DSTU2 resource definitions — never from the agent's mapping module,
 * which it must be able to catch out. Every problem found is reported (not
 * only the first), each as an OperationOutcome issue naming its place
 * (`Bundle.entry[2].resource.item[0].code.coding[0].version`).
 */
import type { SimDictionary } from "./sim-terminology.ts";

export interface Issue {
  severity: "error" | "fatal";
  /** FHIR issue type: structure, required, value, invalid, code-invalid, not-found, duplicate … */
  code: string;
  diagnostics: string;
  location: string;
}

/** What the checks may consult: the terminology, known resources outside the bundle. */
export interface CheckContext {
  dictionaries: ReadonlyMap<string, SimDictionary>;
  /** Organizations (МО, labs) registered on the platform, by GUID. */
  organizations: ReadonlySet<string>;
  /** Resources created before (`Patient/<id>`, `Practitioner/<id>`). */
  known: ReadonlySet<string>;
}

const ORDER_PROFILE = "StructureDefinition/cd45a667-bde0-490f-b602-8d780acf4aa2";
const ALLOWED = new Set(["Order", "DiagnosticOrder", "Specimen", "Encounter", "Condition", "Observation", "Patient", "Practitioner", "Coverage", "Organization"]);
const UUID_URL = /^urn:uuid:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const LOCAL_REF = /^(Patient|Practitioner|Organization|Encounter|Order|Specimen)\/([A-Za-z0-9.-]{1,64})$/;
/** FHIR dateTime: a date, or a date and time with a zone. */
const DATE_TIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const SNILS_SYSTEM = "urn:oid:1.2.643.2.69.1.1.1.6.223";
const POLICY_SYSTEMS = ["urn:oid:1.2.643.2.69.1.1.1.6.226", "urn:oid:1.2.643.2.69.1.1.1.6.227", "urn:oid:1.2.643.2.69.1.1.1.6.228"];
const SERVICE_SYSTEMS = ["urn:oid:1.2.643.2.69.1.1.1.31", "urn:oid:1.2.643.5.1.13.13.11.1070"];
const FUNDING_EXTENSION = "urn:oid:1.2.643.2.69.1.100.1";

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const nonEmpty = (v: unknown): v is string => typeof v === "string" && v.trim() !== "";

/** The entries of a checked bundle, by fullUrl, for the simulator to create. */
export interface CheckedBundle {
  entries: Array<{ fullUrl: string; resource: Json }>;
  order: Json;
}

/** Checks an order bundle; answers the issues (empty: accepted) and, when there are none, its parts. */
export function checkOrderBundle(body: unknown, ctx: CheckContext): { issues: Issue[]; bundle?: CheckedBundle } {
  const issues: Issue[] = [];
  const fail = (code: string, location: string, diagnostics: string) => issues.push({ severity: "error", code, location, diagnostics });

  if (!isObject(body) || body.resourceType !== "Bundle") {
    fail("structure", "Bundle", "the body must be a FHIR Bundle (resourceType \"Bundle\")");
    return { issues };
  }
  if (body.type !== "transaction") fail("value", "Bundle.type", `must be "transaction", got ${JSON.stringify(body.type ?? null)}`);
  const profiles = isObject(body.meta) && Array.isArray(body.meta.profile) ? body.meta.profile : [];
  if (!profiles.includes(ORDER_PROFILE)) fail("value", "Bundle.meta.profile", `must contain "${ORDER_PROFILE}" (an order)`);
  if (!Array.isArray(body.entry) || body.entry.length === 0) {
    fail("required", "Bundle.entry", "a transaction needs at least one entry");
    return { issues };
  }

  // Entries: fullUrl, request, resource.
  const byUrl = new Map<string, Json>();
  const entries: Array<{ fullUrl: string; resource: Json; at: string }> = [];
  body.entry.forEach((e, i) => {
    const at = `Bundle.entry[${i}]`;
    if (!isObject(e)) return fail("structure", at, "an entry must be an object");
    const url = e.fullUrl;
    if (!nonEmpty(url) || !UUID_URL.test(url)) fail("value", `${at}.fullUrl`, "must be urn:uuid:<uuid>");
    else if (byUrl.has(url)) fail("duplicate", `${at}.fullUrl`, `${url} appears twice in the bundle`);
    const resource = e.resource;
    if (!isObject(resource) || !nonEmpty(resource.resourceType)) return fail("required", `${at}.resource`, "the entry has no resource");
    if (!ALLOWED.has(resource.resourceType)) fail("not-supported", `${at}.resource`, `${resource.resourceType} is not taken in an order bundle`);
    const request = e.request;
    if (!isObject(request)) fail("required", `${at}.request`, "the entry has no request");
    else {
      if (request.method !== "POST") fail("value", `${at}.request.method`, `must be POST, got ${JSON.stringify(request.method ?? null)}`);
      if (request.url !== resource.resourceType) fail("value", `${at}.request.url`, `must be "${resource.resourceType}", got ${JSON.stringify(request.url ?? null)}`);
    }
    if (nonEmpty(url)) byUrl.set(url, resource);
    entries.push({ fullUrl: nonEmpty(url) ? url : "", resource, at: `${at}.resource` });
  });

  // References resolve inside the bundle, or to what the platform knows.
  const typeOf = (ref: string): string | undefined => {
    if (byUrl.has(ref)) return byUrl.get(ref)!.resourceType as string;
    const m = LOCAL_REF.exec(ref);
    if (!m) return undefined;
    if (m[1] === "Organization") return ctx.organizations.has(m[2]!.toLowerCase()) ? "Organization" : undefined;
    return ctx.known.has(ref) ? m[1] : undefined;
  };
  for (const e of entries) {
    walk(e.resource, e.at, (node, path) => {
      if (typeof node.reference !== "string") return;
      if (typeOf(node.reference) === undefined) fail("not-found", `${path}.reference`, `${node.reference} resolves neither inside the bundle nor to a resource the platform knows`);
    });
  }
  const refTo = (value: unknown, path: string, types: string[], required = true) => {
    if (!isObject(value) || !nonEmpty(value.reference)) {
      if (required) fail("required", path, `a reference to ${types.join(" or ")} is required`);
      return;
    }
    const type = typeOf(value.reference);
    if (type !== undefined && !types.includes(type)) fail("invalid", `${path}.reference`, `must refer to ${types.join(" or ")}, refers to ${type}`);
  };

  // Every coding: system, code and version, known to the terminology service.
  for (const e of entries) {
    walk(e.resource, e.at, (node, path) => {
      if (!Array.isArray(node.coding)) return;
      node.coding.forEach((c, i) => checkCoding(c, `${path}.coding[${i}]`, ctx, fail));
    });
  }

  // The resources' required parts.
  const orders = entries.filter((e) => e.resource.resourceType === "Order");
  if (orders.length !== 1) fail("invalid", "Bundle.entry", `an order bundle holds exactly one Order, this one ${orders.length}`);
  for (const { resource: r, at } of entries) {
    switch (r.resourceType) {
      case "Order": {
        const id = Array.isArray(r.identifier) ? r.identifier[0] : undefined;
        if (!isObject(id) || !nonEmpty(id.system) || !id.system.startsWith("urn:oid:") || !nonEmpty(id.value)) {
          fail("required", `${at}.identifier[0]`, "the referral's id in the MIS (system urn:oid:<sending system>, value) is required");
        } else refTo(id.assigner, `${at}.identifier[0].assigner`, ["Organization"]);
        if (!nonEmpty(r.date) || !DATE_TIME.test(r.date)) fail("value", `${at}.date`, "a FHIR dateTime (with its zone) is required");
        refTo(r.subject, `${at}.subject`, ["Patient"]);
        refTo(r.source, `${at}.source`, ["Practitioner", "Organization"]);
        refTo(r.target, `${at}.target`, ["Organization"]);
        if (!isObject(r.when) || !isObject(r.when.code)) fail("required", `${at}.when.code`, "the priority (1.2.643.2.69.1.1.1.30) is required");
        else codedFrom(r.when.code, `${at}.when.code`, ["urn:oid:1.2.643.2.69.1.1.1.30"], fail);
        if (!Array.isArray(r.detail) || r.detail.length === 0) fail("required", `${at}.detail`, "at least one DiagnosticOrder is required");
        else r.detail.forEach((d, i) => refTo(d, `${at}.detail[${i}]`, ["DiagnosticOrder"]));
        break;
      }
      case "DiagnosticOrder": {
        refTo(r.subject, `${at}.subject`, ["Patient"]);
        refTo(r.orderer, `${at}.orderer`, ["Practitioner"]);
        refTo(r.encounter, `${at}.encounter`, ["Encounter"], false);
        if (r.status !== "requested") fail("value", `${at}.status`, `must be "requested", got ${JSON.stringify(r.status ?? null)}`);
        if (!Array.isArray(r.specimen) || r.specimen.length === 0) fail("required", `${at}.specimen`, "at least one Specimen is required");
        else r.specimen.forEach((s, i) => refTo(s, `${at}.specimen[${i}]`, ["Specimen"]));
        if (Array.isArray(r.supportingInformation)) r.supportingInformation.forEach((s, i) => refTo(s, `${at}.supportingInformation[${i}]`, ["Condition", "Observation"]));
        if (!Array.isArray(r.item) || r.item.length === 0) fail("required", `${at}.item`, "at least one service is required");
        else {
          r.item.forEach((item, i) => {
            const p = `${at}.item[${i}].code`;
            if (!isObject(item) || !isObject(item.code)) return fail("required", p, "the service's code is required");
            codedFrom(item.code, p, SERVICE_SYSTEMS, fail);
            const ext = Array.isArray(item.code.extension) ? item.code.extension.find((x) => isObject(x) && x.url === FUNDING_EXTENSION) : undefined;
            if (!isObject(ext) || !isObject(ext.valueCodeableConcept)) fail("required", `${p}.extension`, `the funding source (${FUNDING_EXTENSION}) is required`);
            else codedFrom(ext.valueCodeableConcept, `${p}.extension.valueCodeableConcept`, ["urn:oid:1.2.643.2.69.1.1.1.32"], fail);
          });
        }
        break;
      }
      case "Specimen": {
        if (!isObject(r.type)) fail("required", `${at}.type`, "the specimen type (1.2.643.5.1.13.13.11.1081) is required");
        else codedFrom(r.type, `${at}.type`, ["urn:oid:1.2.643.5.1.13.13.11.1081"], fail);
        const container = Array.isArray(r.container) ? r.container[0] : undefined;
        const barcode = isObject(container) && Array.isArray(container.identifier) && isObject(container.identifier[0]) ? container.identifier[0].value : undefined;
        if (!nonEmpty(barcode)) fail("required", `${at}.container[0].identifier[0].value`, "the tube's barcode is required");
        refTo(r.subject, `${at}.subject`, ["Patient"], false);
        break;
      }
      case "Encounter":
        refTo(r.patient, `${at}.patient`, ["Patient"]);
        if (!nonEmpty(r.status)) fail("required", `${at}.status`, "the encounter's status is required");
        break;
      case "Condition":
        refTo(r.patient, `${at}.patient`, ["Patient"]);
        if (!isObject(r.code)) fail("required", `${at}.code`, "the diagnosis (ICD-10, 1.2.643.2.69.1.1.1.2) is required");
        else codedFrom(r.code, `${at}.code`, ["urn:oid:1.2.643.2.69.1.1.1.2"], fail);
        if (!nonEmpty(r.verificationStatus)) fail("required", `${at}.verificationStatus`, "required in DSTU2");
        break;
      case "Observation":
        if (!nonEmpty(r.status)) fail("required", `${at}.status`, "required");
        if (!isObject(r.code)) fail("required", `${at}.code`, "required");
        break;
      case "Patient":
        checkPatient(r, at, fail);
        break;
      case "Practitioner": {
        const name = Array.isArray(r.name) ? r.name[0] : r.name;
        if (!isObject(name) || !familyOf(name)) fail("required", `${at}.name.family`, "the practitioner's surname is required");
        break;
      }
    }
  }
  if (issues.length > 0) return { issues };
  return { issues, bundle: { entries: entries.map((e) => ({ fullUrl: e.fullUrl, resource: e.resource })), order: orders[0]!.resource } };
}

function walk(node: unknown, path: string, visit: (node: Json, path: string) => void): void {
  if (Array.isArray(node)) node.forEach((x, i) => walk(x, `${path}[${i}]`, visit));
  else if (isObject(node)) {
    visit(node, path);
    for (const [k, v] of Object.entries(node)) if (typeof v === "object" && v !== null) walk(v, `${path}.${k}`, visit);
  }
}

function checkCoding(c: unknown, path: string, ctx: CheckContext, fail: (code: string, location: string, diagnostics: string) => void): void {
  if (!isObject(c)) return fail("structure", path, "a coding must be an object");
  const missing = (["system", "code", "version"] as const).filter((k) => !nonEmpty(c[k]));
  for (const k of missing) fail("required", `${path}.${k}`, `every coding carries system, code and version; ${k} is missing`);
  if (!nonEmpty(c.system)) return;
  const oid = c.system.startsWith("urn:oid:") ? c.system.slice(8) : undefined;
  const dictionary = oid ? ctx.dictionaries.get(oid) : undefined;
  if (!dictionary) return fail("code-invalid", `${path}.system`, `${c.system} is not a dictionary of the terminology service`);
  if (nonEmpty(c.version) && !dictionary.versions.includes(c.version)) {
    fail("code-invalid", `${path}.version`, `${oid} has no version ${c.version} (known: ${dictionary.versions.join(", ")})`);
  }
  if (nonEmpty(c.code)) {
    const known = dictionary.codes ? c.code in dictionary.codes : dictionary.pattern ? new RegExp(dictionary.pattern).test(c.code) : true;
    if (!known) fail("code-invalid", `${path}.code`, `${c.code} is not a code of ${oid} (${dictionary.name})`);
  }
}

/** The concept has a coding of one of these systems. */
function codedFrom(concept: Json, path: string, systems: string[], fail: (code: string, location: string, diagnostics: string) => void): void {
  const coding = Array.isArray(concept.coding) ? concept.coding : [];
  if (!coding.some((c) => isObject(c) && typeof c.system === "string" && systems.includes(c.system))) fail("code-invalid", `${path}.coding`, `a coding of ${systems.join(" or ")} is required`);
}

function familyOf(name: Json): string | undefined {
  const family = Array.isArray(name.family) ? name.family[0] : name.family;
  return nonEmpty(family) ? family : undefined;
}

function checkPatient(r: Json, at: string, fail: (code: string, location: string, diagnostics: string) => void): void {
  const ids = Array.isArray(r.identifier) ? r.identifier.filter(isObject) : [];
  if (ids.length === 0) fail("required", `${at}.identifier`, "the patient's identifiers are required");
  const snils = ids.find((i) => i.system === SNILS_SYSTEM);
  const policy = ids.find((i) => typeof i.system === "string" && POLICY_SYSTEMS.includes(i.system));
  if (!snils && !policy) fail("required", `${at}.identifier`, "the patient needs a SNILS (…1.1.1.6.223) or an OMS policy (…1.1.1.6.226/227/228)");
  if (snils && !(nonEmpty(snils.value) && snilsValid(snils.value))) fail("value", `${at}.identifier`, "the SNILS is not 11 digits with valid check digits");
  if (policy && policy.system === POLICY_SYSTEMS[2] && !(nonEmpty(policy.value) && /^\d{16}$/.test(policy.value) && luhn(policy.value))) {
    fail("value", `${at}.identifier`, "the unified policy number is not 16 digits with a valid check digit");
  }
  const name = Array.isArray(r.name) ? r.name[0] : undefined;
  if (!isObject(name) || !familyOf(name) || !Array.isArray(name.given) || !nonEmpty(name.given[0])) fail("required", `${at}.name`, "the patient's surname and name are required");
  if (!["male", "female", "other", "unknown"].includes(String(r.gender))) fail("value", `${at}.gender`, "male, female, other or unknown");
  if (!nonEmpty(r.birthDate) || !DATE.test(r.birthDate)) fail("required", `${at}.birthDate`, "the birth date (YYYY-MM-DD) is required");
}

/** SNILS check digits (the Pension Fund's rule), written here on the simulator's own terms. */
function snilsValid(value: string): boolean {
  if (!/^\d{11}$/.test(value)) return false;
  const body = value.slice(0, 9);
  if (Number(body) <= 1_001_998) return true;
  const sum = [...body].reduce((s, d, i) => s + Number(d) * (9 - i), 0);
  let check = sum % 101;
  if (check === 100) check = 0;
  return String(check).padStart(2, "0") === value.slice(9);
}

/** The unified policy number's check digit (FFOMS: Luhn). */
function luhn(value: string): boolean {
  let sum = 0;
  [...value].reverse().forEach((ch, i) => {
    let d = Number(ch);
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  });
  return sum % 10 === 0;
}
