import { Database } from "bun:sqlite";

/**
 * A counter of applications in a SQLite main DB, for the exactly-once tests:
 * every INSERT or UPDATE of a stream's head tables made while the agent is
 * applying rows from the ЦОД (AGENT_APPLYING holds its row then, and only
 * then) adds one to TEST_APPLIED for that table and key. A page that is
 * rolled back takes its counts with it; an item applied twice counts 2. It is
 * part of the test fixture, not of the agent: the agent cannot make it agree.
 */
const HEADS = ["DOC_NAPR_ANALYSIS", "DOC_ANALYSIS", "REG_NAPR_MARKS", "DOC_ANALYSIS_BAK"];

export function installApplyCounter(path: string): void {
  const db = new Database(path);
  db.exec("PRAGMA busy_timeout = 10000");
  db.exec("CREATE TABLE IF NOT EXISTS TEST_APPLIED (TBL TEXT NOT NULL, ID INTEGER NOT NULL, N INTEGER NOT NULL, PRIMARY KEY (TBL, ID))");
  for (const table of HEADS) {
    for (const op of ["INSERT", "UPDATE"]) {
      db.exec(`CREATE TRIGGER IF NOT EXISTS TEST_APPLIED_${table}_${op[0]} AFTER ${op} ON ${table} WHEN EXISTS (SELECT 1 FROM AGENT_APPLYING)
BEGIN
  INSERT INTO TEST_APPLIED (TBL, ID, N) VALUES ('${table}', NEW.ID, 1) ON CONFLICT (TBL, ID) DO UPDATE SET N = N + 1;
END`);
    }
  }
  db.close();
}

/** How many times each head row was applied from the ЦОД: "TABLE:ID" → count. */
export function appliedCounts(path: string): Map<string, number> {
  const db = new Database(path, { readonly: true });
  try {
    const rows = db.query<{ TBL: string; ID: number; N: number }, []>("SELECT TBL, ID, N FROM TEST_APPLIED").all();
    return new Map(rows.map((r) => [`${r.TBL}:${r.ID}`, r.N]));
  } finally {
    db.close();
  }
}
