import { existsSync } from "node:fs";
import type { Config } from "../config/schema.ts";
import type { Clock } from "../kernel/clock.ts";
import { AgentError, usageError } from "../kernel/agent-error.ts";
import { describeError } from "../kernel/describe-error.ts";
import { mainDbAccessTexts as T } from "../messages/areas/main-db-access.ts";
import { say } from "../messages/text.ts";
import type { Logger } from "../logs/logger.ts";
import { instancePaths } from "../platform/instance-paths.ts";
import type { MainDb } from "../clinic/port.ts";
import type { MainDatabase } from "../clinic/main-database.ts";
import type { MainDbLease } from "../clinic/lease.ts";

/**
 * The service's one connection to the clinic's main database, opened on
 * first use (or at start) and shared by every task. Where change capture is
 * installed it takes the main DB's lease and keeps it renewed: a second agent
 * on the same database (the old server, another machine) is refused with exit
 * 3, and if this service ever loses the lease it stops rather than write
 * alongside another. A main DB that cannot be reached now fails only the runs
 * that need it; the next run tries again.
 */
export class MainDbAccess {
  private db: MainDatabase | undefined;
  private lease: MainDbLease | undefined;
  private opening: Promise<MainDb> | undefined;
  /** Why the last attempt to open it failed (for the UI's DB tab); cleared once it is open. */
  lastError: string | undefined;

  constructor(
    private readonly config: () => Config,
    private readonly clock: Clock,
    private readonly log: Logger,
    /** Called when the lease is lost: the service must stop. */
    private readonly onLeaseLost: (error: unknown) => void,
  ) {}

  /** Whether a main DB is there to open (a SQLite file exists, or Firebird is configured). */
  configured(): boolean {
    const c = this.config();
    return c.maindb.engine === "firebird" || existsSync(c.maindb.path || instancePaths(c).defaultMainDb);
  }

  /** The main DB for a task; opened (and leased) once. */
  get(): Promise<MainDb> {
    if (this.db) return Promise.resolve(this.db);
    this.opening ??= this.open()
      .then(
        (db) => {
          this.lastError = undefined;
          return db;
        },
        (error: unknown) => {
          this.lastError = describeError(error);
          throw error;
        },
      )
      .finally(() => (this.opening = undefined));
    return this.opening;
  }

  private async open(): Promise<MainDb> {
    const config = this.config();
    const { openMainDb, mainDbWhere } = await import("../clinic/open-main-db.ts");
    if (!this.configured()) throw usageError(say(T.missing, { where: mainDbWhere(config) }));
    const db = await openMainDb(config, { clock: this.clock });
    try {
      const health = await db.health();
      let leaseText = say(T.noCapture);
      if (health.captureInstalled) {
        const { MainDbLease } = await import("../clinic/lease.ts");
        this.lease = await MainDbLease.acquire(db.backend, { instance: config.instance, ttlMs: config.maindb.lease_seconds * 1000, clock: this.clock });
        this.lease.startHeartbeat((error) => {
          if (error instanceof AgentError && error.exitCode === 3) {
            this.log.error(say(T.leaseLost, { detail: describeError(error) }));
            this.onLeaseLost(error);
          }
        });
        leaseText = say(T.leaseTaken);
      }
      this.log.info(say(T.opened, { engine: db.engine, where: db.where, lease: leaseText }));
      this.db = db;
      return db;
    } catch (error) {
      await db.close().catch(() => {});
      throw error;
    }
  }

  /**
   * At the service's start: take the lease now if there is a main DB, so that
   * a second agent is refused at once (exit 3) rather than at its first run.
   * An unreachable main DB is logged, not fatal.
   */
  async openAtStart(): Promise<void> {
    if (!this.configured()) return;
    try {
      await this.get();
    } catch (error) {
      if (error instanceof AgentError && error.exitCode === 3) throw error;
      this.log.warn(say(T.unavailable, { detail: describeError(error) }));
    }
  }

  /** The open main DB, if any (for the UI's DB tab); never opens it. */
  current(): MainDatabase | undefined {
    return this.db;
  }

  async close(): Promise<void> {
    const { db, lease } = this;
    this.db = undefined;
    this.lease = undefined;
    try {
      await lease?.release();
    } finally {
      await db?.close();
    }
  }
}
