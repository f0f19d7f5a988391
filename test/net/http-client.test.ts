import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createServer } from "node:net";
import type { AddressInfo } from "node:net";
import { HttpClient, type HttpDeps, type RemoteOptions } from "../../src/net/http-client.ts";
import { NetError } from "../../src/net/net-error.ts";
import { backoffPause, retryAfterMs } from "../../src/net/backoff.ts";
import { ManualClock } from "../../src/kernel/clock.ts";
import { setLanguage } from "../../src/messages/text.ts";
import { rejectionOf } from "../helpers/rejection.ts";

// Messages in English here; the default (Russian) is restored for the files after this one.
beforeAll(() => setLanguage("en"));
afterAll(() => setLanguage("ru"));

const servers: { stop(force?: boolean): unknown }[] = [];
afterAll(() => {
  for (const s of servers) s.stop(true);
});

/** A real HTTP server on 127.0.0.1, port 0. */
function serve(handler: (req: Request, n: number) => Response | Promise<Response>) {
  let n = 0;
  const server = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: (req) => handler(req, ++n) });
  servers.push(server);
  return { url: `http://127.0.0.1:${server.port}`, calls: () => n };
}

function options(baseUrl: string, o: Partial<RemoteOptions> = {}): RemoteOptions {
  return { setting: "cod", baseUrl, timeoutMs: 2000, retries: 3, backoff: { firstPauseMs: 1000, maxPauseMs: 60_000 }, ...o };
}

/** Deps that never wait: pauses are recorded instead of slept. */
function noWait(extra: HttpDeps = {}) {
  const pauses: number[] = [];
  const warnings: string[] = [];
  const deps: HttpDeps = { sleep: async (ms) => void pauses.push(ms), random: () => 0.5, warn: (w) => warnings.push(w), ...extra };
  return { deps, pauses, warnings };
}

const failure = (p: Promise<unknown>) => rejectionOf(p, NetError);

async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

describe("backoff", () => {
  test("doubles per attempt, is capped, and the jitter stays in the upper half of the step", () => {
    const policy = { firstPauseMs: 1000, maxPauseMs: 5000 };
    expect([1, 2, 3, 4, 5].map((a) => backoffPause(a, policy, () => 1))).toEqual([1000, 2000, 4000, 5000, 5000]);
    expect([1, 2, 3].map((a) => backoffPause(a, policy, () => 0))).toEqual([500, 1000, 2000]);
  });

  test("reads Retry-After as seconds or as a date", () => {
    const now = Date.UTC(2025, 4, 14, 12, 0, 0);
    expect(retryAfterMs("7", now)).toBe(7000);
    expect(retryAfterMs("Wed, 14 May 2025 12:00:30 GMT", now)).toBe(30_000);
    expect(retryAfterMs("soon", now)).toBeUndefined();
    expect(retryAfterMs(null, now)).toBeUndefined();
  });
});

