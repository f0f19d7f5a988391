import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { ControlClient } from "../../src/control/control-client.ts";
import { TmuxSession } from "../helpers/tmux.ts";
import { median, type BenchResult } from "./report.ts";

/**
 * The terminal UI's answer to a key while the service works hard: the
 * compiled `dist/agent` in tmux, attached to a service (the fixture) whose
 * "statistics" task does 10 s of heavy work (what a large push does: build
 * rows, JSON, gzip, hash). From send-keys to the changed screen in
 * capture-pane, so tmux's own round trip (a few ms) is inside every figure,
 * idle and busy alike. Two keys: a tab switch (the UI redraws what it holds)
 * and the log's service picker (a round trip to the busy service first).
 */
export async function run(): Promise<BenchResult[]> {
  const dir = mkdtempSync(join(tmpdir(), "agent-bench-tui-"));
  const home = join(dir, "heavy");
  const proc = Bun.spawn([process.execPath, resolve("test/bench/fixtures/service-with-task.ts"), home, "heavy"], { stdout: "pipe", stderr: "inherit" });
  const ui = await (async () => {
    const reader = proc.stdout.getReader();
    let seen = "";
    while (!seen.includes("ready")) {
      const { value, done } = await reader.read();
      if (done) throw new Error("the fixture service ended before it was ready");
      seen += new TextDecoder().decode(value);
    }
    reader.releaseLock();
    return new TmuxSession(`'${resolve("dist/agent")}' --data-dir '${join(home, "data")}'`, { cwd: dir, width: 120, height: 30 });
  })();
  try {
    await ui.waitFor("Подключено клиентов: 1", 15_000);
    const socket = join(home, "data", "main", "control.sock");
    if (!existsSync(socket)) throw new Error("no control socket");
    const client = await ControlClient.connect(socket, "cli");

    /** One key, timed until the screen shows its answer. */
    const timed = async (send: () => void, answered: (s: string) => boolean) => {
      const t = performance.now();
      send();
      await ui.waitFor(answered, 5_000);
      return performance.now() - t;
    };
    const tabSwitch = async () => {
      const onThreads = ui.screen().includes("Имя потока");
      return timed(
        () => ui.keys(onThreads ? "1" : "2"),
        (s) => (onThreads ? s.includes("Имя задания") : s.includes("Имя потока")),
      );
    };
    const picker = async () => {
      ui.keys("3");
      await ui.waitFor("Комментарий");
      const ms = await timed(
        () => ui.keys("s"),
        (s) => s.includes("все службы"),
      );
      ui.keys("Escape");
      await ui.waitFor((s) => !s.includes("все службы"));
      await Bun.sleep(60); // Escape alone, not as the start of the next key's sequence
      ui.keys("1");
      await ui.waitFor("Имя задания");
      return ms;
    };
    const sample = async (until: number) => {
      const tabs: number[] = [];
      const picks: number[] = [];
      while (performance.now() < until) {
        tabs.push(await tabSwitch());
        picks.push(await picker());
      }
      return { tabs, picks };
    };

    const idle = await sample(performance.now() + 3_000);
    await client.request("jobs.run", { job: "statistics", trigger: "manual" });
    const busy = await sample(performance.now() + 9_000);
    client.close();
    const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.95)]!;
    return [
      {
        name: `UI: key to redraw (tab switch), median, while the service does 10 s of heavy work (${busy.tabs.length} keys)`,
        value: median(busy.tabs),
        unit: "ms",
        baseline: { name: "same, service idle", value: median(idle.tabs) },
        target: "≤ 100 ms",
        met: median(busy.tabs) <= 100,
      },
      {
        name: "UI: key to redraw (tab switch), p95, heavy work",
        value: p95(busy.tabs),
        unit: "ms",
        baseline: { name: "p95, service idle", value: p95(idle.tabs) },
        target: "≤ 100 ms",
        met: p95(busy.tabs) <= 100,
      },
      {
        name: `UI: key to answer that asks the service (log's service list), median, heavy work (${busy.picks.length} keys)`,
        value: median(busy.picks),
        unit: "ms",
        baseline: { name: "same, service idle", value: median(idle.picks) },
        target: "≤ 100 ms",
        met: median(busy.picks) <= 100,
      },
    ];
  } finally {
    ui.kill();
    proc.kill("SIGTERM");
    await proc.exited;
    rmSync(dir, { recursive: true, force: true });
  }
}
