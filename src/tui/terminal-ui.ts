import blessed from "blessed";
import { tuiTexts as T } from "../messages/areas/tui.ts";
import { say } from "../messages/text.ts";
import { statusLine, type UiMode } from "../presentation/status-line.ts";
import { cut } from "../presentation/text-table.ts";
import type { JobFormField } from "../presentation/job-form.ts";
import type { AgentApi, AgentStreamEvents } from "../api/agent-api.ts";
import { findBinding, helpLines, keyName, type Keymap } from "./keymap.ts";
import { LiveState } from "./live-state.ts";
import type { Tab, TabView, UiContext } from "./tab.ts";
import { useEmbeddedTerminfo } from "./terminfo.ts";
import { JobsTab } from "./tabs/jobs-tab.ts";
import { ThreadsTab } from "./tabs/threads-tab.ts";
import { LogsTab } from "./tabs/logs-tab.ts";
import { ConfigTab } from "./tabs/config-tab.ts";
import { StoresTab } from "./tabs/stores-tab.ts";

/** Where the service runs, and how to stop it when it runs in this window. */
export interface UiHost {
  mode: UiMode;
  /** In-process only: stops the service, waiting for running threads or cancelling them. */
  stop?(o: { cancelThreads: boolean }): Promise<void>;
}

export interface TerminalUiOptions {
  api: AgentApi;
  host: UiHost;
  zone: string;
  /** Wall clock, epoch ms. */
  now?: () => number;
}

/** A modal layer over the tabs: its keys come first and alone. */
interface Overlay {
  keymap: Keymap;
  /** Keys not in the keymap (text entry). */
  other?: (key: string, ch: string | undefined) => void;
  close(): void;
}

/** How long a message stays on the info line. */
const MESSAGE_MS = 6_000;
/** Redraws are coalesced to at most one per this many ms (events can come in bursts). */
const REDRAW_MS = 40;
/** Clock-driven parts (elapsed times, lingering threads) are redrawn this often. */
const TICK_MS = 1_000;

/**
 * The terminal UI (blessed). Thin on purpose: what it shows comes from the
 * pure presentation functions, what keys do from keymaps (data), and it
 * talks to the service only through the control channel's client.
 */
export class TerminalUi implements UiContext {
  readonly api: AgentApi;
  readonly state: LiveState;
  readonly zone: string;
  private readonly screen: blessed.Widgets.Screen;
  private readonly tabBar: blessed.Widgets.BoxElement;
  private readonly header: blessed.Widgets.BoxElement;
  private readonly body: blessed.Widgets.BoxElement;
  private readonly infoLine: blessed.Widgets.BoxElement;
  private readonly statusBar: blessed.Widgets.BoxElement;
  private readonly tabs: Tab[];
  private active = 0;
  private readonly overlays: Overlay[] = [];
  private flash: { text: string; kind: "info" | "error"; until: number } | undefined;
  private redrawTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly globalKeymap: Keymap;
  private finished: (() => void) | undefined;
  private quitting = false;
  private readonly clock: () => number;
  private scrollTop = 0;
  private readonly keyQueue: [string | undefined, string | undefined][] = [];
  private drainingKeys = false;

