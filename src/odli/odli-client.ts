import { odliTexts as T } from "../messages/areas/odli.ts";
import { say } from "../messages/text.ts";
import { usageError } from "../kernel/agent-error.ts";
import { ShapeError } from "../kernel/json-shape.ts";
import { redactPersonalData } from "../privacy/redact.ts";
import type { Config } from "../config/schema.ts";
import { HttpClient, type HttpAnswer, type HttpDeps, type HttpRequest } from "../net/http-client.ts";
import { NetError, type NetErrorKind } from "../net/net-error.ts";
import { remoteOptions } from "../net/remote-options.ts";
import {
  diagnosticReportFrom,
  type DiagnosticReportView,
  observationFrom,
  type ObservationView,
  orderFromParameters,
  orderIdFromAnswer,
  orderQuery,
  type OrderResponseView,
  orderResponsesFrom,
  outcomeIssues,
  practitionerNameFrom,
  binaryFrom,
  versionFromValueSets,
} from "./mapping.ts";

/** The calls the agent makes, as errors and the simulator's fault rules name them. */
export type OdliCall = "transaction" | "getorder" | "getresult" | "read" | "valueset";

/**
 * How a call to ОДЛИ or its terminology service failed. The HTTP kinds come
 * from src/net/; ОДЛИ adds:
 * - `unauthorized`: 401/403, the token is wrong or expired: stop, do not retry;
 * - `rejected`: the service refused the request (an OperationOutcome, its issues kept);
 * - `tooLarge`: 413, the bundle is over the service's size limit;
 * - `notFound`: 404.
 */
export type OdliErrorKind = NetErrorKind | "unauthorized" | "rejected" | "tooLarge" | "notFound";

/** The one error of the ОДЛИ client; `message` is the log line (the token is never in it). */
export class OdliError extends Error {
  override readonly name = "OdliError";
  constructor(
    message: string,
    readonly kind: OdliErrorKind,
    readonly call: OdliCall,
    readonly o: {
      status?: number;
      /** The OperationOutcome's issues, redacted of patient data: what a refused referral keeps. */
      issues?: string[];
      /** Whether trying again later may work (connection trouble, timeouts, 5xx). */
      retryable: boolean;
      /** Whether a POST may have reached the service and been applied although no answer says so. */
      maybeApplied: boolean;
      cause?: unknown;
    },
  ) {
    super(message, { cause: o.cause });
  }

  get retryable(): boolean {
    return this.o.retryable;
  }

  get issues(): string[] {
    return this.o.issues ?? [];
  }
}

interface CallSpec {
  call: OdliCall;
  what: string;
  request: Omit<HttpRequest, "headers" | "accept" | "query"> & { query?: Record<string, string> };
  /** A POST that is not safe to repeat: its failures say whether it may have been applied. */
  applies?: boolean;
}

/**
 * The agent's client of ОДЛИ (exlab FHIR) and the terminology service, on
 * the shared HTTP layer with the `[odli]` section's timeout, retries, TLS and
 * proxy. Reads are retried with backoff; the order bundle is sent once per
 * call and never repeated by the HTTP layer — whether a lost answer means a
 * created order is asked with `$getorder` (the job does). Request bodies are
 * never gzipped: nothing says the N3 platform takes them so.
 */
export class OdliClient {
  constructor(
    private readonly exlab: HttpClient,
    private readonly term: HttpClient,
    private readonly token: string,
  ) {}

  static fromConfig(odli: Config["odli"], deps: HttpDeps = {}, readFile?: (path: string) => string): OdliClient {
    const missing = (["url", "term_url", "token"] as const).filter((k) => odli[k].trim() === "").map((k) => `odli.${k}`);
    if (missing.length > 0) throw usageError(say(T.notConfigured, { missing: missing.join(", ") }));
    const options = (url: string) => ({ ...remoteOptions("odli", { ...odli, url }, readFile), gzipMinBytes: Number.POSITIVE_INFINITY });
    return new OdliClient(new HttpClient(options(odli.url), deps), new HttpClient(options(odli.term_url), deps), odli.token);
  }

  /** Sends a referral's transaction bundle; answers the created Order's id. */
  async sendBundle(bundle: unknown, signal?: AbortSignal): Promise<string> {
    const spec: CallSpec = { call: "transaction", what: say(T.whatSend), request: { method: "POST", path: "", retry: false, signal }, applies: true };
    const answer = await this.call(this.exlab, spec, bundle);
    return this.read(spec, answer, (v) => orderIdFromAnswer(v));
  }

  /** The order ОДЛИ has for this referral (`$getorder` by its MIS id), or undefined when it has none. */
  async findOrder(q: { organizationGuid: string; labGuid: string; referralId: string | number }, signal?: AbortSignal): Promise<{ orderId: string; status?: string } | undefined> {
    const spec: CallSpec = { call: "getorder", what: say(T.whatGetOrder), request: { method: "POST", path: "$getorder", retry: true, signal } };
    try {
      const answer = await this.call(this.exlab, spec, orderQuery(q));
      return this.read(spec, answer, orderFromParameters);
    } catch (error) {
      if (error instanceof OdliError && error.kind === "notFound") return undefined;
      throw error;
    }
  }

