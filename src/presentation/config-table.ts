import { tuiTexts as T } from "../messages/areas/tui.ts";
import { say } from "../messages/text.ts";
import type { EffectiveConfigView } from "../api/agent-api.ts";
import type { FitColumn } from "./text-table.ts";

export function configColumns(): FitColumn[] {
  return [
    { header: say(T.columnSetting), priority: 0, max: 28 },
    { header: say(T.columnValue), priority: 1, flex: true, min: 12 },
    { header: say(T.columnApplies), priority: 3 },
    { header: say(T.columnOrigin), priority: 2, max: 40 },
  ];
}

/** The effective config's rows; secrets arrive masked («задан» / «не задан») and stay so. `filter` matches the setting's path or value. */
export function configRows(view: EffectiveConfigView, filter = ""): string[][] {
  const needle = filter.trim().toLowerCase();
  return view.settings
    .filter((s) => !needle || s.path.toLowerCase().includes(needle) || (!s.secret && s.value.toLowerCase().includes(needle)))
    .map((s) => [s.path, s.value, say(s.restart ? T.appliesRestart : T.appliesLive), s.origin]);
}

export function configTitle(view: EffectiveConfigView): string {
  return say(view.fileExists ? T.configFile : T.configFileMissing, { file: view.file });
}