  constructor(private readonly o: TerminalUiOptions) {
    this.api = o.api;
    this.zone = o.zone;
    this.clock = o.now ?? Date.now;
    this.state = new LiveState(() => performance.now());
    useEmbeddedTerminfo((blessed as unknown as { Tput: { prototype: unknown } }).Tput);
    tolerateLostTerminal();
    this.screen = blessed.screen({
      smartCSR: true,
      fullUnicode: true,
      // Cyrillic must never turn into "?": blessed guesses UTF-8 from LANG, which an SSH session may not pass.
      forceUnicode: true,
      autoPadding: false,
      warnings: false,
      title: "agent",
      terminal: process.env.TERM || (process.platform === "win32" ? "windows-ansi" : "xterm"),
    });
    // Box drawing as UTF-8 characters, not the terminal's alternate charset: the same on every
    // terminal that shows Cyrillic (which this UI needs anyway), and what tmux captures in tests.
    (this.screen as unknown as { tput: { brokenACS: boolean } }).tput.brokenACS = true;
    const line = (top: number | string, style: Record<string, unknown> = {}) =>
      blessed.box({ parent: this.screen, top, left: 0, width: "100%", height: 1, tags: true, wrap: false, style });
    this.tabBar = line(0);
    this.header = line(1, { bold: true, underline: true });
    // Rows are laid out to the width already; blessed must not wrap them again (it would count the tags).
    this.body = blessed.box({ parent: this.screen, top: 2, left: 0, width: "100%", height: "100%-4", tags: true, wrap: false });
    this.infoLine = blessed.box({ parent: this.screen, bottom: 1, left: 0, width: "100%", height: 1, tags: true, wrap: false });
    this.statusBar = line("100%-1", { inverse: true });
    this.tabs = [new JobsTab(this), new ThreadsTab(this), new LogsTab(this), new ConfigTab(this), new StoresTab(this)];
    this.globalKeymap = [
      { keys: ["1", "2", "3", "4", "5"], description: T.keyTab, handler: () => {} },
      { keys: ["tab"], description: T.keyNextTab, handler: () => this.switchTab((this.active + 1) % this.tabs.length) },
      { keys: ["S-tab"], description: T.keyPrevTab, handler: () => this.switchTab((this.active + this.tabs.length - 1) % this.tabs.length) },
      { keys: ["/"], description: T.keyFilter, handler: () => this.tab().filterPrompt().then(() => this.redraw()) },
      { keys: ["escape"], description: T.keyBack, handler: () => void (this.tab().clearFilter() && this.redraw()) },
      { keys: ["?"], description: T.keyHelp, handler: () => this.showHelp() },
      { keys: ["q", "C-c"], description: o.host.mode.kind === "in-process" ? T.keyQuitInProcess : T.keyQuit, handler: () => this.quit() },
    ];
    this.screen.on("keypress", (ch: string | undefined, key: { full?: string } | undefined) => {
      this.keyQueue.push([ch, key?.full]);
      if (!this.drainingKeys) void this.drainKeys();
    });
    this.screen.on("resize", () => this.draw());
  }

  /** Shows the UI until the person quits; answers then. */
  async run(): Promise<void> {
    this.api.client.onClosed(() => {
      this.state.status = undefined;
      if (!this.quitting) this.message(say(T.connectionLost), "error");
    });
    const unsubscribe = await this.api.subscribe((event, data) => this.onEvent(event, data));
    this.state.load(await this.api.call("snapshot"));
    await this.switchTab(0);
    const tick = setInterval(() => {
      this.tab().tick?.();
      this.draw();
    }, TICK_MS);
    const statusPoll = setInterval(() => {
      void this.api.call("status").then(
        (s) => {
          this.state.status = s;
        },
        () => {},
      );
    }, 10_000);
    await new Promise<void>((resolve) => (this.finished = resolve));
    clearInterval(tick);
    clearInterval(statusPoll);
    unsubscribe();
  }

  // UiContext

  now(): number {
    return this.clock();
  }

  message(text: string, kind: "info" | "error" = "info"): void {
    this.flash = { text, kind, until: performance.now() + MESSAGE_MS };
    this.redraw();
  }

  redraw(): void {
    this.redrawTimer ??= setTimeout(() => {
      this.redrawTimer = undefined;
      this.draw();
    }, REDRAW_MS);
  }

  pageSize(): number {
    return Math.max(1, (this.body.height as number) - 1);
  }

  async attempt(action: () => Promise<void>): Promise<void> {
    try {
      await action();
    } catch (error) {
      this.message(say(T.failed, { detail: (error as Error).message }), "error");
    }
  }

