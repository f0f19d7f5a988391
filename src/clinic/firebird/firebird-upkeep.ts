import Firebird from "node-firebird";
import type { Database } from "node-firebird";
import { AgentError } from "../../kernel/agent-error.ts";
import { ExitCode } from "../../kernel/exit-codes.ts";
import { upkeepTexts as T } from "../../messages/areas/upkeep.ts";
import { say, type Text } from "../../messages/text.ts";
import { redactPersonalData } from "../../privacy/redact.ts";
import { quoteIdentifier } from "../identifiers.ts";
import type { BackupCopy, BackupWriter, CheckReport, MainDbUpkeep, UpkeepOptions } from "../port.ts";
import { compareTables } from "../table-counts.ts";
import { driverOptions, type FirebirdPool } from "./connection-pool.ts";
import { FirebirdServiceError, FirebirdServiceManager } from "./service-manager.ts";

/** Hosts that mean "this machine": a backup the server writes there is in our own file system. */
const LOOPBACK = new Set(["127.0.0.1", "localhost", "::1", "[::1]", ""]);

/** How long online validation waits to lock a table the MIS is writing before it skips it. */
const VALIDATION_LOCK_SECONDS = 10;

/** gstat's rule of thumb: an index deeper than 3 levels costs reads on every lookup. */
const MAX_INDEX_DEPTH = 3;
/**
 * A gap this large between the oldest active transaction and the next one
 * means a transaction has stayed open for hours on a busy database: the
 * garbage behind it cannot be collected and the database grows.
 */
const TRANSACTION_GAP = 20_000;

/** The user tables of a database (views and system tables left out). */
const USER_TABLES = `SELECT TRIM(RDB$RELATION_NAME) AS N FROM RDB$RELATIONS
  WHERE COALESCE(RDB$SYSTEM_FLAG, 0) = 0 AND RDB$VIEW_BLR IS NULL AND RDB$RELATION_TYPE IN (0, 4, 5) ORDER BY 1`;

/**
 * The main DB's upkeep on a Firebird server, through its services API
 * (service-manager.ts): the server itself writes the backup (gbak's format)
 * into its own file system — on another machine when Firebird runs there —,
 * restores it for the checks into a temporary database that is dropped
 * afterwards, validates online (users stay attached), sweeps, and the index
 * statistics are recomputed with `SET STATISTICS INDEX`.
 */
export class FirebirdUpkeep implements MainDbUpkeep {
  readonly backupExtension = "fbk" as const;
  readonly writer: BackupWriter;

  constructor(
    private readonly pool: FirebirdPool,
    /** Runs statements as the engine does (SET STATISTICS in a write transaction). */
    private readonly sql: {
      read<R>(work: (s: { all(sql: string): Promise<Record<string, unknown>[]> }) => Promise<R>): Promise<R>;
      write<R>(work: (s: { run(sql: string): Promise<number> }) => Promise<R>): Promise<R>;
    },
  ) {
    const host = pool.target.host.trim().toLowerCase();
    this.writer = { by: "server", host: pool.target.host, local: LOOPBACK.has(host) };
  }

  private get database(): string {
    return this.pool.target.database;
  }

  private get server(): string {
    return `${this.pool.target.host}:${this.pool.target.port}`;
  }

  async backup(file: string, o: UpkeepOptions = {}): Promise<BackupCopy> {
    const lines = await this.service(T.whatBackup, file, (svc) => svc.backup(this.database, file, o));
    return { tables: gbakCounts(lines, /writing data for table (.+)$/, /(\d+) records? written/) };
  }

  async verifyBackup(file: string, scratch: string, expected: BackupCopy, o: UpkeepOptions = {}): Promise<CheckReport> {
    await this.service(T.whatRestore, scratch, (svc) => svc.restore(file, scratch, { ...o, metadataOnly: true }));
    try {
      const tables = await this.onDatabase(scratch, async (db) => (await query(db, USER_TABLES)).map((r) => String(r.N)));
      const findings = Object.keys(expected.tables)
        .filter((t) => !tables.includes(t))
        .map((table) => say(T.metadataLacks, { table }));
      return { ok: findings.length === 0, summary: say(T.firebirdVerified, { tables: tables.length }), findings };
    } finally {
      await this.drop(scratch);
    }
  }

