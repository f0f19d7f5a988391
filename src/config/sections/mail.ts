import { settingTexts as D } from "../../messages/areas/settings.ts";
import { boolSetting, emailAddressSetting, enumSetting, intSetting, stringSetting } from "../setting.ts";

export const MAIL_SECURITY = ["starttls", "tls", "none"] as const;

/** [mail]: the SMTP server through which results go to patients by e-mail. */
export const mailSettings = {
  host: stringSetting("", { doc: D.mailHost }),
  port: intSetting(587, 1, 65535, { doc: D.mailPort }),
  security: enumSetting(MAIL_SECURITY, "starttls", { doc: D.mailSecurity }),
  user: stringSetting("", { doc: D.mailUser }),
  password: stringSetting("", { doc: D.mailPassword, secret: true }),
  from: emailAddressSetting("", { doc: D.mailFrom }),
  timeout_seconds: intSetting(30, 1, 600, { doc: D.mailTimeoutSeconds }),
  pool_size: intSetting(2, 1, 20, { doc: D.mailPoolSize }),
  per_minute: intSetting(60, 1, 100_000, { doc: D.mailPerMinute }),
  tls_ca_file: stringSetting("", { doc: D.remoteTlsCaFile }),
  tls_verify: boolSetting(true, { doc: D.remoteTlsVerify }),
};