  confirm(question: string): Promise<boolean> {
    return new Promise((resolve) => {
      const box = this.dialog(question, 5);
      const done = (answer: boolean) => {
        overlay.close();
        resolve(answer);
      };
      const overlay: Overlay = {
        keymap: [
          { keys: ["y", "enter"], description: T.keyYes, handler: () => done(true) },
          { keys: ["n", "escape"], description: T.keyNo, handler: () => done(false) },
        ],
        close: () => this.closeOverlay(overlay, box),
      };
      this.openOverlay(overlay);
    });
  }

  prompt(label: string, initial = ""): Promise<string | null> {
    return new Promise((resolve) => {
      let value = initial;
      const box = blessed.box({ parent: this.screen, bottom: 1, left: 0, width: "100%", height: 1, tags: false, style: { inverse: true } });
      const show = () => {
        const width = this.screen.width as number;
        const text = `${label}${value}█`;
        box.setContent(cut([...text].length > width ? `…${[...text].slice(-(width - 1)).join("")}` : text, width));
        this.screen.render();
      };
      const done = (answer: string | null) => {
        overlay.close();
        resolve(answer);
      };
      const overlay: Overlay = {
        keymap: [
          { keys: ["enter"], description: T.keyYes, handler: () => done(value) },
          { keys: ["escape"], description: T.keyCancel, handler: () => done(null) },
        ],
        other: (key, ch) => {
          if (key === "backspace") value = [...value].slice(0, -1).join("");
          else if (key === "C-u") value = "";
          // Text is taken as typed: the Russian layout table is for hotkeys, not for words.
          else if (ch && [...ch].length === 1 && ch >= " ") value += ch;
          show();
        },
        close: () => this.closeOverlay(overlay, box),
      };
      this.openOverlay(overlay);
      show();
    });
  }

  /** A list to pick from; the chosen item is marked «›» as well as highlighted, so it shows on any terminal. */
  pick(title: string, items: readonly string[], selected = 0): Promise<number | null> {
    return new Promise((resolve) => {
      let index = Math.max(0, Math.min(items.length - 1, selected));
      let top = 0;
      const height = Math.min(items.length + 2, (this.screen.height as number) - 4);
      const box = blessed.box({
        parent: this.screen,
        top: "center",
        left: "center",
        width: Math.min(Math.max(...items.map((i) => [...i].length), [...title].length) + 8, (this.screen.width as number) - 2),
        height,
        label: ` ${title} `,
        border: { type: "line" },
        tags: true,
      });
      const show = () => {
        const rows = height - 2;
        if (index < top) top = index;
        if (index >= top + rows) top = index - rows + 1;
        box.setContent(
          items
            .slice(top, top + rows)
            .map((item, k) => (top + k === index ? `{inverse}› ${blessed.escape(item)}{/inverse}` : `  ${blessed.escape(item)}`))
            .join("\n"),
        );
        this.screen.render();
      };
      const done = (answer: number | null) => {
        overlay.close();
        resolve(answer);
      };
      const move = (d: number) => {
        index = Math.max(0, Math.min(items.length - 1, index + d));
        show();
      };
      const overlay: Overlay = {
        keymap: [
          { keys: ["up", "k"], description: T.keyUp, handler: () => move(-1) },
          { keys: ["down", "j"], description: T.keyDown, handler: () => move(1) },
          { keys: ["pageup"], description: T.keyPageUp, handler: () => move(-(height - 2)) },
          { keys: ["pagedown"], description: T.keyPageDown, handler: () => move(height - 2) },
          { keys: ["enter"], description: T.keyPick, handler: () => done(index) },
          { keys: ["escape", "q"], description: T.keyCancel, handler: () => done(null) },
        ],
        close: () => this.closeOverlay(overlay, box),
      };
      this.openOverlay(overlay);
      show();
    });
  }

  details(title: string, lines: readonly string[]): void {
    const box = this.textWindow(title, lines);
    const scroll = (d: number) => {
      box.scroll(d);
      this.screen.render();
    };
    const overlay: Overlay = {
      keymap: [
        { keys: ["up", "k"], description: T.keyUp, handler: () => scroll(-1) },
        { keys: ["down", "j"], description: T.keyDown, handler: () => scroll(1) },
        { keys: ["escape", "enter", "q"], description: T.keyBack, handler: () => overlay.close() },
      ],
      close: () => this.closeOverlay(overlay, box),
    };
    this.openOverlay(overlay);
  }

