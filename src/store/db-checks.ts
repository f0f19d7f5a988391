import { and, desc, eq, lt } from "drizzle-orm";
import type { StoreOrm } from "./agent-store.ts";
import { dbChecks } from "./schema.ts";

/** Which database a check was about: the clinic's main DB, the agent's store, the log DB. */
export type CheckTarget = "main" | "agent" | "log";
export type CheckKind = "backup" | "restore-check" | "validate" | "maintenance";

/** One outcome of a backup, restore check, validation or maintenance, as the UI's DB tab shows it. */
export interface DbCheck {
  at: number;
  runId?: number;
  target: CheckTarget;
  kind: CheckKind;
  ok: boolean;
  /** One line: the file written, what was checked. */
  summary: string;
  /** The engine's findings about pages, tables and indexes (never a row's values). */
  findings: string[];
}

/** Rows kept per database and kind. */
const KEEP = 50;
/** Findings kept per check: a badly damaged file can have thousands. */
const MAX_FINDINGS = 100;

/**
 * The findings of the service jobs in the agent's store, so that the DB tab
 * shows the last backup and the last validation after a restart too, and the
 * statistics can say whether they succeeded.
 */
export class DbCheckLog {
  constructor(private readonly orm: StoreOrm) {}

  record(c: DbCheck): void {
    this.orm
      .insert(dbChecks)
      .values({
        at: c.at,
        runId: c.runId ?? null,
        target: c.target,
        kind: c.kind,
        ok: c.ok,
        summary: c.summary,
        findings: JSON.stringify(c.findings.slice(0, MAX_FINDINGS)),
      })
      .run();
    const old = this.orm
      .select({ id: dbChecks.id })
      .from(dbChecks)
      .where(and(eq(dbChecks.target, c.target), eq(dbChecks.kind, c.kind)))
      .orderBy(desc(dbChecks.at), desc(dbChecks.id))
      .limit(1)
      .offset(KEEP - 1)
      .get();
    if (old) this.orm.delete(dbChecks).where(and(eq(dbChecks.target, c.target), eq(dbChecks.kind, c.kind), lt(dbChecks.id, old.id))).run();
  }

  /** The newest check of each database and kind. */
  latest(targets: readonly CheckTarget[] = ["main", "agent", "log"]): DbCheck[] {
    const out: DbCheck[] = [];
    for (const target of targets) {
      for (const kind of ["backup", "restore-check", "validate", "maintenance"] as const) {
        const row = this.orm
          .select()
          .from(dbChecks)
          .where(and(eq(dbChecks.target, target), eq(dbChecks.kind, kind)))
          .orderBy(desc(dbChecks.at), desc(dbChecks.id))
          .limit(1)
          .get();
        if (row) {
          out.push({
            at: row.at,
            runId: row.runId ?? undefined,
            target: row.target,
            kind: row.kind,
            ok: row.ok,
            summary: row.summary,
            findings: JSON.parse(row.findings) as string[],
          });
        }
      }
    }
    return out;
  }
}
