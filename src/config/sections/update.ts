import { settingTexts as D } from "../../messages/areas/settings.ts";
import { intSetting, urlSetting } from "../setting.ts";

/** [update]: where the self-update job looks for a newer agent, and how long a new one has to prove itself. */
export const updateSettings = {
  url: urlSetting("", { doc: D.updateUrl }),
  health_seconds: intSetting(60, 5, 600, { doc: D.updateHealthSeconds }),
};
