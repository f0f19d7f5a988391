import { codTexts as C } from "../messages/areas/cod.ts";
import { say, type Text } from "../messages/text.ts";
import { usageError } from "../kernel/agent-error.ts";
import { type Check, ShapeError } from "../kernel/json-shape.ts";
import { redactPersonalData } from "../privacy/redact.ts";
import type { Config } from "../config/schema.ts";
import { HttpClient, type HttpAnswer, type HttpDeps, type HttpStream, type RequestBody } from "../net/http-client.ts";
import { NetError } from "../net/net-error.ts";
import { remoteOptions } from "../net/remote-options.ts";
import { CodError, type CodCall } from "./cod-error.ts";
import {
  ackAnswer,
  BATCH_ID,
  catalogAnswer,
  DOCUMENT_ID,
  documentAckAnswer,
  documentAnswer,
  documentList,
  errorBody,
  helloAnswer,
  MAX_PAGE_LIMIT,
  PROTOCOL_MAJOR,
  PROTOCOL_VERSION,
  pushAnswer,
  REPORT_ID,
  statisticsAnswer,
  type StatisticsWire,
  uploadAnswer,
  type KeyValue,
  type RowChange,
  streamPage,
  type StreamName,
  updateAnswer,
  type UpdateWire,
} from "./wire.ts";

/** A batch of changed rows to push; its id makes a resend harmless. */
export interface PushBatch {
  batchId: string;
  changes: readonly RowChange[];
}

/** A batch with its request body made ahead (`preparePush`): JSON and gzip done while another batch travels. */
export interface PreparedPush extends PushBatch {
  body: RequestBody | undefined;
}

/** The ЦОД's acknowledgement of a batch. */
export interface PushAck {
  batchId: string;
  /** `applied` by this request, or `duplicate`: applied before (a resend). */
  status: "applied" | "duplicate";
  rows: number;
}

/** One item of a pull stream: a document or a status, as row changes for the main DB. */
export interface StreamItem {
  position: string;
  id: string;
  changes: RowChange[];
}

export interface StreamPage {
  stream: StreamName;
  items: StreamItem[];
  /** Items remain after this page. */
  more: boolean;
  /** The last item's position: what to store with the applied page and acknowledge. Null for an empty page. */
  lastPosition: string | null;
}

export interface StreamAck {
  stream: StreamName;
  through: string;
  acknowledged: number;
}

/** An analysis an executing МО accepts: one entry of the exchange register. */
export interface CatalogEntry {
  analysisId: KeyValue;
  code: string;
  name: string;
  biomaterial: string | null;
  days: number | null;
}

export interface Catalog {
  lab: string;
  analyses: CatalogEntry[];
}

export interface Hello {
  protocol: string;
  server: string;
  time: string;
  mo: string;
  calls: string[];
}

/** The newest agent binary the ЦОД has for a platform and CPU level (protocol 1.2). */
export type CodUpdate = UpdateWire;

/** A signed PDF result to upload for the МО that ordered the analysis. */
export interface DocumentUpload {
  /** Chosen by this agent, unique per МО ([A-Za-z0-9._:-]{1,64}); uploading it again is harmless. */
  documentId: string;
  /** The МО that ordered the analysis: the only one it is listed for. */
  toMo: string;
  referralId: string;
  fileName: string;
  pdf: Uint8Array;
  /** The detached CMS signature of `pdf`. */
  signature: Uint8Array;
}

export interface DocumentUploadAck {
  documentId: string;
  /** `stored` by this request, or `duplicate`: stored before (a resend). */
  status: "stored" | "duplicate";
  position: string;
}

/** A document listed for this МО, without its files. */
export interface DocumentEntry {
  position: string;
  documentId: string;
  fromMo: string;
  referralId: string;
  fileName: string;
  pdfSize: number;
  pdfSha256: string;
  signatureSize: number;
  uploadedAt: string;
}

export interface DocumentPage {
  documents: DocumentEntry[];
  more: boolean;
  /** The last document's position: acknowledge through it once the page is stored. Null for an empty page. */
  lastPosition: string | null;
}

