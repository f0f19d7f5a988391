import { tuiTexts as T } from "../../messages/areas/tui.ts";
import { say } from "../../messages/text.ts";
import type { Keymap } from "../keymap.ts";
import type { UiContext } from "../tab.ts";

/** A selection in a list of rows, kept on the same item (by key) when the rows change. */
export class Selection {
  index = 0;
  private key: string | undefined;

  /** Re-finds the selected item among new keys; stays in range. */
  sync(keys: readonly string[]): void {
    const found = this.key === undefined ? -1 : keys.indexOf(this.key);
    this.index = found >= 0 ? found : Math.max(0, Math.min(this.index, keys.length - 1));
    this.key = keys[this.index];
  }

  move(delta: number, count: number, keys?: readonly string[]): void {
    this.index = Math.max(0, Math.min(count - 1, this.index + delta));
    if (keys) this.key = keys[this.index];
  }
}

/** ↑ ↓ PgUp PgDn Home End over a list; `move` answers after moving. */
export function navigationKeys(move: (delta: number) => void | Promise<void>, page: () => number, ends?: { home: () => void | Promise<void>; end: () => void | Promise<void> }): Keymap {
  return [
    { keys: ["up", "k"], description: T.keyUp, handler: () => move(-1) },
    { keys: ["down", "j"], description: T.keyDown, handler: () => move(1) },
    { keys: ["pageup"], description: T.keyPageUp, handler: () => move(-page()) },
    { keys: ["pagedown", "space"], description: T.keyPageDown, handler: () => move(page()) },
    { keys: ["home", "g"], description: T.keyHome, handler: ends?.home ?? (() => move(-1e9)) },
    { keys: ["end", "G"], description: T.keyEnd, handler: ends?.end ?? (() => move(1e9)) },
  ];
}

/** A tab's `/` filter over the rows it already has (jobs, threads, settings: a few dozen rows, never the log). */
export class TextFilter {
  value = "";

  async prompt(ui: UiContext): Promise<void> {
    const text = await ui.prompt(say(T.filterPrompt), this.value);
    if (text !== null) this.value = text.trim();
  }

  /** Esc: clears the filter; answers whether there was one. */
  clear(): boolean {
    const had = this.value !== "";
    this.value = "";
    return had;
  }

  /** Whether a row's texts contain the filter, case-insensitively. */
  matches(...texts: string[]): boolean {
    const needle = this.value.toLowerCase();
    return !needle || texts.some((t) => t.toLowerCase().includes(needle));
  }

  info(): string {
    return this.value ? say(T.filterShown, { text: this.value }) : "";
  }
}
