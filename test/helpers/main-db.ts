import { join } from "node:path";
import Firebird from "node-firebird";
import type { Clock } from "../../src/kernel/clock.ts";
import { systemClock } from "../../src/kernel/clock.ts";
import { MainDatabase } from "../../src/clinic/main-database.ts";
import type { Engine } from "../../src/clinic/engine.ts";
import { SqliteEngine } from "../../src/clinic/sqlite/sqlite-engine.ts";
import { FirebirdEngine } from "../../src/clinic/firebird/firebird-engine.ts";
import { sqliteTaskQueries } from "../../src/clinic/sqlite/queries/index.ts";
import { firebirdTaskQueries } from "../../src/clinic/firebird/queries/index.ts";
import { applyReferenceSchema } from "../../src/clinic/reference-schema.ts";
import { installPlan, runPlan } from "../../src/clinic/capture.ts";
import { tempDir } from "./temp-dir.ts";
import { createTestDatabase, firebird, type FirebirdServer } from "./firebird.ts";

/**
 * One engine for the contract suite: it makes fresh databases with the
 * reference schema, and gives a second, independent client of the same
 * database — "the MIS" — for concurrent writers and long transactions.
 */
export interface EngineFixture {
  name: "sqlite" | "firebird";
  /** Why this engine cannot run here (the tests are skipped, loudly; under CI=true it never gets here). */
  skip?: string;
  create(o?: CreateOptions): Promise<TestDb>;
}

export interface CreateOptions {
  /** Firebird: the database's default character set. */
  charset?: "UTF8" | "WIN1251" | "NONE";
  /** maindb.charset for the agent's connection (Firebird). */
  connectionCharset?: "auto" | "UTF8" | "WIN1251" | "NONE";
  capture?: boolean;
  zone?: string;
  clock?: Clock;
  /** Use this Firebird server instead of the shared one (the restart test's private server). */
  server?: FirebirdServer;
  queryTimeoutMs?: number;
}

export interface TestDb {
  db: MainDatabase;
  engine: Engine;
  /** The database's file path (SQLite) or path on the server (Firebird). */
  path: string;
  /** Another client of the same database, as the MIS would be. */
  mis(o?: { charset?: string }): Promise<MisClient>;
  /** Reopens the agent's side with other settings (same database). */
  reopen(o?: CreateOptions): Promise<MainDatabase>;
  close(): Promise<void>;
}

export interface MisClient {
  run(sql: string, params?: unknown[]): Promise<void>;
  all(sql: string, params?: unknown[]): Promise<Record<string, unknown>[]>;
  begin(): Promise<MisTransaction>;
  close(): Promise<void>;
}

export interface MisTransaction {
  run(sql: string, params?: unknown[]): Promise<void>;
  commit(): Promise<void>;
  rollback(): Promise<void>;
}

const ZONE = "Europe/Moscow";

async function prepare(engine: Engine, capture: boolean): Promise<void> {
  await applyReferenceSchema(engine, "test", Date.now());
  if (capture) await runPlan(engine, await installPlan(engine));
}

export const sqliteFixture: EngineFixture = {
  name: "sqlite",
  async create(o = {}) {
    const path = join(tempDir("agent-maindb-"), "main.db");
    const open = async (p: CreateOptions) => {
      const engine = SqliteEngine.open({ path, zone: p.zone ?? ZONE, create: true });
      return new MainDatabase(engine, sqliteTaskQueries, p.clock ?? systemClock, path);
    };
    const db = await open(o);
    await prepare(db.backend, o.capture ?? true);
    const opened: SqliteMisClient[] = [];
    return {
      db,
      engine: db.backend,
      path,
      reopen: (p = {}) => open({ ...o, ...p }),
      async mis() {
        const client = await SqliteMisClient.open(path);
        opened.push(client);
        return {
          run: async (sql, params = []) => void (await client.call("run", sql, params)),
          all: async (sql, params = []) => (await client.call("all", sql, params)) as Record<string, unknown>[],
          async begin() {
            await client.call("exec", "BEGIN IMMEDIATE");
            return {
              run: async (sql, params = []) => void (await client.call("run", sql, params)),
              commit: async () => void (await client.call("exec", "COMMIT")),
              rollback: async () => void (await client.call("exec", "ROLLBACK")),
            };
          },
          close: () => client.close(),
        };
      },
      async close() {
        for (const client of opened) await client.close();
        await db.close();
      },
    };
  },
};

