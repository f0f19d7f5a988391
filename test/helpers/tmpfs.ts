import { afterAll } from "bun:test";
import { mkdirSync } from "node:fs";

const mounted: string[] = [];
afterAll(() => {
  for (const dir of mounted.reverse()) Bun.spawnSync(["umount", "-l", dir]);
});

/**
 * Mounts a small tmpfs (a full disk, a read-only disk) for tests of what the
 * agent does when its disk fails it. Needs root, as CI has; elsewhere the
 * caller skips with the reason printed. Under CI=true a failure to mount is
 * an error, never a silent skip.
 */
export function mountTmpfs(dir: string, options: string): boolean {
  mkdirSync(dir, { recursive: true });
  const r = Bun.spawnSync(["mount", "-t", "tmpfs", "-o", options, "tmpfs", dir], { stderr: "pipe" });
  if (r.exitCode === 0) {
    mounted.push(dir);
    return true;
  }
  const reason = `cannot mount a tmpfs (${r.stderr.toString().trim()}): disk-failure tests need root`;
  if (process.env.CI === "true") throw new Error(reason);
  console.warn(`SKIPPED: ${reason}`);
  return false;
}

/** Whether this process may mount at all (root); decides before tests are declared. */
export const canMount = process.getuid?.() === 0 || process.env.CI === "true";
