/**
 * The code map as a CSV file, for `agent odli map import|export`: one row per
 * local code, `dictionary;local_code;odli_code;odli_name;version`. A file
 * saved by Excel works as it is: `;` or `,` (taken from the header), quoted
 * fields, UTF-8 with or without a BOM, or Windows-1251 (Excel's "CSV" on a
 * Russian Windows). The dictionary is an OID or one of the names services,
 * tests, units, specimens.
 */
import { odliTexts as T } from "../messages/areas/odli.ts";
import { say } from "../messages/text.ts";
import type { OdliCode } from "../clinic/port.ts";
import { dictionaryOf } from "./mapping.ts";

export const CODE_MAP_COLUMNS = ["dictionary", "local_code", "odli_code", "odli_name", "version"] as const;

/** Column widths of REG_ODLI_CODE_MAP: a longer value would be refused by the database, so it is refused here first, with its line. */
const LIMITS = { local_code: 40, odli_code: 40, odli_name: 300, version: 20 } as const;

/** Text of a file: UTF-8 (a BOM dropped), or Windows-1251 when it is not valid UTF-8. */
export function decodeCodeMapFile(bytes: Uint8Array): string {
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return new TextDecoder("windows-1251").decode(bytes);
  }
}

/** Splits CSV text into rows of fields (RFC 4180 quoting; CRLF or LF). */
function csvRows(text: string, separator: string): Array<{ line: number; fields: string[] }> {
  const rows: Array<{ line: number; fields: string[] }> = [];
  let fields: string[] = [];
  let field = "";
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else {
        if (ch === "\n") line++;
        field += ch;
      }
    } else if (ch === '"' && field === "") quoted = true;
    else if (ch === separator) {
      fields.push(field);
      field = "";
    } else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && text[i + 1] === "\n") i++;
      fields.push(field);
      if (fields.some((f) => f.trim() !== "")) rows.push({ line: rowLine, fields });
      fields = [];
      field = "";
      line++;
      rowLine = line;
    } else field += ch;
  }
  fields.push(field);
  if (fields.some((f) => f.trim() !== "")) rows.push({ line: rowLine, fields });
  return rows;
}

/**
 * The entries of a code map file, or every problem with its line number.
 * Nothing is imported from a file with a problem: the administrator fixes
 * the file and runs the import again.
 */
export function parseCodeMapFile(text: string): { codes: OdliCode[]; errors: string[] } {
  const body = text.replace(/^\uFEFF/, "");
  const firstLine = body.split(/\r?\n/, 1)[0] ?? "";
  const separator = firstLine.split(";").length >= firstLine.split(",").length ? ";" : ",";
  const rows = csvRows(body, separator);
  const errors: string[] = [];
  if (rows.length === 0) return { codes: [], errors: [say(T.fileEmpty)] };
  const header = rows[0]!.fields.map((h) => h.trim().toLowerCase());
  const at: Partial<Record<(typeof CODE_MAP_COLUMNS)[number], number>> = {};
  for (const name of CODE_MAP_COLUMNS) {
    const i = header.indexOf(name);
    if (i >= 0) at[name] = i;
  }
  const missing = (["dictionary", "local_code", "odli_code"] as const).filter((n) => at[n] === undefined);
  if (missing.length > 0) return { codes: [], errors: [say(T.fileHeader, { missing: missing.join(", "), expected: CODE_MAP_COLUMNS.join(separator) })] };
  const seen = new Map<string, number>();
  const codes: OdliCode[] = [];
  for (const { line, fields } of rows.slice(1)) {
    const get = (n: (typeof CODE_MAP_COLUMNS)[number]) => (at[n] === undefined ? "" : (fields[at[n]!] ?? "").trim());
    const problems: string[] = [];
    const dictionary = dictionaryOf(get("dictionary"));
    if (!dictionary) problems.push(say(T.fileBadDictionary, { got: get("dictionary") }));
    for (const n of ["local_code", "odli_code"] as const) if (get(n) === "") problems.push(say(T.fileEmptyField, { field: n }));
    for (const [n, max] of Object.entries(LIMITS) as Array<[keyof typeof LIMITS, number]>) {
      if (get(n).length > max) problems.push(say(T.fileTooLong, { field: n, max }));
    }
    const key = `${dictionary}|${get("local_code")}`;
    if (dictionary && get("local_code") && seen.has(key)) problems.push(say(T.fileDuplicate, { line: seen.get(key)! }));
    if (problems.length > 0) {
      errors.push(say(T.fileLine, { line, problems: problems.join("; ") }));
      continue;
    }
    seen.set(key, line);
    codes.push({ dictionary: dictionary!, localCode: get("local_code"), odliCode: get("odli_code"), odliName: get("odli_name") || null, version: get("version") || null });
  }
  return { codes, errors };
}

/** The code map as a file `parseCodeMapFile` reads back: `;`-separated, quoted where needed. */
export function renderCodeMapFile(codes: readonly OdliCode[]): string {
  const cell = (v: string | null) => {
    const s = v ?? "";
    return /[;"\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const lines = [CODE_MAP_COLUMNS.join(";"), ...codes.map((c) => [c.dictionary, c.localCode, c.odliCode, c.odliName, c.version].map(cell).join(";"))];
  return `${lines.join("\n")}\n`;
}
