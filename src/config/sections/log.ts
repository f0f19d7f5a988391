import { settingTexts as D } from "../../messages/areas/settings.ts";
import { boolSetting, enumSetting, intSetting } from "../setting.ts";

export const LOG_LEVELS = ["debug", "info", "warn", "error"] as const;

/** [log]: the log DB ("БД лога") and the stderr copy. */
export const logSettings = {
  level: enumSetting(LOG_LEVELS, "info", { doc: D.logLevel }),
  stderr: boolSetting(true, { doc: D.logStderr }),
  keep_days: intSetting(90, 1, 3650, { doc: D.logKeepDays }),
  max_size_mb: intSetting(1024, 16, 1_000_000, { doc: D.logMaxSizeMb }),
};