/** A downloaded document: both files checked against their hashes. */
export interface DownloadedDocument {
  documentId: string;
  fromMo: string;
  referralId: string;
  fileName: string;
  uploadedAt: string;
  pdf: Uint8Array;
  signature: Uint8Array;
}

export interface DocumentAck {
  through: string;
  acknowledged: number;
}

/**
 * Told after every call whether the ЦОД answered: `ok` when an answer in the
 * protocol came back (a rejection is an answer too), not ok when none did
 * (refused, timed out, dropped, 5xx, unreadable). The service's status line
 * shows the last one.
 */
export type CodObserver = (outcome: { ok: boolean; call: CodCall; at: number }) => void;

/** Options of one call: the task's signal, so a stopping service cancels it. */
export interface CallOptions {
  signal?: AbortSignal;
}

const sha256 = (b: Uint8Array): string => new Bun.CryptoHasher("sha256").update(b).digest("hex");

/** What reading each stream is called in the manual's lines («… ответа на получение направлений на анализы»). */
export const STREAM_WHAT: Readonly<Record<StreamName, Text>> = {
  "referral-statuses": C.whatReferralStatuses,
  "result-statuses": C.whatResultStatuses,
  "special-marks": C.whatSpecialMarks,
  referrals: C.whatReferrals,
  results: C.whatResults,
  "bacteriology-results": C.whatBacteriology,
};

const pushBody = (batch: PushBatch) => ({ batch_id: batch.batchId, changes: batch.changes });

interface CallSpec<T> {
  call: CodCall;
  /** The call as the format message names it («получение направлений на анализы»). */
  what: string;
  method: "GET" | "POST";
  path: string;
  query?: Record<string, string | number | undefined>;
  json?: unknown;
  /** The JSON body made ahead (instead of `json`). */
  body?: RequestBody;
  check: Check<T>;
  /** Checks that tie the answer to the request (the batch id, the stream). */
  matches?: (answer: T) => string | undefined;
  batchId?: string;
  /** What a rejection names, when it is not the batch or the call («документ res-1»). */
  rejectedWhat?: string;
}

/**
 * The agent's client of the ЦОД protocol (src/cod/PROTOCOL.md), on top of the
 * shared HTTP layer. Every call sends the protocol version, the МО's id and
 * token; checks the version of every answer; validates every answer before
 * handing it out; and turns every failure into one CodError. Every call is
 * safe to repeat, so the HTTP layer retries connection errors, timeouts and
 * 5xx with backoff.
 */
export class CodClient {
  constructor(
    private readonly http: HttpClient,
    private readonly moId: string,
    private readonly token: string,
    private readonly observer?: CodObserver,
  ) {}

  /** A client for the `[cod]` settings; a usage error naming what is missing when the ЦОД is not configured. */
  static fromConfig(cod: Config["cod"], deps: HttpDeps = {}, readFile?: (path: string) => string, observer?: CodObserver): CodClient {
    const missing = (["url", "token", "mo_id"] as const).filter((k) => cod[k].trim() === "").map((k) => `cod.${k}`);
    if (missing.length > 0) throw usageError(say(C.notConfigured, { missing: missing.join(", ") }));
    return new CodClient(new HttpClient(remoteOptions("cod", cod, readFile), deps), cod.mo_id, cod.token, observer);
  }

  /** The ЦОД's protocol version and calls. */
  async hello(o: CallOptions = {}): Promise<Hello> {
    return this.call({ call: "hello", what: say(C.whatHello), method: "GET", path: "/api/v1/hello", check: helloAnswer }, o);
  }

  /** Encodes a batch's request ahead of sending it (the body `push` would make). */
  async preparePush(batch: PushBatch): Promise<PreparedPush> {
    if (!BATCH_ID.test(batch.batchId)) throw new RangeError(`batch id ${JSON.stringify(batch.batchId)} does not match ${BATCH_ID}`);
    return { ...batch, body: await this.http.encodeJson(pushBody(batch)) };
  }

