import { tuiTexts as T } from "../../messages/areas/tui.ts";
import { say } from "../../messages/text.ts";
import { parkedKindText, parkedPickItem } from "../../presentation/parked-table.ts";
import { storeColumns, storeNotes, storeRows } from "../../presentation/store-table.ts";
import { fitTable, wrapText } from "../../presentation/text-table.ts";
import type { OdliStateView, StoresInfo } from "../../api/agent-api.ts";
import { odliLines } from "../../presentation/odli-lines.ts";
import type { Keymap } from "../keymap.ts";
import type { Tab, TabView, UiContext } from "../tab.ts";

/** How often the sizes are read again while the tab is shown. */
const REFRESH_MS = 5_000;
/** The LIS job's codes and queue are main DB queries: asked less often. */
const ODLI_REFRESH_MS = 30_000;

/**
 * «Экземпляры базы»: the agent's own stores (path, size, WAL, schema
 * version) and who holds the instance. The main DB's entry appears when the
 * service sends one (the main DB layer); until then a sentence says so.
 * What the ЦОД sync parked is listed under it (the newest, with reasons);
 * `o` retries or drops one of them through the service, as `agent sync
 * parked retry|drop` does, after a confirmation.
 */
export class StoresTab implements Tab {
  readonly title = T.tabStores;
  readonly short = T.tabStoresShort;
  readonly keymap: Keymap;
  private info: StoresInfo | undefined;
  private loadedAt = 0;
  private odli: OdliStateView | undefined;
  private odliAt = 0;

  constructor(private readonly ui: UiContext) {
    this.keymap = [
      { keys: ["r"], description: T.keyRefresh, handler: () => this.activate(true) },
      { keys: ["o"], description: T.keyParked, handler: () => this.parkedAction() },
    ];
  }

  view(width: number): TabView {
    if (this.ui.now() - this.loadedAt > REFRESH_MS) {
      this.loadedAt = this.ui.now();
      void this.activate().catch(() => {});
    }
    if (!this.info) return { header: "", rows: [], info: "" };
    const table = fitTable(storeColumns(), storeRows(this.info), width);
    const lines = [...storeNotes(this.info, this.ui.zone), ...(this.odli ? ["", ...odliLines(this.odli)] : [])];
    const notes = lines.flatMap((l) => (l === "" ? [""] : wrapText(l, width)));
    return { header: table.header, rows: [...table.lines, "", ...notes], info: "" };
  }

  /** Reads the stores again; the ОДЛИ lines at most every 30 s, or now when the administrator presses `r`. */
  async activate(force = false): Promise<void> {
    this.info = await this.ui.api.call("stores.info");
    this.loadedAt = this.ui.now();
    this.ui.redraw();
    if (force || !this.odli || this.ui.now() - this.odliAt > ODLI_REFRESH_MS) {
      this.odliAt = this.ui.now();
      // A service of an older version lacks the method: the tab simply shows no ОДЛИ lines.
      this.odli = await this.ui.api.call("odli.state").catch(() => undefined);
      this.ui.redraw();
    }
  }

  /** Picks a parked entry the tab shows, then retry or drop, confirmed; the service does it (it holds the main DB's lease). */
  async parkedAction(): Promise<void> {
    const entries = this.info?.mainDb?.parked ?? [];
    if (entries.length === 0) {
      this.ui.message(say(T.parkedNothing));
      return;
    }
    const picked = await this.ui.pick(say(T.parkedPickTitle), entries.map(parkedPickItem));
    const entry = picked === null ? undefined : entries[picked];
    if (!entry) return;
    const action = await this.ui.pick(say(T.parkedPickAction, { id: entry.id }), [say(T.parkedActionRetry), say(T.parkedActionDrop)]);
    if (action !== 0 && action !== 1) return;
    const retry = action === 0;
    const kind = parkedKindText(entry);
    if (!(await this.ui.confirm(say(retry ? T.parkedConfirmRetry : T.parkedConfirmDrop, { id: entry.id, kind })))) return;
    await this.ui.attempt(async () => {
      const answer = retry ? await this.ui.api.call("sync.parked.retry", { id: entry.id }) : await this.ui.api.call("sync.parked.drop", { id: entry.id });
      this.ui.message(answer.message);
      await this.activate(true);
    });
  }

  /** Nothing here to filter: say so rather than ignore the key the footer offers. */
  async filterPrompt(): Promise<void> {
    this.ui.message(say(T.noFilterHere));
  }

  clearFilter(): boolean {
    return false;
  }
}
