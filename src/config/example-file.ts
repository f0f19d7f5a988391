import { configTexts as T } from "../messages/areas/config.ts";
import { say } from "../messages/text.ts";
import type { DefaultsContext } from "./setting.ts";
import { settingEntries } from "./schema.ts";

/**
 * The example config file: every setting, commented out at its default, with
 * its description, its environment variable, and whether a change needs a
 * restart. Generated from the schema, so it cannot drift from it.
 */
export function renderExampleConfig(ctx: DefaultsContext): string {
  const lines = say(T.exampleHeader)
    .split("\n")
    .map((l) => `# ${l}`);
  let section: string | undefined;
  for (const e of settingEntries) {
    if (e.section !== section) {
      section = e.section;
      lines.push("");
      if (section) lines.push(`[${section}]`);
    }
    const d = e.setting.defaultValue;
    const value = typeof d === "function" ? (d as (c: DefaultsContext) => unknown)(ctx) : d;
    const notes = [say(e.setting.doc), e.envName];
    if (e.setting.secret) notes.push(say(T.exampleSecret));
    if (e.setting.restart) notes.push(say(T.exampleRestart));
    lines.push(`# ${notes.join(" · ")}`);
    lines.push(`# ${e.key} = ${e.setting.secret ? '""' : e.setting.toToml(value)}`);
  }
  return lines.join("\n") + "\n";
}