  /** The job editor: a list of fields; Enter edits one, F2 or Ctrl+S saves, Esc cancels. Errors stay on the form. */
  form(title: string, fields: JobFormField[], save: (fields: JobFormField[]) => Promise<string[] | null>): void {
    let selected = 0;
    let errors: string[] = [];
    const box = blessed.box({
      parent: this.screen,
      top: "center",
      left: "center",
      width: "90%",
      height: Math.min(fields.length * 2 + 8, (this.screen.height as number) - 2),
      label: ` ${title} `,
      border: { type: "line" },
      tags: true,
      scrollable: true,
    });
    const show = () => {
      const width = (box.width as number) - 4;
      const labelWidth = Math.max(...fields.map((f) => [...f.label].length));
      const lines: string[] = [];
      fields.forEach((f, i) => {
        const row = cut(`${f.label.padEnd(labelWidth)}  ${f.value}`, width);
        lines.push(i === selected ? `{inverse}${blessed.escape(row)}{/inverse}` : blessed.escape(row));
        lines.push(`{grey-fg}${blessed.escape(cut(`${" ".repeat(labelWidth)}  ${f.hint}`, width))}{/grey-fg}`);
      });
      lines.push("", blessed.escape(say(T.formHint)));
      if (errors.length > 0) lines.push(`{red-fg}${blessed.escape(say(T.formNotSaved))}{/red-fg}`, ...errors.map((e) => `{red-fg}${blessed.escape(cut(e, width))}{/red-fg}`));
      box.setContent(lines.join("\n"));
      this.screen.render();
    };
    const overlay: Overlay = {
      keymap: [
        { keys: ["up", "k"], description: T.keyUp, handler: () => ((selected = Math.max(0, selected - 1)), show()) },
        { keys: ["down", "j", "tab"], description: T.keyDown, handler: () => ((selected = Math.min(fields.length - 1, selected + 1)), show()) },
        {
          keys: ["enter", "e"],
          description: T.keyEditField,
          handler: async () => {
            const field = fields[selected]!;
            const value = await this.prompt(`${field.label}: `, field.value);
            if (value !== null) field.value = value;
            show();
          },
        },
        {
          keys: ["f2", "C-s"],
          description: T.keySave,
          handler: async () => {
            const problems = await save(fields);
            if (problems === null) overlay.close();
            else {
              errors = problems;
              show();
            }
          },
        },
        { keys: ["escape"], description: T.keyCancel, handler: () => overlay.close() },
      ],
      close: () => this.closeOverlay(overlay, box),
    };
    this.openOverlay(overlay);
    show();
  }

  // The screen

  private tab(): Tab {
    return this.tabs[this.active]!;
  }

  private async switchTab(index: number): Promise<void> {
    this.active = index;
    this.scrollTop = 0;
    this.draw();
    await this.attempt(async () => {
      await this.tab().activate();
    });
    this.draw();
  }

  private onEvent<E extends keyof AgentStreamEvents>(event: E, data: AgentStreamEvents[E]): void {
    const change = this.state.apply(event, data);
    for (const tab of this.tabs) tab.onChange?.(change);
    if (change.status || change.threads) this.redraw();
  }

  /**
   * Keys are handled one at a time, each after what the previous one set in
   * motion has settled (a closed prompt hands its text to the form before the
   * next key, F2, saves it). A terminal delivers keys typed quickly, or pasted,
   * in one chunk, and blessed emits them all at once.
   */
  private async drainKeys(): Promise<void> {
    this.drainingKeys = true;
    while (this.keyQueue.length > 0) {
      const [ch, full] = this.keyQueue.shift()!;
      void this.onKey(ch, full).catch((error) => this.message(say(T.failed, { detail: (error as Error).message }), "error"));
      await new Promise((resolve) => setImmediate(resolve));
    }
    this.drainingKeys = false;
  }

