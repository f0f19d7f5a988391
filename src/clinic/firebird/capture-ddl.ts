import type { CaptureDialect, SqlSession } from "../engine.ts";
import type { TableInfo } from "../catalog.ts";
import { identifierLiteral, quoteIdentifier } from "../identifiers.ts";
import { AGENT_OBJECTS, TRIGGER_PREFIX } from "../agent-objects.ts";

const keyColumns = ["K1", "K2", "K3"];

/**
 * A trigger's name: `AGJ_` + the table's name, shortened with a hash of the
 * whole name when it would pass Firebird 3's 31-character limit
 * (REG_NAPR_ANALYSIS_QUESTIONS_ANS is 31 characters on its own).
 */
export function firebirdTriggerName(table: string): string {
  const full = `${TRIGGER_PREFIX}${table}`;
  if (full.length <= 31) return full;
  const hash = new Bun.CryptoHasher("sha1").update(table).digest("hex").slice(0, 4).toUpperCase();
  return `${TRIGGER_PREFIX}${table.slice(0, 31 - TRIGGER_PREFIX.length - 5)}_${hash}`;
}

/**
 * Change capture in Firebird. One AFTER INSERT OR UPDATE OR DELETE trigger
 * per table journals (table, key, operation); it stays silent while the
 * transaction's context variable AGENT_APPLYING is set, which the agent sets
 * in the transactions that apply rows from the ЦОД (no echo). Ids come from a
 * sequence: they are unique but, with concurrent transactions, not committed
 * in order — the reader never relies on that (see change-batches.ts).
 *
 * Everything here also runs on Firebird 2.5 (no IDENTITY, no BOOLEAN).
 */
