import { existsSync } from "node:fs";
import { join } from "node:path";
import { upkeepTexts as T } from "../../messages/areas/upkeep.ts";
import { say } from "../../messages/text.ts";
import { instancePaths } from "../../platform/instance-paths.ts";
import type { CheckReport, MainDbUpkeep } from "../../clinic/port.ts";
import { SqliteUpkeep } from "../../clinic/sqlite/sqlite-upkeep.ts";
import { sha256File } from "../../store/file-hash.ts";
import type { CheckTarget } from "../../store/db-checks.ts";
import type { ThreadHandle } from "../../threads/thread-manager.ts";
import type { TaskContext } from "../task.ts";
import { oneThreadTask } from "../one-thread-task.ts";
import { FindingsError } from "../findings-error.ts";
import { backupFolder, listSets, writeManifest, type BackupEntry, type BackupSet } from "../backup/backup-folder.ts";

/**
 * «Проверка восстановления из резервной копии» (TRestoreCheckThread), weekly
 * by default: the newest complete backup set is restored for real — each
 * file's SHA-256 compared with the manifest, the database restored into a
 * temporary one (SQLite: the file copied back; Firebird: gbak's restore
 * through the server), checked in full (`integrity_check`; online
 * validation), its rows counted table by table against what the backup
 * holds, and the temporary database removed. It takes as long as a restore
 * would, which is why it is not part of the daily backup.
 */
export const restoreCheckTask = oneThreadTask("restore-check", "TRestoreCheckThread", checkNewest);

async function checkNewest(ctx: TaskContext, thread: ThreadHandle): Promise<string> {
  const paths = instancePaths(ctx.config);
  const folder = backupFolder(String(ctx.options.folder), paths.root);
  const serverFolder = String(ctx.options.server_folder ?? "").trim();
  const set = listSets(folder)[0];
  if (!set) throw new FindingsError(say(T.noBackups, { folder }), "missing");
  thread.log.info(say(T.restoreStarted, { set: set.dir }));
  const checks = ctx.services.checks();
  let bad = 0;
  let index = 0;
  for (const entry of set.manifest.files) {
    thread.checkpoint();
    const what = whatOf(entry);
    const report = await checkEntry(ctx, thread, set, entry, serverFolder);
    checks.record({ at: ctx.clock.now(), runId: ctx.runId, target: entry.role as CheckTarget, kind: "restore-check", ok: report.ok, summary: `${set.name}: ${report.summary}`, findings: report.findings });
    if (report.ok) thread.log.info(say(T.restoreOk, { what, detail: report.summary }));
    else {
      bad++;
      thread.log.error(say(T.restoreBad, { what, count: report.findings.length }));
      for (const f of report.findings.slice(0, 20)) thread.log.error(say(T.finding, { what, finding: f }));
    }
    thread.progress(++index, set.manifest.files.length);
  }
  writeManifest(set.dir, { ...set.manifest, restoreCheck: { at: new Date(ctx.clock.now()).toISOString(), ok: bad === 0, findings: bad } });
  thread.log.info(say(T.restoreFinished, { set: set.dir, ok: set.manifest.files.length - bad, bad }));
  const summary = say(T.summaryRestore, { set: set.name, bad });
  if (bad > 0) throw new FindingsError(summary, "restore");
  return summary;
}

async function checkEntry(ctx: TaskContext, thread: ThreadHandle, set: BackupSet, entry: BackupEntry, serverFolder: string): Promise<CheckReport> {
  const signal = thread.signal;
  let file: string;
  let scratch: string;
  let upkeep: MainDbUpkeep;
  if (entry.role === "main") {
    const db = await ctx.services.mainDb();
    if (db.engine !== entry.engine) {
      const finding = say(T.engineChanged, { backup: entry.engine, now: db.engine });
      return { ok: false, summary: finding, findings: [finding] };
    }
    upkeep = db.upkeep;
    if (entry.host !== undefined) {
      // A copy the Firebird server wrote on its own host: restored there, next to it.
      file = entry.file;
      const base = (serverFolder || entry.file.replace(/[\\/][^\\/]*$/, "")).replace(/[\\/]+$/, "");
      scratch = `${base}${base.includes("\\") ? "\\" : "/"}${set.name}-restore-check.fdb`;
    } else {
      file = join(set.dir, entry.file);
      scratch = join(set.dir, `restore-check.${entry.engine === "firebird" ? "fdb" : "db"}`);
    }
  } else {
    // The agent's stores are SQLite files: any SqliteUpkeep restores a copy of one.
    upkeep = new SqliteUpkeep(join(set.dir, entry.file));
    file = join(set.dir, entry.file);
    scratch = join(set.dir, `restore-check-${entry.role}.db`);
  }
  if (entry.host === undefined) {
    if (!existsSync(file)) return { ok: false, summary: say(T.fileMissing, { file }), findings: [say(T.fileMissing, { file })] };
    if (entry.sha256 !== null && (await sha256File(file, signal)).sha256 !== entry.sha256) {
      const finding = say(T.checksumMismatch, { file });
      return { ok: false, summary: finding, findings: [finding] };
    }
  }
  return upkeep.restoreCheck(file, scratch, { tables: entry.tables }, { signal, onLine: (line) => thread.log.debug(line) });
}

function whatOf(entry: BackupEntry): string {
  if (entry.role === "main") return say(T.whatMain, { engine: entry.engine });
  return say(entry.role === "agent" ? T.whatAgentStore : T.whatLogStore);
}
