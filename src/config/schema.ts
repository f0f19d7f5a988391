import type { Setting } from "./setting.ts";
import { generalSettings } from "./sections/general.ts";
import { logSettings } from "./sections/log.ts";
import { storeSettings } from "./sections/store.ts";
import { codSettings } from "./sections/cod.ts";
import { maindbSettings } from "./sections/maindb.ts";
import { signSettings } from "./sections/sign.ts";
import { mailSettings } from "./sections/mail.ts";
import { smsSettings } from "./sections/sms.ts";
import { mailingSettings } from "./sections/mailing.ts";
import { updateSettings } from "./sections/update.ts";
import { odliSettings } from "./sections/odli.ts";
import { syncSettings } from "./sections/sync.ts";

/**
 * Every setting the agent reads, by section. The empty-named section holds
 * the top-level keys. The example file, `config check`, the environment
 * names and the README's config reference are all made from this table.
 */
export const schema = {
  "": generalSettings,
  log: logSettings,
  store: storeSettings,
  cod: codSettings,
  maindb: maindbSettings,
  sync: syncSettings,
  sign: signSettings,
  mailing: mailingSettings,
  mail: mailSettings,
  sms: smsSettings,
  odli: odliSettings,
  update: updateSettings,
} as const;

type Schema = typeof schema;
type ValuesOf<S> = { readonly [K in keyof S]: S[K] extends Setting<infer T> ? T : never };

/** The validated, frozen configuration the rest of the agent reads. */
export type Config = ValuesOf<Schema[""]> & { readonly [S in Exclude<keyof Schema, "">]: ValuesOf<Schema[S]> };

/** A setting with its place: `cod.url`, environment `AGENT_COD_URL`. */
export interface SettingEntry {
  section: string;
  key: string;
  path: string;
  envName: string;
  setting: Setting<unknown>;
}

export const settingEntries: readonly SettingEntry[] = Object.entries(schema).flatMap(([section, settings]) =>
  Object.entries(settings).map(([key, setting]) => {
    const path = section ? `${section}.${key}` : key;
    return {
      section,
      key,
      path,
      envName: `AGENT_${path.replace(/\./g, "_").toUpperCase()}`,
      setting: setting as Setting<unknown>,
    };
  }),
);

export const settingByPath = new Map(settingEntries.map((e) => [e.path, e]));
export const settingByEnv = new Map(settingEntries.map((e) => [e.envName, e]));
export const sectionNames = new Set(Object.keys(schema).filter((s) => s !== ""));

/** Reads a value from a config by its path. */
export function valueAt(config: Config, path: string): unknown {
  const [a, b] = path.split(".");
  const top = (config as unknown as Record<string, unknown>)[a!];
  return b === undefined ? top : (top as Record<string, unknown>)[b];
}
