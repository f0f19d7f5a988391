import { Database } from "bun:sqlite";
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
export interface StoreBackup {
  path: string;
  backup: string;
  /**
   * Put back whatever happened (the agent's store: the promise), or
   * only when the new version changed its schema (the log DB: its lines,
   * the failed version's own among them, are worth keeping when the
   * previous version can still open it).
   */
  restore: "always" | "if-migrated";
}

export function backupStores(stores: readonly { path: string; db: Database; restore: StoreBackup["restore"] }[], dir: string): StoreBackup[] {
  makePrivateDir(dir);
  return stores.map(({ path, db, restore }) => {
    const backup = join(dir, basename(path));
    rmSync(backup, { force: true });
    copyDatabase(db, backup);
    makePrivate(backup);
    return { path, backup, restore };
  });
}

/** The newest migration applied to a store file; undefined when it cannot be read. */
export function schemaVersion(path: string): number | undefined {
  let db: Database | undefined;
  try {
    db = new Database(path, { readonly: true });
    return db.query<{ id: number | null }, []>("SELECT max(id) AS id FROM schema_migrations").get()?.id ?? 0;
  } catch {
    return undefined;
  } finally {
    db?.close();
  }
}

/**
 * Puts the copies back over stores no process has open (the new binary has
 * been stopped). The WAL and shared-memory files of the newer state go
 * first, or SQLite would replay them onto the old file. The copies stay.
 * Answers the stores put back.
 */
export function restoreStores(stores: readonly { path: string; backup: string; restore?: StoreBackup["restore"] }[]): string[] {
  const restored: string[] = [];
  for (const { path, backup, restore } of stores) {
    if (restore === "if-migrated") {
      const now = schemaVersion(path);
      if (now !== undefined && now === schemaVersion(backup)) continue;
    }
    for (const suffix of ["-wal", "-shm"]) rmSync(`${path}${suffix}`, { force: true });
    const temporary = `${path}.restore`;
    copyFileSync(backup, temporary);
    makePrivate(temporary);
    renameSync(temporary, path);
    restored.push(path);
  }
  return restored;
}
