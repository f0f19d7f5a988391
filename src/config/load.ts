import { parse as parseToml, TomlError } from "smol-toml";
import { join } from "node:path";
import { configTexts as T } from "../messages/areas/config.ts";
import { say } from "../messages/text.ts";
import { usageError } from "../kernel/agent-error.ts";
import { closestMatch } from "../kernel/closest-match.ts";
import type { DefaultsContext } from "./setting.ts";
import { type Config, sectionNames, settingByEnv, settingByPath, settingEntries } from "./schema.ts";
import { crossCheck, crossWarnings } from "./cross-check.ts";

/** Where a setting's value came from, shown by `config check` and the UI. */
export type Origin =
  | { kind: "default" }
  | { kind: "file"; file: string }
  | { kind: "env"; name: string }
  | { kind: "arg"; arg: string };

/** A value given on the command line (`--instance x`, `--set cod.url=…`). */
export interface Override {
  path: string;
  value: string;
  /** How it was written, for messages: `--set cod.url=…`. */
  arg: string;
}

/** Everything the loader reads, passed in so it is tested without a real machine. */
export interface ConfigSources {
  home: string;
  machineTimeZone: string;
  env: Readonly<Record<string, string | undefined>>;
  /** `--config PATH`, if given. */
  configPath?: string;
  overrides: readonly Override[];
  /** The file's text, or undefined when it does not exist. Throws on other errors. */
  readFile(path: string): string | undefined;
  /** The file's permission bits, to warn about secrets other users can read. */
  fileMode?(path: string): number | undefined;
}

export interface LoadedConfig {
  config: Config;
  origins: ReadonlyMap<string, Origin>;
  /** The file that was (or would have been) read, and whether it exists. */
  file: { path: string; exists: boolean; explicit: boolean };
  /** Things worth saying that do not stop the agent. */
  warnings: string[];
}

/** Picks the file: `--config`, then AGENT_CONFIG, then `agent.toml` (or `agent.<instance>.toml`) beside the binary. */
export function configFilePath(sources: Pick<ConfigSources, "home" | "env" | "configPath" | "overrides">): { path: string; explicit: boolean } {
  if (sources.configPath) return { path: sources.configPath, explicit: true };
  if (sources.env.AGENT_CONFIG) return { path: sources.env.AGENT_CONFIG, explicit: true };
  const instance = sources.overrides.find((o) => o.path === "instance")?.value ?? sources.env.AGENT_INSTANCE;
  const name = instance && instance !== "main" ? `agent.${instance}.toml` : "agent.toml";
  return { path: join(sources.home, name), explicit: false };
}

/**
 * Defaults < file < environment < arguments, validated once. Every problem
 * is collected and reported together, each naming its setting's path.
 */
