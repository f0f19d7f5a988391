import { describe, expect, test } from "bun:test";
import { readdirSync, rmSync, writeFileSync, openSync, writeSync, closeSync } from "node:fs";
import { join } from "node:path";
import { loneBinary, runAgent, RunningAgent } from "../helpers/binary.ts";
import { canMount, mountTmpfs } from "../helpers/tmpfs.ts";

/** Writes zeros until the filesystem refuses: a full disk. */
function fillDisk(path: string): void {
  const fd = openSync(path, "w");
  const block = Buffer.alloc(64 * 1024);
  try {
    for (;;) writeSync(fd, block);
  } catch {
    // ENOSPC: the disk is full, as intended.
  } finally {
    closeSync(fd);
  }
}

// Mounting a tmpfs needs root; without it these tests cannot run here (CI runs as root and never skips them).
describe.skipIf(!canMount)("a data folder on a failing disk", () => {
  test("read-only: exit 2 naming the folder, nothing written", async () => {
    const { dir, agent } = loneBinary();
    if (!mountTmpfs(join(dir, "data"), "ro,size=1m")) return;
    const r = await runAgent(agent, ["jobs"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(join(dir, "data", "main"));
    expect(r.stderr).toContain("нельзя записывать");
  });

  test("full before start: exit 2 saying the disk is full, the stores left as they were", async () => {
    const { dir, agent } = loneBinary();
    if (!mountTmpfs(join(dir, "data"), "size=256k")) return;
    fillDisk(join(dir, "data", "filler"));
    const r = await runAgent(agent, ["run"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("Нет места на диске");
  });

  test("full while serving: work goes on, lines go to stderr, and reach the log DB once space is back", async () => {
    const { dir, agent } = loneBinary();
    if (!mountTmpfs(join(dir, "data"), "size=4m")) return;
    const service = new RunningAgent(agent, ["run"], { cwd: dir });
    await service.waitFor("Служба запущена");
    const filler = join(dir, "data", "filler");
    fillDisk(filler);
    // Each reload writes log lines; the service must keep answering while the log DB cannot grow.
    for (let i = 0; i < 30; i++) {
      writeFileSync(join(dir, "agent.toml"), `[log]\nkeep_days = ${10 + i}\n`);
      const r = await runAgent(agent, ["config", "reload"], { cwd: dir });
      expect(r.code).toBe(0);
      if (service.stderr.includes("БД лога недоступна")) break;
    }
    await service.waitFor("БД лога недоступна");
    rmSync(filler);
    await service.waitFor(/./, 100);
    // The writer retries on its own, with growing pauses (1 s, 2 s …).
    const deadline = performance.now() + 15_000;
    let recovered = false;
    while (!recovered && performance.now() < deadline) {
      await Bun.sleep(250);
      const logs = await runAgent(agent, ["logs", "--grep", "была недоступна", "--format", "tsv"], { cwd: dir });
      recovered = logs.stdout.includes("была недоступна");
    }
    expect(recovered).toBe(true);
    const all = await runAgent(agent, ["logs", "--grep", "keep_days", "--format", "tsv"], { cwd: dir });
    expect(all.stdout.split("\n").length).toBeGreaterThan(1);
    service.signal("SIGTERM");
    expect(await service.exit()).toBe(0);
    expect(readdirSync(join(dir, "data", "main"))).toContain("log.db");
  });
});
