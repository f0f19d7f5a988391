import type { Database } from "bun:sqlite";
import { openSqliteFile } from "./sqlite-file.ts";
import { migrate, type MigrateOptions, type MigrationOutcome } from "./migrator.ts";
import { storeMigrations } from "./migrations.ts";
import type { StoreOrm } from "./store-orm.ts";

export type { StoreOrm } from "./store-orm.ts";

/**
 * The agent's own store (`agent.db`): jobs, run history, the agent's queues.
 * State that must commit together with main-DB writes (sync positions,
 * acknowledgements) lives in the main DB instead.
 */
export class AgentStore {
  private cachedOrm: StoreOrm | undefined;

  private constructor(
    readonly db: Database,
    readonly path: string,
    readonly migration: MigrationOutcome,
  ) {}

  /**
   * drizzle over this store, built on first use. Short commands (`agent jobs`)
   * read through plain SQL and never load drizzle: loading it and building its
   * view of the schema costs several milliseconds of every start. `require`,
   * because this getter is synchronous; the bundle keeps drizzle's code in its
   * chunk and runs it only here.
   */
  get orm(): StoreOrm {
    this.cachedOrm ??= (require("./store-orm.ts") as typeof import("./store-orm.ts")).createStoreOrm(this.db);
    return this.cachedOrm;
  }

  static open(path: string, o: Omit<MigrateOptions, "path">): AgentStore {
    const db = openSqliteFile(path, { what: o.what });
    try {
      const migration = migrate(db, storeMigrations, { ...o, path });
      return new AgentStore(db, path, migration);
    } catch (error) {
      db.close();
      throw error;
    }
  }

  meta(key: string): string | undefined {
    return this.db.query<{ value: string }, [string]>("SELECT value FROM agent_meta WHERE key = ?").get(key)?.value;
  }

  setMeta(key: string, value: string): void {
    this.db.query("INSERT INTO agent_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value").run(key, value);
  }

  /**
   * Moves the WAL into the main file and truncates it. SQLite checkpoints on
   * its own, but only when no reader holds an old snapshot; an attached UI
   * that reads constantly could let the WAL grow without bound.
   */
  checkpoint(): void {
    this.db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
  }

  close(): void {
    this.db.close();
  }
}
