import type { CellValue, Change, IncomingRow, Row } from "../../clinic/port.ts";
import type { ColumnValue, RowChange } from "../../cod/wire.ts";
import type { StreamItem } from "../../cod/cod-client.ts";

/**
 * Pure mapping between the main DB port's values and the ЦОД protocol's
 * (src/cod/PROTOCOL.md, «Values»): instants travel as ISO 8601 in UTC,
 * blobs as `{ base64 }`, integers beyond 2^53 and decimals as the strings the
 * port already holds them in. Nothing here touches a database or the network.
 */

/** One column's value on the wire. */
export function wireValue(v: CellValue): ColumnValue {
  if (v === null || typeof v === "string" || typeof v === "number" || typeof v === "boolean") return v;
  if (v instanceof Date) return v.toISOString();
  return { base64: Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString("base64") };
}

/** A journalled change as the push sends it. */
export function toWire(c: Change): RowChange {
  if (c.op === "delete" || c.values === null) return { table: c.table, key: c.key, op: "delete" };
  const row: Record<string, ColumnValue> = {};
  for (const name in c.values) row[name] = wireValue(c.values[name]!);
  return { table: c.table, key: c.key, op: "upsert", row };
}

/** One column's value from the wire: a blob back to bytes; ISO instants stay text (the adapters parse them with their offset). */
export function portValue(v: ColumnValue): CellValue {
  if (v !== null && typeof v === "object") return new Uint8Array(Buffer.from(v.base64, "base64"));
  return v;
}

/** A change from the ЦОД as the main DB applies it. */
export function fromWire(c: RowChange): IncomingRow {
  if (c.op === "delete") return { table: c.table, op: "delete", key: c.key };
  const values: Row = {};
  const row = c.row ?? {};
  for (const name in row) values[name] = portValue(row[name]!);
  return { table: c.table, op: "upsert", values, key: c.key };
}

/**
 * Orders two stream positions. The protocol makes them opaque, ordered
 * strings: decimal numbers (what our ЦОД and its simulator use) compare as
 * numbers, anything else by length, then character by character, so "9" <
 * "10" either way.
 */
export function comparePositions(a: string, b: string): number {
  if (a === b) return 0;
  if (/^\d+$/.test(a) && /^\d+$/.test(b)) {
    const x = BigInt(a);
    const y = BigInt(b);
    return x < y ? -1 : 1;
  }
  if (a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : 1;
}

/**
 * The items of a page not applied yet, in order: those after `after` (the
 * position stored with the last applied page), each once. An item served
 * again — its acknowledgement lost, a ЦОД that repeats items or ignores
 * `after` — is at or before a position already taken, or repeats an id of
 * this page, and is counted as a repeat.
 */
export function freshItems(items: readonly StreamItem[], after: string | null): { fresh: StreamItem[]; repeats: number; last: string | null } {
  const fresh: StreamItem[] = [];
  const ids = new Set<string>();
  let last = after;
  let repeats = 0;
  for (const item of items) {
    if ((last !== null && comparePositions(item.position, last) <= 0) || ids.has(item.id)) {
      repeats++;
      continue;
    }
    ids.add(item.id);
    fresh.push(item);
    last = item.position;
  }
  return { fresh, repeats, last };
}

/** The highest of the positions (null when there are none). */
export function highestPosition(positions: ReadonlyArray<string | null>): string | null {
  let top: string | null = null;
  for (const p of positions) if (p !== null && (top === null || comparePositions(p, top) > 0)) top = p;
  return top;
}
