import type { LoadedConfig, Origin } from "./load.ts";
import { changedSettings } from "./effective-config.ts";
import { settingEntries, valueAt, type Config } from "./schema.ts";

export interface ReloadPlan {
  /** The config the service runs with from now on: new live values, old restart-only values. */
  next: LoadedConfig;
  applied: string[];
  needsRestart: string[];
}

/**
 * What a reload may change while the service runs. Settings marked
 * `restart` (the instance, the data folder, the main DB connection …) keep
 * their old values until the service restarts; the rest take effect now.
 */
export function planReload(current: LoadedConfig, fresh: LoadedConfig): ReloadPlan {
  const changes = changedSettings(current, fresh);
  const restartOnly = new Set(changes.filter((c) => c.restart).map((c) => c.path));
  const root: Record<string, unknown> = {};
  const origins = new Map<string, Origin>();
  for (const e of settingEntries) {
    const source = restartOnly.has(e.path) ? current : fresh;
    const value = valueAt(source.config, e.path);
    if (e.section === "") root[e.key] = value;
    else ((root[e.section] ??= {}) as Record<string, unknown>)[e.key] = value;
    origins.set(e.path, source.origins.get(e.path) ?? { kind: "default" });
  }
  for (const v of Object.values(root)) if (typeof v === "object" && v !== null) Object.freeze(v);
  return {
    next: { config: Object.freeze(root) as unknown as Config, origins, file: fresh.file, warnings: fresh.warnings },
    applied: changes.filter((c) => !c.restart).map((c) => c.path),
    needsRestart: [...restartOnly],
  };
}
