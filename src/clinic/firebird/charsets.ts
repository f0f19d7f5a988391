import { getCodec, type TextCodec } from "node-firebird/lib/wire/codepages";

/**
 * Character sets of a Firebird connection and its columns. The server
 * transliterates declared charsets (UTF8, WIN1251 …) to the connection's;
 * a column or database with charset NONE holds whatever bytes the program
 * that wrote them used — in the field a Delphi program writing WIN1251 —
 * and the server passes them through untouched. Those bytes are read and
 * written in the configured code page, never guessed.
 */

/** The `maindb.codepage` setting → the Firebird name of that character set. */
export const CODEPAGE_CHARSET: Record<string, string> = { WIN1251: "WIN1251", CP866: "DOS866", "KOI8-R": "KOI8R" };

/** A codec for a Firebird character set name (UTF8 and friends natively, single-byte ones by table). */
export function codecFor(charset: string): TextCodec {
  const name = charset.toUpperCase();
  if (name === "UTF8" || name === "UNICODE_FSS") {
    return { name, decode: (b) => b.toString("utf8"), encode: (s) => Buffer.from(s, "utf8") };
  }
  if (name === "ASCII" || name === "NONE" || name === "OCTETS") {
    return { name, decode: (b) => b.toString("latin1"), encode: (s) => Buffer.from(s, "latin1") };
  }
  const codec = getCodec(name);
  if (!codec) throw new Error(`no codec for the character set ${name}`);
  return codec;
}

/**
 * The connection charset for `maindb.charset`: explicit names as given, NONE
 * as the code page (a NONE connection would hand back raw bytes with no way
 * to tell their code page), and `auto` as UTF8 — unless the database's own
 * default charset is NONE, where the code page reads what the MIS wrote.
 */
export function connectionCharset(setting: string, databaseCharset: string | undefined, codepage: string): string {
  const page = CODEPAGE_CHARSET[codepage] ?? "WIN1251";
  if (setting === "NONE") return page;
  if (setting !== "auto") return setting;
  return databaseCharset?.trim().toUpperCase() === "NONE" ? page : "UTF8";
}
