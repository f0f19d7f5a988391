import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { OdliSimulator } from "../../src/sim/odli/odli-simulator.ts";

/**
 * The ОДЛИ simulator on its own: its checks are exercised with bundles
 * written by hand from odli.md (not made by the agent), so a mapping bug
 * cannot hide behind a simulator that shares it.
 */
const TOKEN = "0f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a";
const MO = "5a7b3c1d-2e4f-4a6b-8c9d-0e1f2a3b4c5d";
const LAB = "3f1c2a9e-5b7d-4e21-9a63-0c8d1e2f4a51";
let sim: OdliSimulator;
let counter = 0;

beforeAll(async () => {
  sim = await OdliSimulator.start({ tokens: [TOKEN] });
});
afterAll(() => sim.stop());

const u = (n: number) => `urn:uuid:00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;
const coding = (oid: string, code: string, version: string) => ({ coding: [{ system: `urn:oid:${oid}`, code, version }] });

/** A minimal valid order bundle, written from odli.md. */
function bundle(misId = `sim-${++counter}`): any {
  const entry = (n: number, resource: Record<string, unknown>) => ({ fullUrl: u(n), resource, request: { method: "POST", url: resource.resourceType } });
  return {
    resourceType: "Bundle",
    meta: { profile: ["StructureDefinition/cd45a667-bde0-490f-b602-8d780acf4aa2"] },
    type: "transaction",
    entry: [
      entry(1, {
        resourceType: "Order",
        identifier: [{ system: "urn:oid:1.2.643.2.69.1.2.999", value: misId, assigner: { reference: `Organization/${MO}` } }],
        date: "2025-05-14T10:20:00+03:00",
        subject: { reference: u(4) },
        source: { reference: u(5) },
        target: { reference: `Organization/${LAB}` },
        when: { code: coding("1.2.643.2.69.1.1.1.30", "Routine", "1") },
        detail: [{ reference: u(2) }],
      }),
      entry(2, {
        resourceType: "DiagnosticOrder",
        subject: { reference: u(4) },
        orderer: { reference: u(5) },
        status: "requested",
        specimen: [{ reference: u(3) }],
        item: [{ code: { ...coding("1.2.643.2.69.1.1.1.31", "B03.016.002", "124"), extension: [{ url: "urn:oid:1.2.643.2.69.1.100.1", valueCodeableConcept: coding("1.2.643.2.69.1.1.1.32", "1", "2") }] } }],
      }),
      entry(3, { resourceType: "Specimen", type: coding("1.2.643.5.1.13.13.11.1081", "40", "2.12"), container: [{ identifier: [{ value: "4600000000017" }] }] }),
      entry(4, {
        resourceType: "Patient",
        identifier: [{ system: "urn:oid:1.2.643.2.69.1.1.1.6.223", value: "11223344595" }],
        name: [{ family: ["Петрова"], given: ["Анна"] }],
        gender: "female",
        birthDate: "1980-05-01",
      }),
      entry(5, { resourceType: "Practitioner", name: { family: ["Смирнов"], given: ["Олег"] } }),
    ],
  };
}

async function post(path: string, body: unknown, headers: Record<string, string> = {}) {
  const r = await fetch(`${sim.exlabUrl}${path}?_format=json`, { method: "POST", body: typeof body === "string" ? body : JSON.stringify(body), headers: { authorization: `N3 ${TOKEN}`, "content-type": "application/json", ...headers } });
  return { status: r.status, body: (await r.json().catch(() => null)) as any };
}
const diagnostics = (body: any) => (body.issue as Array<{ diagnostics: string; location: string[] }>).map((i) => `${i.location[0]}: ${i.diagnostics}`);
const admin = (method: string, path: string, body?: unknown) =>
  fetch(`${sim.url}/admin/${path}`, { method, body: body === undefined ? undefined : JSON.stringify(body) }).then(async (r) => ({ status: r.status, body: (await r.json()) as any }));

describe("the order bundle", () => {
  test("a valid bundle is accepted: the created ids, the Order first", async () => {
    const b = bundle("ok-1");
    const r = await post("", b);
    expect(r.status).toBe(200);
    expect(r.body.type).toBe("transaction-response");
    expect(r.body.entry[0]).toMatchObject({ resource: { resourceType: "Order" }, response: { status: "201 Created" } });
    expect(r.body.entry[0].response.location).toBe(`Order/${r.body.entry[0].resource.id}/_history/1`);
    expect(sim.ordersFor("ok-1")).toHaveLength(1);
  });

  test("every problem of a bundle is answered at once, each naming its place", async () => {
    const b = bundle();
    b.type = "batch";
    b.entry[0].fullUrl = "urn:uuid:not-a-uuid";
    b.entry[1].request.url = "Order";
    b.entry[1].resource.item[0].code.coding[0].version = "";
    b.entry[2].resource.type.coding[0].version = "1.0";
    b.entry[2].resource.container = [];
    b.entry[3].resource.identifier[0].value = "11223344500";
    b.entry[0].resource.target.reference = "Organization/11111111-2222-4333-8444-555555555555";
    b.entry[1].resource.status = "active";
    const r = await post("", b);
    expect(r.status).toBe(400);
    expect(r.body.resourceType).toBe("OperationOutcome");
    const d = diagnostics(r.body);
    expect(d).toEqual(
      expect.arrayContaining([
        'Bundle.type: must be "transaction", got "batch"',
        "Bundle.entry[0].fullUrl: must be urn:uuid:<uuid>",
        'Bundle.entry[1].request.url: must be "DiagnosticOrder", got "Order"',
        "Bundle.entry[1].resource.item[0].code.coding[0].version: every coding carries system, code and version; version is missing",
        "Bundle.entry[2].resource.type.coding[0].version: 1.2.643.5.1.13.13.11.1081 has no version 1.0 (known: 2.11, 2.12)",
        "Bundle.entry[2].resource.container[0].identifier[0].value: the tube's barcode is required",
        "Bundle.entry[3].resource.identifier: the SNILS is not 11 digits with valid check digits",
        "Bundle.entry[0].resource.target.reference: Organization/11111111-2222-4333-8444-555555555555 resolves neither inside the bundle nor to a resource the platform knows",
        'Bundle.entry[1].resource.status: must be "requested", got "active"',
      ]),
    );
    expect(sim.refusals.at(-1)!.issues.length).toBe(d.length);
  });

  test("codings from unknown dictionaries or with unknown codes; references to the wrong type or nowhere; no Order", async () => {
    const b = bundle();
    b.entry[1].resource.item[0].code.coding[0].code = "Z99.999";
    b.entry[2].resource.type = coding("1.2.643.9.9.9", "40", "1");
    b.entry[1].resource.specimen = [{ reference: u(4) }];
    b.entry[1].resource.orderer = { reference: u(99) };
    const r = await post("", b);
    expect(diagnostics(r.body)).toEqual(
      expect.arrayContaining([
        "Bundle.entry[1].resource.item[0].code.coding[0].code: Z99.999 is not a code of 1.2.643.2.69.1.1.1.31 (Услуги лабораторных исследований (региональный))",
        "Bundle.entry[2].resource.type.coding[0].system: urn:oid:1.2.643.9.9.9 is not a dictionary of the terminology service",
        "Bundle.entry[2].resource.type.coding: a coding of urn:oid:1.2.643.5.1.13.13.11.1081 is required",
        "Bundle.entry[1].resource.specimen[0].reference: must refer to Specimen, refers to Patient",
        `Bundle.entry[1].resource.orderer.reference: ${u(99)} resolves neither inside the bundle nor to a resource the platform knows`,
      ]),
    );
    const noOrder = bundle();
    noOrder.entry.shift();
    expect(diagnostics((await post("", noOrder)).body)).toContain("Bundle.entry: an order bundle holds exactly one Order, this one 0");
  });

  test("a patient needs a SNILS or a policy; the unified policy's check digit is checked", async () => {
    const none = bundle();
    none.entry[3].resource.identifier = [{ system: "urn:oid:1.2.643.2.69.1.2.999", value: "7" }];
    expect(diagnostics((await post("", none)).body)).toContain("Bundle.entry[3].resource.identifier: the patient needs a SNILS (…1.1.1.6.223) or an OMS policy (…1.1.1.6.226/227/228)");
    const policy = bundle();
    policy.entry[3].resource.identifier = [{ system: "urn:oid:1.2.643.2.69.1.1.1.6.228", value: "4600000000000001" }];
    expect(diagnostics((await post("", policy)).body)).toContain("Bundle.entry[3].resource.identifier: the unified policy number is not 16 digits with a valid check digit");
    policy.entry[3].resource.identifier[0].value = "4600000000000006";
    expect((await post("", policy)).status).toBe(200);
  });

  test("the same referral twice is refused as a duplicate", async () => {
    expect((await post("", bundle("dup-1"))).status).toBe(200);
    const again = await post("", bundle("dup-1"));
    expect(again.status).toBe(400);
    expect(diagnostics(again.body)[0]).toMatch(/^Order.identifier: an order for dup-1 exists already: Order\//);
    expect(sim.ordersFor("dup-1")).toHaveLength(1);
  });

  test("the N3 header, a gzipped body, a body over the limit, not JSON", async () => {
    const b = JSON.stringify(bundle());
    expect((await post("", b, { authorization: "Bearer x" })).status).toBe(401);
    expect((await post("", b, { authorization: "N3 11111111-2222-4333-8444-555555555555" })).body.issue[0].diagnostics).toBe("the token is not valid or has expired");
    const gz = await fetch(`${sim.exlabUrl}?_format=json`, { method: "POST", body: Bun.gzipSync(Buffer.from(b)), headers: { authorization: `N3 ${TOKEN}`, "content-encoding": "gzip" } });
    expect(gz.status).toBe(415);
    await admin("PUT", "results", { max_body_bytes: 1024 });
    const big = await post("", b);
    expect(big.status).toBe(413);
    expect(big.body.issue[0].code).toBe("too-long");
    await admin("PUT", "results", { max_body_bytes: 1024 * 1024 });
    expect((await post("", "{not json")).body.issue[0].diagnostics).toStartWith("the body is not JSON");
  });
});

describe("operations, results and the terminology service", () => {
  test("$getorder finds an order by the MIS id; $getresult answers nothing until the lab's delay has passed", async () => {
    await admin("PUT", "results", { delay_ms: 300, pdf: true });
    expect((await post("", bundle("res-1"))).status).toBe(200);
    const q = { resourceType: "Parameters", parameter: [{ name: "SourceCode", valueString: MO }, { name: "TargetCode", valueString: LAB }, { name: "OrderMisID", valueString: "res-1" }] };
    const found = await post("$getorder", q);
    expect(found.body.parameter[0]).toMatchObject({ name: "Order", resource: { resourceType: "Order", status: "accepted" } });
    expect((await post("$getorder", { ...q, parameter: [...q.parameter.slice(0, 2), { name: "OrderMisID", valueString: "none" }] })).body.parameter).toEqual([]);
    expect((await post("$getresult", q)).body.parameter).toEqual([]);
    await Bun.sleep(350);
    const result = await post("$getresult", q);
    const response = result.body.parameter[0].resource;
    expect(response).toMatchObject({ resourceType: "OrderResponse", orderStatus: "completed", request: { reference: `Order/${sim.ordersFor("res-1")[0]!.id}` } });
    const report: any = await (await fetch(`${sim.exlabUrl}${response.fulfillment[0].reference}`, { headers: { authorization: `N3 ${TOKEN}` } })).json();
    expect(report).toMatchObject({ resourceType: "DiagnosticReport", status: "final", presentedForm: [{ contentType: "application/pdf" }] });
    expect(report.result).toHaveLength(10);
    const obs: any = await (await fetch(`${sim.exlabUrl}${report.result[0].reference}`, { headers: { authorization: `N3 ${TOKEN}` } })).json();
    expect(obs).toMatchObject({ resourceType: "Observation", code: { coding: [{ code: "1015010" }] }, valueQuantity: { code: "105" }, referenceRange: [{ low: { value: 120 }, high: { value: 160 } }] });
    const status = await post("$getstatus", { resourceType: "Parameters", parameter: [{ name: "OrderId", valueString: sim.ordersFor("res-1")[0]!.id }] });
    expect(status.body.parameter[0].valueString).toBe("Completed");
    expect((await post("$getresult", { resourceType: "Parameters", parameter: [] })).body.issue.map((i: any) => i.diagnostics)).toEqual(["SourceCode is required", "TargetCode is required", "OrderMisID is required"]);
    await admin("PUT", "results", { delay_ms: 0, pdf: false });
  });

  test("the terminology: a dictionary's passport with its current version, its versions, nothing for an unknown one", async () => {
    const get = (path: string) => fetch(`${sim.termUrl}${path}`, { headers: { authorization: `N3 ${TOKEN}` } }).then((r) => r.json() as Promise<any>);
    const passport = await get("ValueSet?_format=json&url=urn:oid:1.2.643.5.1.13.13.11.1080");
    expect(passport).toMatchObject({ resourceType: "Bundle", type: "searchset", total: 1, entry: [{ resource: { resourceType: "ValueSet", url: "urn:oid:1.2.643.5.1.13.13.11.1080", version: "3.37" } }] });
    expect((await get("ValueSet/1.2.643.5.1.13.13.11.1080/$versions")).parameter.map((p: any) => p.valueString)).toEqual(["3.36", "3.37"]);
    expect((await get("ValueSet?url=urn:oid:1.2.3")).total).toBe(0);
    await admin("PUT", "dictionaries", { dictionaries: [{ oid: "1.2.3", versions: ["1", "2"], codes: { A: "a" } }] });
    expect((await get("ValueSet?url=urn:oid:1.2.3")).entry[0].resource.version).toBe("2");
  });

  test("faults: a status without the work, a drop after the work, an outcome, counted", async () => {
    await admin("PUT", "faults", { rules: [{ kind: "status", status: 503, calls: ["transaction"], times: 1 }, { kind: "drop", calls: ["transaction"], times: 1 }] });
    expect((await post("", bundle("f-1"))).status).toBe(503);
    expect(sim.ordersFor("f-1")).toHaveLength(0);
    const dropped = await post("", bundle("f-2")).catch((e) => e);
    expect(dropped).toBeInstanceOf(Error);
    expect(sim.ordersFor("f-2")).toHaveLength(1);
    expect((await admin("GET", "faults")).body.fired).toEqual({ "status 503": 1, drop: 1 });
    await admin("PUT", "faults", { rules: [{ kind: "outcome", status: 422, issues: ["first", "second"], times: 1 }] });
    const refused = await post("", bundle("f-3"));
    expect(refused.status).toBe(422);
    expect(refused.body.issue.map((i: any) => i.diagnostics)).toEqual(["first", "second"]);
    expect(sim.ordersFor("f-3")).toHaveLength(0);
    expect((await admin("PUT", "faults", { rules: [{ kind: "nonsense" }] })).status).toBe(400);
    await admin("DELETE", "faults");
    const state = (await admin("GET", "state")).body;
    expect(state.requests.transaction).toBeGreaterThan(5);
    expect(state.orders.find((o: any) => o.misId === "f-2")).toMatchObject({ status: "accepted", resources: { Order: 1, Patient: 1 } });
  });
});