  /** The OrderResponses of an order's results (`$getresult`); empty while there are none yet. */
  async results(q: { organizationGuid: string; labGuid: string; referralId: string | number }, signal?: AbortSignal): Promise<OrderResponseView[]> {
    const spec: CallSpec = { call: "getresult", what: say(T.whatGetResult), request: { method: "POST", path: "$getresult", retry: true, signal } };
    try {
      const answer = await this.call(this.exlab, spec, orderQuery(q));
      return this.read(spec, answer, orderResponsesFrom);
    } catch (error) {
      if (error instanceof OdliError && error.kind === "notFound") return [];
      throw error;
    }
  }

  async diagnosticReport(id: string, signal?: AbortSignal): Promise<DiagnosticReportView> {
    return this.resource("DiagnosticReport", id, diagnosticReportFrom, signal);
  }

  async observation(id: string, signal?: AbortSignal): Promise<ObservationView> {
    return this.resource("Observation", id, observationFrom, signal);
  }

  async practitionerName(id: string, signal?: AbortSignal): Promise<string | null> {
    return this.resource("Practitioner", id, practitionerNameFrom, signal);
  }

  async binary(id: string, signal?: AbortSignal): Promise<{ contentType: string; bytes: Uint8Array }> {
    return this.resource("Binary", id, binaryFrom, signal);
  }

  /** The dictionary's current version at the terminology service; undefined when it does not know the dictionary. */
  async dictionaryVersion(oid: string, signal?: AbortSignal): Promise<string | undefined> {
    const spec: CallSpec = {
      call: "valueset",
      what: say(T.whatVersion, { oid }),
      request: { method: "GET", path: "ValueSet", query: { url: `urn:oid:${oid}` }, retry: true, signal },
    };
    const answer = await this.call(this.term, spec);
    return this.read(spec, answer, (v) => versionFromValueSets(v, oid));
  }

  close(): void {
    this.exlab.close();
    this.term.close();
  }

  private async resource<R>(type: string, id: string, check: (v: unknown) => R, signal?: AbortSignal): Promise<R> {
    const spec: CallSpec = { call: "read", what: say(T.whatRead, { type }), request: { method: "GET", path: `${type}/${encodeURIComponent(id)}`, retry: true, signal } };
    return this.read(spec, await this.call(this.exlab, spec), check);
  }

  /** One request with the N3 header; 4xx answers are read (an OperationOutcome), not thrown by the HTTP layer. */
  private async call(http: HttpClient, spec: CallSpec, json?: unknown): Promise<HttpAnswer> {
    let answer: HttpAnswer;
    try {
      answer = await http.request({
        ...spec.request,
        query: { _format: "json", ...spec.request.query },
        headers: { authorization: `N3 ${this.token}`, accept: "application/json" },
        json,
        accept: (status) => status < 500,
      });
    } catch (error) {
      if (!(error instanceof NetError)) throw error;
      // A POST whose answer never came (cut, timed out, a 5xx) may have been applied all the same.
      const maybeApplied = spec.applies === true && (error.kind === "dropped" || error.kind === "timeout" || error.kind === "http");
      throw new OdliError(say(T.unreachable, { what: spec.what, detail: error.message }), error.kind, spec.call, { status: error.status, retryable: error.retryable, maybeApplied, cause: error });
    }
    if (answer.status >= 200 && answer.status < 300) return answer;
    throw this.statusError(spec, answer);
  }

  private statusError(spec: CallSpec, answer: HttpAnswer): OdliError {
    const { status } = answer;
    let issues: string[] | undefined;
    try {
      issues = outcomeIssues(JSON.parse(answer.text))?.map((i) => redactPersonalData(`${i.severity} ${i.code}: ${i.text}${i.location ? ` (${i.location})` : ""}`));
    } catch {
      issues = undefined;
    }
    // Without an OperationOutcome, a redacted first part of the body says what the service said.
    const reason = issues?.length ? issues.join("; ") : redactPersonalData(answer.text.replace(/\s+/g, " ").trim().slice(0, 200));
    const base = { status, issues, maybeApplied: false };
    if (status === 401 || status === 403) return new OdliError(say(T.unauthorized, { what: spec.what, status }), "unauthorized", spec.call, { ...base, retryable: false });
    if (status === 413) return new OdliError(say(T.serviceTooLarge, { what: spec.what }), "tooLarge", spec.call, { ...base, retryable: false });
    if (status === 404) return new OdliError(say(T.notFound, { what: spec.what, reason }), "notFound", spec.call, { ...base, retryable: false });
    return new OdliError(say(T.rejected, { what: spec.what, status, count: issues?.length ?? 0, reason }), "rejected", spec.call, { ...base, retryable: false });
  }

  /** The answer's JSON through a check; a `format` error naming the place when it is not what FHIR should be. */
  private read<R>(spec: CallSpec, answer: HttpAnswer, check: (v: unknown) => R): R {
    let value: unknown;
    try {
      value = answer.json();
    } catch (error) {
      const detail = error instanceof NetError ? error.detail : String(error);
      throw new OdliError(say(T.unreadable, { what: spec.what, detail }), "format", spec.call, { status: answer.status, retryable: false, maybeApplied: spec.applies === true, cause: error });
    }
    try {
      return check(value);
    } catch (error) {
      if (!(error instanceof ShapeError)) throw error;
      // The place and the kind of what was there, never the value: an answer may quote a patient.
      throw new OdliError(say(T.notFhir, { what: spec.what, detail: redactPersonalData(error.message) }), "format", spec.call, {
        status: answer.status,
        retryable: false,
        maybeApplied: spec.applies === true,
        cause: error,
      });
    }
  }
}
