import { describe, expect, test } from "bun:test";
import { Database } from "bun:sqlite";
import { readdirSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { getTableConfig } from "drizzle-orm/sqlite-core";
import { storeMigrations } from "../../src/store/migrations.ts";
import { logMigrations } from "../../src/logs/migrations.ts";
import { simCodMigrations } from "../../src/sim/cod/sim-store.ts";
import { migrate, type Migration } from "../../src/store/migrator.ts";
import { AgentStore } from "../../src/store/agent-store.ts";
import { openSqliteFile } from "../../src/store/sqlite-file.ts";
import * as schema from "../../src/store/schema.ts";
import { AgentError } from "../../src/kernel/agent-error.ts";
import { setLanguage } from "../../src/messages/text.ts";
import { tempDir } from "../helpers/temp-dir.ts";

const NOW = Date.UTC(2025, 4, 14);

describe("embedded migrations", () => {
  setLanguage("ru");

  for (const [folder, list] of [
    ["store", storeMigrations],
    ["log", logMigrations],
    ["sim-cod", simCodMigrations],
  ] as const) {
    test(`every file under migrations/${folder}/ is embedded, numbered in order, unchanged`, () => {
      const files = readdirSync(join("migrations", folder)).filter((f) => f.endsWith(".sql")).sort();
      expect(list.map((m) => `${m.name}.sql`)).toEqual(files);
      list.forEach((m, i) => {
        expect(m.id).toBe(i + 1);
        expect(m.name.startsWith(String(m.id).padStart(4, "0"))).toBe(true);
        expect(m.sql).toBe(readFileSync(join("migrations", folder, `${m.name}.sql`), "utf8"));
      });
    });
  }

  test("the drizzle schema mirrors the SQL column by column", () => {
    const store = AgentStore.open(join(tempDir(), "agent.db"), { what: "store", agentVersion: "t", now: NOW });
    for (const table of [schema.jobs, schema.runs, schema.agentMeta, schema.updateHistory, schema.dbChecks]) {
      const config = getTableConfig(table);
      const actual = store.db.query<{ name: string; notnull: number; pk: number }, []>(`PRAGMA table_info(${config.name})`).all();
      expect(actual.map((c) => c.name).sort()).toEqual(config.columns.map((c) => c.name).sort());
      for (const column of config.columns) {
        const sql = actual.find((c) => c.name === column.name)!;
        expect({ column: column.name, notNull: Boolean(sql.notnull) || Boolean(sql.pk) }).toEqual({ column: column.name, notNull: column.notNull || column.primary });
      }
    }
    store.close();
  });
});

describe("migrate", () => {
  const v1: Migration = { id: 1, name: "0001_a", sql: "CREATE TABLE a (x INTEGER);" };
  const v2: Migration = { id: 2, name: "0002_b", sql: "CREATE TABLE b (y INTEGER);" };

  test("applies pending migrations and takes a copy of a non-empty store first", () => {
    const dir = tempDir();
    const path = join(dir, "s.db");
    const db = openSqliteFile(path, { what: "s" });
    expect(migrate(db, [v1], { path, what: "s", agentVersion: "1", now: NOW }).backup).toBeUndefined();
    db.exec("INSERT INTO a VALUES (42)");
    const outcome = migrate(db, [v1, v2], { path, what: "s", agentVersion: "2", now: NOW });
    expect(outcome.applied).toEqual([2]);
    expect(outcome.backup).toBeDefined();
    const copy = new Database(outcome.backup!, { readonly: true });
    expect(copy.query("SELECT x FROM a").get()).toEqual({ x: 42 });
    expect(copy.query("SELECT name FROM sqlite_master WHERE name = 'b'").get()).toBeNull();
    copy.close();
    db.close();
  });

  test("a store written by a newer agent is refused (exit 4) and left byte for byte as it was", () => {
    const dir = tempDir();
    const path = join(dir, "s.db");
    const db = openSqliteFile(path, { what: "s" });
    migrate(db, [v1, v2], { path, what: "s", agentVersion: "9.9.9", now: NOW });
    db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
    db.close();
    const before = readFileSync(path);
    const again = openSqliteFile(path, { what: "s" });
    let error: unknown;
    try {
      migrate(again, [v1], { path, what: "хранилище", agentVersion: "1.0.0", now: NOW });
    } catch (e) {
      error = e;
    }
    again.close();
    expect(error).toBeInstanceOf(AgentError);
    expect((error as AgentError).exitCode).toBe(4);
    expect((error as AgentError).message).toContain("9.9.9");
    expect((error as AgentError).message).toContain("схема 2");
    expect(readFileSync(path).equals(before)).toBe(true);
  });

  test("a migration that fails is rolled back and reported with the copy", () => {
    const path = join(tempDir(), "s.db");
    const db = openSqliteFile(path, { what: "s" });
    migrate(db, [v1], { path, what: "s", agentVersion: "1", now: NOW });
    const broken: Migration = { id: 2, name: "0002_broken", sql: "CREATE TABLE c (z INTEGER); INSERT INTO missing VALUES (1);" };
    expect(() => migrate(db, [v1, broken], { path, what: "s", agentVersion: "2", now: NOW })).toThrow(/версии 2/);
    expect(db.query("SELECT name FROM sqlite_master WHERE name = 'c'").get()).toBeNull();
    expect(db.query("SELECT max(id) AS id FROM schema_migrations").get()).toEqual({ id: 1 });
    db.close();
  });
});

describe("openSqliteFile", () => {
  test("a file that is not a database is reported, not replaced", () => {
    const path = join(tempDir(), "agent.db");
    writeFileSync(path, "this is not sqlite at all, but it is 100 bytes long so SQLite reads its header and refuses it....");
    const before = readFileSync(path);
    let error: unknown;
    try {
      openSqliteFile(path, { what: "хранилище агента" });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AgentError);
    expect((error as AgentError).exitCode).toBe(2);
    expect((error as AgentError).message).toContain("повреждён");
    expect((error as AgentError).message).toContain(`${path}.damaged`);
    expect(readFileSync(path).equals(before)).toBe(true);
    expect(existsSync(`${path}-wal`)).toBe(false);
  });
});
