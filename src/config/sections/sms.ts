import { settingTexts as D } from "../../messages/areas/settings.ts";
import { enumSetting, intSetting, stringSetting, timeRangeSetting, urlSetting } from "../setting.ts";
import { remoteConnectionSettings } from "./remote.ts";

export const SMS_PROVIDERS = ["smsc", "generic"] as const;

/** [sms]: the SMS gateway (SMSC.ru's HTTP API, or a generic HTTP form for another provider). */
export const smsSettings = {
  provider: enumSetting(SMS_PROVIDERS, "smsc", { doc: D.smsProvider }),
  url: urlSetting("", { doc: D.smsUrl }),
  login: stringSetting("", { doc: D.smsLogin }),
  password: stringSetting("", { doc: D.smsPassword, secret: true }),
  api_key: stringSetting("", { doc: D.smsApiKey, secret: true }),
  sender: stringSetting("", { doc: D.smsSender }),
  timeout_seconds: intSetting(30, 1, 600, { doc: D.smsTimeoutSeconds }),
  per_minute: intSetting(60, 1, 100_000, { doc: D.smsPerMinute }),
  quiet_hours: timeRangeSetting("21:00-9:00", { doc: D.smsQuietHours }),
  max_parts: intSetting(4, 1, 10, { doc: D.smsMaxParts }),
  balance_warn: intSetting(100, 0, 100_000_000, { doc: D.smsBalanceWarn }),
  generic_phone_field: stringSetting("phone", { doc: D.smsGenericPhoneField, allowEmpty: false }),
  generic_text_field: stringSetting("text", { doc: D.smsGenericTextField, allowEmpty: false }),
  generic_id_field: stringSetting("", { doc: D.smsGenericIdField }),
  generic_fields: stringSetting("", { doc: D.smsGenericFields, secret: true }),
  generic_auth_header: stringSetting("", { doc: D.smsGenericAuthHeader, secret: true }),
  generic_success: stringSetting("", { doc: D.smsGenericSuccess }),
  ...remoteConnectionSettings(),
};
