import type { CaptureDialect, SqlSession } from "../engine.ts";
import type { TableInfo } from "../catalog.ts";
import { identifierLiteral, quoteIdentifier } from "../identifiers.ts";
import { AGENT_OBJECTS } from "../agent-objects.ts";

const keyColumns = ["K1", "K2", "K3"];

/** The trigger names of one table: one per operation (SQLite has no multi-event triggers). */
export const sqliteTriggerNames = (table: string) => ["I", "U", "D"].map((op) => `AGJ_${table}_${op}`);

/**
 * Change capture in SQLite. There are no session variables a trigger could
 * read, so "no echo" is a row in AGENT_APPLYING that the agent inserts at
 * the start of an applying transaction and deletes before it commits: SQLite
 * has one writer at a time, so no other transaction can ever see the row,
 * and every trigger skips journalling while it is there.
 */
export const sqliteCapture: CaptureDialect = {
  objectNames: [...AGENT_OBJECTS, "AGENT_APPLYING"],

  objectStatements: (missing) => {
    const all: Record<string, string[]> = {
      AGENT_JOURNAL: [
        `CREATE TABLE AGENT_JOURNAL (
  ID INTEGER PRIMARY KEY AUTOINCREMENT,
  TABLE_NAME TEXT NOT NULL,
  OP TEXT NOT NULL,
  K1 INTEGER NOT NULL,
  K2 INTEGER,
  K3 INTEGER
)`,
        "CREATE INDEX AGENT_JOURNAL_TABLE ON AGENT_JOURNAL (TABLE_NAME, ID)",
      ],
      AGENT_BATCH: [
        `CREATE TABLE AGENT_BATCH (
  ID INTEGER NOT NULL PRIMARY KEY,
  CREATED_AT INTEGER NOT NULL,
  ENTRIES INTEGER NOT NULL,
  FIRST_ID INTEGER NOT NULL,
  LAST_ID INTEGER NOT NULL,
  RANGES TEXT NOT NULL
)`,
      ],
      AGENT_SYNC_STATE: [
        `CREATE TABLE AGENT_SYNC_STATE (
  NAME TEXT NOT NULL PRIMARY KEY,
  VAL TEXT,
  UPDATED_AT INTEGER NOT NULL
)`,
      ],
      AGENT_LEASE: [
        `CREATE TABLE AGENT_LEASE (
  ID INTEGER NOT NULL PRIMARY KEY,
  OWNER TEXT,
  INSTANCE_NAME TEXT,
  HOST TEXT,
  PID INTEGER,
  ACQUIRED_AT INTEGER,
  HEARTBEAT_AT INTEGER,
  EXPIRES_AT INTEGER
)`,
      ],
      AGENT_PARKED: [
        `CREATE TABLE AGENT_PARKED (
  ID INTEGER PRIMARY KEY AUTOINCREMENT,
  KIND TEXT NOT NULL,
  REF TEXT NOT NULL,
  STREAM TEXT,
  PARKED_AT INTEGER NOT NULL,
  ATTEMPTS INTEGER NOT NULL,
  STATUS INTEGER,
  CODE TEXT,
  REASON TEXT NOT NULL,
  ENTRIES INTEGER NOT NULL,
  CONTENT BLOB NOT NULL
)`,
      ],
      AGENT_APPLYING: ["CREATE TABLE AGENT_APPLYING (ID INTEGER NOT NULL PRIMARY KEY)"],
    };
    return Object.entries(all).flatMap(([name, statements]) => (missing.includes(name) ? statements : []));
  },

  dropObjectStatements: (present) =>
    ["AGENT_APPLYING", "AGENT_PARKED", "AGENT_LEASE", "AGENT_SYNC_STATE", "AGENT_BATCH", "AGENT_JOURNAL"].filter((t) => present.includes(t)).map((t) => `DROP TABLE ${t}`),

  triggerStatements(table: TableInfo): string[] {
    const name = identifierLiteral(table.name);
    const q = quoteIdentifier(table.name);
    const cols = keyColumns.slice(0, table.key.length).join(", ");
    const of = (row: "NEW" | "OLD") => table.key.map((k) => `${row}.${quoteIdentifier(k)}`).join(", ");
    const keyChanged = table.key.map((k) => `OLD.${quoteIdentifier(k)} IS NOT NEW.${quoteIdentifier(k)}`).join(" OR ");
    const [ins, upd, del] = sqliteTriggerNames(table.name).map(quoteIdentifier);
    const when = "WHEN NOT EXISTS (SELECT 1 FROM AGENT_APPLYING)";
    return [
      `CREATE TRIGGER ${ins} AFTER INSERT ON ${q} ${when}
BEGIN
  INSERT INTO AGENT_JOURNAL (TABLE_NAME, OP, ${cols}) VALUES (${name}, 'I', ${of("NEW")});
END`,
      `CREATE TRIGGER ${upd} AFTER UPDATE ON ${q} ${when}
BEGIN
  INSERT INTO AGENT_JOURNAL (TABLE_NAME, OP, ${cols}) SELECT ${name}, 'D', ${of("OLD")} WHERE ${keyChanged};
  INSERT INTO AGENT_JOURNAL (TABLE_NAME, OP, ${cols}) VALUES (${name}, 'U', ${of("NEW")});
END`,
      `CREATE TRIGGER ${del} AFTER DELETE ON ${q} ${when}
BEGIN
  INSERT INTO AGENT_JOURNAL (TABLE_NAME, OP, ${cols}) VALUES (${name}, 'D', ${of("OLD")});
END`,
    ];
  },

  dropTriggerStatements: (_table, triggers) => triggers.map((t) => `DROP TRIGGER IF EXISTS ${quoteIdentifier(t)}`),

  async inspect(s: SqlSession) {
    const objects = (await s.all("SELECT name AS N FROM sqlite_master WHERE type = 'table' AND name LIKE 'AGENT\\_%' ESCAPE '\\'")).map((r) => String(r.N));
    const triggers = (await s.all("SELECT name AS N, tbl_name AS T FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'AGJ\\_%' ESCAPE '\\'")).map(
      (r) => ({ name: String(r.N), table: String(r.T) }),
    );
    return { objects, triggers };
  },

  script: (statements) => statements.map((s) => `${s};`).join("\n\n"),

  journalExistingStatement(table: TableInfo, where: string): string {
    const cols = keyColumns.slice(0, table.key.length).join(", ");
    const keys = table.key.map(quoteIdentifier).join(", ");
    return `INSERT INTO AGENT_JOURNAL (TABLE_NAME, OP, ${cols}) SELECT ${identifierLiteral(table.name)}, 'L', ${keys} FROM ${quoteIdentifier(table.name)} WHERE ${where} ORDER BY ${keys}`;
  },
};
