import { settingTexts as D } from "../../messages/areas/settings.ts";
import { intSetting, urlSetting } from "../setting.ts";

/** [update]: where the self-update job looks for a newer agent, and how long a new one has to prove itself. */
export const updateSettings = {
  url: urlSetting("", { doc: D.updateUrl }),
  // Read by the supervisor (`agent service run`) when it starts: a change needs a restart of the service.
  health_seconds: intSetting(60, 5, 600, { doc: D.updateHealthSeconds, restart: true }),
};
