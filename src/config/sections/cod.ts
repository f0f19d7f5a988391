import { settingTexts as D } from "../../messages/areas/settings.ts";
import { intSetting, stringSetting, urlSetting } from "../setting.ts";
import { remoteConnectionSettings } from "./remote.ts";

/** [cod]: the region's central data server. */
export const codSettings = {
  url: urlSetting("", { doc: D.codUrl }),
  token: stringSetting("", { doc: D.codToken, secret: true }),
  mo_id: stringSetting("", { doc: D.codMoId }),
  timeout_seconds: intSetting(30, 1, 600, { doc: D.codTimeoutSeconds }),
  ...remoteConnectionSettings(),
};
