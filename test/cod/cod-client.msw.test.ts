/**
 * The ЦОД client against every fault shape, injected at the fetch level with
 * msw 2 (msw 3 does not intercept Bun's fetch). A refused connection cannot
 * be made by msw (it has only a generic network error), so that one case
 * uses a real closed port on 127.0.0.1.
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from "bun:test";
import { createServer, type AddressInfo } from "node:net";
import { delay, http, HttpResponse, passthrough } from "msw";
import { setupServer } from "msw/node";
import { CodClient } from "../../src/cod/cod-client.ts";
import { CodError } from "../../src/cod/cod-error.ts";
import { PROTOCOL_VERSION, STREAMS, type RowChange } from "../../src/cod/wire.ts";
import { HttpClient, type HttpDeps } from "../../src/net/http-client.ts";
import { setLanguage } from "../../src/messages/text.ts";
import { rejectionOf } from "../helpers/rejection.ts";

const BASE = "http://cod.test:30102";
const TOKEN = "tok-3f9a8c1e";
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => {
  server.resetHandlers();
  setLanguage("ru");
});
afterAll(() => server.close());

const HEADERS = { "cod-protocol": "1.0" };
const pauses: number[] = [];
const deps: HttpDeps = { sleep: async (ms) => void pauses.push(ms), random: () => 0.5 };

function client(o: { retries?: number; timeoutMs?: number; base?: string } = {}): CodClient {
  const httpClient = new HttpClient(
    { setting: "cod", baseUrl: o.base ?? BASE, timeoutMs: o.timeoutMs ?? 2000, retries: o.retries ?? 2, backoff: { firstPauseMs: 1000, maxPauseMs: 60_000 } },
    deps,
  );
  return new CodClient(httpClient, "1234", TOKEN);
}

const codError = (p: Promise<unknown>) => rejectionOf(p, CodError);

const change = (id: number, table = "DOC_NAPR_ANALYSIS"): RowChange => ({ table, key: { ID: id }, op: "upsert", row: { ID: id, STATUS: 2 } });
const page = (stream: string, items: unknown[], more = false) => HttpResponse.json({ stream, items, more }, { headers: HEADERS });
const referralItem = { position: "17", id: "napr-17", changes: [change(17), { table: "DOCTAB_NAPR_ANALYSIS", key: { ID: "9007199254740993" }, op: "upsert", row: { ID: "9007199254740993", NAPR_ID: 17 } }] };

describe("the ЦОД client: what it sends", () => {
  test("the protocol version, the МО id and its token on every call; the batch as the protocol says, gzipped when large", async () => {
    let seen: { headers: Record<string, string | null>; body: unknown } | undefined;
    server.use(
      http.post(`${BASE}/api/v1/push`, async ({ request }) => {
        const raw = new Uint8Array(await request.arrayBuffer());
        const gz = request.headers.get("content-encoding") === "gzip";
        seen = {
          headers: { protocol: request.headers.get("cod-protocol"), mo: request.headers.get("cod-mo"), auth: request.headers.get("authorization"), encoding: request.headers.get("content-encoding") },
          body: JSON.parse(new TextDecoder().decode(gz ? Bun.gunzipSync(raw) : raw)),
        };
        return HttpResponse.json({ batch_id: "b-1", status: "applied", rows: 100 }, { headers: HEADERS });
      }),
    );
    const changes = Array.from({ length: 100 }, (_, i) => change(i + 1));
    const ack = await client().push({ batchId: "b-1", changes });
    expect(ack).toEqual({ batchId: "b-1", status: "applied", rows: 100 });
    expect(seen!.headers).toEqual({ protocol: PROTOCOL_VERSION, mo: "1234", auth: `Bearer ${TOKEN}`, encoding: "gzip" });
    expect(seen!.body).toEqual({ batch_id: "b-1", changes });
  });

  test("reads a stream after a position with a bounded limit, and acknowledges through the last position", async () => {
    const asked: string[] = [];
    server.use(
      http.get(`${BASE}/api/v1/streams/referrals`, ({ request }) => {
        asked.push(new URL(request.url).search);
        return page("referrals", [referralItem], true);
      }),
      http.post(`${BASE}/api/v1/streams/referrals/ack`, async ({ request }) => {
        asked.push(JSON.stringify(await request.json()));
        return HttpResponse.json({ stream: "referrals", through: "17", acknowledged: 1 }, { headers: HEADERS });
      }),
    );
    const p = await client().readStream("referrals", "16", { limit: 5000 });
    expect(p).toEqual({ stream: "referrals", items: [referralItem as never], more: true, lastPosition: "17" });
    expect(await client().ackStream("referrals", p.lastPosition!)).toEqual({ stream: "referrals", through: "17", acknowledged: 1 });
    expect(asked).toEqual(["?after=16&limit=1000", '{"through":"17"}']);
  });

  test("the catalog of an executing МО", async () => {
    server.use(
      http.get(`${BASE}/api/v1/catalog`, ({ request }) =>
        HttpResponse.json(
          { lab: new URL(request.url).searchParams.get("lab"), analyses: [{ analysis_id: 77, code: "B03.016.002", name: "Общий анализ крови", biomaterial: "Кровь", days: 1 }, { analysis_id: "78", code: "A09", name: "Глюкоза" }] },
          { headers: HEADERS },
        ),
      ),
    );
    expect(await client().catalog("5555")).toEqual({
      lab: "5555",
      analyses: [
        { analysisId: 77, code: "B03.016.002", name: "Общий анализ крови", biomaterial: "Кровь", days: 1 },
        { analysisId: "78", code: "A09", name: "Глюкоза", biomaterial: null, days: null },
      ],
    });
  });
});

describe("the ЦОД client: each fault shape", () => {
  test("500 and 503 are retried with backoff; if they persist, `Ответ Сервера ЦОД не получен` with the status", async () => {
    pauses.length = 0;
    let n = 0;
    server.use(http.post(`${BASE}/api/v1/push`, () => (++n % 2 ? new HttpResponse("internal", { status: 500 }) : new HttpResponse("busy", { status: 503 }))));
    const e = await codError(client({ retries: 2 }).push({ batchId: "b-2", changes: [change(1)] }));
    expect(n).toBe(3);
    expect(pauses).toEqual([750, 1500]);
    expect([e.kind, e.status, e.retryable, e.call]).toEqual(["http", 500, true, "push"]);
    expect(e.message).toStartWith("Ответ Сервера ЦОД не получен: [POST][cod.test:30102]: сервер ответил кодом 500");
  });

  test("a 503 then an answer: the call succeeds after one pause", async () => {
    let n = 0;
    server.use(http.get(`${BASE}/api/v1/streams/results`, () => (++n === 1 ? new HttpResponse(null, { status: 503 }) : page("results", []))));
    expect((await client().readStream("results", null)).items).toEqual([]);
    expect(n).toBe(2);
  });

  test("a refused connection (a real closed port: msw cannot refuse)", async () => {
    const s = createServer();
    await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
    const port = (s.address() as AddressInfo).port;
    await new Promise<void>((r) => s.close(() => r()));
    server.use(http.all(`http://127.0.0.1:${port}/*`, () => passthrough()));
    const e = await codError(client({ base: `http://127.0.0.1:${port}`, retries: 1 }).push({ batchId: "b-3", changes: [change(1)] }));
    expect([e.kind, e.retryable]).toEqual(["refused", true]);
    expect(e.message).toContain(`Ответ Сервера ЦОД не получен: [POST][127.0.0.1:${port}]: соединение отклонено (ECONNREFUSED)`);
  });

  test("no answer within the timeout", async () => {
    server.use(
      http.get(`${BASE}/api/v1/hello`, async () => {
        await delay(1000);
        return HttpResponse.json({}, { headers: HEADERS });
      }),
    );
    const e = await codError(client({ timeoutMs: 100, retries: 0 }).hello());
    expect([e.kind, e.retryable]).toEqual(["timeout", true]);
    expect(e.message).toContain("нет ответа за 0.1 с");
  });

  test("a dropped connection", async () => {
    server.use(http.post(`${BASE}/api/v1/push`, () => HttpResponse.error()));
    const e = await codError(client({ retries: 0 }).push({ batchId: "b-4", changes: [change(1)] }));
    expect([e.kind, e.retryable]).toEqual(["dropped", true]);
    expect(e.message).toStartWith("Ответ Сервера ЦОД не получен: [POST][cod.test:30102]: соединение разорвано");
  });

  test("malformed JSON: the manual's text for referrals, plus what was wrong", async () => {
    server.use(http.get(`${BASE}/api/v1/streams/referrals`, () => new HttpResponse("<html>Bad gateway</html>", { headers: HEADERS })));
    const e = await codError(client().readStream("referrals", null));
    expect([e.kind, e.retryable]).toEqual(["format", false]);
    expect(e.message).toStartWith("[Сервер ЦОД]: Неправильный формат файла ответа на получение направлений на анализы: это не JSON");
  });

  test("truncated JSON says the answer stops early", async () => {
    const full = JSON.stringify({ stream: "referrals", items: [referralItem], more: false });
    server.use(http.get(`${BASE}/api/v1/streams/referrals`, () => new HttpResponse(full.slice(0, 60), { headers: HEADERS })));
    const e = await codError(client().readStream("referrals", null));
    expect(e.message).toBe("[Сервер ЦОД]: Неправильный формат файла ответа на получение направлений на анализы: ответ обрывается на 60-м байте (JSON не закончен)");
  });

  test("wrong schema: each stream has its own manual-style text, and the detail names the exact place", async () => {
    const expected: Record<string, string> = {
      "referral-statuses": "получение статусов направлений на анализы",
      "result-statuses": "получение статусов результатов на анализы",
      "special-marks": "получение особых отметок на анализы",
      referrals: "получение направлений на анализы",
      results: "получение результатов исследования",
      "bacteriology-results": "получение результатов бактериалогического анализа",
    };
    for (const stream of STREAMS) {
      server.use(http.get(`${BASE}/api/v1/streams/${stream}`, () => page(stream, [{ position: "1", id: "x", changes: [{ table: "T", key: { ID: null }, op: "upsert", row: {} }] }])));
      const e = await codError(client().readStream(stream, null));
      expect(e.message).toBe(`[Сервер ЦОД]: Неправильный формат файла ответа на ${expected[stream]}: items[0].changes[0].key.ID: ожидается строка или целое число, получено null`);
    }
  });

  test("wrong schema in English, and the other ways an answer can be wrong", async () => {
    setLanguage("en");
    const cases: [object, string][] = [
      [[], "$: expected object, got array(0)"],
      [{ stream: "referrals", items: [] }, "more: the required field is missing (true | false)"],
      [{ stream: "results", items: [], more: false }, "the answer is for the stream results, but referrals was asked for"],
      [{ stream: "referrals", items: [{ position: "1", id: "x", changes: [change(1, "USERS")] }], more: false }, "items[0].changes[0].table: the table USERS is not part of the stream referrals"],
      [{ stream: "referrals", items: [{ position: "1", id: "x", changes: [change(1, "REG_NAPR_SHTRIH")] }], more: false }, "items[0].changes[0]: an item's first change must be an upsert of DOC_NAPR_ANALYSIS"],
      [{ stream: "referrals", items: [{ position: "1", id: "x", changes: [{ ...change(1), key: { ID: 2 ** 53 + 2 } }] }], more: false }, "items[0].changes[0].key.ID: an integer beyond 2^53"],
      [{ stream: "referrals", items: [{ position: "1", id: "x", changes: [change(1), { table: "DOCTAB_NAPR_ANALYSIS", key: { ID: 1 }, op: "delete", row: { A: 1 } }] }], more: false }, "items[0].changes[1].row: a delete carries no row"],
    ];
    for (const [body, detail] of cases) {
      server.use(http.get(`${BASE}/api/v1/streams/referrals`, () => HttpResponse.json(body, { headers: HEADERS })));
      const e = await codError(client().readStream("referrals", null));
      expect(e.message.replace(/^\[ЦОД server\]: Wrong format of the answer to receiving referrals for analyses: /, "")).toStartWith(detail);
    }
  });

  test("a status stream may only upsert its head table", async () => {
    server.use(http.get(`${BASE}/api/v1/streams/referral-statuses`, () => page("referral-statuses", [{ position: "1", id: "s1", changes: [{ table: "DOC_NAPR_ANALYSIS", key: { ID: 1 }, op: "delete" }] }])));
    const e = await codError(client().readStream("referral-statuses", null));
    expect(e.message).toContain("items[0].changes[0].op: в этом потоке допускается только upsert");
  });

  test("a push answer for another batch is a format error, never an acknowledgement", async () => {
    server.use(http.post(`${BASE}/api/v1/push`, () => HttpResponse.json({ batch_id: "b-other", status: "applied", rows: 1 }, { headers: HEADERS })));
    const e = await codError(client().push({ batchId: "b-5", changes: [change(1)] }));
    expect(e.message).toBe("[Сервер ЦОД]: Неправильный формат файла ответа на передачу анализов в ЦОД: ответ подтверждает пакет b-other, а отправлен пакет b-5");
  });
});

describe("the ЦОД client: answers that are not faults of the network", () => {
  test("a rejected batch (4xx with a reason) is `rejected`, not retried, with the reason redacted", async () => {
    let n = 0;
    server.use(
      http.post(`${BASE}/api/v1/push`, () => {
        n++;
        return HttpResponse.json({ error: { code: "invalid_batch", message: "changes[3]: пациент Петров Пётр Петрович, СНИЛС 123-456-789 01: нет направления" } }, { status: 422, headers: HEADERS });
      }),
    );
    const e = await codError(client().push({ batchId: "b-6", changes: [change(1)] }));
    expect(n).toBe(1);
    expect([e.kind, e.retryable, e.status, e.code]).toEqual(["rejected", false, 422, "invalid_batch"]);
    expect(e.reason).not.toContain("Петров");
    expect(e.reason).not.toContain("123-456-789");
    expect(e.message).toStartWith("[Сервер ЦОД]: ЦОД отклонил пакет b-6 (код 422, invalid_batch): changes[3]:");
  });

  test("a token the ЦОД does not accept names the settings to check and never the token", async () => {
    server.use(http.get(`${BASE}/api/v1/hello`, () => HttpResponse.json({ error: { code: "unauthorized", message: `bad token ${TOKEN}` } }, { status: 401, headers: HEADERS })));
    const e = await codError(client().hello());
    expect(e.kind).toBe("unauthorized");
    expect(e.message).toContain("cod.token");
    expect(e.message).not.toContain(TOKEN);
  });

  test("every answer's protocol version is checked: missing, another major, a call the ЦОД lacks", async () => {
    server.use(http.get(`${BASE}/api/v1/hello`, () => HttpResponse.json({ protocol: "1.0" })));
    expect((await codError(client().hello())).message).toContain("нет заголовка Cod-Protocol");
    server.use(http.get(`${BASE}/api/v1/hello`, () => HttpResponse.json({}, { headers: { "cod-protocol": "2.0" } })));
    const newer = await codError(client().hello());
    expect([newer.kind, newer.retryable]).toEqual(["version", false]);
    expect(newer.message).toContain("Обновите агент");
    server.use(http.get(`${BASE}/api/v1/catalog`, () => HttpResponse.json({ error: { code: "unknown_call" } }, { status: 404, headers: { "cod-protocol": "1.0" } })));
    const lacking = await codError(client().catalog("1"));
    expect(lacking.kind).toBe("version");
    expect(lacking.message).toContain("не поддерживает вызов GET /api/v1/catalog");
  });

  test("a newer minor version with extra fields is accepted (fields it does not know are ignored)", async () => {
    server.use(http.post(`${BASE}/api/v1/push`, () => HttpResponse.json({ batch_id: "b-7", status: "duplicate", rows: 1, applied_at: "2025-05-14T10:00:00Z" }, { headers: { "cod-protocol": "1.4" } })));
    expect(await client().push({ batchId: "b-7", changes: [change(1)] })).toEqual({ batchId: "b-7", status: "duplicate", rows: 1 });
  });

  test("fromConfig refuses a ЦОД that is not configured, naming what is missing", () => {
    expect(() => CodClient.fromConfig({ url: "", token: "", mo_id: "12" } as never)).toThrow("cod.url, cod.token");
  });
});