  private async onKey(ch: string | undefined, full: string | undefined): Promise<void> {
    const key = keyName(ch, full);
    if (key === "") return;
    const overlay = this.overlays.at(-1);
    if (overlay) {
      // A text entry takes the key as typed (not through the layout table) unless the key is its own.
      const binding = findBinding([overlay.keymap], overlay.other && ch && ch >= " " && full !== "enter" && full !== "escape" ? (full ?? "") : key);
      if (binding) await binding.handler();
      else overlay.other?.(full ?? key, ch);
      this.draw();
      return;
    }
    // A message has been read once the person does something else.
    this.flash = undefined;
    if (/^[1-5]$/.test(key)) {
      await this.switchTab(Number(key) - 1);
      return;
    }
    const binding = findBinding([this.tab().keymap, this.globalKeymap], key);
    if (!binding) return;
    await binding.handler();
    this.draw();
  }

  private openOverlay(overlay: Overlay): void {
    this.overlays.push(overlay);
  }

  private closeOverlay(overlay: Overlay, element: blessed.Widgets.BlessedElement): void {
    const i = this.overlays.indexOf(overlay);
    if (i >= 0) this.overlays.splice(i, 1);
    element.destroy();
    this.draw();
  }

  private dialog(text: string, height: number): blessed.Widgets.BoxElement {
    const box = blessed.box({
      parent: this.screen,
      top: "center",
      left: "center",
      width: Math.min([...text].length + 4, (this.screen.width as number) - 2),
      height,
      border: { type: "line" },
      content: blessed.escape(text),
      tags: true,
      align: "center",
      valign: "middle",
    });
    this.screen.render();
    return box;
  }

  private textWindow(title: string, lines: readonly string[]): blessed.Widgets.BoxElement {
    const box = blessed.box({
      parent: this.screen,
      top: "center",
      left: "center",
      width: "90%",
      height: "100%-4",
      label: ` ${title} `,
      border: { type: "line" },
      content: lines.map((l) => blessed.escape(l)).join("\n"),
      tags: true,
      scrollable: true,
      alwaysScroll: true,
    });
    this.screen.render();
    return box;
  }

  private showHelp(): void {
    const tab = this.tab();
    const lines = [
      ...helpLines([
        { title: say(T.helpTitle, { tab: say(tab.title) }), keymap: tab.keymap },
        { title: say(T.helpEverywhere), keymap: this.globalKeymap },
      ]),
      "",
      say(T.helpLayout),
      say(T.helpClose),
    ];
    const box = this.textWindow("?", lines);
    const overlay: Overlay = {
      keymap: [
        { keys: ["up", "k"], description: T.keyUp, handler: () => (box.scroll(-1), this.screen.render()) },
        { keys: ["down", "j"], description: T.keyDown, handler: () => (box.scroll(1), this.screen.render()) },
        { keys: ["pagedown", "space"], description: T.keyPageDown, handler: () => (box.scroll((box.height as number) - 2), this.screen.render()) },
        { keys: ["pageup"], description: T.keyPageUp, handler: () => (box.scroll(-((box.height as number) - 2)), this.screen.render()) },
        { keys: ["escape", "?", "q"], description: T.keyBack, handler: () => overlay.close() },
      ],
      close: () => this.closeOverlay(overlay, box),
    };
    this.openOverlay(overlay);
  }

  private draw(): void {
    const width = this.screen.width as number;
    this.drawTabBar(width);
    const view: TabView = this.tab().view(width);
    this.header.setContent(blessed.escape(cut(view.header, width)));
    this.drawBody(view, width);
    const flash = this.flash && this.flash.until > performance.now() ? this.flash : undefined;
    if (!flash) this.flash = undefined;
    const info = flash ? flash.text : view.info || say(T.hintLine);
    const escaped = blessed.escape(cut(info, width));
    this.infoLine.setContent(flash?.kind === "error" ? `{red-fg}{bold}${escaped}{/bold}{/red-fg}` : escaped);
    this.statusBar.setContent(blessed.escape(cut(statusLine(this.state.status, this.o.host.mode), width)));
    this.screen.render();
  }

