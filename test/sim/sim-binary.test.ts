import { describe, expect, test } from "bun:test";
import { join } from "node:path";
import { existsSync } from "node:fs";
import { CodClient } from "../../src/cod/cod-client.ts";
import { HttpClient } from "../../src/net/http-client.ts";
import { firstLine, loneBinary } from "../helpers/binary.ts";

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

  test("a bad port is a usage error (exit 2) that says what to give", async () => {
    const { dir, agent } = loneBinary();
    const p = Bun.spawn([agent, "sim", "cod", "--port", "70000", "--lang", "en"], { cwd: dir, stderr: "pipe", stdout: "pipe", env: { PATH: "/usr/bin:/bin", HOME: dir } });
    const [code, stderr] = await Promise.all([p.exited, new Response(p.stderr).text()]);
    expect(code).toBe(2);
    expect(stderr).toContain('--port: "70000" is not a port number (0–65535).');
  });
});
