import type { CellValue, Row } from "./port.ts";
import type { ColumnInfo } from "./catalog.ts";
import type { Engine } from "./engine.ts";

/**
 * Turns a row read as an array (select-list order) into a port row, with
 * every column's decoder chosen once. The object literal is compiled per
 * column list, so a million rows share one shape instead of growing a
 * dictionary key by key — the difference is most of the cost of a large
 * read. Column names come from the catalog and are already checked
 * identifiers; they enter the generated code only as JSON string literals.
 */
export function rowDecoder(engine: Engine, columns: readonly ColumnInfo[], offset: number): (raw: readonly unknown[]) => Row {
  const decoders = columns.map((c) => engine.decoderFor(c));
  const fields = columns.map((c, i) => `${JSON.stringify(c.name)}: d[${i}](r[${offset + i}])`).join(",\n");
  const build = new Function("d", `return function decodeRow(r) { return {\n${fields}\n}; };`) as (d: Array<(raw: unknown) => CellValue>) => (raw: readonly unknown[]) => Row;
  return build(decoders);
}
