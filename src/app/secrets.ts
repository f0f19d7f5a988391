import { settingEntries, valueAt, type Config } from "../config/schema.ts";

/** The current values of every secret setting, for the scrubber. */
export function secretValues(config: Config): string[] {
  return settingEntries.filter((e) => e.setting.secret).map((e) => String(valueAt(config, e.path) ?? ""));
}
