import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { copyFileSync, createReadStream, mkdirSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { type Check, ShapeError, parseJson } from "../../kernel/json-shape.ts";
import { BUILD } from "../../platform/build-info.ts";
import { type FaultRule, Faults, faultSettings, type SimCall } from "./faults.ts";
import { SimStore } from "./sim-store.ts";
import { closeServer, listen } from "../http-server.ts";
import { ackRequest, catalogRequest, publishRequest, pushRequest, seedRequest, SIM_PROTOCOL, SIM_STREAMS, statisticsRequest, tokensRequest, uploadRequest } from "./sim-wire.ts";

export interface CodSimulatorOptions {
  /** The folder of its SQLite store. */
  dataDir: string;
  /** The API port; 0 picks a free one. */
  port?: number;
  /** The admin port; 0 (default) picks a free one. */
  adminPort?: number;
  /** Only loopback: the simulator is a test and demo tool. */
  host?: "127.0.0.1";
  now?: () => number;
}

/** Largest request body the simulator reads (the protocol's 413). */
const MAX_BODY = 64 * 1024 * 1024;

class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

interface Outcome {
  status: number;
  body: unknown;
  /** A file to send as the body instead (a binary download). */
  file?: { path: string; size: number };
}

/**
 * A ЦОД on loopback, for tests, benchmarks and demos (`agent sim cod`). It
 * implements src/cod/PROTOCOL.md with its own store, counts every receipt and
 * application, and injects faults switched at run time through its admin
 * port. The admin port is separate so that it still answers while the API
 * port refuses connections.
 */
export class CodSimulator {
  readonly store: SimStore;
  readonly faults = new Faults();
  private api: Server | undefined;
  private admin: Server | undefined;
  private apiPort = 0;
  private adminPortNumber = 0;
  private readonly now: () => number;
  private readonly host: string;

  private constructor(private readonly o: CodSimulatorOptions) {
    this.now = o.now ?? Date.now;
    this.host = o.host ?? "127.0.0.1";
    this.store = new SimStore(o.dataDir, this.now);
  }

  /** Starts both ports and answers once they listen. */
  static async start(o: CodSimulatorOptions): Promise<CodSimulator> {
    const sim = new CodSimulator(o);
    sim.apiPort = o.port ?? 0;
    await sim.openApi();
    sim.admin = createServer((req, res) => void sim.handle(req, res, "admin"));
    sim.adminPortNumber = await listen(sim.admin, o.adminPort ?? 0, sim.host);
    return sim;
  }

  get url(): string {
    return `http://${this.host}:${this.apiPort}`;
  }

  get adminUrl(): string {
    return `http://${this.host}:${this.adminPortNumber}`;
  }

  async stop(): Promise<void> {
    await Promise.all([closeServer(this.api), closeServer(this.admin)]);
    this.api = undefined;
    this.admin = undefined;
    this.store.close();
  }

  private async openApi(): Promise<void> {
    this.api = createServer((req, res) => void this.handle(req, res, "api"));
    // The same port again after a refusal, so the client's address stays right.
    this.apiPort = await listen(this.api, this.apiPort, this.host);
  }

  /** Turns refusal on or off by closing or reopening the API port. */
  private async applyRefusal(): Promise<void> {
    if (this.faults.refuse && this.api) {
      const api = this.api;
      this.api = undefined;
      await closeServer(api);
    } else if (!this.faults.refuse && !this.api) {
      await this.openApi();
    }
  }

  private async handle(req: IncomingMessage, res: ServerResponse, port: "api" | "admin"): Promise<void> {
    let body: Buffer;
    try {
      body = await readBody(req);
    } catch (error) {
      const p = error instanceof HttpProblem ? error : new HttpProblem(400, "invalid_request", String(error));
      return send(req, res, { status: p.status, body: { error: { code: p.code, message: p.message } } });
    }
    const url = new URL(req.url ?? "/", "http://sim");
    if (port === "admin") {
      let outcome: Outcome;
      try {
        outcome = await this.adminCall(req.method ?? "GET", url, body);
      } catch (error) {
        outcome = problemOutcome(error);
      }
      return send(req, res, outcome);
    }
    const call = callOf(req.method ?? "GET", url.pathname);
    const fault = call ? this.faults.pick(call) : undefined;
    if (fault?.kind === "slow") await Bun.sleep(fault.delay_ms ?? 1000);
    if (fault?.kind === "status") {
      const headers: Record<string, string> = fault.retry_after !== undefined ? { "retry-after": String(fault.retry_after) } : {};
      return send(req, res, { status: fault.status ?? 500, body: { error: { code: "injected", message: "fault injected by the simulator" } } }, headers);
    }
    let outcome: Outcome;
    try {
      outcome = this.apiCall(req, url, body, fault);
    } catch (error) {
      outcome = problemOutcome(error);
    }
    if (fault?.kind === "drop") {
      // The work is done (a push is applied and committed); the answer never leaves.
      req.socket.destroy();
      return;
    }
    send(req, res, outcome, {}, fault);
  }

  private apiCall(req: IncomingMessage, url: URL, raw: Buffer, fault: FaultRule | undefined): Outcome {
    const version = header(req, "cod-protocol");
    if (!/^1\.\d+$/.test(version)) throw new HttpProblem(400, "protocol", `this ЦОД speaks protocol ${SIM_PROTOCOL}; the request says ${JSON.stringify(version)}`);
    const mo = header(req, "cod-mo");
    const token = /^Bearer (.+)$/.exec(header(req, "authorization"))?.[1] ?? "";
    if (!mo || !this.store.tokenAccepted(mo, token)) throw new HttpProblem(401, "unauthorized", "the token is not this МО's");
    const at = new Date(this.now()).toISOString();
    const method = req.method ?? "GET";
    const path = url.pathname;

    if (method === "GET" && path === "/api/v1/hello") {
      return ok({ protocol: SIM_PROTOCOL, server: `cod-sim ${BUILD.version}`, time: at, mo, calls: ["push", "streams", "ack", "catalog", "documents", "updates", "statistics"] });
    }
    if (method === "POST" && path === "/api/v1/push") {
      const batch = checked(pushRequest, json(raw), "invalid_batch", 422);
      const content = JSON.stringify(batch.changes);
      const sha = new Bun.CryptoHasher("sha256").update(content).digest("hex");
      const r = this.store.receiveBatch(mo, batch.batch_id, sha, batch.changes, at, content);
      if (r.status === "conflict") throw new HttpProblem(409, "batch_conflict", `the batch ${batch.batch_id} was received before with other content`);
      return ok({ batch_id: batch.batch_id, status: r.status, rows: batch.changes.length });
    }
    const stream = /^\/api\/v1\/streams\/([a-z-]+)(\/ack)?$/.exec(path);
    if (stream && SIM_STREAMS.includes(stream[1]!)) {
      const name = stream[1]!;
      if (method === "GET" && !stream[2]) {
        const after = url.searchParams.get("after");
        const limit = Number(url.searchParams.get("limit") ?? "500");
        if (after !== null && !/^\d{1,18}$/.test(after)) throw new HttpProblem(400, "invalid_request", "after: not a position this ЦОД served");
        if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new HttpProblem(400, "invalid_request", "limit: 1 to 1000");
        const duplicate = fault?.kind === "duplicate";
        // A faulty ЦОД serves items again: it ignores `after`, and repeats each item in the page.
        const page = this.store.readItems(mo, name, duplicate || after === null ? null : Number(after), limit);
        const items = page.items.flatMap((it) => {
          const wire = { position: String(it.position), id: it.id, changes: it.changes };
          return duplicate ? [wire, wire] : [wire];
        });
        return ok({ stream: name, items, more: page.more });
      }
      if (method === "POST" && stream[2]) {
        const ack = checked(ackRequest, json(raw), "invalid_request", 400);
        const n = this.store.ack(mo, name, Number(ack.through), at);
        return ok({ stream: name, through: ack.through, acknowledged: n });
      }
    }
    if (path === "/api/v1/documents" || path.startsWith("/api/v1/documents/")) return this.documentCall(method, path, url, raw, mo, at, fault);
    if (method === "GET" && path === "/api/v1/updates/latest") {
      const platform = url.searchParams.get("platform") ?? "";
      const cpu = url.searchParams.get("cpu") ?? "";
      if (!platform || !["avx2", "baseline"].includes(cpu)) throw new HttpProblem(400, "invalid_request", "platform and cpu (avx2 | baseline) are required");
      const u = this.store.latestUpdate(platform, cpu);
      if (!u) return ok({ update: null });
      const { version, size, sha256, signature } = u;
      return ok({ update: { version, platform, cpu, size, sha256, signature, download: `/api/v1/updates/${platform}/${cpu}/${version}/binary` } });
    }
    const binary = /^\/api\/v1\/updates\/([a-z0-9_-]+)\/(avx2|baseline)\/(\d+\.\d+\.\d+)\/binary$/.exec(path);
    if (method === "GET" && binary) {
      const u = this.store.updateFile(binary[1]!, binary[2]!, binary[3]!);
      if (!u) throw new HttpProblem(404, "unknown_update", `no binary ${binary[3]} for ${binary[1]}/${binary[2]}`);
      return { status: 200, body: null, file: { path: u.file, size: u.size } };
    }
    if (method === "POST" && path === "/api/v1/statistics") {
      const body = json(raw);
      const r = checked(statisticsRequest, body, "invalid_request", 422);
      // Kept as received (every field, known or not), for a test to read back what an agent sent.
      const status = this.store.storeStatistics(mo, { report_id: r.report_id, instance: r.agent.instance, version: r.agent.version, from: r.period.from, to: r.period.to }, JSON.stringify(body), at);
      return ok({ report_id: r.report_id, status });
    }
    if (method === "GET" && path === "/api/v1/catalog") {
      const lab = url.searchParams.get("lab") ?? "";
      const analyses = this.store.catalog(lab);
      if (analyses === undefined) throw new HttpProblem(404, "unknown_lab", `no catalog for the executing МО ${JSON.stringify(lab)}`);
      return ok({ lab, analyses });
    }
    throw new HttpProblem(404, "unknown_call", `${method} ${path} is not a call of protocol ${SIM_PROTOCOL}`);
  }

  /** The signed-PDF calls of protocol 1.1. */
  private documentCall(method: string, path: string, url: URL, raw: Buffer, mo: string, at: string, fault: FaultRule | undefined): Outcome {
    if (method === "POST" && path === "/api/v1/documents") {
      const u = checked(uploadRequest, json(raw), "invalid_request", 400);
      const pdf = new Uint8Array(Buffer.from(u.pdf.base64, "base64"));
      const signature = new Uint8Array(Buffer.from(u.signature.base64, "base64"));
      if (sha256(pdf) !== u.pdf_sha256) throw new HttpProblem(422, "invalid_request", "pdf: the file does not match pdf_sha256");
      if (sha256(signature) !== u.signature_sha256) throw new HttpProblem(422, "invalid_request", "signature: the file does not match signature_sha256");
      const r = this.store.uploadDocument({
        from_mo: mo,
        document_id: u.document_id,
        to_mo: u.to_mo,
        referral_id: u.referral_id,
        file_name: u.file_name,
        pdf,
        pdf_sha256: u.pdf_sha256,
        signature,
        signature_sha256: u.signature_sha256,
        uploaded_at: at,
      });
      if (r.status === "conflict") throw new HttpProblem(409, "document_conflict", `the document ${u.document_id} was uploaded before with other files`);
      return ok({ document_id: u.document_id, status: r.status, position: String(r.position) });
    }
    if (method === "GET" && path === "/api/v1/documents") {
      const after = url.searchParams.get("after");
      const limit = Number(url.searchParams.get("limit") ?? "100");
      if (after !== null && !/^\d{1,18}$/.test(after)) throw new HttpProblem(400, "invalid_request", "after: not a position this ЦОД served");
      if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new HttpProblem(400, "invalid_request", "limit: 1 to 1000");
      const duplicate = fault?.kind === "duplicate";
      const page = this.store.listDocuments(mo, duplicate || after === null ? null : Number(after), limit);
      const documents = page.documents.flatMap((d) => {
        const wire = {
          position: String(d.position),
          document_id: d.document_id,
          from_mo: d.from_mo,
          referral_id: d.referral_id,
          file_name: d.file_name,
          pdf_size: d.pdf_size,
          pdf_sha256: d.pdf_sha256,
          signature_size: d.signature_size,
          uploaded_at: d.uploaded_at,
        };
        return duplicate ? [wire, wire] : [wire];
      });
      return ok({ documents, more: page.more });
    }
    if (method === "POST" && path === "/api/v1/documents/ack") {
      const ack = checked(ackRequest, json(raw), "invalid_request", 400);
      return ok({ through: ack.through, acknowledged: this.store.ackDocuments(mo, Number(ack.through), at) });
    }
    const one = /^\/api\/v1\/documents\/([^/]+)\/([^/]+)$/.exec(path);
    if (method === "GET" && one) {
      const fromMo = decodeURIComponent(one[1]!);
      const id = decodeURIComponent(one[2]!);
      const d = this.store.document(mo, fromMo, id);
      if (!d) throw new HttpProblem(404, "unknown_document", `no document ${fromMo}/${id} for this МО`);
      return ok({
        document_id: d.document_id,
        from_mo: d.from_mo,
        referral_id: d.referral_id,
        file_name: d.file_name,
        uploaded_at: d.uploaded_at,
        pdf: { base64: Buffer.from(d.pdf).toString("base64") },
        pdf_sha256: d.pdf_sha256,
        signature: { base64: Buffer.from(d.signature).toString("base64") },
        signature_sha256: d.signature_sha256,
      });
    }
    throw new HttpProblem(404, "unknown_call", `${method} ${path} is not a call of protocol ${SIM_PROTOCOL}`);
  }

  private async adminCall(method: string, url: URL, raw: Buffer): Promise<Outcome> {
    const at = new Date(this.now()).toISOString();
    switch (`${method} ${url.pathname}`) {
      case "GET /admin/health":
        return ok({ ok: true, url: this.url, refusing: this.faults.refuse });
      case "GET /admin/faults":
        return ok(this.faults.state());
      case "PUT /admin/faults":
        this.faults.set(checked(faultSettings, json(raw), "invalid_request", 400));
        await this.applyRefusal();
        return ok(this.faults.state());
      case "DELETE /admin/faults":
        this.faults.clear();
        await this.applyRefusal();
        return ok(this.faults.state());
      case "POST /admin/items": {
        const s = checked(seedRequest, json(raw), "invalid_request", 400);
        const positions = this.store.seedItems(s.mo_id, s.stream, s.items, at);
        return ok({ positions: positions.map(String) });
      }
      case "PUT /admin/catalog": {
        const c = checked(catalogRequest, json(raw), "invalid_request", 400);
        this.store.setCatalog(c.lab, c.analyses);
        return ok({ lab: c.lab, analyses: c.analyses.length });
      }
      case "PUT /admin/tokens":
        this.store.setTokens(checked(tokensRequest, json(raw), "invalid_request", 400).tokens);
        return ok({ ok: true });
      case "PUT /admin/updates": {
        const p = checked(publishRequest, json(raw), "invalid_request", 400);
        let size: number;
        try {
          size = statSync(p.file).size;
        } catch (error) {
          throw new HttpProblem(400, "invalid_request", `file: ${(error as Error).message}`);
        }
        const dir = join(this.o.dataDir, "updates");
        mkdirSync(dir, { recursive: true });
        const copy = join(dir, `${p.platform}-${p.cpu}-${p.version}`);
        copyFileSync(p.file, copy);
        const fileSha = new Bun.CryptoHasher("sha256").update(await Bun.file(copy).arrayBuffer()).digest("hex");
        const offer = { platform: p.platform, cpu: p.cpu, version: p.version, size, sha256: p.sha256 ?? fileSha, file_sha256: fileSha, signature: p.signature, file: copy };
        this.store.publishUpdate(offer, at);
        return ok({ platform: p.platform, cpu: p.cpu, version: p.version, size, sha256: offer.sha256, file_sha256: fileSha });
      }
      case "DELETE /admin/updates":
        for (const file of this.store.clearUpdates()) rmSync(file, { force: true });
        return ok({ ok: true });
      case "GET /admin/statistics": {
        const limit = Number(url.searchParams.get("limit") ?? "100");
        return ok({ reports: this.store.statistics(url.searchParams.get("mo") ?? undefined, Number.isInteger(limit) && limit > 0 ? limit : 100) });
      }
      case "GET /admin/statistics/silent": {
        // Agents whose last report is older than `minutes` (default 30: two missed uploads of 15 minutes).
        const minutes = Number(url.searchParams.get("minutes") ?? "30");
        if (!Number.isFinite(minutes) || minutes <= 0) throw new HttpProblem(400, "invalid_request", "minutes: a positive number");
        const now = this.now();
        const silent = this.store.silentReporters(new Date(now - minutes * 60_000).toISOString()).map((r) => ({
          ...r,
          silent_minutes: Math.floor((now - Date.parse(r.last_report_at)) / 60_000),
        }));
        return ok({ minutes, silent, never_reported: this.store.neverReported() });
      }
      case "GET /admin/dump": {
        const what = new Set((url.searchParams.get("what") ?? "summary,batches,rows,items,documents").split(","));
        return ok(this.store.dump(what));
      }
    }
    throw new HttpProblem(404, "unknown_call", `${method} ${url.pathname} is not an admin call`);
  }
}

function callOf(method: string, path: string): SimCall | undefined {
  if (path === "/api/v1/hello") return "hello";
  if (path === "/api/v1/documents") return method === "POST" ? "upload" : "list";
  if (path === "/api/v1/documents/ack") return "doc-ack";
  if (path.startsWith("/api/v1/documents/")) return "download";
  if (path === "/api/v1/push") return "push";
  if (path === "/api/v1/catalog") return "catalog";
  if (path === "/api/v1/updates/latest") return "update";
  if (path.startsWith("/api/v1/updates/")) return "update-download";
  if (path.startsWith("/api/v1/streams/")) return method === "POST" ? "ack" : "read";
  if (path === "/api/v1/statistics") return "statistics";
  return undefined;
}

const ok = (body: unknown): Outcome => ({ status: 200, body });
const sha256 = (b: Uint8Array): string => new Bun.CryptoHasher("sha256").update(b).digest("hex");

function problemOutcome(error: unknown): Outcome {
  if (error instanceof HttpProblem) return { status: error.status, body: { error: { code: error.code, message: error.message } } };
  return { status: 500, body: { error: { code: "internal", message: String((error as Error)?.message ?? error) } } };
}

function header(req: IncomingMessage, name: string): string {
  const v = req.headers[name];
  return (Array.isArray(v) ? v[0] : v) ?? "";
}

function json(raw: Buffer): unknown {
  const parsed = parseJson(raw.toString("utf8"));
  if (!parsed.ok) throw new HttpProblem(400, "invalid_request", `the body is not JSON (${parsed.detail})`);
  return parsed.value;
}

function checked<T>(check: Check<T>, value: unknown, code: string, status: number): T {
  try {
    return check(value, "");
  } catch (error) {
    if (error instanceof ShapeError) throw new HttpProblem(status, code, error.message);
    throw error;
  }
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new HttpProblem(413, "too_large", `the body is larger than ${MAX_BODY} bytes`);
    chunks.push(chunk as Buffer);
  }
  const raw = Buffer.concat(chunks);
  if (header(req, "content-encoding").toLowerCase() === "gzip") {
    try {
      return Buffer.from(Bun.gunzipSync(raw));
    } catch {
      throw new HttpProblem(400, "invalid_request", "the gzip body cannot be decompressed");
    }
  }
  return raw;
}

