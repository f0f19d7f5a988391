/**
 * One user-visible text in both languages. Entries are defined per area in
 * `areas/*.ts` and rendered with `say()`; nothing outside `messages/` holds a
 * sentence meant for a person.
 */
export type Language = "ru" | "en";
export const LANGUAGES: readonly Language[] = ["ru", "en"];

type Render<P> = [P] extends [void] ? string : (params: P) => string;

export interface Text<P = void> {
  /** Stable id such as `thread.created`, stored beside log lines for machines. */
  readonly key: string;
  readonly ru: Render<P>;
  readonly en: Render<P>;
}

/** A text without parameters. */
export function text(ru: string, en: string): Text<void>;
/** A text rendered from parameters; both languages take the same ones. */
export function text<P>(ru: (p: P) => string, en: (p: P) => string): Text<P>;
export function text(ru: unknown, en: unknown): Text<unknown> {
  // The key is filled in by defineTexts, which knows the entry's name.
  return { key: "", ru, en } as unknown as Text<unknown>;
}

/** Names the entries of one area: `defineTexts("thread", { created: text(…) })`. */
export function defineTexts<T extends Record<string, Text<any>>>(area: string, entries: T): T {
  for (const [name, entry] of Object.entries(entries)) {
    (entry as { key: string }).key = `${area}.${name}`;
  }
  return Object.freeze(entries);
}

let current: Language = "ru";

/** Chosen once at the edge from the config (`language`); Russian by default. */
export function setLanguage(language: Language): void {
  current = language;
}

export function currentLanguage(): Language {
  return current;
}

/** Renders a text in the current language (or the one given). */
export function say<P>(entry: Text<P>, ...args: [P] extends [void] ? [] | [undefined, Language] : [P] | [P, Language]): string {
  const language = (args[1] as Language | undefined) ?? current;
  const render = entry[language] as unknown;
  return typeof render === "function" ? (render as (p: unknown) => string)(args[0]) : (render as string);
}
