/**
 * A service job found something wrong with a database or a copy (damaged
 * pages, rows that do not come back, a copy that fails its check) or cannot
 * do its work as configured. The run fails with this message; the statistics
 * count it as `findings.<kind>`; the findings themselves stay in the log and
 * the DB tab.
 */
export class FindingsError extends Error {
  override readonly name = "FindingsError";
  constructor(
    message: string,
    readonly kind: "damage" | "restore" | "backup" | "config" | "missing",
    readonly findings: string[] = [],
  ) {
    super(message);
  }
}
