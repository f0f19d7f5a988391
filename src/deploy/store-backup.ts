import type { Database } from "bun:sqlite";
import { copyFileSync, renameSync, rmSync } from "node:fs";
import { basename, join } from "node:path";
import { copyDatabase } from "../store/sqlite-file.ts";
import { makePrivate, makePrivateDir } from "../platform/private-files.ts";

/**
 * Consistent copies of open stores (`VACUUM INTO`: the WAL included, while
 * the service still runs), taken before switching to a new binary.
 * Migrations only go forward: if the new binary upgraded a store and then
 * failed, the previous binary could not open it again without this copy.
 */
export function backupStores(stores: readonly { path: string; db: Database }[], dir: string): { path: string; backup: string }[] {
  makePrivateDir(dir);
  return stores.map(({ path, db }) => {
    const backup = join(dir, basename(path));
    rmSync(backup, { force: true });
    copyDatabase(db, backup);
    makePrivate(backup);
    return { path, backup };
  });
}

/**
 * Puts the copies back over stores no process has open (the new binary has
 * been stopped). The WAL and shared-memory files of the newer state go
 * first, or SQLite would replay them onto the old file. The copies stay.
 */
export function restoreStores(stores: readonly { path: string; backup: string }[]): void {
  for (const { path, backup } of stores) {
    for (const suffix of ["-wal", "-shm"]) rmSync(`${path}${suffix}`, { force: true });
    const temporary = `${path}.restore`;
    copyFileSync(backup, temporary);
    makePrivate(temporary);
    renameSync(temporary, path);
  }
}
