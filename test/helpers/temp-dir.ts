import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll } from "bun:test";

const made: string[] = [];

/**
 * Removes the folders made so far. Bun runs every test file in one process
 * and runs a helper's top-level afterAll only with the first file that
 * imports it (the folders of every later file were left behind): bunfig.toml
 * preloads this module, which makes its afterAll run once after all files.
 * A test that makes large folders (copies of the binary) removes its own with
 * removeTempDir as soon as it is done with them.
 */
function removeAll(): void {
  for (const dir of made.splice(0)) {
    // A test may have mounted a tmpfs inside (a full or read-only disk): unmount it first.
    const mounts = readFileSync("/proc/mounts", "utf8")
      .split("\n")
      .map((l) => l.split(" ")[1] ?? "")
      .filter((m) => m.startsWith(`${dir}/`));
    for (const m of mounts.reverse()) Bun.spawnSync(["umount", "-l", m]);
    rmSync(dir, { recursive: true, force: true });
  }
}

try {
  afterAll(removeAll);
} catch {
  // Outside `bun test` (a benchmark borrowing a helper) there is no afterAll: the caller removes its folders.
}

/** A fresh folder under the system temp dir, removed when the test run ends (or earlier by removeTempDir). */
export function tempDir(prefix = "agent-test-"): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** Removes one folder made by tempDir now (and any tmpfs mounted in it). */
export function removeTempDir(dir: string): void {
  const i = made.indexOf(dir);
  if (i < 0) throw new Error(`${dir} was not made by tempDir`);
  const others = made.splice(0, made.length, dir).filter((d) => d !== dir);
  removeAll();
  made.push(...others);
}
