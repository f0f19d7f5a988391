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
