/**
 * ОДЛИ (Netrika's lab exchange, FHIR DSTU2) and its terminology service on
 * loopback, for tests, benchmarks and the demo (`agent sim odli`). It checks
 * what it receives as strictly as the real service is known to
 * (order-checks.ts, written from odli.md, sharing nothing with the agent's
 * ОДЛИ module): the `N3` header, the bundle's type and profile, every entry,
 * reference and coding. It answers created ids or an OperationOutcome naming
 * every problem, produces results for accepted orders after a configurable
 * delay (its lab's catalogue, with a PDF when asked), counts what it took,
 * and injects faults switched at run time through /admin/ on the same port.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { closeServer, listen, readBody } from "../http-server.ts";
import { array, type Check, int, object, optional, parseJson, ShapeError, str, bool } from "../../kernel/json-shape.ts";
import { checkOrderBundle, type Issue } from "./order-checks.ts";
import { odliFaultSettings, OdliFaults, type OdliFaultRule, type OdliSimCall } from "./odli-faults.ts";
import { DEFAULT_CATALOGUE, DEFAULT_DICTIONARIES, type SimDictionary, type SimTest } from "./sim-terminology.ts";

export const EXLAB_PATH = "/exlab/api/fhir/";
export const TERM_PATH = "/nsi/fhir/term/";

/** Organizations the demo uses: its МО and the two labs reached through ОДЛИ. */
export const DEMO_ORGANIZATIONS = ["5a7b3c1d-2e4f-4a6b-8c9d-0e1f2a3b4c5d", "3f1c2a9e-5b7d-4e21-9a63-0c8d1e2f4a51", "8d0e6b42-1c3a-4f95-b7e8-2a9c5d4e6f73"];

export interface OdliSimulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  now?: () => number;
  /** How long after an order is accepted its results are ready; default 0. */
  resultDelayMs?: number;
  /** The largest request the service takes (413 beyond); default 1 MiB. */
  maxBodyBytes?: number;
  /** Tokens accepted in `Authorization: N3 <token>`; empty: any GUID. */
  tokens?: string[];
  /** Organizations the platform knows (МО and labs); default the demo's. */
  organizations?: string[];
  /** Attach a PDF (Binary) to every report. */
  pdf?: boolean;
}

/** An order the simulator accepted. */
export interface SimOrder {
  id: string;
  /** The referral's id in the MIS (Order.identifier.value) and its system. */
  misId: string;
  misSystem: string;
  source: string;
  target: string;
  services: string[];
  acceptedAt: number;
  status: "accepted" | "completed" | "rejected";
  /** The ids of the order's resources, by type. */
  created: Record<string, string[]>;
  results?: { responseId: string; reports: string[]; date: string; status: "completed" | "rejected"; description?: string };
}

const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const LAB_DOCTOR_ID = "7e1d0c2b-0a9f-4e8d-8c7b-6a5f4e3d2c1b";

interface Outcome {
  status: number;
  body: unknown;
}

class Problem extends Error {
  constructor(
    readonly status: number,
    readonly issues: Issue[],
  ) {
    super(issues.map((i) => i.diagnostics).join("; "));
  }
}

const issue = (code: string, location: string, diagnostics: string): Issue => ({ severity: "error", code, location, diagnostics });
const outcome = (issues: Issue[]) => ({
  resourceType: "OperationOutcome",
  issue: issues.map((i) => ({ severity: i.severity, code: i.code, diagnostics: i.diagnostics, details: { text: i.diagnostics }, location: [i.location] })),
});

const adminTokens = object({ tokens: array(str({ min: 1 })) });
const adminOrganizations = object({ guids: array(str({ pattern: GUID, expected: "a GUID" })) });
const adminDictionaries: Check<{ dictionaries: SimDictionary[] }> = object({
  dictionaries: array(
    object({
      oid: str({ pattern: /^[0-2](\.\d+)+$/, expected: "an OID" }),
      name: optional(str()),
      versions: array(str({ min: 1 }), { min: 1 }),
      codes: optional((v: unknown, path: string) => {
        if (typeof v !== "object" || v === null || Array.isArray(v)) throw new ShapeError(path, `${path}: expected an object of code → name`);
        return v as Record<string, string>;
      }),
      pattern: optional(str()),
    }),
  ),
}) as Check<{ dictionaries: SimDictionary[] }>;
const adminResults = object({
  delay_ms: optional(int({ min: 0, max: 86_400_000 })),
  pdf: optional(bool),
  reject_services: optional(array(str())),
  max_body_bytes: optional(int({ min: 1024, max: 256 * 1024 * 1024 })),
});

