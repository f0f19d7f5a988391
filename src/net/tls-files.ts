import { rootCertificates } from "node:tls";
import { netTexts as T } from "../messages/areas/net.ts";
import { say } from "../messages/text.ts";
import { usageError } from "../kernel/agent-error.ts";

/** A remote's TLS settings as the config gives them (file paths; empty = not set). */
export interface TlsSettings {
  caFile: string;
  certFile: string;
  keyFile: string;
  keyPassword: string;
  verify: boolean;
}

/** What Bun's fetch takes as `tls`. */
export interface FetchTls {
  ca?: string[];
  cert?: string;
  key?: string;
  passphrase?: string;
  rejectUnauthorized: boolean;
}

const CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;
const HAS_CERTIFICATE = /-----BEGIN CERTIFICATE-----/;
const PRIVATE_KEY = /-----BEGIN (?:[A-Z]+ )?PRIVATE KEY-----/;

/**
 * Builds the TLS options of one remote, reading its files once (at start
 * and on a config reload). An extra CA file is ADDED to Bun's bundled
 * roots: in Bun an explicit `ca` list replaces the defaults, so without
 * `rootCertificates` here a site with a public certificate would stop
 * working the moment a Russian root is configured.
 *
 * `setting` is the section (`cod`): errors name `cod.tls_ca_file` and say what to do.
 */
export function buildFetchTls(s: TlsSettings, setting: string, readFile: (path: string) => string): FetchTls | undefined {
  const read = (key: string, path: string) => {
    try {
      return readFile(path);
    } catch (error) {
      const detail = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
      throw usageError(say(T.fileUnreadable, { setting: `${setting}.${key}`, path, detail }), error);
    }
  };
  const out: FetchTls = { rejectUnauthorized: s.verify };
  if (s.caFile) {
    const extra = read("tls_ca_file", s.caFile).match(CERTIFICATE);
    if (!extra) throw usageError(say(T.notPemCertificate, { setting: `${setting}.tls_ca_file`, path: s.caFile }));
    out.ca = [...rootCertificates, ...extra];
  }
  if (s.certFile) {
    const cert = read("tls_cert_file", s.certFile);
    if (!HAS_CERTIFICATE.test(cert)) throw usageError(say(T.notPemCertificate, { setting: `${setting}.tls_cert_file`, path: s.certFile }));
    out.cert = cert;
    // The key may sit in the certificate's own file (a combined PEM).
    const keyPath = s.keyFile || s.certFile;
    const key = s.keyFile ? read("tls_key_file", s.keyFile) : cert;
    if (!PRIVATE_KEY.test(key)) throw usageError(say(T.notPemKey, { setting: `${setting}.${s.keyFile ? "tls_key_file" : "tls_cert_file"}`, path: keyPath }));
    out.key = key;
    if (s.keyPassword) out.passphrase = s.keyPassword;
  }
  const changed = out.ca !== undefined || out.cert !== undefined || !s.verify;
  return changed ? out : undefined;
}
