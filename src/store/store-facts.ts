import type { Database } from "bun:sqlite";
import { statSync } from "node:fs";

/** What the UI's «Экземпляры базы» shows of one of the agent's SQLite files. */
export interface StoreFacts {
  path: string;
  /** The main file on disk, bytes. */
  sizeBytes: number;
  /** The write-ahead log beside it (`-wal`), bytes; 0 when checkpointed or absent. */
  walBytes: number;
  /** The newest migration applied (the schema's version); 0 before any. */
  schemaVersion: number;
}

const fileSize = (path: string) => {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
};

/** Reads the facts of an open store: sizes from the file system, the version from its migrations table. */
export function storeFacts(db: Database, path: string): StoreFacts {
  let schemaVersion = 0;
  try {
    schemaVersion = db.query<{ v: number | null }, []>("SELECT max(id) AS v FROM schema_migrations").get()?.v ?? 0;
  } catch {
    // A store without the table has no migration applied yet.
  }
  return { path, sizeBytes: fileSize(path), walBytes: fileSize(`${path}-wal`), schemaVersion };
}