describe("HttpClient against real servers on 127.0.0.1", () => {
  test("retries 5xx with growing pauses, then succeeds", async () => {
    const s = serve((_req, n) => (n < 3 ? new Response("busy", { status: n === 1 ? 500 : 503 }) : Response.json({ ok: true })));
    const { deps, pauses } = noWait();
    const answer = await new HttpClient(options(s.url), deps).request({ method: "GET", path: "/x", retry: true });
    expect(answer.json()).toEqual({ ok: true });
    expect(answer.attempts).toBe(3);
    expect(pauses).toEqual([750, 1500]);
  });

  test("gives up after the configured retries with the status, address and the number of attempts", async () => {
    const s = serve(() => new Response("down for maintenance", { status: 503 }));
    const { deps, pauses } = noWait();
    const e = await failure(new HttpClient(options(s.url, { retries: 2 }), deps).request({ method: "POST", path: "/api/v1/push", json: {}, retry: true }));
    expect(e.kind).toBe("http");
    expect(e.status).toBe(503);
    expect(e.retryable).toBe(true);
    expect(e.attempts).toBe(3);
    expect(s.calls()).toBe(3);
    expect(pauses.length).toBe(2);
    expect(e.message).toContain(`[POST][${new URL(s.url).host}]`);
    expect(e.message).toContain("503 (down for maintenance)");
    expect(e.message).toContain("attempts: 3");
  });

  test("honours Retry-After up to the longest pause", async () => {
    const s = serve((_r, n) => (n === 1 ? new Response("", { status: 503, headers: { "retry-after": "20" } }) : Response.json(1)));
    const { deps, pauses } = noWait();
    await new HttpClient(options(s.url, { backoff: { firstPauseMs: 1000, maxPauseMs: 15_000 } }), deps).request({ method: "GET", path: "/", retry: true });
    expect(pauses).toEqual([15_000]);
  });

  test("does not retry a 4xx, nor a request that is not safe to repeat", async () => {
    const bad = serve(() => new Response("no", { status: 400 }));
    const { deps, pauses } = noWait();
    const e = await failure(new HttpClient(options(bad.url), deps).request({ method: "GET", path: "/", retry: true }));
    expect([e.kind, e.status, e.retryable, bad.calls()]).toEqual(["http", 400, false, 1]);
    const busy = serve(() => new Response("", { status: 503 }));
    const e2 = await failure(new HttpClient(options(busy.url), deps).request({ method: "POST", path: "/", json: 1, retry: false }));
    expect([e2.kind, busy.calls()]).toEqual(["http", 1]);
    expect(pauses).toEqual([]);
  });

  test("answers accepted statuses instead of throwing", async () => {
    const s = serve(() => Response.json({ error: { code: "invalid_batch" } }, { status: 422 }));
    const answer = await new HttpClient(options(s.url)).request({ method: "GET", path: "/", retry: true, accept: (st) => st < 500 });
    expect(answer.status).toBe(422);
    expect(answer.json()).toEqual({ error: { code: "invalid_batch" } });
  });

  test("a refused connection is `refused`, retried, and names the address and the setting to check", async () => {
    const port = await closedPort();
    const { deps, pauses } = noWait();
    const e = await failure(new HttpClient(options(`http://127.0.0.1:${port}`, { retries: 1 }), deps).request({ method: "POST", path: "/api/v1/push", json: {}, retry: true }));
    expect(e.kind).toBe("refused");
    expect(e.retryable).toBe(true);
    expect(pauses.length).toBe(1);
    expect(e.message).toContain(`[POST][127.0.0.1:${port}]: connection refused (ECONNREFUSED)`);
    expect(e.message).toContain("cod.url");
  });

  test("an answer slower than the timeout is `timeout`, naming the setting to raise", async () => {
    const s = serve(async () => {
      await Bun.sleep(1500);
      return new Response("late");
    });
    const e = await failure(new HttpClient(options(s.url, { timeoutMs: 150, retries: 0 })).request({ method: "GET", path: "/", retry: true }));
    expect(e.kind).toBe("timeout");
    expect(e.message).toContain("no answer within 0.2 s");
    expect(e.message).toContain("cod.timeout_seconds");
  });

  test("a body that stalls midway also times out: the timeout covers reading the whole answer", async () => {
    const s = serve(
      () =>
        new Response(
          new ReadableStream({
            async start(c) {
              c.enqueue(new TextEncoder().encode('{"items": ['));
              await Bun.sleep(1500);
              c.close();
            },
          }),
        ),
    );
    const e = await failure(new HttpClient(options(s.url, { timeoutMs: 200, retries: 0 })).request({ method: "GET", path: "/", retry: true }));
    expect(e.kind).toBe("timeout");
  });

  test("a connection closed before the answer is `dropped`", async () => {
    const raw = createServer((sock) => sock.once("data", () => sock.destroy()));
    await new Promise<void>((r) => raw.listen(0, "127.0.0.1", r));
    const port = (raw.address() as AddressInfo).port;
    const e = await failure(new HttpClient(options(`http://127.0.0.1:${port}`, { retries: 0 })).request({ method: "POST", path: "/", json: { a: 1 }, retry: true }));
    raw.close();
    expect(e.kind).toBe("dropped");
    expect(e.retryable).toBe(true);
  });

  test("a caller's abort ends the request and the pauses at once, with the caller's reason", async () => {
    const s = serve(() => new Response("", { status: 503 }));
    const controller = new AbortController();
    const p = new HttpClient(options(s.url, { backoff: { firstPauseMs: 30_000, maxPauseMs: 30_000 } })).request({ method: "GET", path: "/", retry: true, signal: controller.signal });
    setTimeout(() => controller.abort(new Error("service stopping")), 50);
    const started = performance.now();
    await expect(p).rejects.toThrow("service stopping");
    expect(performance.now() - started).toBeLessThan(5000);
  });

  test("gzips large request bodies, asks for gzip, and reads gzip answers", async () => {
    let seen: { encoding: string | null; accept: string | null; body: unknown } | undefined;
    const s = serve(async (req) => {
      const raw = new Uint8Array(await req.arrayBuffer());
      const encoding = req.headers.get("content-encoding");
      const text = encoding === "gzip" ? new TextDecoder().decode(Bun.gunzipSync(raw)) : new TextDecoder().decode(raw);
      seen = { encoding, accept: req.headers.get("accept-encoding"), body: JSON.parse(text) };
      return new Response(Bun.gzipSync(JSON.stringify({ echo: "x".repeat(5000) })), { headers: { "content-encoding": "gzip", "content-type": "application/json" } });
    });
    const client = new HttpClient(options(s.url));
    const big = { rows: Array.from({ length: 200 }, (_, i) => ({ ID: i, NAME: `row ${i}` })) };
    const answer = await client.request({ method: "POST", path: "/", json: big, retry: true });
    expect(seen).toEqual({ encoding: "gzip", accept: "gzip", body: big });
    expect((answer.json() as { echo: string }).echo.length).toBe(5000);
    await client.request({ method: "POST", path: "/", json: { small: 1 }, retry: true });
    expect(seen!.encoding).toBeNull();
  });

  test("a cut-off or non-JSON answer is a `format` error that says which", async () => {
    const s = serve((req) => new Response(new URL(req.url).pathname === "/cut" ? '{"items":[{"id":"1"},{"id"' : "<html>oops</html>"));
    const client = new HttpClient(options(s.url));
    const cut = await client.request({ method: "GET", path: "/cut", retry: true });
    const e1 = (() => {
      try {
        cut.json();
      } catch (error) {
        return error as NetError;
      }
    })()!;
    expect(e1.kind).toBe("format");
    expect(e1.detail).toContain("stops after 26 bytes");
    const html = await client.request({ method: "GET", path: "/html", retry: true });
    expect(() => html.json()).toThrow("it is not JSON");
  });

  test("a broken gzip answer is a `format` error", async () => {
    const gz = Bun.gzipSync(JSON.stringify({ a: "x".repeat(2000) }));
    const s = serve(() => new Response(gz.slice(0, gz.length / 2), { headers: { "content-encoding": "gzip" } }));
    const e = await failure(new HttpClient(options(s.url)).request({ method: "GET", path: "/", retry: true }));
    expect(e.kind).toBe("format");
  });

  test("a 5xx body that quotes a patient is redacted before it enters the error", async () => {
    const s = serve(() => new Response("Ошибка: пациент Иванов Иван Иванович, тел. +7 916 123-45-12", { status: 500 }));
    const e = await failure(new HttpClient(options(s.url, { retries: 0 })).request({ method: "GET", path: "/", retry: true }));
    expect(e.message).not.toContain("Иванов");
    expect(e.message).not.toContain("123-45-12");
  });

  test("warns once when the server's clock is more than five minutes off, again only after it was fine", async () => {
    let offset = 10 * 60_000;
    const s = serve(() => new Response("{}", { headers: { date: new Date(Date.now() + offset).toUTCString() } }));
    const clock = new ManualClock(Date.now());
    const { deps, warnings } = noWait({ clock });
    const client = new HttpClient(options(s.url), deps);
    await client.request({ method: "GET", path: "/", retry: true });
    await client.request({ method: "GET", path: "/", retry: true });
    expect(warnings.length).toBe(1);
    expect(warnings[0]).toContain("10 min off");
    offset = 0;
    await client.request({ method: "GET", path: "/", retry: true });
    offset = -7 * 60_000;
    await client.request({ method: "GET", path: "/", retry: true });
    expect(warnings.length).toBe(2);
    expect(warnings[1]).toContain("-7 min off");
  });

  test("sends the fixed headers and ignores HTTP_PROXY: without a proxy setting the route is direct", async () => {
    const s = serve((req) => Response.json({ ua: req.headers.get("user-agent") }));
    const saved = { http: process.env.HTTP_PROXY, no: process.env.NO_PROXY };
    process.env.HTTP_PROXY = `http://127.0.0.1:${await closedPort()}`;
    process.env.NO_PROXY = "";
    try {
      // The control: a plain fetch does follow HTTP_PROXY here, into a closed port.
      await expect(fetch(`${s.url}/`)).rejects.toThrow();
      const answer = await new HttpClient(options(s.url, { headers: { "user-agent": "lab-agent/test" } })).request({ method: "GET", path: "/", retry: true });
      expect(answer.json()).toEqual({ ua: "lab-agent/test" });
    } finally {
      if (saved.http === undefined) delete process.env.HTTP_PROXY;
      else process.env.HTTP_PROXY = saved.http;
      if (saved.no === undefined) delete process.env.NO_PROXY;
      else process.env.NO_PROXY = saved.no;
    }
  });
});