export function firebirdFixture(): EngineFixture {
  if (!firebird) return { name: "firebird", skip: "no Firebird server (see test/helpers/firebird.ts)", create: () => Promise.reject(new Error("skipped")) };
  return {
    name: "firebird",
    async create(o = {}) {
      const server = o.server ?? firebird!;
      const path = await createTestDatabase(server, o.charset ?? "UTF8");
      const open = async (p: CreateOptions) => {
        const engine = await FirebirdEngine.open({
          target: { host: server.host, port: server.port, database: path, user: server.user, password: server.password },
          charset: p.connectionCharset ?? "auto",
          codepage: "WIN1251",
          zone: p.zone ?? ZONE,
          pool: { size: 4, connectTimeoutMs: 10_000, queryTimeoutMs: p.queryTimeoutMs ?? 120_000, lockTimeoutSeconds: 10 },
        });
        return new MainDatabase(engine, firebirdTaskQueries, p.clock ?? systemClock, path);
      };
      const db = await open(o);
      await prepare(db.backend, o.capture ?? true);
      const clients: Array<{ detachAsync(): Promise<void> }> = [];
      return {
        db,
        engine: db.backend,
        path,
        reopen: (p = {}) => open({ ...o, ...p }),
        async mis(m = {}) {
          const raw = (await Firebird.attachAsync({
            host: server.host,
            port: server.port,
            database: path,
            user: server.user,
            password: server.password,
            encoding: m.charset ?? "UTF8",
          } as never)) as unknown as FbRaw;
          clients.push(raw);
          // READ COMMITTED RECORD_VERSION, waiting for locks: how a Delphi MIS usually connects.
          const options = { isolation: [15, 17], wait: true, waitTimeout: 10 };
          return {
            async run(sql, params = []) {
              const tx = await raw.transactionAsync(options);
              await tx.queryAsync(sql, params);
              await tx.commitAsync();
            },
            async all(sql, params = []) {
              const tx = await raw.transactionAsync(options);
              const rows = await tx.queryAsync(sql, params);
              await tx.commitAsync();
              return rows as Record<string, unknown>[];
            },
            async begin() {
              const tx = await raw.transactionAsync(options);
              return {
                run: async (sql, params = []) => void (await tx.queryAsync(sql, params)),
                commit: () => tx.commitAsync(),
                rollback: () => tx.rollbackAsync(),
              };
            },
            close: async () => {
              const i = clients.indexOf(raw);
              if (i < 0) return;
              clients.splice(i, 1);
              await raw.detachAsync();
            },
          };
        },
        async close() {
          for (const c of clients) await c.detachAsync().catch(() => undefined);
          await db.close();
        },
      };
    },
  };
}

interface FbTx {
  queryAsync(sql: string, params?: unknown[]): Promise<unknown>;
  commitAsync(): Promise<void>;
  rollbackAsync(): Promise<void>;
}
interface FbRaw {
  transactionAsync(o: unknown): Promise<FbTx>;
  detachAsync(): Promise<void>;
}

/** Every engine the contract suite runs on. */
export const ENGINES: readonly EngineFixture[] = [sqliteFixture, firebirdFixture()];

/** Reads and acknowledges everything journalled; answers the changes, in order. */
export async function drain(db: MainDatabase, limit = 1000) {
  const changes = [];
  for (let batch = await db.readChanges({ limit }); batch; batch = await db.readChanges({ limit })) {
    changes.push(...batch.changes);
    await db.ack(batch.id);
  }
  return changes;
}

/** A SQLite client in a worker thread (test/helpers/sqlite-mis-worker.ts). */
class SqliteMisClient {
  private next = 0;
  private readonly waiting = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  private closed = false;

  private constructor(private readonly worker: Worker) {
    worker.onmessage = (event: MessageEvent) => {
      const { id, ok, rows, error } = event.data as { id: number; ok: boolean; rows?: unknown; error?: string };
      const w = this.waiting.get(id);
      this.waiting.delete(id);
      if (ok) w?.resolve(rows);
      else w?.reject(new Error(error));
    };
  }

  static async open(path: string): Promise<SqliteMisClient> {
    const client = new SqliteMisClient(new Worker(new URL("./sqlite-mis-worker.ts", import.meta.url).href));
    await client.call("open", undefined, undefined, path);
    return client;
  }

  call(op: string, sql?: string, params?: unknown[], path?: string): Promise<unknown> {
    const id = ++this.next;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker.postMessage({ id, op, sql, params, path });
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.call("close");
    this.worker.terminate();
  }
}
