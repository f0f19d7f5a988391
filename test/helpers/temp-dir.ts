import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const made: string[] = [];

/**
 * Removes every folder `tempDir` made. Called once after all test files by
 * test/helpers/cleanup.preload.ts (bunfig.toml `preload`): `bun test` loads
 * this module once for the whole run, so an afterAll here would belong to
 * the first file only and leak the later files' folders (each copy of the
 * binary is ~100 MB; leaking them filled a shared disk).
 */
export function removeTempDirs(): void {
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

/** A fresh folder under the system temp dir, removed after the test run. */
export function tempDir(prefix = "agent-test-"): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}
