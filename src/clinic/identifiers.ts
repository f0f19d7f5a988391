/**
 * Names of tables and columns that reach SQL text. They come from our own
 * lists, the database's catalog or the command line, never from data; each
 * is checked against this pattern and then quoted, so nothing from outside
 * is ever concatenated into a statement unchecked. Values always travel as
 * parameters.
 */
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_$]{0,62}$/;

export function isValidIdentifier(name: string): boolean {
  return IDENTIFIER.test(name);
}

/** The identifier double-quoted (both engines accept "NAME"); throws on anything else. */
export function quoteIdentifier(name: string): string {
  if (!IDENTIFIER.test(name)) throw new Error(`not a valid SQL identifier: ${JSON.stringify(name)}`);
  return `"${name}"`;
}

/** A string literal for DDL (trigger bodies name their table); the name is validated first. */
export function identifierLiteral(name: string): string {
  if (!IDENTIFIER.test(name)) throw new Error(`not a valid SQL identifier: ${JSON.stringify(name)}`);
  return `'${name}'`;
}