export class OdliSimulator {
  readonly faults = new OdliFaults();
  readonly orders = new Map<string, SimOrder>();
  /** Requests per call, whatever their outcome. */
  readonly requests = new Map<OdliSimCall, number>();
  /** Bundles refused, with the issues answered (newest last). */
  readonly refusals: Array<{ misId?: string; status: number; issues: Issue[] }> = [];
  private readonly resources = new Map<string, Record<string, unknown>>();
  /** `Patient/<id>` and `Practitioner/<id>` created so far: what a bundle may refer to outside itself. */
  private readonly known = new Set<string>();
  /** Orders by the referral's MIS id (`system|value`), for duplicates and the operations. */
  private readonly byMisId = new Map<string, SimOrder>();
  private readonly dictionaries = new Map<string, SimDictionary>();
  private organizations: Set<string>;
  private tokens: Set<string>;
  private resultDelayMs: number;
  private maxBodyBytes: number;
  private pdf: boolean;
  private rejectServices = new Set<string>();
  private server: Server | undefined;
  private portNumber = 0;
  private sequence = 0;
  private readonly now: () => number;

  private constructor(o: OdliSimulatorOptions) {
    this.now = o.now ?? Date.now;
    this.resultDelayMs = o.resultDelayMs ?? 0;
    this.maxBodyBytes = o.maxBodyBytes ?? 1024 * 1024;
    this.pdf = o.pdf ?? false;
    this.tokens = new Set(o.tokens ?? []);
    this.organizations = new Set((o.organizations ?? DEMO_ORGANIZATIONS).map((g) => g.toLowerCase()));
    for (const d of DEFAULT_DICTIONARIES) this.dictionaries.set(d.oid, structuredClone(d));
    this.resources.set(`Practitioner/${LAB_DOCTOR_ID}`, {
      resourceType: "Practitioner",
      id: LAB_DOCTOR_ID,
      name: { family: ["Лаборантова", "Сергеевна"], given: ["Анна"] },
    });
  }

  static async start(o: OdliSimulatorOptions = {}): Promise<OdliSimulator> {
    const sim = new OdliSimulator(o);
    const server = createServer((req, res) => void sim.handle(req, res));
    sim.portNumber = await listen(server, o.port ?? 0);
    sim.server = server;
    return sim;
  }

  get url(): string {
    return `http://127.0.0.1:${this.portNumber}`;
  }

  /** The exlab FHIR base (odli.url). */
  get exlabUrl(): string {
    return `${this.url}${EXLAB_PATH}`;
  }

  /** The terminology base (odli.term_url). */
  get termUrl(): string {
    return `${this.url}${TERM_PATH}`;
  }

  /** How many orders were created for a referral's MIS id (more than one would be a double send). */
  ordersFor(misId: string): SimOrder[] {
    return [...this.orders.values()].filter((o) => o.misId === misId);
  }

  /** The orders of a MIS id from any sending system (the operations name no system: OrderMisID alone). */
  private ordersByMisValue(misId: string): SimOrder[] {
    const out: SimOrder[] = [];
    for (const [key, order] of this.byMisId) if (key.endsWith(`|${misId}`)) out.push(order);
    return out;
  }

  /** Replaces a dictionary (or adds one): a new version, other codes. */
  setDictionary(d: SimDictionary): void {
    this.dictionaries.set(d.oid, structuredClone(d));
  }

