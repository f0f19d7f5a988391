import { configTexts as T } from "../messages/areas/config.ts";
import { say } from "../messages/text.ts";
import type { LoadedConfig, Origin } from "./load.ts";
import { settingEntries, valueAt } from "./schema.ts";

/** One row of the effective config: a secret's value is never included, only whether it is set. */
export interface EffectiveSetting {
  path: string;
  value: string;
  origin: string;
  secret: boolean;
  restart: boolean;
}

export function originText(origin: Origin | undefined): string {
  switch (origin?.kind) {
    case "file":
      return say(T.originFile, { file: origin.file });
    case "env":
      return say(T.originEnv, { name: origin.name });
    case "arg":
      return say(T.originArg, { arg: origin.arg });
    default:
      return say(T.originDefault);
  }
}

/** The config as `config check` and the UI's config tab show it, secrets masked. */
export function effectiveSettings(loaded: LoadedConfig): EffectiveSetting[] {
  return settingEntries.map((e) => {
    const raw = valueAt(loaded.config, e.path);
    const value = e.setting.secret ? say(raw ? T.secretSet : T.secretUnset) : e.setting.toToml(raw as never);
    return { path: e.path, value, origin: originText(loaded.origins.get(e.path)), secret: e.setting.secret, restart: e.setting.restart };
  });
}

/** Which settings differ between two configs: what a reload would change. */
export function changedSettings(before: LoadedConfig, after: LoadedConfig): { path: string; restart: boolean }[] {
  return settingEntries
    .filter((e) => JSON.stringify(valueAt(before.config, e.path)) !== JSON.stringify(valueAt(after.config, e.path)))
    .map((e) => ({ path: e.path, restart: e.setting.restart }));
}
