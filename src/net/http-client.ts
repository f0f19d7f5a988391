import { gzip } from "node:zlib";
import { promisify } from "node:util";
import { netTexts as T } from "../messages/areas/net.ts";
import { say } from "../messages/text.ts";
import { systemClock, type Clock } from "../kernel/clock.ts";
import { endsInsideValue } from "../kernel/json-shape.ts";
import { redactPersonalData } from "../privacy/redact.ts";
import { abortableSleep, backoffPause, retryAfterMs, type BackoffPolicy } from "./backoff.ts";
import { classifyFetchError, NetError, type NetErrorInit } from "./net-error.ts";
import type { FetchTls } from "./tls-files.ts";

/** How one remote system is reached: built from its config section (see remote-options.ts). */
export interface RemoteOptions {
  /** The remote's config section (`cod`): messages name its settings. */
  setting: string;
  /** `http://10.0.0.5:30102` or `https://…`; request paths are joined to it. */
  baseUrl: string;
  /** One attempt's limit: connecting, sending, and reading the whole answer. */
  timeoutMs: number;
  /** Further attempts after the first, for requests that are safe to repeat. */
  retries: number;
  backoff: BackoffPolicy;
  tls?: FetchTls;
  proxy?: { url: string; user: string; password: string };
  /** Request bodies at least this long are sent gzip-compressed. */
  gzipMinBytes?: number;
  /** A server clock further off than this is warned about. */
  clockSkewWarnMs?: number;
  /** Headers sent with every request (User-Agent). */
  headers?: Readonly<Record<string, string>>;
}

/** Everything the client takes from the world, injectable so tests never wait or touch the real clock. */
export interface HttpDeps {
  /** Defaults to the global fetch, looked up at each call (msw replaces it in unit tests). */
  fetch?: (url: string, init: BunFetchRequestInit) => Promise<Response>;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  clock?: Clock;
  random?: () => number;
  /** Where warnings go (the clock skew); the log, in the service. */
  warn?: (message: string) => void;
  /** Told before each pause between attempts, so a task can log or show it. */
  onRetry?: (info: { attempt: number; pauseMs: number; error: NetError }) => void;
}

export interface HttpRequest {
  method: "GET" | "POST" | "PUT" | "DELETE";
  /** Joined to the base URL: `/api/v1/push`; empty: the base URL itself. */
  path: string;
  query?: Readonly<Record<string, string | number | undefined>>;
  headers?: Readonly<Record<string, string>>;
  /** A body to send as JSON. */
  json?: unknown;
  /** A JSON body already encoded by `encodeJson` (instead of `json`). */
  body?: RequestBody;
  /**
   * A body to send as an HTML form (`application/x-www-form-urlencoded`, UTF-8),
   * for remote systems that take one (the SMS gateways). Never gzipped: such
   * servers rarely accept a compressed request.
   */
  form?: Readonly<Record<string, string>>;
  /**
   * Whether the request may be sent again after a failure that may have
   * reached the server. Only requests the protocol makes harmless to repeat
   * (a batch with its id, an acknowledgement, a read) say true.
   */
  retry: boolean;
  /** Statuses answered rather than thrown; by default 2xx. 5xx and 429 are retried first either way. */
  accept?: (status: number) => boolean;
  signal?: AbortSignal;
}

/** A whole answer, read and decoded within the timeout. */
export interface HttpAnswer {
  status: number;
  headers: Headers;
  text: string;
  attempts: number;
  /** The body as JSON; a NetError `format` if it is not (saying whether it was cut off). */
  json(): unknown;
}

/** An answer whose body is read as a stream (a download): status and headers first, the body on demand. */
export interface HttpStream {
  status: number;
  headers: Headers;
  /** The body as text (an error answer), at most `maxBytes`. */
  text(maxBytes?: number): Promise<string>;
  /**
   * Hands the body to `onChunk` as it arrives; answers its length. The
   * timeout bounds each wait for more data, not the whole transfer, so a
   * large file on a slow line is not cut off while data still flows. More
   * than `maxBytes` is a `format` error.
   */
  pipe(onChunk: (chunk: Uint8Array) => void | Promise<void>, maxBytes: number): Promise<number>;
  /** Drops the connection without reading the rest. */
  cancel(): void;
}

