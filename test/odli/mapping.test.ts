import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { setLanguage } from "../../src/messages/text.ts";
import {
  codeMapOf,
  DICTIONARY,
  MAPPED_DICTIONARIES,
  type MappingProblem,
  ORDER_DICTIONARIES,
  orderIdFromAnswer,
  outcomeIssues,
  referencesOf,
  referralBundle,
  resultRows,
  type DictionaryVersions,
  type ObservationView,
} from "../../src/odli/mapping.ts";
import { OdliClient, OdliError } from "../../src/odli/odli-client.ts";
import { decodeCodeMapFile, parseCodeMapFile, renderCodeMapFile } from "../../src/odli/code-map-file.ts";
import type { OdliReferral } from "../../src/clinic/port.ts";
import { OdliSimulator } from "../../src/sim/odli/odli-simulator.ts";
import { DEFAULT_DICTIONARIES } from "../../src/sim/odli/sim-terminology.ts";
import { demoRows } from "../../src/clinic/demo/generator.ts";
import { sqliteFixture, type TestDb } from "../helpers/main-db.ts";
import { enpOf, LAB_ODLI_GUID, MO_GUID, odliConfig, referralRows, seedReference, snilsOf, SYSTEM_OID, TOKEN } from "../helpers/odli.ts";

let t: TestDb;
let sim: OdliSimulator;
let client: OdliClient;
let versions: DictionaryVersions;

beforeAll(async () => {
  setLanguage("ru");
  t = await sqliteFixture.create({ capture: false });
  await seedReference(t.engine);
  sim = await OdliSimulator.start({ tokens: [TOKEN], pdf: true });
  client = OdliClient.fromConfig(odliConfig(sim).odli);
  versions = Object.fromEntries(await Promise.all(ORDER_DICTIONARIES.map(async (d) => [d, (await client.dictionaryVersion(d))!])));
});
afterAll(async () => {
  client.close();
  await sim.stop();
  await t.close();
});

let uuid = 0;
const context = async () => ({
  systemOid: SYSTEM_OID,
  organizationGuid: MO_GUID,
  versions,
  codeMap: codeMapOf(await t.db.odli.allCodes()),
  zone: "Europe/Moscow",
  newId: () => `00000000-0000-4000-8000-${String(++uuid).padStart(12, "0")}`,
});

/** Every coding anywhere in a resource. */
function codings(node: unknown, out: Array<Record<string, unknown>> = []): Array<Record<string, unknown>> {
  if (Array.isArray(node)) node.forEach((x) => codings(x, out));
  else if (node && typeof node === "object") {
    const o = node as Record<string, unknown>;
    if (Array.isArray(o.coding)) out.push(...(o.coding as Array<Record<string, unknown>>));
    for (const v of Object.values(o)) codings(v, out);
  }
  return out;
}