  /** Pushes one batch of changed rows. Resending the same batch id is harmless (`duplicate`). */
  async push(batch: PushBatch | PreparedPush, o: CallOptions = {}): Promise<PushAck> {
    const a = await this.call(
      {
        call: "push",
        what: say(C.whatPush),
        method: "POST",
        path: "/api/v1/push",
        json: "body" in batch ? undefined : pushBody(batch),
        body: "body" in batch ? batch.body : undefined,
        check: pushAnswer,
        matches: (x) => (x.batch_id === batch.batchId ? undefined : say(C.otherBatch, { sent: batch.batchId, got: x.batch_id })),
        batchId: batch.batchId,
      },
      o,
    );
    return { batchId: a.batch_id, status: a.status, rows: a.rows };
  }

  /** Reads a page of a stream after the last applied position (null at first). */
  async readStream(stream: StreamName, after: string | null, o: CallOptions & { limit?: number } = {}): Promise<StreamPage> {
    const limit = Math.max(1, Math.min(MAX_PAGE_LIMIT, o.limit ?? 500));
    const page = await this.call(
      {
        call: "read",
        what: say(STREAM_WHAT[stream]),
        method: "GET",
        path: `/api/v1/streams/${stream}`,
        query: { after: after ?? undefined, limit },
        check: streamPage(stream),
        matches: (x) => (x.stream === stream ? undefined : say(C.otherStream, { asked: stream, got: x.stream })),
      },
      o,
    );
    return { stream, items: page.items, more: page.more, lastPosition: page.items.at(-1)?.position ?? null };
  }

  /** Acknowledges every item of the stream through `position`; the ЦОД then stops serving them. */
  async ackStream(stream: StreamName, through: string, o: CallOptions = {}): Promise<StreamAck> {
    const a = await this.call(
      {
        call: "ack",
        what: say(C.whatAck, { what: say(STREAM_WHAT[stream]) }),
        method: "POST",
        path: `/api/v1/streams/${stream}/ack`,
        json: { through },
        check: ackAnswer,
        matches: (x) => (x.stream === stream ? undefined : say(C.otherStream, { asked: stream, got: x.stream })),
      },
      o,
    );
    return { stream, through: a.through, acknowledged: a.acknowledged };
  }

  /** The analyses an executing МО accepts: its whole catalog, for the exchange register. */
  async catalog(lab: string, o: CallOptions = {}): Promise<Catalog> {
    const a = await this.call(
      {
        call: "catalog",
        what: say(C.whatCatalog),
        method: "GET",
        path: "/api/v1/catalog",
        query: { lab },
        check: catalogAnswer,
        matches: (x) => (x.lab === lab ? undefined : say(C.otherLab, { asked: lab, got: x.lab })),
      },
      o,
    );
    return {
      lab: a.lab,
      analyses: a.analyses.map((e) => ({ analysisId: e.analysis_id, code: e.code, name: e.name, biomaterial: e.biomaterial ?? null, days: e.days ?? null })),
    };
  }

  /**
   * The newest agent binary for this platform and CPU level, or null when the
   * ЦОД has none (protocol 1.2; an older ЦОД answers a version error).
   */
  async latestUpdate(platform: string, cpu: "avx2" | "baseline", current: string, o: CallOptions = {}): Promise<CodUpdate | null> {
    const a = await this.call(
      {
        call: "update",
        what: say(C.whatUpdate),
        method: "GET",
        path: "/api/v1/updates/latest",
        query: { platform, cpu, current },
        check: updateAnswer,
        matches: (x) => (x.update === null || (x.update.platform === platform && x.update.cpu === cpu) ? undefined : say(C.otherPlatform, { asked: `${platform}/${cpu}`, got: `${x.update.platform}/${x.update.cpu}` })),
      },
      o,
    );
    return a.update;
  }