const DEFAULT_GZIP_MIN = 1024;
/** Bodies from this size are gzipped on the thread pool rather than on the event loop. */
const ASYNC_GZIP_MIN = 64 * 1024;
const gzipAsync = promisify(gzip);
const JSON_TYPE = "application/json; charset=utf-8";
const FORM = "application/x-www-form-urlencoded; charset=utf-8";

/** A request body as it goes on the wire (`HttpClient.encodeJson`: made ahead of the request). */
export interface RequestBody {
  data: string | Uint8Array;
  gzip: boolean;
  type: string;
}
const DEFAULT_SKEW_WARN = 5 * 60_000;
/** How much of a remote's error body a message quotes (after redaction). */
const QUOTED = 200;

/**
 * The HTTP client every remote system uses (ЦОД, ОДЛИ, SMS gateway). It
 * owns one connection pool (a Bun FetchSession with the remote's TLS and
 * proxy), bounds every attempt by the timeout, retries what is safe to retry
 * with exponential backoff and jitter, gzips large bodies, and turns every
 * failure into one NetError saying what happened where.
 */
export class HttpClient {
  private readonly session: Bun.FetchSession;
  private readonly clock: Clock;
  private readonly address: string;
  private skewWarned = false;

  constructor(
    readonly options: RemoteOptions,
    private readonly deps: HttpDeps = {},
  ) {
    this.clock = deps.clock ?? systemClock;
    this.address = new URL(options.baseUrl).host;
    this.session = new Bun.FetchSession({
      tls: options.tls,
      // No proxy setting means a direct connection: HTTP_PROXY and friends in the
      // service's environment are ignored, so only the config decides the route.
      proxy: options.proxy ? proxyOption(options.proxy) : false,
    });
  }

  /** Sends a request; answers the whole answer or throws a NetError (or the caller's abort reason). */
  async request(req: HttpRequest): Promise<HttpAnswer> {
    const maxAttempts = req.retry ? 1 + this.options.retries : 1;
    const accept = req.accept ?? ((s: number) => s >= 200 && s < 300);
    const body = req.body ?? (req.form ? { data: new URLSearchParams(req.form as Record<string, string>).toString(), gzip: false, type: FORM } : await this.encodeJson(req.json));
    for (let attempt = 1; ; attempt++) {
      try {
        const answer = await this.attempt(req, body, attempt);
        const transient = answer.status >= 500 || answer.status === 429;
        if (transient || !accept(answer.status)) throw this.statusError(req, answer, attempt);
        return answer;
      } catch (error) {
        if (!(error instanceof NetError)) throw error;
        if (!error.retryable || attempt >= maxAttempts || req.signal?.aborted) throw error.withAttempts(attempt);
        // A server's Retry-After is honoured, but never beyond the longest pause.
        const pauseMs = Math.min(this.options.backoff.maxPauseMs, Math.max(backoffPause(attempt, this.options.backoff, this.deps.random ?? Math.random), error.retryAfterMs ?? 0));
        this.deps.onRetry?.({ attempt, pauseMs, error });
        await (this.deps.sleep ?? abortableSleep)(pauseMs, req.signal);
      }
    }
  }

