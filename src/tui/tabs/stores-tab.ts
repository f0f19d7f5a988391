import { tuiTexts as T } from "../../messages/areas/tui.ts";
import { storeColumns, storeNotes, storeRows } from "../../presentation/store-table.ts";
import { fitTable, wrapText } from "../../presentation/text-table.ts";
import type { StoresInfo } from "../../api/agent-api.ts";
import type { Keymap } from "../keymap.ts";
import type { Tab, TabView, UiContext } from "../tab.ts";

/** How often the sizes are read again while the tab is shown. */
const REFRESH_MS = 5_000;

/**
 * «Экземпляры базы»: the agent's own stores (path, size, WAL, schema
 * version) and who holds the instance. The main DB's entry appears when the
 * service sends one (the main DB layer); until then a sentence says so.
 */
export class StoresTab implements Tab {
  readonly title = T.tabStores;
  readonly short = T.tabStoresShort;
  readonly keymap: Keymap;
  private info: StoresInfo | undefined;
  private loadedAt = 0;

  constructor(private readonly ui: UiContext) {
    this.keymap = [{ keys: ["r"], description: T.keyRefresh, handler: () => this.activate() }];
  }

  view(width: number): TabView {
    if (this.ui.now() - this.loadedAt > REFRESH_MS) {
      this.loadedAt = this.ui.now();
      void this.activate().catch(() => {});
    }
    if (!this.info) return { header: "", rows: [], info: "" };
    const table = fitTable(storeColumns(), storeRows(this.info), width);
    const notes = storeNotes(this.info, this.ui.zone).flatMap((l) => (l === "" ? [""] : wrapText(l, width)));
    return { header: table.header, rows: [...table.lines, "", ...notes], info: "" };
  }

  async activate(): Promise<void> {
    this.info = await this.ui.api.call("stores.info");
    this.loadedAt = this.ui.now();
    this.ui.redraw();
  }

  async filterPrompt(): Promise<void> {}

  clearFilter(): boolean {
    return false;
  }
}
