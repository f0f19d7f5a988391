import Firebird from "node-firebird";
import type { Database, Options, Transaction } from "node-firebird";
import { ExitCode } from "../../kernel/exit-codes.ts";
import { maindbTexts as T } from "../../messages/areas/maindb.ts";
import { say } from "../../messages/text.ts";
import { redactPersonalData } from "../../privacy/redact.ts";
import { MainDbError } from "../main-db-error.ts";

/** Where and how to connect. The password is held here and nowhere else; no message ever includes it. */
export interface FirebirdTarget {
  host: string;
  port: number;
  database: string;
  user: string;
  password: string;
  /** Firebird name of the connection character set (lc_ctype). */
  charset: string;
}

export interface PoolOptions {
  size: number;
  connectTimeoutMs: number;
  queryTimeoutMs: number;
  /** How long a writer waits for a row another transaction has locked, seconds. */
  lockTimeoutSeconds: number;
}

/** One attachment with its health. */
export interface PooledConnection {
  db: Database;
  dead: boolean;
}

/** The node-firebird options of a target (statement cache on; no self-reconnect, the pool decides). */
export function driverOptions(t: FirebirdTarget): Options {
  return {
    host: t.host,
    port: t.port,
    database: t.database,
    user: t.user,
    password: t.password,
    encoding: t.charset,
    lowercase_keys: false,
    // BIGINTs as numbers while exact and as exact strings beyond (no BigInt per value: it is a
    // third of a large read). Decimals are selected as text by the engine, so none is rounded.
    numericMode: "safe",
    statementCacheSize: 64,
    blobChunkSize: 32_768,
    blobReadChunkSize: 32_768,
    // node-firebird reconnects on its own unless it believes a pool owns the
    // connection; a reconnect behind our back would resurrect a connection
    // the pool already dropped, so we say that a pool owns it (we are one).
    isPool: true,
  } as Options;
}

/**
 * A small pool of attachments to one database. Connections that fail at the
 * socket level are dropped, never reused: after a server restart the next
 * request attaches afresh, so a run that lost its connection fails with a
 * clear message and the next run works. Every wait is bounded: attaching by
 * `connectTimeoutMs`, every statement by `queryTimeoutMs` (Firebird 3 has no
 * statement timeout of its own; on expiry the socket is closed and the server
 * rolls the transaction back).
 */
export class FirebirdPool {
  private readonly idle: PooledConnection[] = [];
  private readonly all = new Set<PooledConnection>();
  private readonly waiting: Array<(c: PooledConnection | Error) => void> = [];
  private opening = 0;
  private closed = false;

  constructor(
    readonly target: FirebirdTarget,
    readonly o: PoolOptions,
  ) {}

  /** `host:port/database`, for messages. */
  get where(): string {
    return `${this.target.host}:${this.target.port}/${this.target.database}`;
  }

  async acquire(): Promise<PooledConnection> {
    if (this.closed) throw MainDbError.closed();
    for (let ready = this.idle.pop(); ready; ready = this.idle.pop()) {
      // A connection that waited while the server restarted is gone: drop it, never hand it out.
      if (!ready.dead && !socketClosed(ready.db)) return ready;
      this.drop(ready);
    }
    if (this.all.size + this.opening < this.o.size) return this.open();
    return new Promise<PooledConnection>((resolve, reject) => {
      const timer = setTimeout(() => {
        const i = this.waiting.indexOf(handoff);
        if (i >= 0) this.waiting.splice(i, 1);
        reject(this.timeoutError());
      }, this.o.connectTimeoutMs);
      const handoff = (c: PooledConnection | Error) => {
        clearTimeout(timer);
        if (c instanceof Error) reject(c);
        else resolve(c);
      };
      this.waiting.push(handoff);
    });
  }

  release(c: PooledConnection): void {
    if (c.dead || this.closed) {
      this.drop(c);
      const next = this.waiting.shift();
      if (next) this.open().then(next, next);
      return;
    }
    const next = this.waiting.shift();
    if (next) next(c);
    else this.idle.push(c);
  }

  private drop(c: PooledConnection): void {
    this.all.delete(c);
    const i = this.idle.indexOf(c);
    if (i >= 0) this.idle.splice(i, 1);
    c.dead = true;
    destroySocket(c.db);
  }

  private async open(): Promise<PooledConnection> {
    this.opening++;
    try {
      const db = await withTimeout(Firebird.attachAsync(driverOptions(this.target)), this.o.connectTimeoutMs, (late) => void late.then((d) => d.detachAsync().catch(() => {})).catch(() => {}));
      const c: PooledConnection = { db, dead: false };
      // A socket error is also delivered to the statement that was waiting; this only marks the connection.
      (db as unknown as NodeJS.EventEmitter).on("error", () => (c.dead = true));
      this.all.add(c);
      return c;
    } catch (error) {
      throw this.connectError(error);
    } finally {
      this.opening--;
    }
  }

