/**
 * The update calls of protocol 1.1 end to end: the ЦОД simulator offers a
 * binary published on its admin port and the real client reads the offer and
 * downloads it; and the manifest source at `update.url`, against a real
 * HTTP server on loopback.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { CodSimulator } from "../../src/sim/cod/cod-simulator.ts";
import { CodClient } from "../../src/cod/cod-client.ts";
import { CodError } from "../../src/cod/cod-error.ts";
import { HttpClient } from "../../src/net/http-client.ts";
import { NetError } from "../../src/net/net-error.ts";
import { loadConfig } from "../../src/config/load.ts";
import { setLanguage } from "../../src/messages/text.ts";
import { updateSource } from "../../src/tasks/self-update/update-source.ts";
import { tempDir } from "../helpers/temp-dir.ts";
import { rejectionOf } from "../helpers/rejection.ts";

let sim: CodSimulator;
let file: string;
const bytes = Buffer.from(Array.from({ length: 300_000 }, (_, i) => (i * 7) % 256));
const sha = new Bun.CryptoHasher("sha256").update(bytes).digest("hex");
const signature = `${"A".repeat(86)}==`;

beforeAll(async () => {
  setLanguage("ru");
  sim = await CodSimulator.start({ dataDir: tempDir("sim-upd-") });
  file = join(tempDir(), "agent-0.2.0");
  writeFileSync(file, bytes);
});
afterAll(async () => {
  await sim.stop();
});

async function admin(method: string, path: string, body?: unknown): Promise<any> {
  const r = await fetch(`${sim.adminUrl}${path}`, { method, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: r.status, ...((await r.json()) as object) };
}

function client(): CodClient {
  return new CodClient(new HttpClient({ setting: "cod", baseUrl: sim.url, timeoutMs: 3000, retries: 0, backoff: { firstPauseMs: 1, maxPauseMs: 1 } }), "1234", "t");
}

async function download(c: CodClient, path: string, max: number): Promise<{ length: number; sha: string }> {
  const hasher = new Bun.CryptoHasher("sha256");
  const length = await c.downloadUpdate(path, (chunk) => void hasher.update(chunk), max);
  return { length, sha: hasher.digest("hex") };
}

describe("ЦОД protocol 1.1: updates", () => {
  test("nothing published: the offer is null; hello lists the call", async () => {
    await admin("DELETE", "/admin/updates");
    expect(await client().latestUpdate("linux-x64", "avx2", "0.1.0")).toBeNull();
    expect((await client().hello()).calls).toContain("updates");
  });

  test("the newest published version for the platform and CPU level is offered and downloads byte for byte", async () => {
    await admin("DELETE", "/admin/updates");
    for (const [version, cpu] of [["0.2.0", "avx2"], ["0.10.0", "baseline"], ["0.9.0", "avx2"]] as const) {
      expect((await admin("PUT", "/admin/updates", { platform: "linux-x64", cpu, version, file, signature })).status).toBe(200);
    }
    const offer = await client().latestUpdate("linux-x64", "avx2", "0.1.0");
    expect(offer).toEqual({ version: "0.9.0", platform: "linux-x64", cpu: "avx2", size: bytes.length, sha256: sha, signature, download: "/api/v1/updates/linux-x64/avx2/0.9.0/binary" });
    expect(await download(client(), offer!.download, offer!.size)).toEqual({ length: bytes.length, sha });
    expect((await client().latestUpdate("linux-x64", "baseline", "0.1.0"))?.version).toBe("0.10.0");
    expect(await client().latestUpdate("windows-x64", "avx2", "0.1.0")).toBeNull();
  });

  test("a download cut short arrives short (the job then refuses it by size); more than announced is refused", async () => {
    await admin("DELETE", "/admin/updates");
    await admin("PUT", "/admin/updates", { platform: "linux-x64", cpu: "avx2", version: "0.2.0", file, signature });
    await admin("PUT", "/admin/faults", { rules: [{ kind: "truncated", calls: ["update-download"], times: 1 }] });
    const path = "/api/v1/updates/linux-x64/avx2/0.2.0/binary";
    expect((await download(client(), path, bytes.length)).length).toBe(Math.floor(bytes.length / 2));
    await admin("DELETE", "/admin/faults");
    const tooMuch = await rejectionOf(download(client(), path, 1000), CodError);
    expect([tooMuch.kind, tooMuch.call]).toEqual(["format", "update-download"]);
    expect(tooMuch.message).toContain("ответ длиннее ожидаемых 1000 байт");
  });

  test("an unknown binary is refused with the ЦОД's reason; an offer that points elsewhere than the ЦОД is a format error", async () => {
    const e = await rejectionOf(download(client(), "/api/v1/updates/linux-x64/avx2/9.9.9/binary", 10), CodError);
    expect([e.kind, e.status, e.code]).toEqual(["rejected", 404, "unknown_update"]);
    const fake = new CodClient(
      new HttpClient({ setting: "cod", baseUrl: "http://127.0.0.1:1", timeoutMs: 1000, retries: 0, backoff: { firstPauseMs: 1, maxPauseMs: 1 } }, {
        fetch: async () =>
          Response.json(
            { update: { version: "0.2.0", platform: "linux-x64", cpu: "avx2", size: 1, sha256: sha, signature, download: "http://elsewhere.example/agent" } },
            { headers: { "cod-protocol": "1.2" } },
          ),
      }),
      "1234",
      "t",
    );
    const f = await rejectionOf(fake.latestUpdate("linux-x64", "avx2", "0.1.0"), CodError);
    expect(f.kind).toBe("format");
    expect(f.message).toContain("update.download");
  });
});

describe("update.url: a manifest on a plain web server", () => {
  let server: ReturnType<typeof Bun.serve>;
  let manifest: unknown;
  beforeAll(() => {
    server = Bun.serve({
      hostname: "127.0.0.1",
      port: 0,
      fetch: (req) => {
        const path = new URL(req.url).pathname;
        if (path === "/lab-agent/manifest.json") return Response.json(manifest);
        if (path === "/lab-agent/bin/agent-0.3.0") return new Response(bytes);
        return new Response("no", { status: 404 });
      },
    });
  });
  afterAll(() => server.stop(true));

  const source = () => {
    const config = loadConfig({
      home: "/x",
      machineTimeZone: "UTC",
      env: {},
      overrides: [{ path: "update.url", value: `http://127.0.0.1:${server.port}/lab-agent/manifest.json`, arg: "test" }],
      readFile: () => undefined,
    }).config;
    return updateSource(config, { platform: "linux-x64", cpu: "avx2", current: "0.1.0" });
  };

  test("the newest entry for this platform is offered; a relative url is resolved against the manifest; it downloads", async () => {
    const entry = { platform: "linux-x64", cpu: "avx2", size: bytes.length, sha256: sha, signature };
    manifest = {
      updates: [
        { ...entry, version: "0.2.0", url: "bin/agent-0.2.0" },
        { ...entry, version: "0.3.0", url: "bin/agent-0.3.0" },
        { ...entry, version: "0.4.0", cpu: "baseline", url: "bin/agent-0.4.0-baseline" },
        { ...entry, version: "0.5.0", platform: "windows-x64", url: "bin/agent-0.5.0.exe" },
      ],
    };
    const s = source();
    const offer = await s.latest(new AbortController().signal);
    expect(offer).toEqual({ ...entry, cpu: "avx2", version: "0.3.0", download: `http://127.0.0.1:${server.port}/lab-agent/bin/agent-0.3.0` });
    const hasher = new Bun.CryptoHasher("sha256");
    expect(await s.download(offer!, (c) => void hasher.update(c), new AbortController().signal)).toBe(bytes.length);
    expect(hasher.digest("hex")).toBe(sha);
    const missing = await rejectionOf(s.download({ ...offer!, download: `http://127.0.0.1:${server.port}/lab-agent/bin/nothing` }, () => {}, new AbortController().signal), NetError);
    expect([missing.kind, missing.status]).toEqual(["http", 404]);
    s.close();
  });

  test("a manifest that is not one says where it is wrong and which setting to check", async () => {
    manifest = { updates: [{ version: "latest", platform: "linux-x64" }] };
    const error = await rejectionOf(source().latest(new AbortController().signal), Error);
    expect(error.message).toContain(`Файл-описание обновлений http://127.0.0.1:${server.port}/lab-agent/manifest.json не подходит: updates[0].version`);
    expect(error.message).toContain("Проверьте update.url.");
  });
});