describe("main-DB rows → an order bundle the simulator accepts", () => {
  const cases: Array<[string, number, NonNullable<Parameters<typeof referralRows>[1]>]> = [
    ["a blood count, routine", 101, { analyses: [101] }],
    ["chemistry and urine, cito, pregnant, a comment", 102, { analyses: [102, 103], cito: true, pregnancyWeeks: 20, comment: "Повторно после лечения" }],
    ["an old policy with a series, paid", 103, { patient: { policy: "123456", policyKind: 1 }, finance: 3 }],
    ["a temporary certificate, no diagnosis", 104, { patient: { policy: "123456789", policyKind: 2 }, diagnosis: null }],
    ["SNILS only, paid", 105, { patient: { policy: null }, finance: 3 }],
    ["a culture and cytology", 106, { analyses: [104, 105] }],
  ];
  for (const [what, id, spec] of cases) {
    test(what, async () => {
      await t.db.applyIncoming(referralRows(id, spec));
      const ref = (await t.db.odli.referral(id))!;
      const made = referralBundle(ref, await context());
      expect(made.problems).toEqual([]);
      const bundle = made.bundle!;
      // The shape as odli.md says it; the simulator checks it again on its own terms.
      expect(bundle).toMatchObject({ resourceType: "Bundle", type: "transaction", meta: { profile: ["StructureDefinition/cd45a667-bde0-490f-b602-8d780acf4aa2"] } });
      for (const e of bundle.entry) {
        expect(e.fullUrl).toMatch(/^urn:uuid:[0-9a-f-]{36}$/);
        expect(e.request).toEqual({ method: "POST", url: e.resource.resourceType });
      }
      for (const c of codings(bundle)) expect(Object.keys(c).sort()).toEqual(["code", "system", "version"]);
      const order = bundle.entry[0]!.resource;
      expect(order).toMatchObject({ resourceType: "Order", identifier: [{ system: `urn:oid:${SYSTEM_OID}`, value: String(id), assigner: { reference: `Organization/${MO_GUID}` } }], target: { reference: `Organization/${LAB_ODLI_GUID}` } });
      expect((order.when as { code: { coding: Array<{ code: string }> } }).code.coding[0]!.code).toBe(spec.cito ? "asap" : "Routine");
      expect(String(order.date)).toMatch(/^2025-05-14T\d{2}:\d{2}:\d{2}\+03:00$/);
      const patient = bundle.entry.find((e) => e.resource.resourceType === "Patient")!.resource;
      const ids = patient.identifier as Array<{ system: string; value: string; assigner?: { display?: string } }>;
      if (spec.patient?.snils !== null) expect(ids.find((i) => i.system.endsWith(".223"))?.value).toBe(snilsOf(id).replace(/\D/g, ""));
      if (spec.patient?.policy === null) expect(ids.some((i) => /\.22[678]$/.test(i.system))).toBe(false);
      else if (!spec.patient?.policy) expect(ids.find((i) => i.system.endsWith(".228"))).toMatchObject({ value: enpOf(id), assigner: { display: "1.2.643.5.1.13.2.1.1.635.46001" } });
      expect(patient.name).toEqual([{ family: ["Петрова", "Сергеевна"], given: ["Анна"] }]);
      const items = bundle.entry.find((e) => e.resource.resourceType === "DiagnosticOrder")!.resource.item as unknown[];
      expect(items).toHaveLength((spec.analyses ?? [101]).length);

      const orderId = await client.sendBundle(bundle);
      expect(sim.orders.get(orderId)?.misId).toBe(String(id));
    });
  }

  test("a doctor without a card of their own is sent from the referral's FIO", async () => {
    await t.db.applyIncoming(referralRows(110));
    await t.db.applyIncoming([{ table: "DOC_NAPR_ANALYSIS", op: "upsert", values: { ID: 110, DOCTOR_ID: null, DOCTOR_FIO: "Кузнецов Пётр Ильич" } }]);
    const made = referralBundle((await t.db.odli.referral(110))!, await context());
    const doctor = made.bundle!.entry.find((e) => e.resource.resourceType === "Practitioner")!.resource;
    expect(doctor.name).toEqual({ family: ["Кузнецов", "Ильич"], given: ["Пётр"] });
    expect(doctor.practitionerRole).toEqual([{ managingOrganization: { reference: `Organization/${MO_GUID}` } }]);
    await client.sendBundle(made.bundle!);
  });
});

