import { Database } from "bun:sqlite";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { platformTexts as T } from "../messages/areas/platform.ts";
import { say } from "../messages/text.ts";
import { lockedError } from "../kernel/agent-error.ts";
import { formatManual } from "../kernel/zoned-time.ts";
import type { InstancePaths } from "../platform/instance-paths.ts";
import { storeOpenError } from "./sqlite-file.ts";

/** Who owns an instance, as recorded beside its lock. */
export interface LockHolder {
  pid: number;
  /** What the holder is doing: `run` (the service), `once analysis-sync` … */
  mode: string;
  host: string;
  /** Epoch ms when it took the lock. */
  since: number;
}

/**
 * One agent per instance. The lock is an exclusive SQLite lock on
 * `agent.lock`: the operating system drops it when the holder dies, even by
 * SIGKILL or a power cut, so there is never a stale lock to clean up by hand
 * (a PID file cannot promise that). Who holds it is written to
 * `agent.lock.json` for the message the next agent prints.
 */
export class InstanceLock {
  private constructor(
    private readonly db: Database,
    private readonly paths: InstancePaths,
  ) {}

  /** Takes the lock or throws the exit-3 error naming the holder. */
  static acquire(paths: InstancePaths, instance: string, mode: string, zone: string, now = Date.now()): InstanceLock {
    const db = new Database(paths.lockFile, { create: true });
    try {
      db.exec("PRAGMA busy_timeout = 0; PRAGMA locking_mode = EXCLUSIVE;");
      // A write under EXCLUSIVE locking mode keeps the lock until the connection closes.
      db.exec("BEGIN EXCLUSIVE; CREATE TABLE IF NOT EXISTS lock_owner(pid INTEGER); DELETE FROM lock_owner; COMMIT;");
    } catch (error) {
      db.close();
      if (isBusy(error)) throw lockedError(say(T.lockHeld, { instance, holder: describeHolder(readLockHolder(paths), zone) }), error);
      throw storeOpenError(error, paths.lockFile, paths.lockFile);
    }
    const holder: LockHolder = { pid: process.pid, mode, host: hostname(), since: now };
    writeFileSync(paths.lockInfo, JSON.stringify(holder));
    return new InstanceLock(db, paths);
  }

  /** Whether another agent holds the lock now, without keeping it. */
  static probe(paths: InstancePaths): { held: boolean; holder?: LockHolder } {
    let db: Database;
    try {
      db = new Database(paths.lockFile, { readwrite: true, create: false });
    } catch {
      return { held: false };
    }
    try {
      db.exec("PRAGMA busy_timeout = 0;");
      db.exec("BEGIN EXCLUSIVE; ROLLBACK;");
      return { held: false };
    } catch (error) {
      if (isBusy(error)) return { held: true, holder: readLockHolder(paths) };
      throw error;
    } finally {
      db.close();
    }
  }

  release(): void {
    try {
      rmSync(this.paths.lockInfo, { force: true });
    } finally {
      this.db.close();
    }
  }
}

function isBusy(error: unknown): boolean {
  const code = (error as { code?: string }).code ?? "";
  return code.startsWith("SQLITE_BUSY") || code.startsWith("SQLITE_LOCKED");
}

export function readLockHolder(paths: InstancePaths): LockHolder | undefined {
  try {
    return JSON.parse(readFileSync(paths.lockInfo, "utf8")) as LockHolder;
  } catch {
    return undefined;
  }
}

export function describeHolder(holder: LockHolder | undefined, zone: string): string {
  if (!holder) return say(T.lockHolderUnknown);
  return say(T.lockHolder, { pid: holder.pid, mode: holder.mode, host: holder.host, since: formatManual(holder.since, zone) });
}