export function loadConfig(sources: ConfigSources): LoadedConfig {
  const ctx: DefaultsContext = { home: sources.home, machineTimeZone: sources.machineTimeZone };
  const { path: filePath, explicit } = configFilePath(sources);
  const values = new Map<string, unknown>();
  const origins = new Map<string, Origin>();
  const errors: string[] = [];
  const warnings: string[] = [];

  for (const e of settingEntries) {
    const d = e.setting.defaultValue;
    values.set(e.path, typeof d === "function" ? (d as (c: DefaultsContext) => unknown)(ctx) : d);
    origins.set(e.path, { kind: "default" });
  }

  // The file.
  let text: string | undefined;
  try {
    text = sources.readFile(filePath);
  } catch (error) {
    throw usageError(say(T.fileUnreadable, { file: filePath, detail: (error as Error).message }), error);
  }
  if (text === undefined && explicit) throw usageError(say(T.fileMissing, { file: filePath }));
  if (text !== undefined) {
    let doc: Record<string, unknown>;
    try {
      doc = parseToml(text) as Record<string, unknown>;
    } catch (error) {
      const detail = error instanceof TomlError ? tomlErrorDetail(error) : (error as Error).message;
      throw usageError(say(T.badToml, { file: filePath, detail }), error);
    }
    const fileErrors = applyFile(doc, filePath, values, origins);
    errors.push(...fileErrors);
    const mode = sources.fileMode?.(filePath);
    if (mode !== undefined && (mode & 0o044) !== 0) {
      for (const e of settingEntries) {
        if (e.setting.secret && origins.get(e.path)?.kind === "file" && values.get(e.path) !== "") {
          warnings.push(say(T.secretInOpenFile, { file: filePath, setting: e.path }));
        }
      }
    }
  }

  // The environment.
  for (const [name, raw] of Object.entries(sources.env)) {
    if (!name.startsWith("AGENT_") || raw === undefined || name === "AGENT_CONFIG") continue;
    const entry = settingByEnv.get(name);
    if (!entry) {
      const suggestion = closestMatch(name, settingByEnv.keys());
      warnings.push(say(T.unknownEnv, { name, suggestion: suggestion ?? "" }));
      continue;
    }
    const parsed = entry.setting.parse(raw, true);
    if (parsed.ok) {
      values.set(entry.path, parsed.value);
      origins.set(entry.path, { kind: "env", name });
    } else {
      errors.push(`${entry.path} (${name}): ${parsed.error}`);
    }
  }

  // The arguments.
  for (const o of sources.overrides) {
    const entry = settingByPath.get(o.path);
    if (!entry) {
      const suggestion = closestMatch(o.path, settingByPath.keys());
      errors.push(`${o.path} (${o.arg}): ${say(T.unknownSetting, { suggestion: suggestion ?? "" })}`);
      continue;
    }
    const parsed = entry.setting.parse(o.value, true);
    if (parsed.ok) {
      values.set(entry.path, parsed.value);
      origins.set(entry.path, { kind: "arg", arg: o.arg });
    } else {
      errors.push(`${o.path} (${o.arg}): ${parsed.error}`);
    }
  }

  const config = buildConfig(values);
  if (errors.length === 0) errors.push(...crossCheck(config));
  if (errors.length > 0) {
    const source = text !== undefined ? filePath : say(T.noFile, { file: filePath });
    throw usageError(
      [say(T.invalidHeader, { count: errors.length, source }), ...errors.map((e) => `  ${e}`), say(T.invalidFooter)].join("\n"),
    );
  }
  warnings.push(...crossWarnings(config));
  return { config, origins, file: { path: filePath, exists: text !== undefined, explicit }, warnings };
}

function applyFile(doc: Record<string, unknown>, file: string, values: Map<string, unknown>, origins: Map<string, Origin>): string[] {
  const errors: string[] = [];
  const put = (path: string, raw: unknown) => {
    const entry = settingByPath.get(path);
    if (!entry) {
      const suggestion = closestMatch(path, settingByPath.keys());
      errors.push(`${path}: ${say(T.unknownSetting, { suggestion: suggestion ?? "" })}`);
      return;
    }
    const parsed = entry.setting.parse(raw, false);
    if (parsed.ok) {
      values.set(path, parsed.value);
      origins.set(path, { kind: "file", file });
    } else {
      errors.push(`${path}: ${parsed.error}`);
    }
  };
  for (const [key, raw] of Object.entries(doc)) {
    if (sectionNames.has(key)) {
      if (typeof raw !== "object" || raw === null || Array.isArray(raw) || raw instanceof Date) {
        errors.push(`${key}: ${say(T.notSection)}`);
        continue;
      }
      for (const [sub, subRaw] of Object.entries(raw as Record<string, unknown>)) put(`${key}.${sub}`, subRaw);
    } else if (typeof raw === "object" && raw !== null && !Array.isArray(raw) && !(raw instanceof Date)) {
      // An unknown [section]: name each of its keys so the typo is easy to find.
      const keys = Object.keys(raw as object);
      if (keys.length === 0) put(key, raw);
      for (const sub of keys) put(`${key}.${sub}`, (raw as Record<string, unknown>)[sub]);
    } else {
      put(key, raw);
    }
  }
  return errors;
}

function buildConfig(values: Map<string, unknown>): Config {
  const root: Record<string, unknown> = {};
  for (const e of settingEntries) {
    if (e.section === "") root[e.key] = values.get(e.path);
    else ((root[e.section] ??= {}) as Record<string, unknown>)[e.key] = values.get(e.path);
  }
  for (const s of sectionNames) Object.freeze(root[s]);
  return Object.freeze(root) as unknown as Config;
}

function tomlErrorDetail(error: TomlError): string {
  // smol-toml's message starts with a fixed prefix; keep the reason, the position and its code frame.
  const reason = (error.message.split("\n")[0] ?? "").replace(/^Invalid TOML document: /, "");
  return `${error.line}:${error.column}: ${reason}\n${error.codeblock}`;
}
