import type { Database } from "bun:sqlite";
import { readdirSync, rmSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { storeTexts as T } from "../messages/areas/store.ts";
import { say } from "../messages/text.ts";
import { unsupportedError, usageError } from "../kernel/agent-error.ts";
import { copyDatabase } from "./sqlite-file.ts";

/** One numbered, append-only SQL migration embedded into the binary. */
export interface Migration {
  id: number;
  name: string;
  sql: string;
}

export interface MigrationOutcome {
  applied: number[];
  /** The copy taken before migrating, if there was anything to copy. */
  backup?: string;
  /** Warnings for the log (an edited migration). */
  warnings: string[];
}

export interface MigrateOptions {
  path: string;
  what: string;
  agentVersion: string;
  now: number;
  /**
   * Called only when there is something to migrate, before anything changes;
   * returns what to call afterwards. A process that does not own the instance
   * takes the instance lock here, since migrations change files others read.
   */
  beforeMigrating?: () => () => void;
}

/** How many pre-migration copies of each store are kept. */
const KEPT_BACKUPS = 3;

/**
 * Brings a store's schema up to date. Migrations only go forward: a store
 * that has migrations this binary does not know was written by a newer
 * agent and is refused untouched. Before the first pending migration a
 * consistent copy of a non-empty store is taken, so an upgrade can always be
 * undone by putting the copy back.
 */
export function migrate(
  db: Database,
  migrations: readonly Migration[],
  o: MigrateOptions,
): MigrationOutcome {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    applied_at INTEGER NOT NULL,
    agent_version TEXT NOT NULL
  )`);
  const applied = db
    .query<{ id: number; sha256: string; agent_version: string }, []>("SELECT id, sha256, agent_version FROM schema_migrations ORDER BY id")
    .all();
  const known = Math.max(0, ...migrations.map((m) => m.id));
  const newest = applied.at(-1);
  if (newest && newest.id > known) {
    throw unsupportedError(
      say(T.newerSchema, { what: o.what, path: o.path, version: newest.agent_version, theirs: newest.id, ours: known }),
    );
  }
  const warnings: string[] = [];
  const appliedIds = new Map(applied.map((a) => [a.id, a.sha256]));
  for (const m of migrations) {
    const sha = appliedIds.get(m.id);
    if (sha !== undefined && sha !== sha256(m.sql)) warnings.push(say(T.migrationEdited, { what: o.what, id: m.id }));
  }
  const pending = migrations.filter((m) => !appliedIds.has(m.id)).sort((a, b) => a.id - b.id);
  if (pending.length === 0) return { applied: [], warnings };

  const release = o.beforeMigrating?.();
  try {
    return applyPending(db, pending, applied.length > 0 ? newest!.id : undefined, o, warnings);
  } finally {
    release?.();
  }
}

function applyPending(db: Database, pending: readonly Migration[], fromId: number | undefined, o: MigrateOptions, warnings: string[]): MigrationOutcome {
  let backup: string | undefined;
  if (fromId !== undefined) {
    backup = `${o.path}.pre-${fromId}-to-${pending.at(-1)!.id}.${compactStamp(o.now)}.bak`;
    copyDatabase(db, backup);
    pruneBackups(o.path);
  }
  for (const m of pending) {
    try {
      db.transaction(() => {
        db.exec(m.sql);
        db.query("INSERT INTO schema_migrations (id, name, sha256, applied_at, agent_version) VALUES (?, ?, ?, ?, ?)").run(
          m.id,
          m.name,
          sha256(m.sql),
          o.now,
          o.agentVersion,
        );
      })();
    } catch (error) {
      throw usageError(
        say(T.migrationFailed, { what: o.what, path: o.path, id: m.id, detail: (error as Error).message, backup: backup ?? "" }),
        error,
      );
    }
  }
  return { applied: pending.map((m) => m.id), backup, warnings };
}

function sha256(text: string): string {
  return new Bun.CryptoHasher("sha256").update(text).digest("hex");
}

function compactStamp(instant: number): string {
  return new Date(instant).toISOString().replace(/[-:]/g, "").slice(0, 15) + "Z";
}

function pruneBackups(path: string): void {
  const dir = dirname(path);
  const prefix = `${basename(path)}.pre-`;
  const copies = readdirSync(dir)
    .filter((f) => f.startsWith(prefix) && f.endsWith(".bak"))
    .sort((a, b) => a.slice(a.lastIndexOf(".", a.length - 5)).localeCompare(b.slice(b.lastIndexOf(".", b.length - 5))));
  for (const old of copies.slice(0, Math.max(0, copies.length - KEPT_BACKUPS))) rmSync(join(dir, old), { force: true });
}