  /**
   * Sends a GET and answers as soon as the status and headers are in; the
   * body is read by the caller (a download). One attempt: a download that
   * fails is started again by the caller's next run.
   */
  async stream(req: Omit<HttpRequest, "json" | "retry" | "accept" | "method">): Promise<HttpStream> {
    const full: HttpRequest = { ...req, method: "GET", retry: false };
    const headers: Record<string, string> = { accept: "application/octet-stream, application/json", "accept-encoding": "gzip", ...this.options.headers, ...req.headers };
    const controller = new AbortController();
    const signal = req.signal ? AbortSignal.any([req.signal, controller.signal]) : controller.signal;
    let timedOut = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const arm = () => {
      timer = setTimeout(() => {
        timedOut = true;
        controller.abort(new DOMException("timeout", "TimeoutError"));
      }, this.options.timeoutMs);
    };
    const failure = (error: unknown): unknown => {
      if (req.signal?.aborted) return req.signal.reason;
      if (timedOut) return this.error(full, { kind: "timeout", detail: "timeout", cause: error, attempts: 1 });
      return this.error(full, { ...classifyFetchError(error), cause: error, attempts: 1 });
    };
    const fetcher = this.deps.fetch ?? ((u: string, init: BunFetchRequestInit) => globalThis.fetch(u, init));
    let response: Response;
    arm();
    try {
      response = await fetcher(this.url(full), { method: "GET", headers, signal, session: this.session, redirect: "manual" });
    } catch (error) {
      throw failure(error);
    } finally {
      clearTimeout(timer);
    }
    this.checkClock(response.headers.get("date"));
    const client = this;
    const read = async (onChunk: (chunk: Uint8Array) => void | Promise<void>, maxBytes: number): Promise<number> => {
      const body = response.body;
      if (!body) return 0;
      const reader = body.getReader();
      let total = 0;
      for (;;) {
        arm();
        let next: Awaited<ReturnType<typeof reader.read>>;
        try {
          next = await reader.read();
        } catch (error) {
          throw failure(error);
        } finally {
          clearTimeout(timer);
        }
        if (next.done) return total;
        total += next.value.byteLength;
        if (total > maxBytes) {
          controller.abort();
          throw client.error(full, { kind: "format", detail: say(T.tooLarge, { bytes: maxBytes }), attempts: 1 });
        }
        await onChunk(next.value);
      }
    };
    return {
      status: response.status,
      headers: response.headers,
      pipe: read,
      async text(maxBytes = 64 * 1024) {
        const chunks: Uint8Array[] = [];
        try {
          await read((c) => void chunks.push(c), maxBytes);
        } catch (error) {
          if (!(error instanceof NetError && error.kind === "format")) throw error;
        }
        return new TextDecoder().decode(Buffer.concat(chunks));
      },
      cancel: () => controller.abort(),
    };
  }

  /** Closes idle connections; the client stays usable. */
  close(): void {
    this.session.close();
  }

  /**
   * A JSON body as `request` would send it (compressed from 1 KB): made
   * ahead, a large body's encoding can overlap the request before it.
   */
  async encodeJson(json: unknown): Promise<RequestBody | undefined> {
    if (json === undefined) return undefined;
    const text = JSON.stringify(json);
    if (text.length < (this.options.gzipMinBytes ?? DEFAULT_GZIP_MIN)) return { data: text, gzip: false, type: JSON_TYPE };
    // A large body (a push batch: megabytes) is compressed off the event loop, on libuv's thread pool,
    // so the scheduler, other threads and an attached UI keep their turns meanwhile.
    if (text.length >= ASYNC_GZIP_MIN) return { data: new Uint8Array(await gzipAsync(Buffer.from(text))), gzip: true, type: JSON_TYPE };
    return { data: Bun.gzipSync(Buffer.from(text)), gzip: true, type: JSON_TYPE };
  }

