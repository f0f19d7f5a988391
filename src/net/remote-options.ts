import { readFileSync } from "node:fs";
import type { RemoteConnectionValues } from "../config/sections/remote.ts";
import { BUILD } from "../platform/build-info.ts";
import type { RemoteOptions } from "./http-client.ts";
import { buildFetchTls } from "./tls-files.ts";

/** The longest pause between two attempts, whatever retry_pause_seconds says. */
const MAX_PAUSE_MS = 60_000;

/**
 * A remote's connection options from its config section (`cod`, later
 * `odli`, `sms`). Reads the TLS files now, so a wrong path is reported at
 * start with the setting's name, not at the first request.
 */
export function remoteOptions(section: string, values: RemoteConnectionValues, readFile: (path: string) => string = (p) => readFileSync(p, "utf8")): RemoteOptions {
  return {
    setting: section,
    baseUrl: values.url,
    timeoutMs: values.timeout_seconds * 1000,
    retries: values.retries,
    backoff: { firstPauseMs: values.retry_pause_seconds * 1000, maxPauseMs: MAX_PAUSE_MS },
    tls: buildFetchTls(
      { caFile: values.tls_ca_file, certFile: values.tls_cert_file, keyFile: values.tls_key_file, keyPassword: values.tls_key_password, verify: values.tls_verify },
      section,
      readFile,
    ),
    proxy: values.proxy ? { url: values.proxy, user: values.proxy_user, password: values.proxy_password } : undefined,
    headers: { "user-agent": `lab-agent/${BUILD.version}` },
  };
}
