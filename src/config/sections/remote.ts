import { settingTexts as D } from "../../messages/areas/settings.ts";
import { boolSetting, intSetting, stringSetting, urlSetting } from "../setting.ts";

/**
 * The connection settings every remote system's section shares ([cod] now;
 * ОДЛИ and the SMS gateway later): retries, TLS and proxy. The HTTP layer
 * (src/net/remote-options.ts) reads them by these names.
 */
export function remoteConnectionSettings() {
  return {
    retries: intSetting(3, 0, 10, { doc: D.remoteRetries }),
    retry_pause_seconds: intSetting(2, 1, 60, { doc: D.remoteRetryPauseSeconds }),
    tls_ca_file: stringSetting("", { doc: D.remoteTlsCaFile }),
    tls_cert_file: stringSetting("", { doc: D.remoteTlsCertFile }),
    tls_key_file: stringSetting("", { doc: D.remoteTlsKeyFile }),
    tls_key_password: stringSetting("", { doc: D.remoteTlsKeyPassword, secret: true }),
    tls_verify: boolSetting(true, { doc: D.remoteTlsVerify }),
    proxy: urlSetting("", { doc: D.remoteProxy }),
    proxy_user: stringSetting("", { doc: D.remoteProxyUser }),
    proxy_password: stringSetting("", { doc: D.remoteProxyPassword, secret: true }),
  };
}

/** The values of those settings, as a section of the validated config holds them. */
export interface RemoteConnectionValues {
  readonly url: string;
  readonly timeout_seconds: number;
  readonly retries: number;
  readonly retry_pause_seconds: number;
  readonly tls_ca_file: string;
  readonly tls_cert_file: string;
  readonly tls_key_file: string;
  readonly tls_key_password: string;
  readonly tls_verify: boolean;
  readonly proxy: string;
  readonly proxy_user: string;
  readonly proxy_password: string;
}
