import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { rootCertificates } from "node:tls";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { HttpClient } from "../../src/net/http-client.ts";
import { NetError } from "../../src/net/net-error.ts";
import { remoteOptions } from "../../src/net/remote-options.ts";
import { buildFetchTls } from "../../src/net/tls-files.ts";
import type { RemoteConnectionValues } from "../../src/config/sections/remote.ts";
import { AgentError } from "../../src/kernel/agent-error.ts";
import { setLanguage } from "../../src/messages/text.ts";
import { makeTestPki, type TestPki } from "../helpers/pki.ts";
import { TestProxy } from "../helpers/http-proxy.ts";
import { rejectionOf } from "../helpers/rejection.ts";

// Messages in English here; the default (Russian) is restored for the files after this one.
beforeAll(() => setLanguage("en"));
afterAll(() => setLanguage("ru"));

let pki: TestPki;
let https: ReturnType<typeof Bun.serve>;
let mutual: ReturnType<typeof Bun.serve>;
let plain: ReturnType<typeof Bun.serve>;
let proxy: TestProxy;

beforeAll(async () => {
  pki = makeTestPki();
  https = Bun.serve({ port: 0, hostname: "127.0.0.1", tls: { cert: pki.pem.serverCert, key: pki.pem.serverKey }, fetch: () => Response.json({ tls: true }) });
  // A server that wants a client certificate signed by the test CA.
  mutual = Bun.serve({
    port: 0,
    hostname: "127.0.0.1",
    tls: { cert: pki.pem.serverCert, key: pki.pem.serverKey, ca: pki.pem.ca, requestCert: true, rejectUnauthorized: true },
    fetch: () => Response.json({ mutual: true }),
  });
  plain = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: (req) => Response.json({ path: new URL(req.url).pathname }) });
  proxy = await TestProxy.start();
});
afterAll(async () => {
  https.stop(true);
  mutual.stop(true);
  plain.stop(true);
  await proxy.stop();
});

/** The [cod] values as the config would give them. */
function cod(url: string, o: Partial<RemoteConnectionValues> = {}): RemoteConnectionValues {
  return {
    url,
    timeout_seconds: 5,
    retries: 0,
    retry_pause_seconds: 1,
    tls_ca_file: "",
    tls_cert_file: "",
    tls_key_file: "",
    tls_key_password: "",
    tls_verify: true,
    proxy: "",
    proxy_user: "",
    proxy_password: "",
    ...o,
  };
}

const get = (values: RemoteConnectionValues) => new HttpClient(remoteOptions("cod", values)).request({ method: "GET", path: "/api/v1/hello", retry: true });

const failure = (p: Promise<unknown>) => rejectionOf(p, NetError);

describe("TLS, for real: a self-signed CA made by openssl and Bun.serve over HTTPS on 127.0.0.1", () => {
  test("a certificate from an unknown CA is a `tls` error that points at tls_ca_file", async () => {
    const e = await failure(get(cod(`https://127.0.0.1:${https.port}`)));
    expect(e.kind).toBe("tls");
    expect(e.retryable).toBe(false);
    expect(e.message).toContain("cod.tls_ca_file");
  });

  test("with the CA in tls_ca_file it works", async () => {
    const answer = await get(cod(`https://127.0.0.1:${https.port}`, { tls_ca_file: pki.caFile }));
    expect(answer.json()).toEqual({ tls: true });
  });

  test("the extra CA is added to Bun's bundled roots, not put in their place", () => {
    const tls = buildFetchTls({ caFile: pki.caFile, certFile: "", keyFile: "", keyPassword: "", verify: true }, "cod", (p) => readFileSync(p, "utf8"));
    expect(tls!.ca!.length).toBe(rootCertificates.length + 1);
    expect(tls!.ca!.slice(0, rootCertificates.length)).toEqual([...rootCertificates]);
    expect(tls!.ca!.at(-1)).toBe(pki.pem.ca.trim());
  });

  test("tls_verify = false connects without the CA", async () => {
    const answer = await get(cod(`https://127.0.0.1:${https.port}`, { tls_verify: false }));
    expect(answer.json()).toEqual({ tls: true });
  });

  test("a server that wants a client certificate: refused without one, accepted with it", async () => {
    const url = `https://127.0.0.1:${mutual.port}`;
    const e = await failure(get(cod(url, { tls_ca_file: pki.caFile })));
    expect(["tls", "dropped"]).toContain(e.kind);
    const answer = await get(cod(url, { tls_ca_file: pki.caFile, tls_cert_file: pki.clientCertFile, tls_key_file: pki.clientKeyFile }));
    expect(answer.json()).toEqual({ mutual: true });
  });

  test("a certificate and key in one file work too", async () => {
    const combined = join(pki.dir, "client-combined.pem");
    writeFileSync(combined, (await Bun.file(pki.clientCertFile).text()) + (await Bun.file(pki.clientKeyFile).text()));
    const answer = await get(cod(`https://127.0.0.1:${mutual.port}`, { tls_ca_file: pki.caFile, tls_cert_file: combined }));
    expect(answer.json()).toEqual({ mutual: true });
  });

  test("speaking TLS to a plain HTTP port is a `tls` error", async () => {
    const e = await failure(get(cod(`https://127.0.0.1:${plain.port}`)));
    expect(e.kind).toBe("tls");
  });

  test("a missing or non-PEM file is reported at start, naming the setting and what to do", () => {
    const missing = join(pki.dir, "nope.pem");
    expect(() => remoteOptions("cod", cod("https://x", { tls_ca_file: missing }))).toThrow(`cod.tls_ca_file: could not read the file ${missing} (ENOENT)`);
    const der = join(pki.dir, "ca.der");
    writeFileSync(der, new Uint8Array([0x30, 0x82, 0x01, 0x0a]));
    let error: unknown;
    try {
      remoteOptions("cod", cod("https://x", { tls_ca_file: der }));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AgentError);
    expect((error as Error).message).toContain("openssl x509 -inform der");
    expect(() => remoteOptions("cod", cod("https://x", { tls_cert_file: pki.clientCertFile }))).toThrow("cod.tls_cert_file");
  });
});

describe("HTTP(S) proxy", () => {
  test("an http:// remote goes through the proxy, with Basic credentials", async () => {
    const before = proxy.seen.length;
    const answer = await get(cod(`http://127.0.0.1:${plain.port}`, { proxy: proxy.url, proxy_user: "clinic", proxy_password: "pa55word" }));
    expect(answer.json()).toEqual({ path: "/api/v1/hello" });
    const seen = proxy.seen.slice(before);
    expect(seen.map((s) => s.line)).toEqual([`GET http://127.0.0.1:${plain.port}/api/v1/hello HTTP/1.1`]);
    expect(seen[0]!.auth).toBe(`Basic ${Buffer.from("clinic:pa55word").toString("base64")}`);
  });

  test("an https:// remote is tunnelled (CONNECT) and its certificate still checked end to end", async () => {
    const before = proxy.seen.length;
    const answer = await get(cod(`https://127.0.0.1:${https.port}`, { proxy: proxy.url, tls_ca_file: pki.caFile }));
    expect(answer.json()).toEqual({ tls: true });
    expect(proxy.seen.slice(before).map((s) => s.line)).toEqual([`CONNECT 127.0.0.1:${https.port} HTTP/1.1`]);
    const e = await failure(get(cod(`https://127.0.0.1:${https.port}`, { proxy: proxy.url })));
    expect(e.kind).toBe("tls");
  });
});
