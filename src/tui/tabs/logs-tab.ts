import { closeSync, openSync, writeSync } from "node:fs";
import { resolve } from "node:path";
import { tuiTexts as T } from "../../messages/areas/tui.ts";
import { logTexts as L } from "../../messages/areas/logs.ts";
import { say } from "../../messages/text.ts";
import { parseTimeArgument } from "../../kernel/time-argument.ts";
import { formatManual } from "../../kernel/zoned-time.ts";
import { logColumns, logFilterSummary, logLineDetails, logRow } from "../../presentation/log-table.ts";
import { fitTable } from "../../presentation/text-table.ts";
import type { LogLevel } from "../../api/agent-api.ts";
import type { Keymap } from "../keymap.ts";
import type { Change } from "../live-state.ts";
import { LogWindow, type LogViewFilter } from "../log-window.ts";
import type { Tab, TabView, UiContext } from "../tab.ts";
import { navigationKeys } from "./navigation.ts";

const LEVELS: readonly LogLevel[] = ["debug", "info", "warn", "error"];
const LEVEL_TEXTS = { debug: L.levelDebug, info: L.levelInfo, warn: L.levelWarn, error: L.levelError } as const;

/**
 * How soon after a `log:appended` event the view asks for the new lines:
 * the event comes when a line is logged, and the writer stores lines in
 * batches within 200 ms, so asking sooner could miss them. Several events, one query.
 */
const FOLLOW_DELAY_MS = 300;

/**
 * «Логи»: the log in the manual's columns. Every filter (time, service,
 * level, text) is a query on the whole log DB through the service; follow
 * mode keeps the newest line in view and pauses when the user moves up.
 */
export class LogsTab implements Tab {
  readonly title = T.tabLogs;
  readonly short = T.tabLogsShort;
  readonly keymap: Keymap;
  readonly window: LogWindow;
  private loaded = false;
  private followTimer: ReturnType<typeof setTimeout> | undefined;
  private lastEventAt = 0;

  constructor(private readonly ui: UiContext) {
    this.window = new LogWindow({
      query: (q) => ui.api.call("logs.query", q),
      neighbour: (filter, from, direction) => ui.api.call("logs.neighbour", { filter, from, direction }),
    });
    this.keymap = [
      ...navigationKeys((d) => this.act(() => this.window.move(d)), () => ui.pageSize(), {
        home: () => this.act(() => this.window.toStart()),
        end: () => this.act(() => this.window.toEnd()),
      }),
      { keys: ["f"], description: T.keyFollow, handler: () => this.act(() => this.window.toEnd()) },
      { keys: ["s"], description: T.keyService, handler: () => this.pickService() },
      { keys: ["l"], description: T.keyLevel, handler: () => this.pickLevel() },
      { keys: ["t"], description: T.keyTime, handler: () => this.askTime() },
      { keys: ["n"], description: T.keyNextError, handler: () => this.jump("after") },
      { keys: ["N"], description: T.keyPrevError, handler: () => this.jump("before") },
      { keys: ["enter"], description: T.keyDetails, handler: () => this.details() },
      { keys: ["x"], description: T.keyExport, handler: () => this.exportTsv() },
      { keys: ["c"], description: T.keyClearFilters, handler: () => this.setFilter({}) },
    ];
  }

  view(width: number): TabView {
    const w = this.window;
    const table = fitTable(logColumns(), w.lines.map((l) => logRow(l, this.ui.zone)), width);
    const follow = say(w.following ? T.logFollowing : T.logPaused);
    return {
      header: table.header,
      rows: w.lines.length > 0 ? table.lines : [say(T.logEmpty)],
      alert: new Set(w.lines.flatMap((l, i) => (l.level === "error" ? [i] : []))),
      selected: w.lines.length > 0 ? w.selected : undefined,
      info: `${logFilterSummary(w.filter, this.ui.zone)} · ${follow}`,
    };
  }

  async activate(): Promise<void> {
    if (this.loaded) return;
    this.loaded = true;
    await this.act(() => this.window.toEnd());
  }

  onChange(change: Change): void {
    if (!change.log) return;
    this.lastEventAt = performance.now();
    this.scheduleFollow();
  }

  /**
   * While following, ask for new lines once a second as well: an event can
   * come before its line is stored, or before the tab was first shown.
   */
  tick(): void {
    if (this.window.following) this.scheduleFollow();
  }

