import type { Database } from "bun:sqlite";
import { drizzle, type BunSQLiteDatabase } from "drizzle-orm/bun-sqlite";
import * as schema from "./schema.ts";

export type StoreOrm = BunSQLiteDatabase<typeof schema>;

/** drizzle over the agent's store, for the repositories that build their queries with it. */
export function createStoreOrm(db: Database): StoreOrm {
  return drizzle(db, { schema });
}
