import type { Database } from "bun:sqlite";
import { drizzle, type BunSQLiteDatabase } from "drizzle-orm/bun-sqlite";
import { eq } from "drizzle-orm";
import { openSqliteFile } from "./sqlite-file.ts";
import { migrate, type MigrateOptions, type MigrationOutcome } from "./migrator.ts";
import { storeMigrations } from "./migrations.ts";
import * as schema from "./schema.ts";

export type StoreOrm = BunSQLiteDatabase<typeof schema>;

/**
 * The agent's own store (`agent.db`): jobs, run history, the agent's queues.
 * State that must commit together with main-DB writes (sync positions,
 * acknowledgements) lives in the main DB instead.
 */
export class AgentStore {
  readonly orm: StoreOrm;

  private constructor(
    readonly db: Database,
    readonly path: string,
    readonly migration: MigrationOutcome,
  ) {
    this.orm = drizzle(db, { schema });
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
    return this.orm.select().from(schema.agentMeta).where(eq(schema.agentMeta.key, key)).get()?.value;
  }

  setMeta(key: string, value: string): void {
    this.orm
      .insert(schema.agentMeta)
      .values({ key, value })
      .onConflictDoUpdate({ target: schema.agentMeta.key, set: { value } })
      .run();
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