  async restoreCheck(file: string, scratch: string, expected: BackupCopy, o: UpkeepOptions = {}): Promise<CheckReport> {
    await this.service(T.whatRestore, scratch, (svc) => svc.restore(file, scratch, o));
    try {
      const restored = await this.onDatabase(scratch, async (db) => {
        const counts: Record<string, number> = {};
        for (const row of await query(db, USER_TABLES)) {
          const table = String(row.N);
          counts[table] = Number((await query(db, `SELECT COUNT(*) AS N FROM ${quoteIdentifier(table)}`))[0]?.N ?? 0);
        }
        return counts;
      });
      const validation = validationFindings(await this.service(T.whatValidate, scratch, (svc) => svc.validate(scratch, o)));
      // Nothing else uses the restored copy: a table it could not lock is a problem here.
      const findings = [...validation.problems, ...validation.busy.map((table) => say(T.relationBusy, { table, seconds: VALIDATION_LOCK_SECONDS })), ...compareTables(expected.tables, restored)];
      const rows = Object.values(restored).reduce((a, b) => a + b, 0);
      const check = say(T.onlineValidation, { relations: validation.relations, problems: validation.problems.length, busy: validation.busy.length });
      return { ok: findings.length === 0, summary: say(T.restored, { tables: Object.keys(restored).length, rows, check }), findings };
    } finally {
      await this.drop(scratch);
    }
  }

  async validate(o: UpkeepOptions = {}): Promise<CheckReport> {
    const lines = await this.service(T.whatValidate, this.database, (svc) => svc.validate(this.database, { ...o, lockTimeoutSeconds: VALIDATION_LOCK_SECONDS }));
    const v = validationFindings(lines);
    const busy = v.busy.map((table) => say(T.relationBusy, { table, seconds: VALIDATION_LOCK_SECONDS }));
    return {
      ok: v.problems.length === 0,
      summary: say(T.onlineValidation, { relations: v.relations, problems: v.problems.length, busy: v.busy.length }),
      findings: [...v.problems, ...v.warnings, ...busy],
    };
  }

  async maintain(o: UpkeepOptions = {}): Promise<CheckReport> {
    await this.service(T.whatSweep, this.database, (svc) => svc.sweep(this.database, o));
    const indexes = await this.sql.read(async (s) =>
      (
        await s.all(
          `SELECT TRIM(RDB$INDEX_NAME) AS N FROM RDB$INDICES
            WHERE COALESCE(RDB$SYSTEM_FLAG, 0) = 0 AND COALESCE(RDB$INDEX_INACTIVE, 0) = 0 ORDER BY 1`,
        )
      ).map((r) => String(r.N)),
    );
    for (const index of indexes) {
      o.signal?.throwIfAborted();
      // Selectivity as the optimizer reads it; each index in its own short transaction.
      await this.sql.write((s) => s.run(`SET STATISTICS INDEX ${quoteIdentifier(index)}`));
    }
    const header = headerFacts(await this.service(T.whatStatistics, this.database, (svc) => svc.statistics(this.database, "header", o)));
    const shape = await this.service(T.whatStatistics, this.database, (svc) => svc.statistics(this.database, "indexes", o));
    const findings = deepIndexes(shape).map(([index, depth]) => say(T.deepIndex, { index, depth }));
    if (header.oat !== undefined && header.next !== undefined && header.next - header.oat > TRANSACTION_GAP) {
      findings.push(say(T.transactionGap, { gap: header.next - header.oat, oat: header.oat, next: header.next }));
    }
    const shown = (n: number | undefined) => (n === undefined ? "?" : String(n));
    return {
      ok: true,
      summary: say(T.firebirdMaintained, { indexes: indexes.length, oit: shown(header.oit), oat: shown(header.oat), next: shown(header.next) }),
      findings,
    };
  }

  /** One service action on its own attachment; the server's failure turned into the administrator's message. */
  private async service<R>(what: Text, file: string, work: (svc: FirebirdServiceManager) => Promise<R>): Promise<R> {
    let svc: FirebirdServiceManager;
    try {
      svc = await FirebirdServiceManager.attach(this.pool.target);
    } catch (error) {
      throw this.pool.connectError(error);
    }
    try {
      return await work(svc);
    } catch (error) {
      if (error instanceof FirebirdServiceError) throw this.serviceProblem(error, say(what), file);
      throw error;
    } finally {
      await svc.detach().catch(() => undefined);
    }
  }

  private serviceProblem(error: FirebirdServiceError, what: string, file: string): AgentError {
    const detail = redactPersonalData(error.message);
    const host = this.pool.target.host;
    const where = this.writer.by === "server" && !this.writer.local ? `${host}:${file}` : file;
    switch (error.kind) {
      case "disk-full":
        return new AgentError(say(T.diskFull, { path: where }), ExitCode.taskFailed, { cause: error });
      case "cannot-write":
        return new AgentError(say(T.fbServerCannotWrite, { host, file, folder: serverFolder(file), detail }), ExitCode.usage, { cause: error });
      case "no-rights":
        return new AgentError(say(T.fbNoRights, { server: this.server, user: this.pool.target.user, detail }), ExitCode.usage, { cause: error });
      default:
        return new AgentError(say(T.fbServiceFailed, { what, server: this.server, detail }), ExitCode.taskFailed, { cause: error });
    }
  }

  /** Attaches to another database of the same server (a restored copy) for `work`. */
  private async onDatabase<R>(database: string, work: (db: Database) => Promise<R>): Promise<R> {
    let db: Database;
    try {
      db = (await Firebird.attachAsync({ ...driverOptions(this.pool.target), database, isPool: false } as never)) as unknown as Database;
    } catch (error) {
      throw this.pool.connectError(error);
    }
    try {
      return await work(db);
    } finally {
      await db.detachAsync().catch(() => undefined);
    }
  }

