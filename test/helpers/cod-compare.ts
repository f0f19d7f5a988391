import type { MainDatabase } from "../../src/clinic/main-database.ts";
import type { CellValue, Row, RowKey } from "../../src/clinic/port.ts";
import { quoteIdentifier } from "../../src/clinic/identifiers.ts";

/** A row as the simulator's dump shows it. */
export interface SimRow {
  mo_id: string;
  table: string;
  key: Record<string, string | number>;
  deleted: boolean;
  row: Record<string, unknown> | null;
  applied: number;
}

const keyText = (table: string, key: Record<string, unknown>) => `${table}:${JSON.stringify(Object.entries(key).sort(([a], [b]) => (a < b ? -1 : 1)))}`;

/** One value of the clinic against the ЦОД's, compared on their own terms (an instant, bytes, a number). */
function same(port: CellValue, wire: unknown): boolean {
  if (port === null) return wire === null || wire === undefined;
  if (port instanceof Date) return typeof wire === "string" && Date.parse(wire) === port.getTime();
  if (port instanceof Uint8Array) return typeof wire === "object" && wire !== null && (wire as { base64?: string }).base64 === Buffer.from(port).toString("base64");
  return port === wire;
}

/**
 * Every row of `tables` in the clinic's main DB against the ЦОД simulator's
 * copy: each must be there with the same values, and each row the ЦОД holds
 * that the clinic no longer has must be deleted there. Answers what differs
 * (empty: the ЦОД has every row in its latest state). Rows named in `skip`
 * ("TABLE:1" or "TABLE:1|2") came from the ЦОД's streams and are left out.
 */
export async function differences(db: MainDatabase, simRows: readonly SimRow[], tables: readonly string[], mo: string, skip: ReadonlySet<string> = new Set()): Promise<string[]> {
  const out: string[] = [];
  const theirs = new Map(simRows.filter((r) => r.mo_id === mo).map((r) => [keyText(r.table, r.key), r]));
  const seen = new Set<string>();
  for (const table of tables) {
    const info = await db.backend.table(table);
    if (!info) continue;
    const keyRows = await db.backend.read((s) => s.values(`SELECT ${info.key.map((k) => db.backend.exactInteger(quoteIdentifier(k))).join(", ")} FROM ${quoteIdentifier(info.name)}`));
    const keys: RowKey[] = keyRows.map((r) => Object.fromEntries(info.key.map((k, i) => [k, r[i] as number | string])));
    for (let i = 0; i < keys.length; i += 500) {
      for (const row of await db.readRows(table, keys.slice(i, i + 500))) {
        const key = Object.fromEntries(info.key.map((k) => [k, row[k] as number | string]));
        const name = keyText(table, key);
        seen.add(name);
        // Rows written from the ЦОД's streams are not sent back (no echo): the simulator keeps those apart.
        if (skip.has(`${table}:${Object.values(key).join("|")}`)) continue;
        const sim = theirs.get(name);
        if (!sim || sim.deleted || !sim.row) {
          out.push(`${name}: missing at the ЦОД`);
          continue;
        }
        const wrong = Object.keys(row).filter((c) => !same((row as Row)[c]!, sim.row![c]));
        if (wrong.length > 0) out.push(`${name}: ${wrong.map((c) => `${c} ${JSON.stringify(row[c])} ≠ ${JSON.stringify(sim.row![c])}`).join(", ")}`);
      }
    }
  }
  for (const [name, sim] of theirs) if (!seen.has(name) && !sim.deleted && tables.includes(sim.table)) out.push(`${name}: at the ЦОД but gone from the clinic`);
  return out;
}
