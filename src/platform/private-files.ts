import { chmodSync, mkdirSync } from "node:fs";

/**
 * Files the agent creates hold patient data (152-ФЗ) or secrets: they are
 * readable by the agent's user only. The umask covers everything created
 * afterwards, SQLite's -wal and -shm files included.
 */
export function restrictNewFiles(): void {
  if (process.platform !== "win32") process.umask(0o077);
}

/** Creates a folder (and its parents) that only the agent's user can enter. */
export function makePrivateDir(path: string): void {
  mkdirSync(path, { recursive: true, mode: 0o700 });
}

/** Narrows an existing file to the agent's user, for files created before the umask. */
export function makePrivate(path: string): void {
  if (process.platform === "win32") return;
  try {
    chmodSync(path, 0o600);
  } catch {
    // The file may not exist (a -shm that SQLite has removed); nothing to narrow.
  }
}