  dictionary(oid: string): SimDictionary | undefined {
    return this.dictionaries.get(oid);
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    await closeServer(server);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const url = new URL(req.url ?? "/", "http://sim");
    const method = req.method ?? "GET";
    if (url.pathname.startsWith("/admin/")) return this.reply(res, this.admin(method, url.pathname, raw.toString("utf8")));

    const call = callOf(method, url.pathname);
    if (!call) return this.reply(res, { status: 404, body: outcome([issue("not-supported", url.pathname, `${method} ${url.pathname} is not an operation of this service`)]) });
    this.requests.set(call, (this.requests.get(call) ?? 0) + 1);

    // The N3 header comes first: without a valid token nothing else is looked at.
    const auth = req.headers.authorization ?? "";
    const token = /^N3 (.+)$/.exec(auth)?.[1]?.trim();
    if (!token || (this.tokens.size > 0 ? !this.tokens.has(token) : !GUID.test(token))) {
      return this.reply(res, { status: 401, body: outcome([issue("security", "Authorization", token ? "the token is not valid or has expired" : "the header Authorization: N3 <token> is required")]) });
    }
    const fault = this.faults.pick(call);
    if (fault?.kind === "slow") await Bun.sleep(fault.delay_ms ?? 1000);
    if (fault?.kind === "status") return this.reply(res, { status: fault.status ?? 500, body: outcome([{ severity: "fatal", code: "exception", location: "", diagnostics: "fault injected by the simulator" }]) });
    if (fault?.kind === "unauthorized") return this.reply(res, { status: 401, body: outcome([issue("security", "Authorization", "the token has expired")]) });
    if (fault?.kind === "outcome") return this.reply(res, { status: fault.status ?? 400, body: outcome((fault.issues ?? ["refused"]).map((d) => issue("business-rule", "Bundle", d))) });

    let answer: Outcome;
    try {
      if (req.headers["content-encoding"] && req.headers["content-encoding"] !== "identity") {
        throw new Problem(415, [issue("not-supported", "Content-Encoding", `${req.headers["content-encoding"]} bodies are not taken`)]);
      }
      if (raw.length > this.maxBodyBytes) throw new Problem(413, [issue("too-long", "Bundle", `the request is ${raw.length} bytes, the service takes at most ${this.maxBodyBytes}`)]);
      answer = this.api(call, url, raw);
    } catch (error) {
      if (!(error instanceof Problem)) throw error;
      answer = { status: error.status, body: outcome(error.issues) };
    }
    if (fault?.kind === "drop") {
      req.socket.destroy();
      return;
    }
    if (fault?.kind === "malformed") {
      res.writeHead(200, { "content-type": "text/html" });
      res.end("<html><body><h1>502 Bad Gateway</h1><p>nginx</p></body></html>");
      return;
    }
    if (fault?.kind === "not_fhir") return this.reply(res, { status: 200, body: { ok: true, message: "accepted" } });
    this.reply(res, answer);
  }

  private api(call: OdliSimCall, url: URL, raw: Buffer): Outcome {
    switch (call) {
      case "transaction":
        return this.transaction(raw);
      case "getorder":
        return this.getOrder(this.parameters(raw));
      case "getorders":
        return this.getOrders(this.parameters(raw));
      case "getresult":
        return this.getResult(this.parameters(raw));
      case "getstatus":
        return this.getStatus(this.parameters(raw));
      case "read": {
        const rel = url.pathname.slice(EXLAB_PATH.length);
        const resource = this.resources.get(rel);
        if (!resource) throw new Problem(404, [issue("not-found", rel, `${rel} does not exist`)]);
        return { status: 200, body: resource };
      }
      case "valueset":
        return this.valueSets(url);
    }
  }

  private json(raw: Buffer): unknown {
    const parsed = parseJson(raw.toString("utf8"));
    if (!parsed.ok) throw new Problem(400, [issue("structure", "body", `the body is not JSON (${parsed.detail})`)]);
    return parsed.value;
  }

