import { settingTexts as D } from "../../messages/areas/settings.ts";
import { intSetting } from "../setting.ts";

/** [store]: upkeep of the agent's own SQLite files. */
export const storeSettings = {
  checkpoint_seconds: intSetting(300, 10, 86_400, { doc: D.storeCheckpointSeconds }),
};
