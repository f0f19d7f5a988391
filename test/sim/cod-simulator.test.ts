/**
 * The ЦОД simulator started on port 0 and driven through the agent's real
 * client (and its admin port through plain fetch), with faults switched at
 * run time.
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from "bun:test";
import { CodSimulator } from "../../src/sim/cod/cod-simulator.ts";
import { CodClient } from "../../src/cod/cod-client.ts";
import { CodError } from "../../src/cod/cod-error.ts";
import type { RowChange } from "../../src/cod/wire.ts";
import { SIM_PROTOCOL } from "../../src/sim/cod/sim-wire.ts";
import { HttpClient } from "../../src/net/http-client.ts";
import { setLanguage } from "../../src/messages/text.ts";
import { tempDir } from "../helpers/temp-dir.ts";
import { rejectionOf } from "../helpers/rejection.ts";
import { adminOf } from "../helpers/sim-admin.ts";

setLanguage("ru");

let sim: CodSimulator;
const pauses: number[] = [];

beforeAll(async () => {
  sim = await CodSimulator.start({ dataDir: tempDir("sim-cod-") });
});
afterAll(() => sim.stop());
afterEach(() => admin("DELETE", "/admin/faults"));

const admin = adminOf(() => sim.adminUrl);

function client(mo = "1234", o: { retries?: number; timeoutMs?: number; token?: string } = {}): CodClient {
  const http = new HttpClient(
    { setting: "cod", baseUrl: sim.url, timeoutMs: o.timeoutMs ?? 3000, retries: o.retries ?? 0, backoff: { firstPauseMs: 10, maxPauseMs: 50 } },
    { sleep: async (ms) => void pauses.push(ms) },
  );
  return new CodClient(http, mo, o.token ?? "token-of-" + mo);
}

const codError = (p: Promise<unknown>) => rejectionOf(p, CodError);

const upsert = (table: string, id: number | string, row: Record<string, unknown> = {}): RowChange => ({ table, key: { ID: id }, op: "upsert", row: { ID: id, ...row } as never });
const batchesOf = async (mo: string) => ((await admin("GET", "/admin/dump?what=batches")).batches as any[]).filter((b) => b.mo_id === mo);
const rowsOf = async (mo: string) => ((await admin("GET", "/admin/dump?what=rows")).rows as any[]).filter((r) => r.mo_id === mo);

describe("push", () => {
  test("applies a batch once: a resend is `duplicate`, counted as received, not applied", async () => {
    const changes = [upsert("DOC_ANALYSIS", 1, { STATUS: 1 }), upsert("DOC_ANALYSIS", 2), upsert("DOC_ANALYSIS", 1, { STATUS: 2 })];
    expect(await client("p1").push({ batchId: "b1", changes })).toEqual({ batchId: "b1", status: "applied", rows: 3 });
    expect(await client("p1").push({ batchId: "b1", changes })).toEqual({ batchId: "b1", status: "duplicate", rows: 3 });
    const [b] = await batchesOf("p1");
    expect([b.received, b.applied, b.changes]).toEqual([2, 1, 3]);
    const rows = await rowsOf("p1");
    expect(rows.map((r) => [r.key.ID, r.row.STATUS ?? null, r.applied])).toEqual([[1, 2, 2], [2, null, 1]]);
  });

  test("a delete leaves the row deleted; the latest state wins per table and key", async () => {
    await client("p2").push({ batchId: "c1", changes: [upsert("REF_LAB_TYPE", "9007199254740993", { NAME: "a" })] });
    await client("p2").push({ batchId: "c2", changes: [{ table: "REF_LAB_TYPE", key: { ID: "9007199254740993" }, op: "delete" }] });
    const [row] = await rowsOf("p2");
    expect([row.key.ID, row.deleted, row.row, row.applied, row.last_batch_id]).toEqual(["9007199254740993", true, null, 2, "c2"]);
  });

  test("the same batch id with other content is refused (409), and the first content stays", async () => {
    await client("p3").push({ batchId: "d1", changes: [upsert("DOC_ANALYSIS", 1, { V: 1 })] });
    const e = await codError(client("p3").push({ batchId: "d1", changes: [upsert("DOC_ANALYSIS", 1, { V: 2 })] }));
    expect([e.kind, e.status, e.code]).toEqual(["rejected", 409, "batch_conflict"]);
    expect((await rowsOf("p3"))[0].row.V).toBe(1);
  });

  test("an invalid batch is rejected (422) with the simulator's reason, and nothing of it is applied", async () => {
    const http = new HttpClient({ setting: "cod", baseUrl: sim.url, timeoutMs: 3000, retries: 0, backoff: { firstPauseMs: 1, maxPauseMs: 1 } });
    const answer = await http.request({
      method: "POST",
      path: "/api/v1/push",
      json: { batch_id: "e1", changes: [upsert("DOC_ANALYSIS", 1), { table: "DOC_ANALYSIS", key: { ID: 2 }, op: "upsert" }] },
      headers: { "cod-protocol": "1.0", "cod-mo": "p4", authorization: "Bearer t" },
      retry: false,
      accept: () => true,
    });
    expect(answer.status).toBe(422);
    expect((answer.json() as any).error).toEqual({ code: "invalid_batch", message: "changes[1]: an upsert needs a row" });
    expect(await rowsOf("p4")).toEqual([]);
  });

  test("a large batch travels gzipped both ways", async () => {
    const changes = Array.from({ length: 2000 }, (_, i) => upsert("DOCTAB_ANALYSIS_PARAMS", i + 1, { VALUE: `${i * 1.5}`, UNIT: "ммоль/л" }));
    expect((await client("p5").push({ batchId: "f1", changes })).rows).toBe(2000);
    expect((await rowsOf("p5")).length).toBe(2000);
  });
});

describe("faults switched at run time", () => {
  test("dropping the connection after a batch was received: applied once, the client sees `dropped`, the resend is `duplicate`", async () => {
    await admin("PUT", "/admin/faults", { rules: [{ kind: "drop", calls: ["push"], times: 1 }] });
    const batch = { batchId: "g1", changes: [upsert("DOC_ANALYSIS", 7)] };
    const e = await codError(client("q1").push(batch));
    expect([e.kind, e.retryable]).toEqual(["dropped", true]);
    expect(await client("q1").push(batch)).toEqual({ batchId: "g1", status: "duplicate", rows: 1 });
    const [b] = await batchesOf("q1");
    expect([b.received, b.applied]).toEqual([2, 1]);
  });

  test("with retries in the client, a drop is healed within the call", async () => {
    await admin("PUT", "/admin/faults", { rules: [{ kind: "drop", calls: ["push"], times: 1 }] });
    expect((await client("q2", { retries: 2 }).push({ batchId: "h1", changes: [upsert("DOC_ANALYSIS", 1)] })).status).toBe("duplicate");
    const [b] = await batchesOf("q2");
    expect([b.received, b.applied]).toEqual([2, 1]);
  });

  test("500 / 503 for the next requests; the client retries through them", async () => {
    await admin("PUT", "/admin/faults", { rules: [{ kind: "status", status: 503, times: 1 }, { kind: "status", status: 500, times: 1 }] });
    const before = pauses.length;
    expect((await client("q3", { retries: 3 }).hello()).protocol).toBe(SIM_PROTOCOL);
    expect(pauses.length - before).toBe(2);
    const state = await admin("GET", "/admin/faults");
    expect(state.fired).toEqual({ "status 503": 1, "status 500": 1 });
  });

  test("refusing connections, while the admin port still answers; then serving again on the same port", async () => {
    await admin("PUT", "/admin/faults", { refuse: true });
    const e = await codError(client("q4").hello());
    expect(e.kind).toBe("refused");
    expect((await admin("GET", "/admin/health")).refusing).toBe(true);
    await admin("DELETE", "/admin/faults");
    expect((await client("q4").hello()).mo).toBe("q4");
  });

  test("malformed and truncated answers are format errors with the stream's text", async () => {
    await admin("POST", "/admin/items", { mo_id: "q5", stream: "referrals", items: [{ id: "n1", changes: [upsert("DOC_NAPR_ANALYSIS", 1)] }] });
    await admin("PUT", "/admin/faults", { rules: [{ kind: "malformed", calls: ["read"], times: 1 }, { kind: "truncated", calls: ["read"], times: 1 }] });
    const malformed = await codError(client("q5").readStream("referrals", null));
    expect(malformed.message).toStartWith("[Сервер ЦОД]: Неправильный формат файла ответа на получение направлений на анализы: это не JSON");
    const truncated = await codError(client("q5").readStream("referrals", null));
    expect(truncated.message).toMatch(/^\[Сервер ЦОД\]: Неправильный формат файла ответа на получение направлений на анализы: ответ обрывается на \d+-м байте/);
  });

  test("a slow answer beyond the timeout", async () => {
    await admin("PUT", "/admin/faults", { rules: [{ kind: "slow", delay_ms: 800, times: 1 }] });
    const e = await codError(client("q6", { timeoutMs: 150 }).hello());
    expect(e.kind).toBe("timeout");
  });

  test("probabilistic faults are replayable from their seed", async () => {
    const run = async () => {
      await admin("PUT", "/admin/faults", { seed: 42, rules: [{ kind: "status", status: 503, probability: 0.5 }] });
      const outcomes: string[] = [];
      for (let i = 0; i < 12; i++) outcomes.push(await client("q7").hello().then(() => "ok", (e: CodError) => String(e.status)));
      return outcomes;
    };
    const first = await run();
    expect(first).toContain("503");
    expect(first).toContain("ok");
    expect(await run()).toEqual(first);
  });
});

describe("pull streams", () => {
  const item = (n: number) => ({ id: `napr-${n}`, changes: [upsert("DOC_NAPR_ANALYSIS", n), upsert("DOCTAB_NAPR_ANALYSIS", n * 10, { NAPR_ID: n })] });

  test("serves items after a position, keeps them until acknowledged, and counts serving", async () => {
    await admin("POST", "/admin/items", { mo_id: "r1", stream: "referrals", items: [1, 2, 3].map(item) });
    await admin("POST", "/admin/items", { mo_id: "someone-else", stream: "referrals", items: [item(99)] });
    const c = client("r1");
    const first = await c.readStream("referrals", null, { limit: 2 });
    expect([first.items.map((i) => i.id), first.more]).toEqual([["napr-1", "napr-2"], true]);
    const second = await c.readStream("referrals", first.lastPosition, { limit: 2 });
    expect([second.items.map((i) => i.id), second.more]).toEqual([["napr-3"], false]);
    // Not acknowledged: a read from the start serves them again.
    expect((await c.readStream("referrals", null)).items.length).toBe(3);
    expect(await c.ackStream("referrals", first.lastPosition!)).toEqual({ stream: "referrals", through: first.lastPosition!, acknowledged: 2 });
    expect(await c.ackStream("referrals", first.lastPosition!)).toMatchObject({ acknowledged: 0 });
    expect((await c.readStream("referrals", null)).items.map((i) => i.id)).toEqual(["napr-3"]);
    const items = ((await admin("GET", "/admin/dump?what=items")).items as any[]).filter((i) => i.mo_id === "r1");
    expect(items.map((i) => [i.id, i.served, i.acked])).toEqual([["napr-1", 2, true], ["napr-2", 2, true], ["napr-3", 3, false]]);
    expect((await c.readStream("results", null)).items).toEqual([]);
  });

  test("the duplicate fault serves each item twice and ignores `after`", async () => {
    await admin("POST", "/admin/items", { mo_id: "r2", stream: "special-marks", items: [{ id: "m1", changes: [upsert("REG_NAPR_MARKS", 1)] }] });
    const c = client("r2");
    const p1 = await c.readStream("special-marks", null);
    await admin("PUT", "/admin/faults", { rules: [{ kind: "duplicate", times: 1 }] });
    const dup = await c.readStream("special-marks", p1.lastPosition);
    expect(dup.items.map((i) => i.id)).toEqual(["m1", "m1"]);
  });

  test("seeding refuses items that break the protocol", async () => {
    await expect(admin("POST", "/admin/items", { mo_id: "r3", stream: "referrals", items: [{ id: "x", changes: [] }] })).rejects.toThrow("400");
    await expect(admin("POST", "/admin/items", { mo_id: "r3", stream: "nope", items: [] })).rejects.toThrow("400");
  });
});

describe("catalog, tokens, protocol", () => {
  test("serves a lab's catalog; an unknown lab is `rejected` with unknown_lab", async () => {
    await admin("PUT", "/admin/catalog", { lab: "5555", analyses: [{ analysis_id: 1, code: "A1", name: "Глюкоза", days: 1 }] });
    expect(await client("s1").catalog("5555")).toEqual({ lab: "5555", analyses: [{ analysisId: 1, code: "A1", name: "Глюкоза", biomaterial: null, days: 1 }] });
    await admin("PUT", "/admin/catalog", { lab: "6666", analyses: [] });
    expect((await client("s1").catalog("6666")).analyses).toEqual([]);
    const e = await codError(client("s1").catalog("7777"));
    expect([e.kind, e.status, e.code]).toEqual(["rejected", 404, "unknown_lab"]);
  });

  test("with tokens configured, only the МО's own token is accepted", async () => {
    await admin("PUT", "/admin/tokens", { tokens: { t1: "right-token" } });
    try {
      expect((await client("t1", { token: "right-token" }).hello()).mo).toBe("t1");
      expect((await codError(client("t1", { token: "wrong-token" }).hello())).kind).toBe("unauthorized");
    } finally {
      await admin("PUT", "/admin/tokens", { tokens: {} });
    }
  });

  test("a request in another major version, or an unknown call, gets the protocol's errors", async () => {
    const raw = (path: string, version: string) => fetch(`${sim.url}${path}`, { headers: { "cod-protocol": version, "cod-mo": "u1", authorization: "Bearer x" } });
    const v2 = await raw("/api/v1/hello", "2.0");
    expect([v2.status, ((await v2.json()) as any).error.code]).toEqual([400, "protocol"]);
    const unknown = await raw("/api/v1/pdf", "1.0");
    expect([unknown.status, ((await unknown.json()) as any).error.code, unknown.headers.get("cod-protocol")]).toEqual([404, "unknown_call", SIM_PROTOCOL]);
  });
});
