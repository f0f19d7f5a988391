import { settingTexts as D } from "../../messages/areas/settings.ts";
import { enumSetting, nameSetting, stringSetting, timeZoneSetting } from "../setting.ts";
import { LANGUAGES } from "../../messages/text.ts";
import { join } from "node:path";

/** Top-level settings (no section): `instance`, `data_dir` … → AGENT_INSTANCE, AGENT_DATA_DIR. */
export const generalSettings = {
  instance: nameSetting("main", { doc: D.instance, restart: true }),
  data_dir: stringSetting((ctx) => join(ctx.home, "data"), { doc: D.dataDir, restart: true, allowEmpty: false }),
  timezone: timeZoneSetting({ doc: D.timezone, restart: true }),
  language: enumSetting(LANGUAGES, "ru", { doc: D.language }),
  admin_group: stringSetting("", { doc: D.adminGroup, restart: true }),
};
