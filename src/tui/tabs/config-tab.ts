import { tuiTexts as T } from "../../messages/areas/tui.ts";
import { say } from "../../messages/text.ts";
import { configColumns, configRows, configTitle } from "../../presentation/config-table.ts";
import { fitTable } from "../../presentation/text-table.ts";
import type { EffectiveConfigView } from "../../api/agent-api.ts";
import type { Keymap } from "../keymap.ts";
import type { Tab, TabView, UiContext } from "../tab.ts";
import { navigationKeys, Selection, TextFilter } from "./navigation.ts";

/** «Текущая конфигурация»: the service's effective config, secrets masked, where each value came from. */
export class ConfigTab implements Tab {
  readonly title = T.tabConfig;
  readonly short = T.tabConfigShort;
  readonly keymap: Keymap;
  private readonly selection = new Selection();
  private readonly filter = new TextFilter();
  private config: EffectiveConfigView | undefined;

  constructor(private readonly ui: UiContext) {
    this.keymap = [
      ...navigationKeys((d) => this.selection.move(d, this.rows().length), () => ui.pageSize()),
      { keys: ["R"], description: T.keyReloadConfig, handler: () => this.reload() },
      { keys: ["r"], description: T.keyRefresh, handler: () => this.activate() },
    ];
  }

  private rows(): string[][] {
    return this.config ? configRows(this.config, this.filter.value) : [];
  }

  view(width: number): TabView {
    const rows = this.rows();
    this.selection.sync(rows.map((r) => r[0]!));
    const table = fitTable(configColumns(), rows, width);
    const parts = [this.config ? configTitle(this.config) : "", this.filter.info()].filter(Boolean);
    return { header: table.header, rows: table.lines, selected: rows.length > 0 ? this.selection.index : undefined, info: parts.join(" · ") };
  }

  async activate(): Promise<void> {
    this.config = await this.ui.api.call("config.effective");
    this.ui.redraw();
  }

  private async reload(): Promise<void> {
    await this.ui.attempt(async () => {
      const r = await this.ui.api.call("config.reload");
      const list = (xs: string[]) => (xs.length > 0 ? xs.join(", ") : say(T.nothing));
      this.ui.message(say(T.configReloaded, { applied: list(r.applied), restart: list(r.needsRestart) }));
      await this.activate();
    });
  }

  filterPrompt(): Promise<void> {
    return this.filter.prompt(this.ui);
  }

  clearFilter(): boolean {
    return this.filter.clear();
  }
}
