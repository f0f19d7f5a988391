import { readFileSync } from "node:fs";
import type { SMTPPoolOptions } from "nodemailer";
import type { Config } from "../config/schema.ts";
import { buildFetchTls } from "../net/tls-files.ts";

/** Where and how the agent reaches its SMTP server; made from [mail] by `smtpOptions`. */
export interface SmtpSettings {
  host: string;
  port: number;
  security: "starttls" | "tls" | "none";
  user: string;
  password: string;
  from: string;
  timeoutMs: number;
  poolSize: number;
  /** Extra roots added to the bundled ones, and whether to check the certificate at all. */
  tls: { ca?: string[]; rejectUnauthorized: boolean };
}

/**
 * The [mail] section as SmtpSettings. Reads the CA file now (through the
 * same reader as the HTTP remotes, so it is ADDED to the bundled roots and a
 * wrong path is reported at start naming `mail.tls_ca_file`).
 */
export function smtpSettings(mail: Config["mail"], readFile: (path: string) => string = (p) => readFileSync(p, "utf8")): SmtpSettings {
  const tls = buildFetchTls({ caFile: mail.tls_ca_file, certFile: "", keyFile: "", keyPassword: "", verify: mail.tls_verify }, "mail", readFile);
  return {
    host: mail.host,
    port: mail.port,
    security: mail.security,
    user: mail.user,
    password: mail.password,
    from: mail.from,
    timeoutMs: mail.timeout_seconds * 1000,
    poolSize: mail.pool_size,
    tls: { ca: tls?.ca, rejectUnauthorized: mail.tls_verify },
  };
}

/**
 * nodemailer's pool options. Certificate checks stay on unless tls_verify
 * is false; `starttls` REQUIRES the upgrade (a server that does not offer
 * STARTTLS is an error, never a silent plain-text session); TLS 1.2 at least.
 * The agent never lets nodemailer read files or URLs named in a message.
 */
export function poolOptions(s: SmtpSettings): SMTPPoolOptions & { pool: true } {
  return {
    pool: true,
    host: s.host,
    port: s.port,
    secure: s.security === "tls",
    requireTLS: s.security === "starttls",
    ignoreTLS: s.security === "none",
    auth: s.user ? { user: s.user, pass: s.password } : undefined,
    maxConnections: s.poolSize,
    maxMessages: 100,
    // A message whose connection closed before a byte of it was sent goes out on another one;
    // nodemailer never requeues one that was (partly) transmitted.
    maxRequeues: 2,
    connectionTimeout: s.timeoutMs,
    greetingTimeout: s.timeoutMs,
    // A little longer than the others, so that a silent server before its greeting is reported
    // as a greeting timeout (nothing sent), never as an idle socket (which may be mid-message).
    socketTimeout: s.timeoutMs + 1000,
    dnsTimeout: s.timeoutMs,
    tls: { ...s.tls, minVersion: "TLSv1.2" },
    disableFileAccess: true,
    disableUrlAccess: true,
    logger: false,
  };
}
