import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll } from "bun:test";

const made: string[] = [];
try {
  afterAll(() => {
    for (const dir of made) {
      // A test may have mounted a tmpfs inside (a full or read-only disk): unmount it first.
      const mounts = readFileSync("/proc/mounts", "utf8")
        .split("\n")
        .map((l) => l.split(" ")[1] ?? "")
        .filter((m) => m.startsWith(`${dir}/`));
      for (const m of mounts.reverse()) Bun.spawnSync(["umount", "-l", m]);
      rmSync(dir, { recursive: true, force: true });
    }
  });
} catch {
  // Outside `bun test` (a benchmark borrowing a helper) there is no afterAll: the caller removes its folders.
}

/** A fresh folder under the system temp dir, removed when the test file ends. */
export function tempDir(prefix = "agent-test-"): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}
