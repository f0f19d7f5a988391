import { describe, expect, test } from "bun:test";
import { join } from "node:path";
import { existsSync } from "node:fs";
import { CodClient } from "../../src/cod/cod-client.ts";
import { HttpClient } from "../../src/net/http-client.ts";
import { firstLine, loneBinary } from "../helpers/binary.ts";
import { STREAMS } from "../../src/cod/wire.ts";

describe("agent sim cod, from the compiled binary alone in a folder", () => {
  test("listens on 127.0.0.1 on a free port, keeps its store under --data (migrations embedded), answers the client, stops on SIGTERM", async () => {
    const { dir, agent } = loneBinary();
    const p = Bun.spawn([agent, "sim", "cod", "--port", "0", "--data", "simdata", "--lang", "en"], {
      cwd: dir,
      env: { PATH: "/usr/bin:/bin", HOME: dir, TZ: "UTC" },
      stdout: "pipe",
      stderr: "pipe",
    });
    const killer = setTimeout(() => p.kill("SIGKILL"), 30_000);
    try {
      // The listening line is the first line on stdout, for scripts to read the ports from.
      const out = await firstLine(p.stdout);
      const m = /listens on (http:\/\/127\.0\.0\.1:\d+) \(admin: (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      expect(m).not.toBeNull();
      const [, url, adminUrl] = m!;
      expect(existsSync(join(dir, "simdata", "sim-cod.db"))).toBe(true);
      const client = new CodClient(new HttpClient({ setting: "cod", baseUrl: url!, timeoutMs: 5000, retries: 0, backoff: { firstPauseMs: 1, maxPauseMs: 1 } }), "1234", "t");
      expect((await client.push({ batchId: "bin-1", changes: [{ table: "DOC_ANALYSIS", key: { ID: 1 }, op: "upsert", row: { ID: 1 } }] })).status).toBe("applied");
      const dump = (await (await fetch(`${adminUrl}/admin/dump?what=summary`)).json()) as { summary: { batches: number } };
      expect(dump.summary.batches).toBe(1);
      p.kill("SIGTERM");
      expect(await p.exited).toBe(0);
      expect(await new Response(p.stderr).text()).toContain("The ЦОД simulator stopped.");
    } finally {
      clearTimeout(killer);
    }
  });

  test("--demo-mo seeds that МО's six streams and the executing МО's catalogs with the demo data, once per store", async () => {
    const { dir, agent } = loneBinary();
    const start = async () => {
      const p = Bun.spawn([agent, "sim", "cod", "--port", "0", "--data", "simdata", "--demo-mo", "4601000", "--lang", "en"], {
        cwd: dir,
        env: { PATH: "/usr/bin:/bin", HOME: dir, TZ: "UTC" },
        stdout: "pipe",
        stderr: "pipe",
      });
      const killer = setTimeout(() => p.kill("SIGKILL"), 30_000);
      // The listening line stays first; the seeding line follows it.
      const lines = await linesOf(p.stdout, 2);
      const m = /listens on (http:\/\/127\.0\.0\.1:\d+) \(admin: (http:\/\/127\.0\.0\.1:\d+)/.exec(lines[0]!);
      expect(m).not.toBeNull();
      return { p, killer, url: m![1]!, adminUrl: m![2]!, seeded: lines[1]! };
    };
    const stop = async (run: Awaited<ReturnType<typeof start>>) => {
      run.p.kill("SIGTERM");
      expect(await run.p.exited).toBe(0);
      clearTimeout(run.killer);
    };

    const first = await start();
    try {
      const seeded = /The streams of МО 4601000 hold the demo data: documents and statuses \((\d+)\); catalogs of executing МО: (\d+)\./.exec(first.seeded);
      expect(seeded).not.toBeNull();
      const client = new CodClient(new HttpClient({ setting: "cod", baseUrl: first.url, timeoutMs: 5000, retries: 0, backoff: { firstPauseMs: 1, maxPauseMs: 1 } }), "4601000", "t");
      // Every stream has something for the agent to pull, through the protocol as the agent reads it.
      let served = 0;
      for (const stream of STREAMS) {
        const page = await client.readStream(stream, null, { limit: 1000 });
        expect({ stream, some: page.items.length > 0 }).toEqual({ stream, some: true });
        served += page.items.length;
      }
      expect(served).toBe(Number(seeded![1]));
      // The statuses are of the demo main DB's own referrals 1–15, which `agent db demo` writes.
      const statuses = await client.readStream("referral-statuses", null, { limit: 1000 });
      expect(statuses.items.map((i) => i.changes[0]!.key.ID).sort((a, b) => Number(a) - Number(b))).toEqual(Array.from({ length: 15 }, (_, i) => i + 1));
      // Another МО gets nothing; the executing МО's catalogs are there for the МО-exchange job.
      const other = new CodClient(new HttpClient({ setting: "cod", baseUrl: first.url, timeoutMs: 5000, retries: 0, backoff: { firstPauseMs: 1, maxPauseMs: 1 } }), "1234", "t");
      expect((await other.readStream("referrals", null, { limit: 10 })).items).toEqual([]);
      const summary = (await (await fetch(`${first.adminUrl}/admin/dump?what=summary`)).json()) as { summary: { items: number } };
      expect(summary.summary.items).toBe(served);
      expect(Number(seeded![2])).toBeGreaterThan(0);
      const catalog = await client.catalog("4601001");
      expect(catalog.analyses.length).toBeGreaterThan(0);
    } finally {
      await stop(first);
    }

    // Started again on the same store: what it holds is kept, not seeded twice.
    const second = await start();
    try {
      expect(second.seeded).toMatch(/The store already holds items for МО 4601000 \(\d+\): the demo data is not seeded again\./);
      const summary = (await (await fetch(`${second.adminUrl}/admin/dump?what=summary`)).json()) as { summary: { items: number } };
      expect(`${summary.summary.items}`).toBe(/\((\d+)\)/.exec(second.seeded)![1]!);
    } finally {
      await stop(second);
    }
  });

  test("--demo-mo with something that is not an МО code is a usage error (exit 2)", async () => {
    const { dir, agent } = loneBinary();
    const p = Bun.spawn([agent, "sim", "cod", "--demo-mo", "МО 1", "--lang", "en"], { cwd: dir, stderr: "pipe", stdout: "pipe", env: { PATH: "/usr/bin:/bin", HOME: dir } });
    const [code, stderr] = await Promise.all([p.exited, new Response(p.stderr).text()]);
    expect(code).toBe(2);
    expect(stderr).toContain('--demo-mo: "МО 1" is not an МО code');
  });

  test("a bad port is a usage error (exit 2) that says what to give", async () => {
    const { dir, agent } = loneBinary();
    const p = Bun.spawn([agent, "sim", "cod", "--port", "70000", "--lang", "en"], { cwd: dir, stderr: "pipe", stdout: "pipe", env: { PATH: "/usr/bin:/bin", HOME: dir } });
    const [code, stderr] = await Promise.all([p.exited, new Response(p.stderr).text()]);
    expect(code).toBe(2);
    expect(stderr).toContain('--port: "70000" is not a port number (0–65535).');
  });
});

/** The first `n` lines of a stream (the reader released after, the rest left unread). */
async function linesOf(stdout: ReadableStream<Uint8Array>, n: number): Promise<string[]> {
  const reader = stdout.getReader();
  const decoder = new TextDecoder();
  let out = "";
  while (out.split("\n").length <= n) {
    const { value, done } = await reader.read();
    if (done) break;
    out += decoder.decode(value, { stream: true });
  }
  reader.releaseLock();
  return out.split("\n").slice(0, n);
}
