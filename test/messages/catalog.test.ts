import { describe, expect, test } from "bun:test";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import type { Text } from "../../src/messages/text.ts";

/** Any parameter object: every property reads as a sample value. */
const anyParams = new Proxy({}, { get: (_t, key) => (key === Symbol.toPrimitive ? undefined : `‹${String(key)}›`) });

async function allTexts(): Promise<Text<unknown>[]> {
  const out: Text<unknown>[] = [];
  for (const file of readdirSync(join("src", "messages", "areas"))) {
    const module = await import(`../../src/messages/areas/${file}`);
    for (const area of Object.values(module)) out.push(...(Object.values(area as object) as Text<unknown>[]));
  }
  return out;
}

const render = (t: Text<unknown>, language: "ru" | "en") => {
  const r = t[language] as unknown;
  return typeof r === "function" ? (r as (p: unknown) => string)(anyParams) : (r as string);
};

describe("the text catalog", () => {
  test("every text has a key, a Russian and an English form that render", async () => {
    const texts = await allTexts();
    expect(texts.length).toBeGreaterThan(100);
    const keys = new Set<string>();
    for (const t of texts) {
      expect(t.key).toMatch(/^[a-z][A-Za-z]*\.[A-Za-z0-9]+$/);
      expect(keys.has(t.key)).toBe(false);
      keys.add(t.key);
      for (const language of ["ru", "en"] as const) {
        const rendered = render(t, language);
        expect({ key: t.key, language, ok: typeof rendered === "string" && rendered.length > 0 }).toEqual({ key: t.key, language, ok: true });
      }
    }
  });

  test("the English forms are English", async () => {
    for (const t of await allTexts()) {
      // Russian words may appear in English texts only as names of Russian things (ЦОД, МО, ОДЛИ, КСАМУ…).
      const stray = render(t, "en").replace(/ЦОД|МО|ОДЛИ|КСАМУ|ФЗ|ФИО/g, "").match(/[а-яё]{3,}/gi);
      expect({ key: t.key, stray }).toEqual({ key: t.key, stray: null });
    }
  });
});
