import { netTexts as T } from "../messages/areas/net.ts";
import { say } from "../messages/text.ts";

/**
 * How a request to a remote system failed:
 * - `refused`: no connection could be made (refused, unreachable, unknown host);
 * - `dropped`: connected, but the connection closed before the whole answer;
 * - `timeout`: no whole answer within the remote's timeout;
 * - `tls`: the TLS handshake or the certificate check failed;
 * - `http`: the server answered with a status the caller does not accept;
 * - `format`: an answer arrived but cannot be read (not UTF-8, not JSON, cut off).
 */
export type NetErrorKind = "refused" | "dropped" | "timeout" | "tls" | "http" | "format";

/** Kinds that a later attempt may cure. A 5xx `http` is one too (see `retryable`). */
const TRANSIENT: ReadonlySet<NetErrorKind> = new Set(["refused", "dropped", "timeout"]);

export interface NetErrorInit {
  kind: NetErrorKind;
  method: string;
  /** `host:port`, as the manual's log lines show it. */
  address: string;
  /** The path called, without the query (which may hold ids). */
  path: string;
  /** The technical reason (an error code, a parser's message): never patient data, never a secret. */
  detail: string;
  status?: number;
  attempts?: number;
  /** The server's Retry-After, ms. */
  retryAfterMs?: number;
  cause?: unknown;
  /** The remote's section (`cod`), to name settings in the message. */
  setting: string;
  timeoutSeconds?: number;
}

/**
 * The one error type of the HTTP layer. Its message is in the agent's
 * language, names the address, the cause and what to check; it never holds
 * the token (sent in a header) nor a remote text that was not redacted.
 */
export class NetError extends Error {
  override readonly name = "NetError";
  readonly kind: NetErrorKind;
  readonly method: string;
  readonly address: string;
  readonly path: string;
  readonly detail: string;
  readonly status: number | undefined;
  /** How many attempts were made before giving up. */
  readonly attempts: number;
  /** How long the server asked to wait (Retry-After), ms. */
  readonly retryAfterMs: number | undefined;

  readonly #init: NetErrorInit;

  constructor(init: NetErrorInit) {
    super(renderMessage(init), { cause: init.cause });
    this.#init = init;
    this.kind = init.kind;
    this.method = init.method;
    this.address = init.address;
    this.path = init.path;
    this.detail = init.detail;
    this.status = init.status;
    this.attempts = init.attempts ?? 1;
    this.retryAfterMs = init.retryAfterMs;
  }

  /** Whether trying again later may work: connection trouble, timeouts, 5xx and 429. */
  get retryable(): boolean {
    if (TRANSIENT.has(this.kind)) return true;
    return this.kind === "http" && this.status !== undefined && (this.status >= 500 || this.status === 429);
  }

  /** The same failure, saying it came after `attempts` attempts. */
  withAttempts(attempts: number): NetError {
    return new NetError({ ...this.#init, attempts });
  }
}

function renderMessage(i: NetErrorInit): string {
  const base = { method: i.method, address: i.address };
  const main = (() => {
    switch (i.kind) {
      case "refused":
        return say(T.refused, { ...base, detail: i.detail, setting: i.setting });
      case "dropped":
        return say(T.dropped, { ...base, detail: i.detail });
      case "timeout":
        return say(T.timeout, { ...base, seconds: i.timeoutSeconds ?? 0, setting: i.setting });
      case "tls":
        return say(T.tls, { ...base, detail: i.detail, setting: i.setting });
      case "http":
        return say(T.httpStatus, { ...base, status: i.status ?? 0, reason: i.detail });
      case "format":
        return say(T.format, { ...base, detail: i.detail });
    }
  })();
  return i.attempts && i.attempts > 1 ? `${main} (${say(T.afterAttempts, { attempts: i.attempts })})` : main;
}

const REFUSED_CODES = new Set(["ECONNREFUSED", "ConnectionRefused", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH", "EADDRNOTAVAIL", "DNSError", "FailedToOpenSocket", "ConnectionFailed"]);
const TLS_CODES = /^(?:EPROTO|ERR_TLS|ERR_SSL|CERT_|UNABLE_TO_|DEPTH_ZERO|SELF_SIGNED|HOSTNAME_MISMATCH|ERR_TLS_CERT|TLS|SSL|ERR_OSSL|UNABLE_TO_GET_ISSUER)/;

/**
 * What kind of failure a thrown fetch error is. Bun reports them as a
 * TypeError with a `code` (ECONNREFUSED, ECONNRESET, UNABLE_TO_VERIFY_LEAF_SIGNATURE …);
 * an error without one (e.g. a generic "Failed to fetch") counts as a dropped connection.
 */
export function classifyFetchError(error: unknown): { kind: NetErrorKind; detail: string } {
  const e = error as { name?: string; code?: string; message?: string };
  if (e?.name === "TimeoutError") return { kind: "timeout", detail: "timeout" };
  const code = typeof e?.code === "string" ? e.code : "";
  if (REFUSED_CODES.has(code)) return { kind: "refused", detail: code };
  if (code && TLS_CODES.test(code)) return { kind: "tls", detail: code };
  if (code === "ZlibError" || code === "BrotliDecompressionError" || code === "ZstdDecompressionError") return { kind: "format", detail: code };
  const message = typeof e?.message === "string" ? e.message : String(error);
  if (/certificate|TLS|SSL/i.test(message) && !code.startsWith("ECONN")) return { kind: "tls", detail: code || firstLine(message) };
  return { kind: "dropped", detail: code || firstLine(message) };
}

const firstLine = (text: string) => text.split("\n")[0]!.slice(0, 120);