describe("bad input: every problem of a referral at once, none of them sent", () => {
  const base = (): OdliReferral => ({
    id: 9,
    num: "Н-9",
    createdAt: new Date("2025-05-14T07:00:00Z"),
    cito: false,
    diagnosis: "I10",
    comment: null,
    caseNum: null,
    caseType: 2,
    financeCode: 1,
    pregnancyWeeks: null,
    lpuToId: 4601001,
    labGuid: LAB_ODLI_GUID,
    patient: { id: 1, lastName: "Иванов", firstName: "Иван", middleName: "Иванович", fio: null, birthDate: "1970-01-01", sex: "М", snils: snilsOf(9), policyNumber: enpOf(9), policySeries: null, policyKind: 3, policyFrom: null, insurerCode: null },
    doctor: { id: 1, lastName: "Смирнов", firstName: "Олег", middleName: null, fio: null, snils: null, postCode: "109", specialityCode: "76" },
    analyses: [{ analysisId: 101, code: "B03.016.002", name: "ОАК", specimenCode: "BLD_EDTA" }],
    specimens: [{ id: 1, barcode: "4600000000017", typeCode: "BLD_EDTA", takenAt: null }],
    queue: { status: 0, attempts: 0, orderId: null, lastError: null },
  });
  const problems = async (change: (r: OdliReferral) => void, o: Partial<Awaited<ReturnType<typeof context>>> = {}): Promise<MappingProblem[]> => {
    const r = base();
    change(r);
    return referralBundle(r, { ...(await context()), ...o }).problems;
  };

  test("the good one has none", async () => {
    expect(await problems(() => {})).toEqual([]);
  });
  test("no SNILS and no policy; an OMS referral without a policy; mistyped SNILS and policy numbers", async () => {
    expect(await problems((r) => ((r.patient.snils = null), (r.patient.policyNumber = null)))).toEqual([{ kind: "noPatientIdentity" }]);
    expect(await problems((r) => (r.patient.policyNumber = null))).toEqual([{ kind: "policyRequired", financeCode: 1 }]);
    expect(await problems((r) => ((r.patient.policyNumber = null), (r.financeCode = 3)))).toEqual([]);
    expect(await problems((r) => (r.patient.snils = "123-456-789 00"))).toEqual([{ kind: "badSnils", whose: "patient" }]);
    expect(await problems((r) => (r.patient.policyNumber = "4600000000000001"))).toEqual([{ kind: "badPolicy", policyKind: 3 }]);
    expect(await problems((r) => (r.doctor.snils = "111"))).toEqual([{ kind: "badSnils", whose: "doctor" }]);
  });
  test("a Latin-only name and a name that mixes alphabets; a missing name", async () => {
    expect(await problems((r) => ((r.patient.lastName = "Smith"), (r.patient.firstName = "John"), (r.patient.middleName = null)))).toEqual([{ kind: "latinName", whose: "patient" }]);
    expect(await problems((r) => (r.patient.firstName = "Иваn"))).toEqual([{ kind: "mixedScript", whose: "patient", field: "firstName" }]);
    expect(await problems((r) => ((r.doctor.lastName = null), (r.doctor.firstName = null)))).toEqual([{ kind: "noName", whose: "doctor" }]);
  });
  test("no lab GUID, no tube, an unmapped code, a dictionary without a version", async () => {
    expect(await problems((r) => (r.labGuid = null))).toEqual([{ kind: "noLab" }]);
    expect(await problems((r) => (r.specimens = []))).toEqual([{ kind: "noSpecimen", analysisCode: "B03.016.002" }]);
    expect(await problems((r) => (r.analyses[0]!.code = "X.1")).then((p) => p)).toEqual([{ kind: "unmapped", codeKind: "services", dictionary: DICTIONARY.services, localCode: "X.1" }]);
    const { [DICTIONARY.posts]: _, ...without } = versions;
    expect(await problems(() => {}, { versions: without })).toEqual([{ kind: "noVersion", dictionary: DICTIONARY.posts }]);
  });
  test("several problems are all reported", async () => {
    const all = await problems((r) => ((r.labGuid = null), (r.patient.snils = null), (r.patient.policyNumber = null), (r.specimens[0]!.typeCode = "ZZZ")));
    expect(all.map((p) => p.kind).sort()).toEqual(["noLab", "noPatientIdentity", "noSpecimen", "unmapped"]);
  });
});

