import { tuiTexts as T } from "../../messages/areas/tui.ts";
import { threadTexts as TT } from "../../messages/areas/threads.ts";
import { say } from "../../messages/text.ts";
import { threadColumns, threadTableRow } from "../../presentation/thread-table.ts";
import { fitTable } from "../../presentation/text-table.ts";
import type { Keymap } from "../keymap.ts";
import { elapsedNow, type ThreadRow } from "../live-state.ts";
import type { Tab, TabView, UiContext } from "../tab.ts";
import { navigationKeys, Selection, TextFilter } from "./navigation.ts";

/** «Менеджер потоков»: live threads with progress; finished ones linger greyed; cancel the selected one. */
export class ThreadsTab implements Tab {
  readonly title = T.tabThreads;
  readonly short = T.tabThreadsShort;
  readonly keymap: Keymap;
  private readonly selection = new Selection();
  private readonly filter = new TextFilter();

  constructor(private readonly ui: UiContext) {
    this.keymap = [
      ...navigationKeys((d) => this.selection.move(d, this.visible().length, this.visible().map((t) => String(t.id))), () => ui.pageSize()),
      { keys: ["c", "delete"], description: T.keyCancelThread, handler: () => this.cancel() },
    ];
  }

  private visible(): ThreadRow[] {
    return this.ui.state.threads().filter((t) => this.filter.matches(t.name, t.task));
  }

  view(width: number): TabView {
    const threads = this.visible();
    this.selection.sync(threads.map((t) => String(t.id)));
    const now = this.ui.now();
    const table = fitTable(threadColumns(), threads.map((t) => threadTableRow({ ...t, elapsedMs: elapsedNow(t, now) }, this.ui.zone)), width);
    return {
      header: table.header,
      rows: threads.length > 0 ? table.lines : [say(T.threadsEmpty)],
      dim: new Set(threads.flatMap((t, i) => (t.endedAt !== undefined ? [i] : []))),
      alert: new Set(threads.flatMap((t, i) => (t.state === "failed" ? [i] : []))),
      selected: threads.length > 0 ? this.selection.index : undefined,
      info: this.filter.info(),
    };
  }

  activate(): void {}

  filterPrompt(): Promise<void> {
    return this.filter.prompt(this.ui);
  }

  clearFilter(): boolean {
    return this.filter.clear();
  }

  private async cancel(): Promise<void> {
    const thread = this.visible()[this.selection.index];
    if (!thread || thread.endedAt !== undefined) return;
    if (!(await this.ui.confirm(say(T.threadConfirmCancel, { id: thread.id, name: thread.name })))) return;
    await this.ui.attempt(async () => {
      await this.ui.api.call("threads.cancel", { id: thread.id });
      this.ui.message(say(TT.cancelRequested, { id: thread.id, name: thread.name }));
    });
  }
}