  private transaction(raw: Buffer): Outcome {
    const body = this.json(raw);
    const checked = checkOrderBundle(body, { dictionaries: this.dictionaries, organizations: this.organizations, known: this.known });
    const order = checked.bundle?.order;
    const identifier = order ? (order.identifier as Array<{ system: string; value: string; assigner: { reference: string } }>)[0]! : undefined;
    const misOf = () => {
      const entry = Array.isArray((body as { entry?: unknown }).entry) ? (body as { entry: Array<{ resource?: { resourceType?: string; identifier?: Array<{ value?: string }> } }> }).entry : [];
      return entry.find((e) => e?.resource?.resourceType === "Order")?.resource?.identifier?.[0]?.value;
    };
    if (!checked.bundle || !identifier) {
      this.refusals.push({ misId: misOf(), status: 400, issues: checked.issues });
      throw new Problem(400, checked.issues);
    }
    const duplicate = this.byMisId.get(`${identifier.system}|${identifier.value}`);
    if (duplicate) {
      const issues = [issue("duplicate", "Order.identifier", `an order for ${identifier.value} exists already: Order/${duplicate.id}`)];
      this.refusals.push({ misId: identifier.value, status: 400, issues });
      throw new Problem(400, issues);
    }
    // Create every resource with an id; references inside the bundle become Type/id.
    const ids = new Map<string, string>();
    for (const e of checked.bundle.entries) ids.set(e.fullUrl, `${e.resource.resourceType}/${this.newId()}`);
    const created: Record<string, string[]> = {};
    const response: Array<Record<string, unknown>> = [];
    const ordered = [...checked.bundle.entries].sort((a, b) => (a.resource.resourceType === "Order" ? -1 : b.resource.resourceType === "Order" ? 1 : 0));
    for (const e of ordered) {
      const ref = ids.get(e.fullUrl)!;
      const [type, id] = ref.split("/") as [string, string];
      const resource = rewriteReferences({ ...e.resource, id }, ids) as Record<string, unknown>;
      this.resources.set(ref, resource);
      if (type === "Patient" || type === "Practitioner") this.known.add(ref);
      (created[type] ??= []).push(id);
      response.push({ fullUrl: e.fullUrl, resource: { resourceType: type, id }, response: { status: "201 Created", location: `${ref}/_history/1` } });
    }
    const orderId = created.Order![0]!;
    const diagnosticOrders = (created.DiagnosticOrder ?? []).map((id) => this.resources.get(`DiagnosticOrder/${id}`)!);
    const services = diagnosticOrders.flatMap((d) =>
      ((d.item as Array<{ code: { coding: Array<{ system: string; code: string }> } }>) ?? []).map((i) => i.code.coding.find((c) => c.system.startsWith("urn:oid:"))!.code),
    );
    const accepted: SimOrder = {
      id: orderId,
      misId: identifier.value,
      misSystem: identifier.system,
      source: identifier.assigner.reference.replace(/^Organization\//, "").toLowerCase(),
      target: String((order!.target as { reference: string }).reference).replace(/^Organization\//, "").toLowerCase(),
      services,
      acceptedAt: this.now(),
      status: "accepted",
      created,
    };
    this.orders.set(orderId, accepted);
    this.byMisId.set(`${identifier.system}|${identifier.value}`, accepted);
    return { status: 200, body: { resourceType: "Bundle", id: this.newId(), type: "transaction-response", entry: response } };
  }

  /** The valueString parameters of an operation's Parameters. */
  private parameters(raw: Buffer): Map<string, string> {
    const body = this.json(raw) as { resourceType?: string; parameter?: unknown };
    if (body?.resourceType !== "Parameters" || !Array.isArray(body.parameter)) throw new Problem(400, [issue("structure", "Parameters", "the body must be a FHIR Parameters resource")]);
    const out = new Map<string, string>();
    body.parameter.forEach((p: { name?: unknown; valueString?: unknown }, i: number) => {
      if (typeof p?.name !== "string" || typeof p.valueString !== "string") throw new Problem(400, [issue("structure", `Parameters.parameter[${i}]`, "each parameter is a name with a valueString")]);
      out.set(p.name, p.valueString);
    });
    return out;
  }

  private required(p: Map<string, string>, names: string[]): string[] {
    const missing = names.filter((n) => !p.get(n));
    if (missing.length > 0) throw new Problem(400, missing.map((n) => issue("required", `Parameters.${n}`, `${n} is required`)));
    return names.map((n) => p.get(n)!);
  }

  private findOrder(p: Map<string, string>): SimOrder | undefined {
    const [source, target, misId] = this.required(p, ["SourceCode", "TargetCode", "OrderMisID"]);
    return this.ordersByMisValue(misId!).find((o) => o.source === source!.toLowerCase() && o.target === target!.toLowerCase());
  }

  private getOrder(p: Map<string, string>): Outcome {
    const order = this.findOrder(p);
    return { status: 200, body: { resourceType: "Parameters", parameter: order ? [{ name: "Order", resource: this.orderResource(order) }] : [] } };
  }

  private getOrders(p: Map<string, string>): Outcome {
    const target = (p.get("TargetCode") ?? "").toLowerCase();
    const source = (p.get("SourceCode") ?? "").toLowerCase();
    const count = Number(p.get("_count") ?? 100);
    const list = [...this.orders.values()].filter((o) => (!target || o.target === target) && (!source || o.source === source)).slice(0, count);
    return { status: 200, body: { resourceType: "Parameters", parameter: list.map((o) => ({ name: "Order", resource: this.orderResource(o) })) } };
  }

  private getStatus(p: Map<string, string>): Outcome {
    const [orderId] = this.required(p, ["OrderId"]);
    const order = this.orders.get(orderId!);
    if (!order) throw new Problem(404, [issue("not-found", "Parameters.OrderId", `Order/${orderId} does not exist`)]);
    this.produceResults(order);
    const status = { accepted: "Accepted", completed: "Completed", rejected: "Rejected" }[order.status];
    return { status: 200, body: { resourceType: "Parameters", parameter: [{ name: "Status", valueString: status }] } };
  }

  private getResult(p: Map<string, string>): Outcome {
    const order = this.findOrder(p);
    if (!order) throw new Problem(404, [issue("not-found", "Parameters.OrderMisID", `no order for ${p.get("OrderMisID")} from this МО to this lab`)]);
    this.produceResults(order);
    const r = order.results;
    if (!r) return { status: 200, body: { resourceType: "Parameters", parameter: [] } };
    const response = {
      resourceType: "OrderResponse",
      id: r.responseId,
      request: { reference: `Order/${order.id}` },
      date: r.date,
      who: { reference: `Organization/${order.target}` },
      orderStatus: r.status,
      ...(r.description ? { description: r.description } : {}),
      fulfillment: r.reports.map((id) => ({ reference: `DiagnosticReport/${id}` })),
    };
    return { status: 200, body: { resourceType: "Parameters", parameter: [{ name: "OrderResponse", resource: response }] } };
  }

  private orderResource(o: SimOrder): Record<string, unknown> {
    return { ...this.resources.get(`Order/${o.id}`), status: o.status };
  }

  /** Once the delay has passed: the lab's result (reports, observations, a PDF when asked), or its refusal. */
  private produceResults(order: SimOrder): void {
    if (order.results || this.now() < order.acceptedAt + this.resultDelayMs) return;
    const date = new Date(this.now()).toISOString();
    if (order.services.some((s) => this.rejectServices.has(s))) {
      order.status = "rejected";
      order.results = { responseId: this.newId(), reports: [], date, status: "rejected", description: "Биоматериал не пригоден для исследования: гемолиз" };
      return;
    }
    const reports: string[] = [];
    for (const service of order.services) {
      const reportId = this.newId();
      const observations: string[] = [];
      for (const test of DEFAULT_CATALOGUE[service] ?? []) {
        const id = this.newId();
        this.resources.set(`Observation/${id}`, this.observation(id, order.id, test, date));
        observations.push(id);
      }
      const version = (oid: string) => this.dictionaries.get(oid)?.versions.at(-1) ?? "1";
      const report: Record<string, unknown> = {
        resourceType: "DiagnosticReport",
        id: reportId,
        meta: { security: [{ code: "N" }] },
        status: "final",
        code: { coding: [{ system: "urn:oid:1.2.643.2.69.1.1.1.31", code: service, version: version("1.2.643.2.69.1.1.1.31") }] },
        subject: { reference: `Patient/${order.created.Patient?.[0] ?? "unknown"}` },
        effectiveDateTime: date,
        issued: date,
        performer: { reference: `Practitioner/${LAB_DOCTOR_ID}` },
        result: observations.map((id) => ({ reference: `Observation/${id}` })),
        conclusion: observations.length > 0 ? "Исследование выполнено." : "Исследование выполнено, заключение в приложенном документе.",
      };
      if (this.pdf) {
        const binaryId = this.newId();
        const pdf = Buffer.from(`%PDF-1.4\n% ODLI simulator: result ${reportId}\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n`);
        this.resources.set(`Binary/${binaryId}`, { resourceType: "Binary", id: binaryId, contentType: "application/pdf", content: pdf.toString("base64") });
        report.presentedForm = [{ contentType: "application/pdf", url: `Binary/${binaryId}`, title: "Результат исследования" }];
      }
      this.resources.set(`DiagnosticReport/${reportId}`, report);
      reports.push(reportId);
    }
    order.status = "completed";
    order.results = { responseId: this.newId(), reports, date, status: "completed" };
  }

  /** A test's value, the same for the same order and test: mostly within the norms, sometimes not. */
  private observation(id: string, orderId: string, test: SimTest, issued: string): Record<string, unknown> {
    const u = unit01(`${orderId}|${test.code}`);
    const version = (oid: string) => this.dictionaries.get(oid)?.versions.at(-1) ?? "1";
    const base = {
      resourceType: "Observation",
      id,
      status: "final",
      code: { coding: [{ system: "urn:oid:1.2.643.5.1.13.13.11.1080", code: test.code, version: version("1.2.643.5.1.13.13.11.1080") }] },
      issued,
      performer: [{ reference: `Practitioner/${LAB_DOCTOR_ID}` }],
    };
    if (test.texts) return { ...base, valueString: test.texts[u < 0.8 ? 0 : 1] };
    const low = test.low ?? 0;
    const high = test.high ?? low + 1;
    const value = Number((low + (high - low) * (u * 1.3 - 0.15)).toFixed(test.decimals ?? 2));
    const flag = value < low ? "L" : value > high ? "H" : "N";
    return {
      ...base,
      valueQuantity: { value, ...(test.unit ? { code: test.unit, system: "urn:oid:1.2.643.5.1.13.13.11.1358" } : {}) },
      referenceRange: [{ low: { value: low }, high: { value: high } }],
      interpretation: { coding: [{ system: "urn:oid:1.2.643.5.1.13.13.11.1381", code: flag, version: version("1.2.643.5.1.13.13.11.1381") }] },
    };
  }

  /** The terminology service: a dictionary's passport by `url`, or its versions. */
  private valueSets(url: URL): Outcome {
    const rel = url.pathname.slice(TERM_PATH.length);
    const versions = /^ValueSet\/([0-9.]+)\/\$versions$/.exec(rel);
    if (versions) {
      const d = this.dictionaries.get(versions[1]!);
      if (!d) throw new Problem(404, [issue("not-found", rel, `no dictionary ${versions[1]}`)]);
      return { status: 200, body: { resourceType: "Parameters", parameter: d.versions.map((v) => ({ name: "version", valueString: v })) } };
    }
    const wanted = url.searchParams.get("url") ?? "";
    const oid = wanted.startsWith("urn:oid:") ? wanted.slice(8) : "";
    const d = this.dictionaries.get(oid);
    const entry = d ? [{ fullUrl: `${this.termUrl}ValueSet/${d.oid}`, resource: { resourceType: "ValueSet", id: d.oid, url: `urn:oid:${d.oid}`, version: d.versions.at(-1), name: d.name, status: "active" } }] : [];
    return { status: 200, body: { resourceType: "Bundle", type: "searchset", total: entry.length, entry } };
  }

  private newId(): string {
    this.sequence++;
    const h = (n: number) => (unit01(`${this.sequence}|${n}`) * 0xffffffff >>> 0).toString(16).padStart(8, "0");
    const a = h(1);
    const b = h(2);
    const c = h(3);
    const d = h(4);
    return `${a}-${b.slice(0, 4)}-4${b.slice(5, 8)}-a${c.slice(1, 4)}-${c.slice(4)}${d}`;
  }

  private admin(method: string, path: string, body: string): Outcome {
    try {
      const input = (check: Check<unknown>) => {
        const parsed = parseJson(body || "{}");
        if (!parsed.ok) throw new ShapeError("", `not JSON: ${parsed.detail}`);
        return check(parsed.value, "");
      };
      if (path === "/admin/state" && method === "GET") {
        return {
          status: 200,
          body: {
            orders: [...this.orders.values()].map(({ created, ...o }) => ({ ...o, resources: Object.fromEntries(Object.entries(created).map(([k, v]) => [k, v.length])) })),
            requests: Object.fromEntries(this.requests),
            refusals: this.refusals,
            faults: this.faults.state(),
          },
        };
      }
      if (path === "/admin/orders" && method === "DELETE") {
        this.orders.clear();
        this.byMisId.clear();
        this.refusals.length = 0;
        this.requests.clear();
        return { status: 200, body: { cleared: true } };
      }
      if (path === "/admin/faults") {
        if (method === "PUT") this.faults.set((input(odliFaultSettings) as { rules?: OdliFaultRule[] }).rules ?? []);
        else if (method === "DELETE") this.faults.set([]);
        return { status: 200, body: this.faults.state() };
      }
      if (path === "/admin/tokens" && method === "PUT") {
        this.tokens = new Set((input(adminTokens) as { tokens: string[] }).tokens);
        return { status: 200, body: { tokens: this.tokens.size } };
      }
      if (path === "/admin/organizations" && method === "PUT") {
        this.organizations = new Set((input(adminOrganizations) as { guids: string[] }).guids.map((g) => g.toLowerCase()));
        return { status: 200, body: { organizations: this.organizations.size } };
      }
      if (path === "/admin/dictionaries" && method === "PUT") {
        for (const d of (input(adminDictionaries) as { dictionaries: SimDictionary[] }).dictionaries) this.setDictionary({ ...d, name: d.name ?? d.oid });
        return { status: 200, body: { dictionaries: this.dictionaries.size } };
      }
      if (path === "/admin/results" && method === "PUT") {
        const r = input(adminResults) as { delay_ms?: number; pdf?: boolean; reject_services?: string[]; max_body_bytes?: number };
        if (r.delay_ms !== undefined) this.resultDelayMs = r.delay_ms;
        if (r.pdf !== undefined) this.pdf = r.pdf;
        if (r.reject_services !== undefined) this.rejectServices = new Set(r.reject_services);
        if (r.max_body_bytes !== undefined) this.maxBodyBytes = r.max_body_bytes;
        return { status: 200, body: { delay_ms: this.resultDelayMs, pdf: this.pdf, reject_services: [...this.rejectServices], max_body_bytes: this.maxBodyBytes } };
      }
      return { status: 404, body: { error: `no admin call ${method} ${path}` } };
    } catch (error) {
      if (error instanceof ShapeError) return { status: 400, body: { error: error.message } };
      throw error;
    }
  }

  private reply(res: ServerResponse, o: Outcome): void {
    const text = JSON.stringify(o.body);
    res.writeHead(o.status, { "content-type": "application/json+fhir; charset=utf-8", date: new Date(this.now()).toUTCString() });
    res.end(text);
  }
}

function callOf(method: string, path: string): OdliSimCall | undefined {
  if (path.startsWith(TERM_PATH)) return path.slice(TERM_PATH.length).startsWith("ValueSet") ? "valueset" : undefined;
  if (path === EXLAB_PATH || path === EXLAB_PATH.slice(0, -1)) return method === "POST" ? "transaction" : undefined;
  if (!path.startsWith(EXLAB_PATH)) return undefined;
  const rel = path.slice(EXLAB_PATH.length);
  const operations: Record<string, OdliSimCall> = { $getorder: "getorder", $getorders: "getorders", $getresult: "getresult", $getstatus: "getstatus" };
  if (method === "POST" && operations[rel]) return operations[rel];
  if (method === "GET" && /^[A-Za-z]+\/[^/]+$/.test(rel)) return "read";
  return undefined;
}

/** Every `urn:uuid:` reference of the bundle replaced by the Type/id it was created as. */
function rewriteReferences(node: unknown, ids: ReadonlyMap<string, string>): unknown {
  if (Array.isArray(node)) return node.map((x) => rewriteReferences(x, ids));
  if (typeof node !== "object" || node === null) return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) out[k] = k === "reference" && typeof v === "string" && ids.has(v) ? ids.get(v) : rewriteReferences(v, ids);
  return out;
}

/** FNV-1a of a text as a number in [0, 1): the simulator's deterministic dice. */
function unit01(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) / 4294967296;
}