  private async attempt(req: HttpRequest, body: RequestBody | undefined, attempt: number): Promise<HttpAnswer> {
    const url = this.url(req);
    const headers: Record<string, string> = {
      accept: "application/json",
      "accept-encoding": "gzip",
      ...this.options.headers,
      ...req.headers,
    };
    if (body) {
      headers["content-type"] = body.type;
      if (body.gzip) headers["content-encoding"] = "gzip";
    }
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(new DOMException("timeout", "TimeoutError")), this.options.timeoutMs);
    const signal = req.signal ? AbortSignal.any([req.signal, timeout.signal]) : timeout.signal;
    const fetcher = this.deps.fetch ?? ((u: string, init: BunFetchRequestInit) => globalThis.fetch(u, init));
    let response: Response;
    let bytes: ArrayBuffer;
    try {
      response = await fetcher(url, { method: req.method, headers, body: body?.data, signal, session: this.session, redirect: "manual" });
      bytes = await response.arrayBuffer();
    } catch (error) {
      if (req.signal?.aborted) throw req.signal.reason;
      if (timeout.signal.aborted) throw this.error(req, { kind: "timeout", detail: "timeout", cause: error, attempts: attempt });
      throw this.error(req, { ...classifyFetchError(error), cause: error, attempts: attempt });
    } finally {
      clearTimeout(timer);
    }
    this.checkClock(response.headers.get("date"));
    let text: string;
    try {
      text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    } catch (error) {
      throw this.error(req, { kind: "format", detail: say(T.notUtf8), cause: error, attempts: attempt });
    }
    const client = this;
    return {
      status: response.status,
      headers: response.headers,
      text,
      attempts: attempt,
      json() {
        return client.parse(req, text, attempt);
      },
    };
  }

  private parse(req: HttpRequest, text: string, attempt: number): unknown {
    if (text.trim() === "") throw this.error(req, { kind: "format", detail: say(T.emptyBody), attempts: attempt });
    try {
      return JSON.parse(text);
    } catch (error) {
      const detail = endsInsideValue(text)
        ? say(T.truncated, { bytes: Buffer.byteLength(text) })
        : say(T.notJson, { detail: (error as Error).message.replace(/^JSON Parse error: /, "") });
      throw this.error(req, { kind: "format", detail, cause: error, attempts: attempt });
    }
  }

  private statusError(req: HttpRequest, answer: HttpAnswer, attempt: number): NetError {
    // The body may quote patient data: only a redacted, shortened first line enters the agent.
    const quoted = redactPersonalData(answer.text.replace(/\s+/g, " ").trim().slice(0, QUOTED));
    const retryAfter = retryAfterMs(answer.headers.get("retry-after"), this.clock.now());
    return this.error(req, { kind: "http", status: answer.status, detail: quoted, attempts: attempt, retryAfterMs: retryAfter });
  }

  private error(req: HttpRequest, e: Pick<NetErrorInit, "kind" | "detail" | "cause" | "status" | "attempts" | "retryAfterMs">): NetError {
    return new NetError({
      ...e,
      method: req.method,
      address: this.address,
      path: req.path,
      setting: this.options.setting,
      timeoutSeconds: Math.round(this.options.timeoutMs / 100) / 10,
    });
  }

  private url(req: HttpRequest): string {
    // An empty path is the base address itself (a gateway configured by its full form address).
    const url = req.path === "" ? new URL(this.options.baseUrl) : new URL(req.path.replace(/^\//, ""), this.options.baseUrl.endsWith("/") ? this.options.baseUrl : `${this.options.baseUrl}/`);
    for (const [k, v] of Object.entries(req.query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
    return url.toString();
  }

  /** Warns once when the server's clock and ours differ by more than the limit; again after it was fine. */
  private checkClock(date: string | null): void {
    if (!date) return;
    const server = Date.parse(date);
    if (Number.isNaN(server)) return;
    const skew = server - this.clock.now();
    const limit = this.options.clockSkewWarnMs ?? DEFAULT_SKEW_WARN;
    if (Math.abs(skew) <= limit) {
      this.skewWarned = false;
      return;
    }
    if (this.skewWarned) return;
    this.skewWarned = true;
    this.deps.warn?.(say(T.clockSkew, { address: this.address, minutes: Math.round(skew / 60_000), serverTime: new Date(server).toISOString().slice(0, 19).replace("T", " ") }));
  }
}

function proxyOption(p: { url: string; user: string; password: string }): Bun.FetchProxyOption {
  const headers: Record<string, string> = {};
  if (p.user) headers["proxy-authorization"] = `Basic ${Buffer.from(`${p.user}:${p.password}`).toString("base64")}`;
  return { url: p.url, headers, respectNoProxy: false };
}
