/**
 * The README's config and CLI references are generated from the same tables
 * the agent uses (the config schema, the command table), between markers:
 *   <!-- generated:config -->  …  <!-- /generated:config -->
 * `npm run docs` rewrites them; test/readme.test.ts fails when they are stale.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { settingEntries } from "../config/schema.ts";
import { COMMANDS } from "../cli/commands.ts";
import { GLOBAL_OPTIONS } from "../cli/global-options.ts";
import type { OptionSpec } from "../cli/command.ts";
import { say, setLanguage } from "../messages/text.ts";

const cell = (text: string) => text.replace(/\|/g, "\\|");

export function configReference(): string {
  setLanguage("en");
  const rows = settingEntries.map((e) => {
    const d = e.setting.defaultValue;
    const shown = typeof d === "function" ? (e.path === "timezone" ? "the machine's zone" : "`data` beside the binary") : `\`${e.setting.toToml(d)}\``;
    const flags = [e.setting.secret ? "secret" : "", e.setting.restart ? "restart" : "live"].filter(Boolean).join(", ");
    return `| \`${e.path}\` | \`${e.envName}\` | ${cell(e.setting.kind)} | ${shown} | ${flags} | ${cell(say(e.setting.doc))} |`;
  });
  return ["| setting | environment | type | default | applies | meaning |", "|---|---|---|---|---|---|", ...rows].join("\n");
}

export function cliReference(): string {
  setLanguage("en");
  const option = (o: OptionSpec) => `\`--${o.name}${o.arg ? ` ${o.arg}` : ""}\``;
  const lines = ["| command | what it does | options |", "|---|---|---|"];
  for (const c of COMMANDS.filter((c) => !c.hidden)) {
    const name = c.path.length === 0 ? "`agent`" : c.path[0] === "once" ? "`agent --once TASK|JOB`" : `\`agent ${c.path.join(" ")}${(c.positionals ?? []).map((p) => ` ${p.name}`).join("")}\``;
    lines.push(`| ${cell(name)} | ${cell(say(c.summary))} | ${cell(c.options.map(option).join(", "))} |`);
  }
  lines.push("", "Global options, on any command: " + GLOBAL_OPTIONS.map((o) => `${option(o)} (${say(o.doc)})`).join("; ") + ".");
  return lines.join("\n");
}

export const SECTIONS: Record<string, () => string> = { config: configReference, cli: cliReference };

/** The README with every generated section replaced by its current text. */
export function renderReadme(readme: string): string {
  let out = readme;
  for (const [name, render] of Object.entries(SECTIONS)) {
    const re = new RegExp(`(<!-- generated:${name} -->)[\\s\\S]*?(<!-- /generated:${name} -->)`);
    if (!re.test(out)) throw new Error(`README.md lacks the markers of the generated section "${name}"`);
    out = out.replace(re, (_m, start: string, end: string) => `${start}\n${render()}\n${end}`);
  }
  return out;
}

if (import.meta.main) {
  writeFileSync("README.md", renderReadme(readFileSync("README.md", "utf8")));
  console.log("README.md: generated sections updated");
}
