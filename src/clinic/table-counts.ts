import { upkeepTexts as T } from "../messages/areas/upkeep.ts";
import { say } from "../messages/text.ts";

/**
 * What a restore check finds when it counts the restored rows: every table
 * the backup holds must come back with as many rows (names and counts only).
 */
export function compareTables(expected: Readonly<Record<string, number>>, restored: Readonly<Record<string, number>>): string[] {
  const findings: string[] = [];
  for (const [table, rows] of Object.entries(expected)) {
    const got = restored[table];
    if (got === undefined) findings.push(say(T.tableLost, { table }));
    else if (got !== rows) findings.push(say(T.rowsDiffer, { table, expected: rows, got }));
  }
  return findings;
}