  /** Drops a temporary database the checks restored; what cannot be dropped is left, never anything else. */
  private async drop(database: string): Promise<void> {
    try {
      const db = (await Firebird.attachAsync({ ...driverOptions(this.pool.target), database, isPool: false } as never)) as unknown as Database;
      await db.dropAsync();
    } catch {
      // The restore may have failed before creating it; nothing to drop.
    }
  }
}

function query(db: Database, sql: string): Promise<Record<string, unknown>[]> {
  return db.queryAsync(sql, []) as Promise<Record<string, unknown>[]>;
}

/** The folder of a path as the server spells it (Windows servers use backslashes). */
function serverFolder(file: string): string {
  const i = Math.max(file.lastIndexOf("/"), file.lastIndexOf("\\"));
  return i > 0 ? file.slice(0, i) : file;
}

/** Rows per table from gbak's verbose lines: a table's line, then its count. */
export function gbakCounts(lines: readonly string[], table: RegExp, count: RegExp): Record<string, number> {
  const out: Record<string, number> = {};
  let current: string | undefined;
  for (const raw of lines) {
    const line = raw.replace(/^gbak:\s*/, "").trim();
    const t = table.exec(line);
    if (t) {
      current = t[1]!.trim();
      out[current] = 0;
      continue;
    }
    const c = count.exec(line);
    if (c && current !== undefined) {
      out[current] = Number(c[1]);
      current = undefined;
    }
  }
  return out;
}

/** What online validation reported, line by line, sorted into damage, warnings and tables it could not lock. */
export interface ValidationOutcome {
  /** Tables it walked. */
  relations: number;
  /** Errors found: damage (names and numbers only). */
  problems: string[];
  /** Warnings: not damage, worth a look. */
  warnings: string[];
  /** Tables it skipped because other transactions held them longer than its lock timeout. */
  busy: string[];
}

/**
 * Reads online validation's output. A table that other transactions are
 * writing cannot be locked within the timeout: the server prints "Acquire
 * relation lock failed" and counts it as that table's one error. That is no
 * damage — the table was not checked this time — and is reported as such.
 */
export function validationFindings(lines: readonly string[]): ValidationOutcome {
  const relations = new Set<string>();
  const out: ValidationOutcome = { relations: 0, problems: [], warnings: [], busy: [] };
  let lockFailed = false;
  for (const raw of lines) {
    // Each line starts with the time it was printed: 18:39:33.41
    const line = raw.replace(/^\d{1,2}:\d{2}:\d{2}\.\d+\s*/, "").trim();
    const relation = /^Relation (\d+) \((.+?)\)(.*)$/.exec(line);
    if (relation) {
      const [, id, name, rest] = relation;
      const errors = /:\s*(\d+) ERRORS? found/i.exec(rest!);
      const warnings = /:\s*(\d+) WARNINGS? found/i.exec(rest!);
      if (rest!.trim() === "") {
        relations.add(id!);
        lockFailed = false;
      } else if (errors && Number(errors[1]) > 0) {
        if (lockFailed && Number(errors[1]) === 1) out.busy.push(name!);
        else out.problems.push(line);
      } else if (warnings && Number(warnings[1]) > 0) out.warnings.push(line);
      continue;
    }
    if (/acquire relation lock failed/i.test(line)) {
      lockFailed = true;
      continue;
    }
    if (/ERRORS? found|corrupt|damaged|wrong/i.test(line) && !/\b0 (ERRORS|WARNINGS)\b/i.test(line)) out.problems.push(line);
  }
  out.relations = relations.size - out.busy.length;
  return out;
}

/** The transaction counters of gstat's header page. */
export function headerFacts(lines: readonly string[]): { oit?: number; oat?: number; next?: number } {
  const value = (name: RegExp) => {
    for (const line of lines) {
      const m = name.exec(line.trim());
      if (m) return Number(m[1]);
    }
    return undefined;
  };
  return { oit: value(/^Oldest transaction\s+(\d+)/), oat: value(/^Oldest active\s+(\d+)/), next: value(/^Next transaction\s+(\d+)/) };
}

/** Indexes deeper than gstat's rule of thumb, with their depth. */
export function deepIndexes(lines: readonly string[]): Array<[string, number]> {
  const out: Array<[string, number]> = [];
  let index: string | undefined;
  for (const raw of lines) {
    const line = raw.trim();
    const i = /^Index (\S+) \(\d+\)/.exec(line);
    if (i) index = i[1];
    const d = /depth: (\d+)/.exec(line);
    if (d && index !== undefined) {
      if (Number(d[1]) > MAX_INDEX_DEPTH) out.push([index, Number(d[1])]);
      index = undefined;
    }
  }
  return out;
}