  private scheduleFollow(): void {
    if (!this.loaded || this.followTimer) return;
    this.followTimer = setTimeout(async () => {
      const asked = performance.now();
      try {
        if (await this.window.appendNew()) this.ui.redraw();
      } catch {
        // The channel closed: the status line says so.
      }
      this.followTimer = undefined;
      // Lines announced shortly before the query may not have been stored yet: ask once more.
      if (this.lastEventAt > asked - FOLLOW_DELAY_MS) {
        this.lastEventAt = 0;
        this.scheduleFollow();
      }
    }, FOLLOW_DELAY_MS);
  }

  private async act(action: () => Promise<void>): Promise<void> {
    await this.ui.attempt(action);
    this.ui.redraw();
  }

  private setFilter(filter: LogViewFilter): Promise<void> {
    return this.act(() => this.window.setFilter(filter));
  }

  async filterPrompt(): Promise<void> {
    const text = await this.ui.prompt(say(T.filterPrompt), this.window.filter.text ?? "");
    if (text !== null) await this.setFilter({ ...this.window.filter, text: text.trim() || undefined });
  }

  clearFilter(): boolean {
    const f = this.window.filter;
    const had = Object.values(f).some((v) => v !== undefined);
    if (had) void this.setFilter({});
    return had;
  }

  private async pickService(): Promise<void> {
    const services = await this.ui.api.call("logs.services");
    const current = this.window.filter.services?.[0];
    const choice = await this.ui.pick(say(T.logPickService), [say(T.logAllServices), ...services], current ? services.indexOf(current) + 1 : 0);
    if (choice === null) return;
    await this.setFilter({ ...this.window.filter, services: choice === 0 ? undefined : [services[choice - 1]!] });
  }

  private async pickLevel(): Promise<void> {
    const current = this.window.filter.minLevel;
    const choice = await this.ui.pick(say(T.logPickLevel), [say(T.logAllLevels), ...LEVELS.slice(1).map((l) => say(LEVEL_TEXTS[l]))], current ? LEVELS.indexOf(current) : 0);
    if (choice === null) return;
    await this.setFilter({ ...this.window.filter, minLevel: choice === 0 ? undefined : LEVELS[choice]! });
  }

  /** `30m`, `today`, `14.05.2025 16:50 - 14.05.2025 18:00`; empty clears the range. */
  private async askTime(): Promise<void> {
    const f = this.window.filter;
    const initial = f.since === undefined ? "" : `${formatManual(f.since, this.ui.zone)}${f.until === undefined ? "" : ` - ${formatManual(f.until, this.ui.zone)}`}`;
    const text = await this.ui.prompt(say(T.logTimePrompt), initial);
    if (text === null) return;
    await this.ui.attempt(async () => {
      const [from, to] = text.split(/\s+-\s+/).map((s) => s.trim());
      const now = this.ui.now();
      const since = from ? parseTimeArgument("", from, now, this.ui.zone) : undefined;
      const until = to ? parseTimeArgument("", to, now, this.ui.zone, true) : undefined;
      await this.setFilter({ ...f, since, until });
    });
  }

  private async jump(direction: "after" | "before"): Promise<void> {
    await this.ui.attempt(async () => {
      if (!(await this.window.jumpToError(direction))) this.ui.message(say(direction === "after" ? T.logNoNextError : T.logNoPrevError));
    });
    this.ui.redraw();
  }

  private details(): void {
    const line = this.window.selectedLine();
    if (line) this.ui.details(say(T.logDetailsTitle), logLineDetails(line, this.ui.zone));
  }

  /**
   * Writes the filtered log as the manual's TSV. The service sends it in
   * chunks; this process writes the file, so it lands where the person at
   * the UI may write, with their rights (0600: a log is nobody else's business).
   */
  private async exportTsv(): Promise<void> {
    const stamp = formatManual(this.ui.now(), this.ui.zone).replace(/[.: ]/g, "-");
    const answer = await this.ui.prompt(say(T.logExportPrompt), `agent-log-${stamp}.tsv`);
    if (!answer?.trim()) return;
    const path = resolve(answer.trim());
    let fd: number | undefined;
    try {
      fd = openSync(path, "w", 0o600);
      let after: { ts: number; id: number } | undefined;
      let total = 0;
      for (;;) {
        const chunk: { tsv: string; lines: number; next?: { ts: number; id: number } } = await this.ui.api.call("logs.export", { filter: this.window.filter, after, limit: 5_000 });
        writeSync(fd, chunk.tsv);
        total += chunk.lines;
        if (!chunk.next) break;
        after = chunk.next;
      }
      this.ui.message(say(T.logExported, { lines: total, path }));
    } catch (error) {
      this.ui.message(say(T.logExportFailed, { path, detail: (error as Error).message }), "error");
    } finally {
      if (fd !== undefined) closeSync(fd);
    }
  }
}
