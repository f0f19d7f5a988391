import { signTexts as S } from "../messages/areas/sign.ts";
import { say } from "../messages/text.ts";
import { SignError } from "./sign-error.ts";

/**
 * A command line from the config, with placeholders, as the field drives
 * CryptoPro's `cryptcp` or OpenSSL with the GOST engine:
 *
 *     openssl cms -engine gost -sign -binary -in {input} -signer {cert} -inkey {key} -outform DER -out {signature}
 *
 * - words are split on spaces; "double" or 'single' quotes keep spaces inside
 *   a word (a Windows path such as "C:\Program Files\Crypto Pro\CSP\cryptcp.exe";
 *   a backslash is an ordinary character);
 * - `{name}` is replaced by its value anywhere in a word (`-out={signature}`);
 * - a part in square brackets is optional: `[-CRLfile {crl} -crl_check]` is
 *   left out when one of its placeholders has no value (no sign.crl_file);
 *   outside brackets a placeholder without a value is an error naming the setting.
 * The program runs directly, never through a shell, so a value cannot inject
 * a command.
 */
export const PLACEHOLDERS = {
  input: "",
  signature: "",
  cert: "sign.cert_file",
  key: "sign.key_file",
  password: "sign.key_password",
  roots: "sign.trusted_roots_file",
  crl: "sign.crl_file",
  signing_time: "",
} as const;
export type Placeholder = keyof typeof PLACEHOLDERS;

interface Word {
  text: string;
  /** The optional group it belongs to, or -1. */
  group: number;
}

export interface CommandTemplate {
  setting: string;
  words: Word[];
  /** The placeholders it uses. */
  uses: Set<Placeholder>;
}

const bad = (setting: string, detail: string) => new SignError("bad_template", say(S.badTemplate, { setting, detail }));

/** Parses a template; `required` are placeholders it must use (the files of the operation). */
export function parseTemplate(setting: string, source: string, required: readonly Placeholder[]): CommandTemplate {
  const words: Word[] = [];
  let group = -1;
  let groups = 0;
  let current: string | null = null;
  let quote: string | null = null;
  const flush = () => {
    if (current !== null) words.push({ text: current, group });
    current = null;
  };
  for (const ch of source) {
    if (quote) {
      if (ch === quote) quote = null;
      else current += ch;
      continue;
    }
    if (ch === '"' || ch === "'") {
      quote = ch;
      current ??= "";
    } else if (/\s/.test(ch)) flush();
    else if (ch === "[" && current === null) {
      if (group !== -1) throw bad(setting, say(S.unbalancedBracket));
      group = groups++;
    } else if (ch === "]" && group !== -1) {
      flush();
      group = -1;
    } else current = (current ?? "") + ch;
  }
  if (quote) throw bad(setting, say(S.unbalancedQuote));
  flush();
  if (group !== -1) throw bad(setting, say(S.unbalancedBracket));
  if (words.length === 0) throw bad(setting, say(S.emptyTemplate));
  const uses = new Set<Placeholder>();
  for (const w of words) {
    for (const m of w.text.matchAll(/\{([^{}]*)\}/g)) {
      if (!(m[1]! in PLACEHOLDERS)) throw bad(setting, say(S.unknownPlaceholder, { name: m[1]!, known: Object.keys(PLACEHOLDERS).map((k) => `{${k}}`).join(", ") }));
      uses.add(m[1] as Placeholder);
    }
  }
  for (const r of required) {
    if (!uses.has(r)) throw bad(setting, say(S.requiredPlaceholder, { name: r }));
  }
  return { setting, words, uses };
}

/** The argv of one run: placeholders filled, optional groups without a value left out. */
export function expandTemplate(t: CommandTemplate, values: Partial<Record<Placeholder, string>>): string[] {
  const missingIn = (w: Word) => [...w.text.matchAll(/\{([^{}]*)\}/g)].map((m) => m[1] as Placeholder).filter((p) => !values[p]);
  const droppedGroups = new Set<number>();
  for (const w of t.words) {
    const missing = missingIn(w);
    if (missing.length === 0) continue;
    if (w.group === -1) throw bad(t.setting, say(S.placeholderWithoutValue, { name: missing[0]!, setting: PLACEHOLDERS[missing[0]!] || t.setting }));
    droppedGroups.add(w.group);
  }
  return t.words.filter((w) => !droppedGroups.has(w.group) || w.group === -1).map((w) => w.text.replace(/\{([^{}]*)\}/g, (_m, p: Placeholder) => values[p]!));
}