  /** Runs `work` in a transaction on a pooled connection; commits if it resolves, rolls back if it throws. */
  async transaction<T>(options: Parameters<Database["transactionAsync"]>[0], work: (tx: Transaction, guard: <R>(p: Promise<R>) => Promise<R>) => Promise<T>): Promise<T> {
    let c = await this.acquire();
    const guardOn = (conn: PooledConnection) => <R>(p: Promise<R>): Promise<R> =>
      withTimeout(p, this.o.queryTimeoutMs, () => {
        conn.dead = true;
        destroySocket(conn.db);
      }).catch((error) => Promise.reject(this.statementError(error, conn)));
    let guard = guardOn(c);
    try {
      let tx: Transaction;
      try {
        tx = await guard(c.db.transactionAsync(options));
      } catch (error) {
        // Nothing was done yet: a connection that turns out dead is replaced once, and the work starts on a fresh one.
        if (!(error instanceof MainDbError && error.kind === "lost")) throw error;
        this.release(c);
        c = await this.acquire();
        guard = guardOn(c);
        tx = await guard(c.db.transactionAsync(options));
      }
      try {
        const result = await work(tx, guard);
        await guard(tx.commitAsync());
        return result;
      } catch (error) {
        if (!c.dead) await guard(tx.rollbackAsync()).catch(() => undefined);
        throw error;
      }
    } finally {
      this.release(c);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const w of this.waiting.splice(0)) w(MainDbError.closed());
    await Promise.all(
      [...this.all].map(async (c) => {
        this.all.delete(c);
        if (c.dead) return;
        // With isPool set, node-firebird's detach only "returns" the connection; this makes it a real op_detach (as its own pool does).
        (c.db as unknown as { connection: { _pooled: boolean } }).connection._pooled = false;
        await withTimeout(c.db.detachAsync(), 2000, () => destroySocket(c.db)).catch(() => destroySocket(c.db));
      }),
    );
    this.idle.length = 0;
  }

  private timeoutError(): MainDbError {
    return new MainDbError(say(T.timeout, { server: this.where, seconds: Math.round(this.o.queryTimeoutMs / 1000) }), "timeout", ExitCode.taskFailed);
  }

  /** An error while attaching, as the administrator should read it. */
  connectError(error: unknown): MainDbError {
    if (error instanceof MainDbError) return error;
    const e = error as { code?: string; gdscode?: number; message?: string };
    const detail = redactPersonalData(e?.message ?? String(error));
    const server = `${this.target.host}:${this.target.port}`;
    if (error instanceof TimeoutError) return new MainDbError(say(T.unreachable, { server, detail: `timeout ${Math.round(this.o.connectTimeoutMs / 1000)} s` }), "unreachable", ExitCode.taskFailed, error);
    if (e?.code === "ERR_CRYPTO_UNKNOWN_CIPHER" || /chacha|unknown cipher/i.test(detail)) return new MainDbError(say(T.wireCrypt, { server }), "config", ExitCode.usage, error);
    if (e?.gdscode === 335544472 || /user name and password/i.test(detail)) {
      return new MainDbError(say(T.loginFailed, { server, user: this.target.user }), "config", ExitCode.usage, error, "loginFailed");
    }
    if (e?.gdscode === 335544344 || e?.gdscode === 335544734 || /I\/O error|No such file|not a valid database/i.test(detail)) {
      return new MainDbError(say(T.databaseNotFound, { server, database: this.target.database, detail }), "config", ExitCode.usage, error, "databaseNotFound");
    }
    if (isNetworkError(error)) return new MainDbError(say(T.unreachable, { server, detail }), "unreachable", ExitCode.taskFailed, error);
    return MainDbError.sql(server, error);
  }

  /** An error of a statement: the connection's end, a timeout, or what the database refused. */
  private statementError(error: unknown, c: PooledConnection): MainDbError {
    if (error instanceof MainDbError) return error;
    if (error instanceof TimeoutError) return this.timeoutError();
    if (c.dead || isNetworkError(error)) {
      c.dead = true;
      const detail = redactPersonalData((error as Error)?.message ?? String(error));
      return new MainDbError(say(T.lost, { server: this.where, detail }), "lost", ExitCode.taskFailed, error);
    }
    return MainDbError.sql(this.where, error);
  }
}

class TimeoutError extends Error {}

function isNetworkError(error: unknown): boolean {
  const e = error as { code?: string; message?: string };
  return (
    ["ECONNREFUSED", "ECONNRESET", "EPIPE", "EHOSTUNREACH", "ENETUNREACH", "ENOTFOUND", "ETIMEDOUT", "EAI_AGAIN"].includes(e?.code ?? "") ||
    /connection (to firebird server )?(was lost|is closed|refused|reset)|socket|ECONNRE|EPIPE|closed by the server|Error writing data|Error reading data/i.test(e?.message ?? "")
  );
}

function socketClosed(db: Database): boolean {
  const connection = (db as unknown as { connection?: { _isClosed?: boolean; _socket?: { destroyed?: boolean } | null } }).connection;
  return !connection || connection._isClosed === true || !connection._socket || connection._socket.destroyed === true;
}

function destroySocket(db: Database): void {
  try {
    (db as unknown as { connection?: { _socket?: { destroy(): void } } }).connection?._socket?.destroy();
  } catch {
    // Already gone.
  }
}

/** `p`, or a TimeoutError after `ms`; `onTimeout` cleans up what `p` may still deliver later. */
function withTimeout<T>(p: Promise<T>, ms: number, onTimeout: (late: Promise<T>) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let done = false;
    const timer = setTimeout(() => {
      if (done) return;
      done = true;
      onTimeout(p);
      reject(new TimeoutError(`no answer within ${ms} ms`));
    }, ms);
    p.then(
      (v) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        resolve(v);
      },
      (e) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        reject(e);
      },
    );
  });
}
