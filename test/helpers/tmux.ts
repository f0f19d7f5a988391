import { spawnSync } from "node:child_process";

/**
 * A terminal program driven as a person would: started in a detached tmux
 * session, typed at with send-keys, read with capture-pane. Waits poll the
 * screen against a deadline; no fixed sleeps.
 */
export class TmuxSession {
  private static counter = 0;
  readonly name: string;
  private readonly socket: string;

  constructor(
    command: string,
    o: { cwd: string; width?: number; height?: number; term?: string; env?: Record<string, string> },
  ) {
    this.name = `agent-test-${process.pid}-${TmuxSession.counter++}`;
    // A private tmux server per test run: never the user's, never another worktree's.
    this.socket = `agent-test-${process.pid}`;
    const env = { TERM: o.term ?? "xterm-256color", LANG: "C.UTF-8", TZ: "UTC", HOME: o.cwd, ...o.env };
    const exports = Object.entries(env)
      .map(([k, v]) => `export ${k}='${v}';`)
      .join(" ");
    // The program's exit code is kept on screen after it ends, so a test can read it.
    this.tmux("new-session", "-d", "-s", this.name, "-x", String(o.width ?? 100), "-y", String(o.height ?? 30), `cd '${o.cwd}' && ${exports} ${command}; echo "[exited $?]"; sleep 600`);
    this.tmux("set-option", "-t", this.name, "status", "off");
  }

  private tmux(...args: string[]): string {
    const r = spawnSync("tmux", ["-L", this.socket, "-f", "/dev/null", ...args], { encoding: "utf8" });
    if (r.status !== 0) throw new Error(`tmux ${args[0]} failed: ${r.stderr}`);
    return r.stdout;
  }

  screen(): string {
    return this.tmux("capture-pane", "-p", "-t", this.name);
  }

  /** Types keys: tmux key names (`Enter`, `Escape`, `Up`, `End`, `C-s`) or literal text with `literal`. */
  keys(...keys: string[]): void {
    this.tmux("send-keys", "-t", this.name, ...keys);
  }

  type(text: string): void {
    this.tmux("send-keys", "-t", this.name, "-l", text);
  }

  /** Opens a prompt with `key`, waits for it, replaces its text with `text` and presses Enter. */
  async answer(key: string, prompt: string, text: string): Promise<void> {
    this.keys(key);
    await this.waitFor(prompt);
    this.keys("C-u");
    this.type(text);
    this.keys("Enter");
  }

  resize(width: number, height: number): void {
    this.tmux("resize-window", "-t", this.name, "-x", String(width), "-y", String(height));
  }

  /** Polls the screen until `check` holds; fails with the last screen after the deadline. */
  async waitFor(check: string | RegExp | ((screen: string) => boolean), timeoutMs = 10_000): Promise<string> {
    const test = typeof check === "function" ? check : (s: string) => (typeof check === "string" ? s.includes(check) : check.test(s));
    const deadline = performance.now() + timeoutMs;
    let last = "";
    for (;;) {
      last = this.screen();
      if (test(last)) return last;
      if (performance.now() > deadline) throw new Error(`the screen did not show ${String(check)} within ${timeoutMs} ms:\n${last}`);
      await Bun.sleep(25);
    }
  }

  kill(): void {
    try {
      this.tmux("kill-session", "-t", this.name);
    } catch {
      // Already gone.
    }
  }
}

export function hasTmux(): boolean {
  return spawnSync("tmux", ["-V"]).status === 0;
}
