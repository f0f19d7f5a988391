import { describe, expect, test } from "bun:test";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, dirname, resolve } from "node:path";

/**
 * The direction of imports, as the README's architecture section draws it.
 * A module may import its own layer and the layers below it, never above.
 * The terminal UI additionally reaches the service only through the
 * control channel's client, and simulators import none of the clients they check.
 */
const RANK: Record<string, number> = {
  kernel: 0,
  messages: 0,
  privacy: 1,
  config: 1,
  platform: 1,
  store: 2,
  control: 2,
  logs: 3,
  clinic: 4,
  cod: 4,
  odli: 4,
  mail: 4,
  sms: 4,
  sign: 4,
  sim: 4,
  net: 4,
  deploy: 4,
  threads: 4,
  tasks: 5,
  runner: 6,
  scheduler: 7,
  presentation: 8,
  api: 8,
  app: 9,
  cli: 10,
  tui: 10,
  "main.ts": 11,
  "types.d.ts": 0,
};
const FORBIDDEN: Record<string, readonly string[]> = {
  tui: ["app", "store", "scheduler", "runner", "threads", "tasks", "clinic", "cod", "odli", "mail", "sms", "sign", "logs"],
  sim: ["cod", "odli", "mail", "sms", "sign", "tasks", "clinic"],
};
const EXEMPT = new Set(["build"]);

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith(".ts") ? [path] : [];
  });
}

const layerOf = (path: string) => relative("src", path).split("/")[0]!;

describe("architecture", () => {
  const sources = files("src");

  test("every top-level folder of src/ has a place in the layering", () => {
    const unknown = [...new Set(sources.map(layerOf))].filter((l) => !(l in RANK) && !EXEMPT.has(l));
    expect(unknown).toEqual([]);
  });

  test("imports only go down the layers", () => {
    const violations: string[] = [];
    for (const file of sources) {
      const from = layerOf(file);
      if (EXEMPT.has(from)) continue;
      const text = readFileSync(file, "utf8");
      for (const m of text.matchAll(/(?:import|export)[^'"]*?from\s+["'](\.[^"']+)["']/g)) {
        const target = relative("src", resolve(dirname(file), m[1]!));
        if (target.startsWith("..")) continue; // package.json, migrations
        const to = target.split("/")[0]!;
        if (RANK[to]! > RANK[from]!) violations.push(`${relative("src", file)} → ${target} (${from} may not import ${to})`);
        if (FORBIDDEN[from]?.includes(to)) violations.push(`${relative("src", file)} → ${target} (${from} must not import ${to})`);
      }
    }
    expect(violations).toEqual([]);
  });

  test("only the terminal UI imports blessed", () => {
    const offenders = sources.filter((f) => layerOf(f) !== "tui" && !EXEMPT.has(layerOf(f)) && /from\s+["']blessed["']/.test(readFileSync(f, "utf8")));
    expect(offenders).toEqual([]);
  });

  test("FHIR references are read by the ОДЛИ mapping module alone (a region's profile changes only it): no `Type/id` pattern of its own elsewhere", () => {
    const types = "Order|DiagnosticOrder|DiagnosticReport|Observation|Practitioner|Binary|Patient|Specimen|Encounter|Condition|Organization";
    const pattern = new RegExp(`(?:${types})\\\\/`);
    const offenders = sources.filter((f) => !["src/odli/mapping.ts"].includes(relative(".", f)) && layerOf(f) !== "sim" && pattern.test(readFileSync(f, "utf8")));
    expect(offenders).toEqual([]);
  });

  test("user-visible texts live in the catalog: no Cyrillic sentence outside src/messages and the demo data", () => {
    // Single Russian words people type (пн, да, сегодня) may be parsed anywhere; sentences are texts.
    const allowed = ["messages", "sim", "clinic"];
    const offenders: string[] = [];
    for (const f of sources.filter((f) => !allowed.includes(layerOf(f)))) {
      const code = readFileSync(f, "utf8").replace(/\/\/.*$|\/\*[\s\S]*?\*\//gm, "");
      for (const m of code.matchAll(/(["'`])((?:\\.|(?!\1)[^\\])*)\1/g)) {
        if (/[А-Яа-яЁё]/.test(m[2]!) && /\s/.test(m[2]!)) offenders.push(`${relative("src", f)}: ${m[0]}`);
      }
    }
    expect(offenders).toEqual([]);
  });
});
