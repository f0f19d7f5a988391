import { describe, expect, test } from "bun:test";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Supervisor, SUPERVISOR_ENV, type WorkerProcess } from "../../src/deploy/supervisor.ts";
import { readTransaction, updatePaths, writeTransaction, type UpdateTransaction } from "../../src/deploy/update-transaction.ts";
import { setLanguage } from "../../src/messages/text.ts";
import { tempDir } from "../helpers/temp-dir.ts";

/** A child process of the test's making: it ends when told to, or when killed. */
class FakeWorker implements WorkerProcess {
  readonly pid: number;
  readonly exited: Promise<number>;
  readonly signals: string[] = [];
  end!: (code: number) => void;
  constructor(pid: number) {
    this.pid = pid;
    this.exited = new Promise((resolve) => (this.end = resolve));
  }
  kill(signal: NodeJS.Signals): void {
    this.signals.push(signal);
    this.end(signal === "SIGKILL" ? 137 : 0);
  }
}

function setting() {
  setLanguage("en");
  const dir = tempDir("supervisor-");
  const binary = join(dir, "agent");
  writeFileSync(binary, "old", { mode: 0o755 });
  const update = updatePaths({ root: join(dir, "data", "main") } as never, "main", binary);
  const lines: string[] = [];
  let stop: ((signal: string) => void) | undefined;
  const spawned: { env: Record<string, string | undefined>; worker?: FakeWorker }[] = [];
  const make = (spawn: (n: number) => FakeWorker | "throw") =>
    new Supervisor({
      command: [binary, "run"],
      env: {},
      binary,
      update,
      controlEndpoint: join(dir, "data", "main", "control.sock"),
      healthSeconds: 5,
      platform: "linux",
      log: { info: (m) => lines.push(m), warn: (m) => lines.push(m), error: (m) => lines.push(m) },
      onStopSignal: (h) => ((stop = h), () => {}),
      onReloadSignal: () => () => {},
      restartPauseMs: { first: 1, max: 2 },
      spawn: (_command, env) => {
        const n = spawned.length;
        const w = spawn(n);
        if (w === "throw") {
          spawned.push({ env });
          throw new Error("exec format error");
        }
        spawned.push({ env, worker: w });
        return w;
      },
    });
  const transaction = (state: UpdateTransaction["state"]): UpdateTransaction => ({
    state,
    from: "0.1.0",
    to: "0.2.0",
    binary,
    staged: update.staged,
    previous: update.previous,
    sha256: "x",
    stores: [],
    preparedAt: 0,
  });
  return { dir, binary, update, lines, spawned, make, transaction, stop: (s = "SIGTERM") => stop!(s) };
}

const tick = () => Bun.sleep(5);

describe("the supervisor", () => {
  test("restarts the agent after a crash, tells it who supervises it, and ends with it on a stop", async () => {
    const s = setting();
    const workers: FakeWorker[] = [];
    const done = s.make((n) => (workers[n] = new FakeWorker(100 + n))).run();
    await tick();
    workers[0]!.end(1);
    await Bun.sleep(30);
    expect(s.spawned).toHaveLength(2);
    expect(s.spawned[1]!.env[SUPERVISOR_ENV]).toBe(String(process.pid));
    expect(s.lines).toContain("The agent ended with exit code 1; restarting in 0 s.");
    s.stop();
    expect(await done).toBe(0);
    expect(workers[1]!.signals).toEqual(["SIGTERM"]);
  });

  test("an update whose new binary cannot even start is rolled back: the previous binary is back and started, the outcome kept for the agent", async () => {
    const s = setting();
    const workers: FakeWorker[] = [];
    const done = s.make((n) => (n === 1 ? "throw" : (workers[n] = new FakeWorker(100 + n)))).run();
    await tick();
    writeFileSync(s.update.staged, "new");
    writeTransaction(s.update.transaction, s.transaction("prepared"));
    workers[0]!.end(75);
    for (let i = 0; i < 100 && !workers[2]; i++) await tick();
    expect(s.lines).toContain("Could not start " + s.binary + ": exec format error");
    expect(s.lines.some((l) => l.startsWith("Version 0.2.0 failed its start-up check: the process ended (exit code 127)"))).toBe(true);
    expect(readFileSync(s.binary, "utf8")).toBe("old");
    expect(existsSync(s.update.previous)).toBe(false);
    expect(readTransaction(s.update.transaction)).toMatchObject({ state: "rolled_back", reason: "health", detail: "the process ended (exit code 127)" });
    s.stop();
    expect(await done).toBe(0);
  });

  test("at start, an update left prepared is dropped (staged file removed), and one left switched is checked again", async () => {
    const s = setting();
    writeFileSync(s.update.staged, "new");
    writeTransaction(s.update.transaction, s.transaction("prepared"));
    const done = s.make((n) => new FakeWorker(100 + n)).run();
    await tick();
    expect(existsSync(s.update.staged)).toBe(false);
    expect(readTransaction(s.update.transaction)).toMatchObject({ state: "abandoned", reason: "interrupted" });
    s.stop();
    expect(await done).toBe(0);

    // Switched, and the new binary ends at once: rolled back to the previous one kept beside it.
    const t = setting();
    writeFileSync(t.binary, "new");
    writeFileSync(t.update.previous, "old");
    writeTransaction(t.update.transaction, t.transaction("switched"));
    const workers: FakeWorker[] = [];
    const again = t.make((n) => {
      const w = (workers[n] = new FakeWorker(200 + n));
      if (n === 0) setTimeout(() => w.end(4), 1);
      return w;
    }).run();
    for (let i = 0; i < 100 && !workers[1]; i++) await tick();
    expect(readFileSync(t.binary, "utf8")).toBe("old");
    expect(readTransaction(t.update.transaction)).toMatchObject({ state: "rolled_back", detail: "the process ended (exit code 4)" });
    t.stop();
    expect(await again).toBe(0);
  });
});
