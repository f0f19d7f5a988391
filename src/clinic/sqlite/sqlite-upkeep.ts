import { rmSync } from "node:fs";
import { upkeepTexts as T } from "../../messages/areas/upkeep.ts";
import { say } from "../../messages/text.ts";
import { checkSqlite, copySqlite, countSqliteRows, optimizeSqlite } from "../../store/sqlite-offthread.ts";
import { fileProblem } from "../../store/file-problem.ts";
import type { BackupCopy, CheckReport, MainDbUpkeep, UpkeepOptions } from "../port.ts";
import { compareTables } from "../table-counts.ts";

/**
 * The embedded main DB's upkeep. Every step reads the file through a
 * connection of its own in a worker thread (store/sqlite-offthread.ts): the
 * copy is one consistent snapshot while the agent writes (WAL: the writer
 * never waits for it), and the service's thread stays free.
 */
export class SqliteUpkeep implements MainDbUpkeep {
  readonly writer = { by: "agent" } as const;
  readonly backupExtension = "db" as const;

  constructor(private readonly path: string) {}

  async backup(file: string, o: UpkeepOptions = {}): Promise<BackupCopy> {
    try {
      await copySqlite(this.path, file, o.signal);
    } catch (error) {
      throw fileProblem(error, file);
    }
    return { tables: await countSqliteRows(file, o.signal) };
  }

  async verifyBackup(file: string, _scratch: string, expected: BackupCopy, o: UpkeepOptions = {}): Promise<CheckReport> {
    const findings = await checkSqlite(file, "quick", o.signal);
    return {
      ok: findings.length === 0,
      summary: findings.length === 0 ? say(T.sqliteVerified, { tables: Object.keys(expected.tables).length }) : say(T.sqliteVerifyFound, { count: findings.length }),
      findings,
    };
  }

  /** "Restoring" an SQLite backup is copying the file back: here into `scratch`, then checked in full and counted. */
  async restoreCheck(file: string, scratch: string, expected: BackupCopy, o: UpkeepOptions = {}): Promise<CheckReport> {
    try {
      try {
        await Bun.write(Bun.file(scratch), Bun.file(file));
      } catch (error) {
        throw fileProblem(error, scratch);
      }
      const damage = await checkSqlite(scratch, "integrity", o.signal);
      const restored = await countSqliteRows(scratch, o.signal);
      const findings = [...damage, ...compareTables(expected.tables, restored)];
      const rows = Object.values(restored).reduce((a, b) => a + b, 0);
      const check = damage.length === 0 ? say(T.integrityOk) : say(T.integrityFound, { count: damage.length });
      return { ok: findings.length === 0, summary: say(T.restored, { tables: Object.keys(restored).length, rows, check }), findings };
    } finally {
      for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(`${scratch}${suffix}`, { force: true });
    }
  }

  async validate(o: UpkeepOptions = {}): Promise<CheckReport> {
    const findings = await checkSqlite(this.path, "integrity", o.signal);
    return { ok: findings.length === 0, summary: findings.length === 0 ? say(T.integrityOk) : say(T.integrityFound, { count: findings.length }), findings };
  }

  async maintain(o: UpkeepOptions = {}): Promise<CheckReport> {
    await optimizeSqlite(this.path, o.signal);
    return { ok: true, summary: say(T.sqliteOptimized), findings: [] };
  }
}
