import { unsupportedError } from "../kernel/agent-error.ts";
import { storeTexts as S } from "../messages/areas/store.ts";
import { say } from "../messages/text.ts";
import type { Migration } from "../store/migrator.ts";
import type { Engine } from "./engine.ts";
import type { TableInfo } from "./catalog.ts";
import { referenceMigrations } from "./migrations.ts";
import { MainDbError } from "./main-db-error.ts";

/** The table that records which reference-schema migrations a demo or test database has. */
export const REFERENCE_SCHEMA_TABLE = "AGENT_REFERENCE_SCHEMA";

/** The statements of a migration file: each ends with ";" at the end of a line; comments are dropped. */
export function statementsOf(sql: string): string[] {
  const lines = sql.split("\n").filter((l) => !l.trimStart().startsWith("--"));
  return lines
    .join("\n")
    .split(/;\s*$/m)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

export interface ReferenceSchemaOutcome {
  applied: number[];
  /** True when the database already had MIS tables that the agent did not create. */
  foreign: boolean;
}

/**
 * Brings a demo or test database's reference schema up to date. A database
 * that holds MIS tables without the agent's record of creating them is a
 * real MIS database: it is left alone (`foreign`).
 */
export async function applyReferenceSchema(engine: Engine, agentVersion: string, now: number): Promise<ReferenceSchemaOutcome> {
  const migrations = referenceMigrations[engine.kind];
  const recorded = await engine.table(REFERENCE_SCHEMA_TABLE);
  if (!recorded) {
    if (await engine.table("DOC_NAPR_ANALYSIS")) return { applied: [], foreign: true };
    await engine.write((s) =>
      s.run(`CREATE TABLE ${REFERENCE_SCHEMA_TABLE} (ID INTEGER NOT NULL PRIMARY KEY, NAME VARCHAR(100) NOT NULL, SHA256 VARCHAR(64) NOT NULL, APPLIED_AT BIGINT NOT NULL, AGENT_VERSION VARCHAR(40) NOT NULL)`),
    );
    engine.forgetCatalog();
  }
  const done = await engine.read((s) => s.all(`SELECT ID, AGENT_VERSION FROM ${REFERENCE_SCHEMA_TABLE} ORDER BY ID`));
  const known = Math.max(0, ...migrations.map((m) => m.id));
  const newest = done.at(-1);
  if (newest && Number(newest.ID) > known) {
    throw unsupportedError(say(S.newerSchema, { what: "reference schema", path: "main DB", version: String(newest.AGENT_VERSION), theirs: Number(newest.ID), ours: known }));
  }
  const have = new Set(done.map((r) => Number(r.ID)));
  const applied: number[] = [];
  for (const m of migrations.filter((m) => !have.has(m.id))) {
    await applyOne(engine, m, agentVersion, now);
    applied.push(m.id);
  }
  engine.forgetCatalog();
  // A migration may add a generator for a table that already holds rows (0002's GEN_DOC_ANALYSIS_ID
  // on a demo database filled before it): it must start past them.
  if (applied.length > 0 && have.size > 0) await advanceAllGenerators(engine);
  return { applied, foreign: false };
}

async function applyOne(engine: Engine, m: Migration, agentVersion: string, now: number): Promise<void> {
  const sha = new Bun.CryptoHasher("sha256").update(m.sql).digest("hex");
  try {
    await engine.write(async (s) => {
      for (const statement of statementsOf(m.sql)) await s.run(statement);
      await s.run(`INSERT INTO ${REFERENCE_SCHEMA_TABLE} (ID, NAME, SHA256, APPLIED_AT, AGENT_VERSION) VALUES (?, ?, ?, ?, ?)`, [m.id, m.name, sha, now, agentVersion]);
    });
  } catch (error) {
    throw MainDbError.sql(`${m.name}`, error);
  }
}

async function advanceAllGenerators(engine: Engine): Promise<void> {
  const names = await engine.read((s) =>
    engine.kind === "firebird"
      ? s.all("SELECT TRIM(RDB$RELATION_NAME) AS N FROM RDB$RELATIONS WHERE RDB$SYSTEM_FLAG = 0 AND RDB$VIEW_BLR IS NULL")
      : s.all("SELECT name AS N FROM sqlite_master WHERE type = 'table'"),
  );
  const tables: TableInfo[] = [];
  for (const r of names) {
    const info = await engine.table(String(r.N));
    if (info) tables.push(info);
  }
  await engine.write((s) => engine.advanceGenerators(s, tables));
}
