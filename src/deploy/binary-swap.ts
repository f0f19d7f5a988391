import { chmodSync, copyFileSync, existsSync, linkSync, renameSync, rmSync, statSync } from "node:fs";

/**
 * How a running binary is replaced without ever overwriting it:
 * - `link` (Linux): the running binary gets a second name (a hard link, or a
 *   copy where links are not possible), then the new one is renamed over the
 *   binary's name — one atomic step; the running process keeps its old file.
 * - `rename` (Windows): a running .exe can be renamed but not overwritten or
 *   deleted, so the binary is renamed aside first, then the new one takes its
 *   name. Between the two renames the name is free for a moment; if the
 *   second fails, the first is undone.
 */
export type SwapStrategy = "link" | "rename";

export function swapStrategyFor(platform: string): SwapStrategy {
  return platform === "win32" ? "rename" : "link";
}

export interface BinaryNames {
  binary: string;
  staged: string;
  previous: string;
}

/** Puts the staged binary in place and keeps the running one as `previous`. */
export function switchBinary(n: BinaryNames, strategy: SwapStrategy): void {
  if (!existsSync(n.staged)) throw new Error(`${n.staged} is missing`);
  rmSync(n.previous, { force: true });
  // The new binary keeps the permissions the administrator gave the old one.
  const mode = statSync(n.binary).mode & 0o777;
  chmodSync(n.staged, mode);
  if (strategy === "link") {
    try {
      linkSync(n.binary, n.previous);
    } catch {
      copyFileSync(n.binary, n.previous);
      chmodSync(n.previous, mode);
    }
    renameSync(n.staged, n.binary);
    return;
  }
  renameSync(n.binary, n.previous);
  try {
    renameSync(n.staged, n.binary);
  } catch (error) {
    renameSync(n.previous, n.binary);
    throw error;
  }
}

/** Puts the previous binary back (the new one is not running any more). */
export function restoreBinary(n: BinaryNames, strategy: SwapStrategy): void {
  if (!existsSync(n.previous)) throw new Error(`${n.previous} is missing: the previous binary cannot be put back`);
  if (strategy === "link") {
    renameSync(n.previous, n.binary);
    return;
  }
  rmSync(n.binary, { force: true });
  renameSync(n.previous, n.binary);
}
