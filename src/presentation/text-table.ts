/**
 * Lays rows out in columns for a terminal. Width is counted in characters
 * (Cyrillic is one column each in a terminal, like Latin).
 */
export function renderTextTable(header: readonly string[], rows: readonly (readonly string[])[], gap = "  "): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!)))
      .join(gap)
      .trimEnd();
  return [line(header), line(widths.map((w) => "─".repeat(w))), ...rows.map(line)];
}

/** Tab-separated, one line per row; tabs and line breaks inside cells are escaped. */
export function renderTsv(header: readonly string[] | undefined, rows: readonly (readonly string[])[]): string[] {
  const cell = (c: string) => c.replace(/\\/g, "\\\\").replace(/\t/g, "\\t").replace(/\r?\n/g, "\\n");
  const out = rows.map((r) => r.map(cell).join("\t"));
  return header ? [header.map(cell).join("\t"), ...out] : out;
}

/** A column of a table that must fit a given width. */
export interface FitColumn {
  header: string;
  /** Lower is more important: columns are dropped from the highest priority number down. */
  priority: number;
  /** The column that shrinks (down to `min`) before any column is dropped; at most one. */
  flex?: boolean;
  min?: number;
  /** Never wider than this, even if a cell is (cells are cut with «…»). */
  max?: number;
  align?: "left" | "right";
}

/** Cuts a cell to `width` characters, marking the cut with «…». */
export function cut(text: string, width: number): string {
  const chars = [...text];
  if (chars.length <= width) return text;
  return width <= 1 ? chars.slice(0, width).join("") : `${chars.slice(0, width - 1).join("")}…`;
}

/**
 * Lays a table out in `width` characters: each column as wide as its widest
 * cell (capped by `max`), the flex column shrinking first, then the least
 * important columns left out. Answers the header line, one line per row, and
 * which columns were shown. Line breaks and tabs inside cells become spaces.
 */
export function fitTable(columns: readonly FitColumn[], rows: readonly (readonly string[])[], width: number, gap = 2): { header: string; lines: string[]; shown: number[] } {
  const clean = (s: string) => s.replace(/[\r\n\t]+/g, " ");
  const natural = columns.map((c, i) => Math.min(c.max ?? Infinity, Math.max([...c.header].length, ...rows.map((r) => [...clean(r[i] ?? "")].length))));
  let shown = columns.map((_, i) => i);
  const widths = [...natural];
  const total = () => shown.reduce((sum, i) => sum + widths[i]!, 0) + gap * Math.max(0, shown.length - 1);
  const flex = columns.findIndex((c) => c.flex);
  for (;;) {
    if (total() <= width) break;
    if (flex >= 0 && shown.includes(flex)) {
      const min = columns[flex]!.min ?? [...columns[flex]!.header].length;
      const shrink = Math.min(widths[flex]! - min, total() - width);
      if (shrink > 0) {
        widths[flex] = widths[flex]! - shrink;
        continue;
      }
    }
    const droppable = shown.filter((i) => i !== flex || shown.length === 1);
    if (shown.length <= 1 || droppable.length === 0) break;
    const drop = droppable.reduce((a, b) => (columns[b]!.priority >= columns[a]!.priority ? b : a));
    shown = shown.filter((i) => i !== drop);
  }
  // What is left over goes to the flex column, up to its natural width.
  if (flex >= 0 && shown.includes(flex) && total() < width) widths[flex] = Math.min(natural[flex]!, widths[flex]! + width - total());
  const line = (cells: readonly string[]) =>
    shown
      .map((i, k) => {
        const w = widths[i]!;
        const c = cut(clean(cells[i] ?? ""), w);
        const pad = " ".repeat(Math.max(0, w - [...c].length));
        return k === shown.length - 1 && columns[i]!.align !== "right" ? c : columns[i]!.align === "right" ? pad + c : c + pad;
      })
      .join(" ".repeat(gap));
  return { header: cut(line(columns.map((c) => c.header)), width), lines: rows.map((r) => cut(line(r), width)), shown };
}

/** Breaks a text into lines of at most `width` characters, at spaces where it can. */
export function wrapText(text: string, width: number): string[] {
  if (width <= 0) return [text];
  const out: string[] = [];
  for (const paragraph of text.split("\n")) {
    const indent = /^\s*/.exec(paragraph)![0];
    let line = "";
    for (const word of paragraph.trim().split(/\s+/)) {
      const candidate = line ? `${line} ${word}` : `${indent}${word}`;
      if ([...candidate].length <= width || !line) line = candidate;
      else {
        out.push(line);
        line = `${indent}${word}`;
      }
      while ([...line].length > width) {
        out.push([...line].slice(0, width).join(""));
        line = [...line].slice(width).join("");
      }
    }
    out.push(line);
  }
  return out;
}
