import type { SqlSession } from "./engine.ts";

/**
 * AGENT_SYNC_STATE: named values the agent keeps in the main database so
 * they commit together with the rows they describe — sync positions
 * (`position:<name>`), the initial load's progress (`initial_load:<table>`),
 * the id of this installation of capture (`capture.install`).
 */
export async function readState(s: SqlSession, name: string): Promise<string | undefined> {
  const rows = await s.all("SELECT VAL FROM AGENT_SYNC_STATE WHERE NAME = ?", [name]);
  const v = rows[0]?.VAL;
  return v === null || v === undefined ? undefined : String(v);
}

export async function writeState(s: SqlSession, name: string, value: string | null, now: number): Promise<void> {
  const changed = await s.run("UPDATE AGENT_SYNC_STATE SET VAL = ?, UPDATED_AT = ? WHERE NAME = ?", [value, now, name]);
  if (changed === 0) await s.run("INSERT INTO AGENT_SYNC_STATE (NAME, VAL, UPDATED_AT) VALUES (?, ?, ?)", [name, value, now]);
}

export async function statesWithPrefix(s: SqlSession, prefix: string): Promise<Map<string, string | null>> {
  // A range rather than LIKE: the bound is the prefix with its last character moved one up.
  const upper = prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
  const rows = await s.all("SELECT NAME, VAL FROM AGENT_SYNC_STATE WHERE NAME >= ? AND NAME < ?", [prefix, upper]);
  return new Map(rows.map((r) => [String(r.NAME), r.VAL === null || r.VAL === undefined ? null : String(r.VAL)]));
}
