import { configTexts as T } from "../messages/areas/config.ts";
import { netTexts as N } from "../messages/areas/net.ts";
import { say } from "../messages/text.ts";
import type { Config } from "./schema.ts";
import { mailTexts as M } from "../messages/areas/mail.ts";
import { smsTexts as S } from "../messages/areas/sms.ts";
import type { RemoteConnectionValues } from "./sections/remote.ts";
import { odliTexts as O } from "../messages/areas/odli.ts";

/** The sections that describe a remote system reached over HTTP (see sections/remote.ts). */
const remoteSections = (config: Config): [string, RemoteConnectionValues][] => [
  ["cod", config.cod],
  ["sms", config.sms],
  ["odli", config.odli],
];

/** Rules that involve more than one setting; each message names the setting to fix. */
export function crossCheck(config: Config): string[] {
  const errors: string[] = [];
  if (config.maindb.engine === "firebird" && config.maindb.database.trim() === "") {
    errors.push(`maindb.database: ${say(T.requiredFor, { other: "maindb.engine", value: "firebird" })}`);
  }
  if (config.mail.host && !config.mail.from) errors.push(`mail.from: ${say(M.fromRequired)}`);
  const sms = config.sms;
  if (sms.url && sms.provider === "smsc" && !sms.api_key && !(sms.login && sms.password)) errors.push(`sms.login: ${say(S.credentialsRequired)}`);
  if (sms.generic_success) {
    try {
      new RegExp(sms.generic_success);
    } catch (error) {
      errors.push(`sms.generic_success: ${say(S.badSuccessPattern, { detail: (error as Error).message })}`);
    }
  }
  if (sms.generic_fields && !/^[^=&]+=[^&]*(?:&[^=&]+=[^&]*)*$/.test(sms.generic_fields)) errors.push(`sms.generic_fields: ${say(S.badGenericFields)}`);
  if (config.odli.url) {
    for (const key of ["term_url", "token", "system_oid", "organization_guid"] as const) {
      if (!config.odli[key]) errors.push(`odli.${key}: ${say(O.requiredWithUrl)}`);
    }
  }
  for (const [section, r] of remoteSections(config)) {
    if (r.tls_key_file && !r.tls_cert_file) errors.push(`${section}.tls_cert_file: ${say(N.keyWithoutCertificate, { setting: section })}`);
    if (r.proxy_user && !r.proxy) errors.push(`${section}.proxy: ${say(N.proxyUserWithoutProxy, { setting: section })}`);
  }
  return errors;
}

/** Settings that work but deserve a word at every start (logged by the service, shown by `config check`). */
export function crossWarnings(config: Config): string[] {
  const warnings: string[] = [];
  if (config.mail.host && config.mail.security === "none") warnings.push(say(M.securityNone));
  if (config.mail.host && !config.mail.tls_verify) warnings.push(say(M.tlsVerifyOff));
  for (const [section, r] of remoteSections(config)) {
    if (!r.tls_verify && r.url) warnings.push(say(N.tlsVerifyOff, { setting: section }));
  }
  return warnings;
}
