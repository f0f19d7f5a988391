import type { Config } from "../config/schema.ts";
import type { Clock } from "../kernel/clock.ts";
import { usageError } from "../kernel/agent-error.ts";
import { maindbTexts as T } from "../messages/areas/maindb.ts";
import { say } from "../messages/text.ts";
import { instancePaths } from "../platform/instance-paths.ts";
import type { Engine } from "./engine.ts";
import { MainDatabase } from "./main-database.ts";

export interface OpenMainDbOptions {
  clock: Clock;
  /** Create an embedded SQLite file that does not exist yet (`agent db demo`). */
  create?: boolean;
}

/** Where the configured main DB is, for messages: a file, or host:port/database. */
export function mainDbWhere(config: Config): string {
  const m = config.maindb;
  return m.engine === "sqlite" ? sqlitePath(config) : `${m.host}:${m.port}/${m.database}`;
}

function sqlitePath(config: Config): string {
  return config.maindb.path || instancePaths(config).defaultMainDb;
}

/**
 * Opens the configured main database. The Firebird adapter (and node-firebird
 * with it) is imported only when configured, so an agent on the embedded
 * default never loads it.
 */
export async function openMainDb(config: Config, o: OpenMainDbOptions): Promise<MainDatabase> {
  const m = config.maindb;
  let engine: Engine;
  let queries;
  if (m.engine === "sqlite") {
    const { SqliteEngine } = await import("./sqlite/sqlite-engine.ts");
    ({ sqliteTaskQueries: queries } = await import("./sqlite/queries/index.ts"));
    engine = SqliteEngine.open({ path: sqlitePath(config), zone: config.timezone, create: o.create });
  } else {
    if (!m.database.trim()) throw usageError(say(T.noDatabaseName));
    const { FirebirdEngine } = await import("./firebird/firebird-engine.ts");
    ({ firebirdTaskQueries: queries } = await import("./firebird/queries/index.ts"));
    engine = await FirebirdEngine.open({
      target: { host: m.host, port: m.port, database: m.database, user: m.user, password: m.password },
      charset: m.charset,
      codepage: m.codepage,
      zone: config.timezone,
      pool: {
        size: m.pool_size,
        connectTimeoutMs: m.connect_timeout_seconds * 1000,
        queryTimeoutMs: m.query_timeout_seconds * 1000,
        lockTimeoutSeconds: m.lock_timeout_seconds,
      },
    });
  }
  return new MainDatabase(engine, queries, o.clock, mainDbWhere(config));
}