export const firebirdCapture: CaptureDialect = {
  objectNames: [...AGENT_OBJECTS, "AGENT_JOURNAL_SEQ", "AGENT_PARKED_SEQ"],

  objectStatements: (missing) => {
    const all: Record<string, string[]> = {
      AGENT_JOURNAL_SEQ: ["CREATE SEQUENCE AGENT_JOURNAL_SEQ"],
      AGENT_PARKED_SEQ: ["CREATE SEQUENCE AGENT_PARKED_SEQ"],
      AGENT_JOURNAL: [
        `CREATE TABLE AGENT_JOURNAL (
  ID BIGINT NOT NULL,
  TABLE_NAME VARCHAR(63) CHARACTER SET ASCII NOT NULL,
  OP CHAR(1) CHARACTER SET ASCII NOT NULL,
  K1 BIGINT NOT NULL,
  K2 BIGINT,
  K3 BIGINT,
  CONSTRAINT PK_AGENT_JOURNAL PRIMARY KEY (ID)
)`,
        "CREATE INDEX AGENT_JOURNAL_TABLE ON AGENT_JOURNAL (TABLE_NAME, ID)",
      ],
      AGENT_BATCH: [
        `CREATE TABLE AGENT_BATCH (
  ID BIGINT NOT NULL,
  CREATED_AT BIGINT NOT NULL,
  ENTRIES INTEGER NOT NULL,
  FIRST_ID BIGINT NOT NULL,
  LAST_ID BIGINT NOT NULL,
  RANGES BLOB SUB_TYPE TEXT CHARACTER SET ASCII NOT NULL,
  CONSTRAINT PK_AGENT_BATCH PRIMARY KEY (ID)
)`,
      ],
      AGENT_SYNC_STATE: [
        `CREATE TABLE AGENT_SYNC_STATE (
  NAME VARCHAR(200) CHARACTER SET UTF8 NOT NULL,
  VAL VARCHAR(4000) CHARACTER SET UTF8,
  UPDATED_AT BIGINT NOT NULL,
  CONSTRAINT PK_AGENT_SYNC_STATE PRIMARY KEY (NAME)
)`,
      ],
      AGENT_LEASE: [
        `CREATE TABLE AGENT_LEASE (
  ID SMALLINT NOT NULL,
  OWNER VARCHAR(40) CHARACTER SET ASCII,
  INSTANCE_NAME VARCHAR(64) CHARACTER SET UTF8,
  HOST VARCHAR(255) CHARACTER SET UTF8,
  PID INTEGER,
  ACQUIRED_AT BIGINT,
  HEARTBEAT_AT BIGINT,
  EXPIRES_AT BIGINT,
  CONSTRAINT PK_AGENT_LEASE PRIMARY KEY (ID)
)`,
      ],
      // CONTENT is gzipped JSON bytes: no character set conversion can touch it, whatever the connection's.
      AGENT_PARKED: [
        `CREATE TABLE AGENT_PARKED (
  ID BIGINT NOT NULL,
  KIND VARCHAR(8) CHARACTER SET ASCII NOT NULL,
  REF VARCHAR(200) CHARACTER SET UTF8 NOT NULL,
  STREAM VARCHAR(40) CHARACTER SET ASCII,
  PARKED_AT BIGINT NOT NULL,
  ATTEMPTS INTEGER NOT NULL,
  STATUS INTEGER,
  CODE VARCHAR(100) CHARACTER SET UTF8,
  REASON VARCHAR(2000) CHARACTER SET UTF8 NOT NULL,
  ENTRIES INTEGER NOT NULL,
  CONTENT BLOB SUB_TYPE 0 NOT NULL,
  CONSTRAINT PK_AGENT_PARKED PRIMARY KEY (ID)
)`,
      ],
    };
    return ["AGENT_JOURNAL_SEQ", "AGENT_PARKED_SEQ", ...AGENT_OBJECTS].flatMap((name) => (missing.includes(name) ? all[name]! : []));
  },

  dropObjectStatements: (present) => {
    const order = ["AGENT_PARKED", "AGENT_LEASE", "AGENT_SYNC_STATE", "AGENT_BATCH", "AGENT_JOURNAL"];
    return [
      ...order.filter((t) => present.includes(t)).map((t) => `DROP TABLE ${t}`),
      ...["AGENT_PARKED_SEQ", "AGENT_JOURNAL_SEQ"].filter((q) => present.includes(q)).map((q) => `DROP SEQUENCE ${q}`),
    ];
  },

  triggerStatements(table: TableInfo): string[] {
    const name = identifierLiteral(table.name);
    const cols = keyColumns.slice(0, table.key.length).join(", ");
    const of = (row: "NEW" | "OLD") => table.key.map((k) => `${row}.${quoteIdentifier(k)}`).join(", ");
    const keyChanged = table.key.map((k) => `OLD.${quoteIdentifier(k)} IS DISTINCT FROM NEW.${quoteIdentifier(k)}`).join(" OR ");
    const insert = (op: string, row: "NEW" | "OLD") =>
      `INSERT INTO AGENT_JOURNAL (ID, TABLE_NAME, OP, ${cols}) VALUES (NEXT VALUE FOR AGENT_JOURNAL_SEQ, ${name}, ${op}, ${of(row)});`;
    return [
      `CREATE TRIGGER ${quoteIdentifier(firebirdTriggerName(table.name))} FOR ${quoteIdentifier(table.name)}
ACTIVE AFTER INSERT OR UPDATE OR DELETE POSITION 32000
AS
BEGIN
  IF (RDB$GET_CONTEXT('USER_TRANSACTION', 'AGENT_APPLYING') IS NULL) THEN
  BEGIN
    IF (DELETING) THEN
      ${insert("'D'", "OLD")}
    ELSE
    BEGIN
      IF (UPDATING AND (${keyChanged})) THEN
        ${insert("'D'", "OLD")}
      ${insert("CASE WHEN INSERTING THEN 'I' ELSE 'U' END", "NEW")}
    END
  END
END`,
    ];
  },

  dropTriggerStatements: (_table, triggers) => triggers.map((t) => `DROP TRIGGER ${quoteIdentifier(t)}`),

  async inspect(s: SqlSession) {
    const tables = await s.all(
      "SELECT TRIM(RDB$RELATION_NAME) AS N FROM RDB$RELATIONS WHERE RDB$RELATION_NAME STARTING WITH 'AGENT_' AND COALESCE(RDB$SYSTEM_FLAG, 0) = 0",
    );
    const sequences = await s.all("SELECT TRIM(RDB$GENERATOR_NAME) AS N FROM RDB$GENERATORS WHERE RDB$GENERATOR_NAME STARTING WITH 'AGENT_'");
    const triggers = await s.all(
      "SELECT TRIM(RDB$TRIGGER_NAME) AS N, TRIM(RDB$RELATION_NAME) AS T FROM RDB$TRIGGERS WHERE RDB$TRIGGER_NAME STARTING WITH 'AGJ_' AND COALESCE(RDB$SYSTEM_FLAG, 0) = 0",
    );
    return {
      objects: [...tables, ...sequences].map((r) => String(r.N)),
      triggers: triggers.map((r) => ({ name: String(r.N), table: String(r.T) })),
    };
  },

  script(statements) {
    // isql ends a statement at ";", which PSQL bodies contain: triggers go between SET TERM lines.
    const out: string[] = [];
    for (const s of statements) out.push(/^CREATE TRIGGER/.test(s) ? `SET TERM ^ ;\n${s}^\nSET TERM ; ^` : `${s};`);
    return [...out, "COMMIT;"].join("\n\n");
  },

  journalExistingStatement(table: TableInfo, where: string): string {
    const cols = keyColumns.slice(0, table.key.length).join(", ");
    const keys = table.key.map(quoteIdentifier).join(", ");
    return `INSERT INTO AGENT_JOURNAL (ID, TABLE_NAME, OP, ${cols}) SELECT NEXT VALUE FOR AGENT_JOURNAL_SEQ, ${identifierLiteral(table.name)}, 'L', ${keys} FROM ${quoteIdentifier(table.name)} WHERE ${where} ORDER BY ${keys}`;
  },
};