  /** The tabs by number; the active one in full, the others shortened when the line is narrow. */
  private drawTabBar(width: number): void {
    const full = this.tabs.map((t, i) => ` ${i + 1} ${say(t.title)} `);
    const short = this.tabs.map((t, i) => (i === this.active ? full[i]! : ` ${i + 1} ${say(t.short)} `));
    const labels = full.join("").length <= width ? full : short;
    this.tabBar.setContent(labels.map((l, i) => (i === this.active ? `{inverse}{bold}${blessed.escape(l)}{/bold}{/inverse}` : blessed.escape(l))).join("│"));
  }

  private drawBody(view: TabView, width: number): void {
    const height = Math.max(1, this.body.height as number);
    const selected = view.selected;
    // Keep the selected row in view, scrolling as little as possible.
    if (selected !== undefined) {
      if (selected < this.scrollTop) this.scrollTop = selected;
      if (selected >= this.scrollTop + height) this.scrollTop = selected - height + 1;
    }
    this.scrollTop = Math.max(0, Math.min(this.scrollTop, Math.max(0, view.rows.length - height)));
    const out: string[] = [];
    for (let i = this.scrollTop; i < Math.min(view.rows.length, this.scrollTop + height); i++) {
      let row = blessed.escape(cut(view.rows[i]!, width));
      if (view.alert?.has(i)) row = `{red-fg}${row}{/red-fg}`;
      if (view.dim?.has(i)) row = `{grey-fg}${row}{/grey-fg}`;
      if (i === selected) row = `{inverse}${row}${" ".repeat(Math.max(0, width - [...view.rows[i]!].length))}{/inverse}`;
      out.push(row);
    }
    this.body.setContent(out.join("\n"));
  }

  /** `q`: attached, just leave; in-process, ask what to do with running threads, then stop the service. */
  private async quit(): Promise<void> {
    const { host } = this.o;
    if (host.mode.kind === "in-process" && host.stop) {
      const running = this.state.runningThreads();
      let cancelThreads = false;
      if (running > 0) {
        const choice = await new Promise<"wait" | "cancel" | null>((resolve) => {
          const box = this.dialog(say(T.quitInProcess, { count: running }), 5);
          const done = (c: "wait" | "cancel" | null) => {
            overlay.close();
            resolve(c);
          };
          const overlay: Overlay = {
            keymap: [
              { keys: ["w"], description: T.keyWait, handler: () => done("wait") },
              { keys: ["c"], description: T.keyStopThreads, handler: () => done("cancel") },
              { keys: ["escape", "n"], description: T.keyCancel, handler: () => done(null) },
            ],
            close: () => this.closeOverlay(overlay, box),
          };
          this.openOverlay(overlay);
        });
        if (choice === null) return;
        cancelThreads = choice === "cancel";
      }
      this.quitting = true;
      this.message(say(T.quitWaiting));
      this.draw();
      this.api.close();
      await host.stop({ cancelThreads });
    } else {
      this.quitting = true;
      this.api.close();
    }
    this.screen.destroy();
    this.finished?.();
  }
}

/**
 * When the terminal is gone (SSH dropped, tmux killed) blessed still restores
 * the raw mode at exit, and that throws EIO: there is nothing left to
 * restore, so the failure is dropped rather than reported as a crash.
 */
function tolerateLostTerminal(): void {
  const stdin = process.stdin as unknown as { setRawMode?: (mode: boolean) => unknown; rawModeTolerant?: boolean };
  if (!stdin.setRawMode || stdin.rawModeTolerant) return;
  const setRawMode = stdin.setRawMode.bind(stdin);
  stdin.setRawMode = (mode: boolean) => {
    try {
      return setRawMode(mode);
    } catch {
      return stdin;
    }
  };
  stdin.rawModeTolerant = true;
}