describe("a result → rows of the result tables", () => {
  /** Sends a referral, lets the simulated lab answer, and reads its resources as the job does. */
  async function resultOf(id: number, analyses: number[]) {
    await t.db.applyIncoming(referralRows(id, { analyses }));
    const made = referralBundle((await t.db.odli.referral(id))!, await context());
    await client.sendBundle(made.bundle!);
    const responses = await client.results({ organizationGuid: MO_GUID, labGuid: LAB_ODLI_GUID, referralId: id });
    const reports = await Promise.all(responses.flatMap((r) => r.reports).map((r) => client.diagnosticReport(r.split("/")[1]!)));
    const refs = referencesOf(reports);
    const observations = new Map<string, ObservationView>();
    for (const o of refs.observations) observations.set(o, await client.observation(o));
    const practitioners = new Map(await Promise.all(refs.practitioners.map(async (p) => [p, await client.practitionerName(p)] as const)));
    const binaries = new Map(await Promise.all(refs.binaries.map(async (b) => [b, await client.binary(b)] as const)));
    return { responses, resources: { reports, observations, practitioners, binaries } };
  }
  const rowsOf = async (resources: Parameters<typeof resultRows>[0], codes = t.db.odli.allCodes()) =>
    resultRows(resources, { codeMap: codeMapOf(await codes), ids: await t.db.odli.referenceIds(), referralNum: "Н-1", zone: "Europe/Moscow" });

  test("chemistry: eight values with units, norms and flags, the performer, the PDF", async () => {
    const { responses, resources } = await resultOf(201, [102]);
    expect(responses[0]!.orderStatus).toBe("completed");
    const rows = await rowsOf(resources);
    expect(rows.problems).toEqual([]);
    const [report] = rows.reports!;
    expect(report!.analysisId).toBe(102);
    expect(report!.status).toBe(2);
    expect(report!.doctorFio).toBe("Лаборантова Анна Сергеевна");
    expect(report!.parameters.map((p) => p.parId)).toEqual([1101, 1102, 1103, 1104, 1105, 1106, 1107, 1108]);
    const glucose = report!.parameters[0]!;
    expect(glucose).toMatchObject({ unitId: 6, normLow: "3.9000", normHigh: "6.1000", valueText: null });
    expect(glucose.valueNum).toMatch(/^\d+\.\d{4}$/);
    expect(["N", "L", "H"]).toContain(glucose.flag!);
    const value = Number(glucose.valueNum);
    expect(glucose.flag).toBe(value < 3.9 ? "L" : value > 6.1 ? "H" : "N");
    expect(Buffer.from(report!.pdf!.bytes).subarray(0, 5).toString()).toBe("%PDF-");
    expect(report!.pdf!.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  test("a blood count: ten values", async () => {
    const { resources } = await resultOf(202, [101]);
    const rows = await rowsOf(resources);
    expect(rows.reports![0]!.parameters).toHaveLength(10);
    expect(rows.reports![0]!.parameters.find((p) => p.parId === 1001)).toMatchObject({ unitId: 1, normLow: "120.0000", normHigh: "160.0000" });
  });

  test("urine: text values keep their text; a test or unit missing from the map holds the whole result back", async () => {
    const { resources } = await resultOf(203, [103]);
    const rows = await rowsOf(resources);
    expect(rows.reports![0]!.parameters.find((p) => p.parId === 1201)).toMatchObject({ valueNum: null, valueText: expect.any(String), unitId: null });
    const withoutUnit = (await t.db.odli.allCodes()).filter((c) => !(c.dictionary === DICTIONARY.units && c.localCode === "in FOV"));
    const held = await rowsOf(resources, Promise.resolve(withoutUnit));
    expect(held.problems).toEqual([{ kind: "unmappedResult", codeKind: "units", dictionary: DICTIONARY.units, odliCode: "174" }]);
  });
});

describe("answers", () => {
  test("the Order id from the entry's resource, or from its location", () => {
    expect(orderIdFromAnswer({ resourceType: "Bundle", entry: [{ resource: { resourceType: "Order", id: "abc" } }] })).toBe("abc");
    expect(orderIdFromAnswer({ resourceType: "Bundle", entry: [{ response: { location: "Order/xyz/_history/1" } }] })).toBe("xyz");
    expect(() => orderIdFromAnswer({ resourceType: "OperationOutcome" })).toThrow('resourceType: ожидается "Bundle", получено "OperationOutcome"');
    expect(() => orderIdFromAnswer({ ok: true })).toThrow("resourceType");
    expect(() => orderIdFromAnswer({ resourceType: "Bundle", entry: [] })).toThrow("нет идентификатора созданной заявки");
  });
  test("an OperationOutcome's issues: diagnostics, details as text or as a string (DSTU2 servers differ)", () => {
    expect(
      outcomeIssues({
        resourceType: "OperationOutcome",
        issue: [
          { severity: "error", code: "required", diagnostics: "Order.subject required", location: ["Bundle.entry[0]"] },
          { severity: "error", code: "value", details: "bad date" },
          { severity: "warning", code: "informational", details: { text: "deprecated" } },
        ],
      }),
    ).toEqual([
      { severity: "error", code: "required", text: "Order.subject required", location: "Bundle.entry[0]" },
      { severity: "error", code: "value", text: "bad date" },
      { severity: "warning", code: "informational", text: "deprecated" },
    ]);
    expect(outcomeIssues({ resourceType: "Bundle" })).toBeUndefined();
  });
  test("an answer that is not JSON or not FHIR is a format error naming what is wrong, never quoting the value", async () => {
    await fetch(`${sim.url}/admin/faults`, { method: "PUT", body: JSON.stringify({ rules: [{ kind: "not_fhir", calls: ["getresult"], times: 1 }, { kind: "malformed", calls: ["getorder"], times: 1 }] }) });
    const q = { organizationGuid: MO_GUID, labGuid: LAB_ODLI_GUID, referralId: 201 };
    const notFhir = await client.results(q).catch((e) => e);
    expect(notFhir).toBeInstanceOf(OdliError);
    expect(notFhir.kind).toBe("format");
    expect(notFhir.message).toContain("не ожидаемый ресурс FHIR: resourceType: нет обязательного поля");
    const html = await client.findOrder(q).catch((e) => e);
    expect(html.kind).toBe("format");
    expect(html.message).toContain("— не JSON");
  });
});

describe("the code map", () => {
  test("every code the demo maps exists in the simulator's terminology (the two never share code)", () => {
    const dictionaries = new Map(DEFAULT_DICTIONARIES.map((d) => [d.oid, d]));
    const mapped = [...demoRows({ referrals: 0, seed: 1, now: Date.now(), zone: "UTC", withReference: true })].filter((r) => r.table === "REG_ODLI_CODE_MAP");
    expect(mapped.length).toBeGreaterThan(40);
    for (const { row } of mapped) {
      const d = dictionaries.get(String(row.DICTIONARY))!;
      expect({ code: row.ODLI_CODE, known: d.codes ? String(row.ODLI_CODE) in d.codes : false }).toEqual({ code: row.ODLI_CODE, known: true });
      expect(d.versions).toContain(String(row.DICT_VERSION));
    }
    expect(Object.values(MAPPED_DICTIONARIES).every((oid) => dictionaries.has(oid))).toBe(true);
  });

  test("a CSV file: Excel's ; or , , quotes, a BOM, Windows-1251; every bad line named; export reads back", () => {
    const text = "\uFEFFdictionary;local_code;odli_code;odli_name;version\r\nservices;B03;\"B03.016.002\";\"Анализ; общий\";124\r\n1.2.643.5.1.13.13.11.1081;BLD;40;;\r\n";
    const parsed = parseCodeMapFile(text);
    expect(parsed.errors).toEqual([]);
    expect(parsed.codes).toEqual([
      { dictionary: DICTIONARY.services, localCode: "B03", odliCode: "B03.016.002", odliName: "Анализ; общий", version: "124" },
      { dictionary: DICTIONARY.specimens, localCode: "BLD", odliCode: "40", odliName: null, version: null },
    ]);
    expect(parseCodeMapFile(renderCodeMapFile(parsed.codes)).codes).toEqual(parsed.codes);
    const cp1251 = new Uint8Array([...Buffer.from("dictionary,local_code,odli_code,odli_name\nunits,U1,105,", "latin1"), 0xe3, 0xf0, 0xe0, 0xec, 0x0a]);
    expect(parseCodeMapFile(decodeCodeMapFile(cp1251)).codes[0]).toMatchObject({ dictionary: DICTIONARY.units, odliName: "грам" });
    expect(parseCodeMapFile("dictionary;code\nx;y\n").errors[0]).toContain("нет столбцов local_code, odli_code");
    expect(parseCodeMapFile(`dictionary;local_code;odli_code\nfoo;A;1\ntests;B;\ntests;C;${"9".repeat(41)}\ntests;D;1\ntests;D;2\n`).errors).toEqual([
      "строка 2: справочник «foo» — не OID и не одно из services, tests, units, specimens",
      "строка 3: пустое поле odli_code",
      "строка 4: поле odli_code длиннее 40 знаков",
      "строка 6: этот локальный код этого справочника уже сопоставлен в строке 5",
    ]);
  });
});