  /**
   * Downloads an update's binary from the path `latestUpdate` gave, handing
   * it to `onChunk` as it arrives; answers its length. At most `maxBytes`.
   */
  async downloadUpdate(path: string, onChunk: (chunk: Uint8Array) => void | Promise<void>, maxBytes: number, o: CallOptions = {}): Promise<number> {
    const spec: CallSpec<unknown> = { call: "update-download", what: say(C.whatUpdateDownload), method: "GET", path, check: (v) => v };
    let stream: HttpStream;
    try {
      stream = await this.http.stream({ path, headers: this.headers(), signal: o.signal });
      const theirs = stream.headers.get("cod-protocol");
      if (stream.status !== 200) {
        const text = await stream.text();
        const answer: HttpAnswer = { status: stream.status, headers: stream.headers, text, attempts: 1, json: () => JSON.parse(text) };
        if (theirs === null) throw this.unexpectedStatus(answer, spec);
        throw this.statusError(answer, spec, theirs);
      }
      if (theirs === null) {
        stream.cancel();
        throw this.format(spec, say(C.noProtocolHeader, { setting: "cod" }));
      }
      return await stream.pipe(onChunk, maxBytes);
    } catch (error) {
      if (error instanceof NetError) throw this.fromNet(error, spec);
      throw error;
    }
  }

  /** Uploads a signed PDF (protocol 1.1). Uploading the same document id with the same files again answers `duplicate`. */
  async uploadDocument(d: DocumentUpload, o: CallOptions = {}): Promise<DocumentUploadAck> {
    if (!DOCUMENT_ID.test(d.documentId)) throw new RangeError(`document id ${JSON.stringify(d.documentId)} does not match ${DOCUMENT_ID}`);
    const a = await this.call(
      {
        call: "upload",
        what: say(C.whatUpload, { id: d.documentId }),
        method: "POST",
        path: "/api/v1/documents",
        json: {
          document_id: d.documentId,
          to_mo: d.toMo,
          referral_id: d.referralId,
          file_name: d.fileName,
          pdf: { base64: Buffer.from(d.pdf).toString("base64") },
          pdf_sha256: sha256(d.pdf),
          signature: { base64: Buffer.from(d.signature).toString("base64") },
          signature_sha256: sha256(d.signature),
        },
        check: uploadAnswer,
        matches: (x) => (x.document_id === d.documentId ? undefined : say(C.otherDocument, { asked: d.documentId, got: x.document_id })),
        rejectedWhat: say(C.rejectedDocument, { id: d.documentId }),
      },
      o,
    );
    return { documentId: a.document_id, status: a.status, position: a.position };
  }

  /** Lists the signed PDFs for this МО's referrals after a position (null at first), without their files. */
  async listDocuments(after: string | null, o: CallOptions & { limit?: number } = {}): Promise<DocumentPage> {
    const limit = Math.max(1, Math.min(MAX_PAGE_LIMIT, o.limit ?? 100));
    const a = await this.call(
      { call: "list", what: say(C.whatListDocuments), method: "GET", path: "/api/v1/documents", query: { after: after ?? undefined, limit }, check: documentList },
      o,
    );
    const documents = a.documents.map((d) => ({
      position: d.position,
      documentId: d.document_id,
      fromMo: d.from_mo,
      referralId: d.referral_id,
      fileName: d.file_name,
      pdfSize: d.pdf_size,
      pdfSha256: d.pdf_sha256,
      signatureSize: d.signature_size,
      uploadedAt: d.uploaded_at,
    }));
    return { documents, more: a.more, lastPosition: documents.at(-1)?.position ?? null };
  }

