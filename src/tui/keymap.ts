import { say, type Text } from "../messages/text.ts";
import { latinKey } from "./keyboard-layout.ts";

/**
 * A hotkey as data: the keys that trigger it, what it does (for `?`), and
 * the handler. Tabs, dialogs and the screen each have a keymap; the help
 * screen is generated from them, so it cannot disagree with what the keys do.
 */
export interface KeyBinding {
  /** Key names: a character (`q`, `/`, `?`, `N`) or a named key (`up`, `enter`, `escape`, `C-s`, `f2`, `S-tab`). */
  keys: readonly string[];
  description: Text;
  handler: () => void | Promise<void>;
  /** Left out of the help (e.g. a second spelling shown elsewhere). */
  hidden?: boolean;
}

export type Keymap = readonly KeyBinding[];

/**
 * The name of a pressed key, from what the terminal sent: a printable
 * character stands for itself (through the Russian layout table), anything
 * else by blessed's full name (`up`, `C-s`, `S-tab`). Empty: ignore the key.
 */
export function keyName(ch: string | undefined, full: string | undefined): string {
  if (ch && [...ch].length === 1 && ch >= " " && ch !== "\x7f" && full !== "tab" && full !== "enter" && full !== "return" && full !== "escape" && full !== "backspace") {
    return ch === " " ? "space" : latinKey(ch);
  }
  // blessed reports Enter twice, as `return` and then as `enter`: only the second counts.
  return full === "return" ? "" : (full ?? "");
}

/** The first binding of the first keymap that has the key: inner keymaps (a dialog, a tab) come first. */
export function findBinding(keymaps: readonly Keymap[], key: string): KeyBinding | undefined {
  for (const map of keymaps) {
    const found = map.find((b) => b.keys.includes(key));
    if (found) return found;
  }
  return undefined;
}

const LABELS: Record<string, string> = {
  up: "↑",
  down: "↓",
  left: "←",
  right: "→",
  pageup: "PgUp",
  pagedown: "PgDn",
  home: "Home",
  end: "End",
  enter: "Enter",
  escape: "Esc",
  tab: "Tab",
  "S-tab": "Shift+Tab",
  space: "Space",
  f2: "F2",
};

/** A key as the help writes it: `↑`, `PgUp`, `Ctrl+S`, `Shift+Tab`, `q`. */
export function keyLabel(key: string): string {
  if (LABELS[key]) return LABELS[key]!;
  const ctrl = /^C-(.)$/.exec(key);
  if (ctrl) return `Ctrl+${ctrl[1]!.toUpperCase()}`;
  return key;
}

/** The help screen's lines: one section per keymap, each key with what it does. */
export function helpLines(sections: readonly { title: string; keymap: Keymap }[]): string[] {
  const out: string[] = [];
  for (const { title, keymap } of sections) {
    const shown = keymap.filter((b) => !b.hidden);
    if (shown.length === 0) continue;
    const labels = shown.map((b) => b.keys.map(keyLabel).join(", "));
    const width = Math.max(...labels.map((l) => [...l].length));
    if (out.length > 0) out.push("");
    out.push(title);
    shown.forEach((b, i) => out.push(`  ${labels[i]!.padEnd(width)}  ${say(b.description)}`));
  }
  return out;
}
