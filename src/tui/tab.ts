import type { Text } from "../messages/text.ts";
import type { AgentApi } from "../api/agent-api.ts";
import type { Keymap } from "./keymap.ts";
import type { LiveState } from "./live-state.ts";
import type { Change } from "./live-state.ts";
import type { LogLine } from "../api/agent-api.ts";
import type { JobFormField } from "../presentation/job-form.ts";

/** What a tab shows in the body: a header line and rows (one may be selected), or plain lines. */
export interface TabView {
  header: string;
  rows: string[];
  /** Rows shown greyed (finished threads). */
  dim?: ReadonlySet<number>;
  /** Rows marked as problems (errors in the log). */
  alert?: ReadonlySet<number>;
  selected?: number;
  /** The line above the status line: filter, follow state. */
  info: string;
}

/** What the screen offers a tab: the channel, the live state, dialogs, messages. */
export interface UiContext {
  api: AgentApi;
  state: LiveState;
  zone: string;
  now(): number;
  /** A message on the info line for a few seconds (errors in red). */
  message(text: string, kind?: "info" | "error"): void;
  confirm(question: string): Promise<boolean>;
  prompt(label: string, initial?: string): Promise<string | null>;
  pick(title: string, items: readonly string[], selected?: number): Promise<number | null>;
  details(title: string, lines: readonly string[]): void;
  form(title: string, fields: JobFormField[], save: (fields: JobFormField[]) => Promise<string[] | null>): void;
  /** Asks for a redraw soon (coalesced). */
  redraw(): void;
  /** Rows the body can show now (for page up/down). */
  pageSize(): number;
  /** Runs an action; a failure is shown on the info line instead of escaping. */
  attempt(action: () => Promise<void>): Promise<void>;
}

export interface Tab {
  title: Text;
  short: Text;
  keymap: Keymap;
  view(width: number): TabView;
  /** Called when the tab is shown (first time: load what it needs). */
  activate(): Promise<void> | void;
  /** Called every second while the tab is shown. */
  tick?(): void;
  /** A change from the service's events. */
  onChange?(change: Change): void;
  /** `/`: the tab's filter; Esc clears it. */
  filterPrompt(): Promise<void>;
  clearFilter(): boolean;
  lineDetails?(line: LogLine): void;
}