  /** Downloads one document with its signature; a file that does not match its hash is a format error. */
  async downloadDocument(fromMo: string, documentId: string, o: CallOptions = {}): Promise<DownloadedDocument> {
    const what = say(C.whatDownload, { id: documentId });
    const a = await this.call(
      {
        call: "download",
        what,
        method: "GET",
        path: `/api/v1/documents/${encodeURIComponent(fromMo)}/${encodeURIComponent(documentId)}`,
        check: documentAnswer,
        matches: (x) => (x.document_id === documentId && x.from_mo === fromMo ? undefined : say(C.otherDocument, { asked: `${fromMo}/${documentId}`, got: `${x.from_mo}/${x.document_id}` })),
        rejectedWhat: say(C.rejectedDocument, { id: documentId }),
      },
      o,
    );
    const pdf = new Uint8Array(Buffer.from(a.pdf.base64, "base64"));
    const signature = new Uint8Array(Buffer.from(a.signature.base64, "base64"));
    if (sha256(pdf) !== a.pdf_sha256) throw this.format({ call: "download", what }, say(C.hashMismatch, { field: "pdf" }));
    if (sha256(signature) !== a.signature_sha256) throw this.format({ call: "download", what }, say(C.hashMismatch, { field: "signature" }));
    return { documentId: a.document_id, fromMo: a.from_mo, referralId: a.referral_id, fileName: a.file_name, uploadedAt: a.uploaded_at, pdf, signature };
  }

  /**
   * Sends the agent's health (protocol 1.3). A repeat of the same report id
   * replaces the earlier report, so a resend after a lost answer is harmless;
   * a ЦОД that speaks 1.2 or older answers a version error (it lacks the call).
   */
  async uploadStatistics(report: StatisticsWire, o: CallOptions = {}): Promise<{ reportId: string; status: "stored" | "replaced" }> {
    if (!REPORT_ID.test(report.report_id)) throw new RangeError(`report id ${JSON.stringify(report.report_id)} does not match ${REPORT_ID}`);
    const a = await this.call(
      {
        call: "statistics",
        what: say(C.whatStatistics),
        method: "POST",
        path: "/api/v1/statistics",
        json: report,
        check: statisticsAnswer,
        matches: (x) => (x.report_id === report.report_id ? undefined : say(C.otherReport, { sent: report.report_id, got: x.report_id })),
      },
      o,
    );
    return { reportId: a.report_id, status: a.status };
  }

  /** Acknowledges every listed document through `position`; the ЦОД then stops listing them. */
  async ackDocuments(through: string, o: CallOptions = {}): Promise<DocumentAck> {
    const a = await this.call(
      { call: "doc-ack", what: say(C.whatAckDocuments), method: "POST", path: "/api/v1/documents/ack", json: { through }, check: documentAckAnswer },
      o,
    );
    return { through: a.through, acknowledged: a.acknowledged };
  }

  /** Closes idle connections. */
  close(): void {
    this.http.close();
  }

  private headers(): Record<string, string> {
    return { "cod-protocol": PROTOCOL_VERSION, "cod-mo": this.moId, authorization: `Bearer ${this.token}` };
  }

  private get address(): string {
    return new URL(this.http.options.baseUrl).host;
  }

  private async call<T>(spec: CallSpec<T>, o: CallOptions): Promise<T> {
    if (!this.observer) return this.callOnce(spec, o);
    try {
      const value = await this.callOnce(spec, o);
      this.observer({ ok: true, call: spec.call, at: Date.now() });
      return value;
    } catch (error) {
      // A rejection, a refused token or another version is an answer; a cancelled call says nothing.
      if (error instanceof CodError) this.observer({ ok: !["refused", "dropped", "timeout", "tls", "http", "format"].includes(error.kind), call: spec.call, at: Date.now() });
      throw error;
    }
  }

