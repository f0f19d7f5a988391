import { odliTexts as D } from "../../messages/areas/odli.ts";
import { boolSetting, intSetting, patternSetting, stringSetting, urlSetting } from "../setting.ts";
import { remoteConnectionSettings } from "./remote.ts";

/** An OID as the N3 platform writes them (the sending system: 1.2.643.2.69.1.2.N). */
export const OID_PATTERN = /^[0-2](?:\.(?:0|[1-9]\d*))+$/;
/** A GUID in its usual 8-4-4-4-12 form, either case. */
export const GUID_PATTERN = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/**
 * [odli]: the regional lab exchange ОДЛИ (Netrika, N3.Health) and its
 * terminology service (НСИ). Both are reached with this section's timeout,
 * retries, TLS and proxy.
 */
export const odliSettings = {
  url: urlSetting("", { doc: D.settingUrl }),
  term_url: urlSetting("", { doc: D.settingTermUrl }),
  token: stringSetting("", { doc: D.settingToken, secret: true }),
  system_oid: patternSetting("", OID_PATTERN, "OID", D.notOid, { doc: D.settingSystemOid }),
  organization_guid: patternSetting("", GUID_PATTERN, "GUID", D.notGuid, { doc: D.settingOrganizationGuid }),
  timeout_seconds: intSetting(30, 1, 600, { doc: D.settingTimeoutSeconds }),
  dictionary_max_age_hours: intSetting(24, 1, 720, { doc: D.settingDictionaryMaxAge }),
  use_stored_versions: boolSetting(false, { doc: D.settingUseStoredVersions }),
  max_attempts: intSetting(5, 1, 100, { doc: D.settingMaxAttempts }),
  max_bundle_kb: intSetting(1024, 16, 65_536, { doc: D.settingMaxBundleKb }),
  parallel_sends: intSetting(4, 1, 16, { doc: D.settingParallelSends }),
  ...remoteConnectionSettings(),
};