function send(req: IncomingMessage, res: ServerResponse, outcome: Outcome, extra: Record<string, string> = {}, fault?: FaultRule): void {
  if (outcome.file) return sendFile(res, outcome.file, extra, fault);
  let text = JSON.stringify(outcome.body);
  // What a misconfigured gateway in front of a ЦОД answers.
  if (fault?.kind === "malformed") text = "<html><body><h1>502 Bad Gateway</h1></body></html>";
  if (fault?.kind === "truncated") text = text.slice(0, Math.max(1, Math.floor(text.length / 2)));
  let data: Buffer = Buffer.from(text);
  const headers: Record<string, string> = { "content-type": "application/json; charset=utf-8", "cod-protocol": SIM_PROTOCOL, ...extra };
  if (data.length >= 1024 && /\bgzip\b/.test(header(req, "accept-encoding"))) {
    data = Buffer.from(Bun.gzipSync(new Uint8Array(data)));
    headers["content-encoding"] = "gzip";
  }
  headers["content-length"] = String(data.length);
  res.writeHead(outcome.status, headers);
  res.end(data);
}

/** A binary as it is; `truncated` sends its first half as a complete answer. */
function sendFile(res: ServerResponse, file: { path: string; size: number }, extra: Record<string, string>, fault?: FaultRule): void {
  const length = fault?.kind === "truncated" ? Math.floor(file.size / 2) : file.size;
  res.writeHead(200, { "content-type": "application/octet-stream", "content-length": String(length), "cod-protocol": SIM_PROTOCOL, ...extra });
  if (length === 0) return void res.end();
  createReadStream(file.path, { start: 0, end: length - 1 }).pipe(res);
}