  private async callOnce<T>(spec: CallSpec<T>, o: CallOptions): Promise<T> {
    if (spec.batchId !== undefined && !BATCH_ID.test(spec.batchId)) throw new RangeError(`batch id ${JSON.stringify(spec.batchId)} does not match ${BATCH_ID}`);
    let answer: HttpAnswer;
    try {
      answer = await this.http.request({
        method: spec.method,
        path: spec.path,
        query: spec.query,
        json: spec.json,
        body: spec.body,
        headers: this.headers(),
        // Every call of the protocol is harmless to repeat (batch ids, cumulative acks, reads).
        retry: true,
        accept: (s) => s < 500 && s !== 429,
        signal: o.signal,
      });
    } catch (error) {
      if (error instanceof NetError) throw this.fromNet(error, spec);
      throw error;
    }
    const theirs = answer.headers.get("cod-protocol");
    if (theirs === null) {
      if (answer.status >= 300) throw this.unexpectedStatus(answer, spec);
      throw this.format(spec, say(C.noProtocolHeader, { setting: "cod" }));
    }
    const major = /^(\d+)\.(\d+)$/.exec(theirs.trim());
    if (!major) throw this.format(spec, say(C.badProtocolHeader, { got: theirs.slice(0, 20) }));
    if (Number(major[1]) !== PROTOCOL_MAJOR) {
      throw new CodError(say(C.versionMismatch, { theirs, ours: PROTOCOL_VERSION, newer: Number(major[1]) > PROTOCOL_MAJOR }), {
        kind: "version",
        call: spec.call,
        address: this.address,
        retryable: false,
        status: answer.status,
      });
    }
    if (answer.status >= 300) throw this.statusError(answer, spec, theirs);
    let body: unknown;
    try {
      body = answer.json();
    } catch (error) {
      if (error instanceof NetError) throw this.format(spec, error.detail, error);
      throw error;
    }
    let value: T;
    try {
      value = spec.check(body, "");
    } catch (error) {
      if (error instanceof ShapeError) throw this.format(spec, error.message, error);
      throw error;
    }
    const mismatch = spec.matches?.(value);
    if (mismatch) throw this.format(spec, mismatch);
    return value;
  }

  private fromNet(error: NetError, spec: CallSpec<any>): CodError {
    if (error.kind === "format") return this.format(spec, error.detail, error);
    return new CodError(say(C.noAnswer, { detail: error.message }), {
      kind: error.kind,
      call: spec.call,
      address: error.address,
      retryable: error.retryable,
      status: error.status,
      cause: error,
    });
  }

  private format(spec: Pick<CallSpec<unknown>, "call" | "what">, detail: string, cause?: unknown): CodError {
    return new CodError(say(C.badFormat, { what: spec.what, detail }), { kind: "format", call: spec.call, address: this.address, retryable: false, cause });
  }

  /** A 4xx (or 3xx) from the ЦОД: its reason is a remote text and is redacted before it is kept. */
  private statusError(answer: HttpAnswer, spec: CallSpec<any>, theirs: string): CodError {
    let code = "";
    let reason = "";
    try {
      const parsed = errorBody(JSON.parse(answer.text), "");
      code = parsed.error.code;
      reason = parsed.error.message ?? "";
    } catch {
      reason = answer.text.replace(/\s+/g, " ").trim();
    }
    reason = redactPersonalData(reason.slice(0, 500));
    const base = { call: spec.call, address: this.address, retryable: false, status: answer.status, code, reason };
    if (answer.status === 401 || answer.status === 403) {
      return new CodError(say(C.unauthorized, { mo: this.moId, status: answer.status }), { ...base, kind: "unauthorized" });
    }
    if ((answer.status === 404 && code === "unknown_call") || (answer.status === 400 && code === "protocol")) {
      return new CodError(say(C.unknownCall, { call: `${spec.method} ${spec.path}`, theirs }), { ...base, kind: "version" });
    }
    if (answer.status >= 400) {
      const what = spec.batchId !== undefined ? say(C.rejectedBatch, { batchId: spec.batchId }) : (spec.rejectedWhat ?? say(C.rejectedRequest, { what: spec.what }));
      return new CodError(say(C.rejected, { what, status: answer.status, code, reason: reason || say(C.noReason) }), { ...base, kind: "rejected" });
    }
    return this.unexpectedStatus(answer, spec);
  }

  private unexpectedStatus(answer: HttpAnswer, spec: CallSpec<any>): CodError {
    const reason = redactPersonalData(answer.text.replace(/\s+/g, " ").trim().slice(0, 200));
    return new CodError(say(C.unexpectedStatus, { status: answer.status, reason }), {
      kind: "http",
      call: spec.call,
      address: this.address,
      retryable: false,
      status: answer.status,
      reason,
    });
  }
}
