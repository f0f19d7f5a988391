import { chmodSync, existsSync, mkdirSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { describeError } from "../../kernel/describe-error.ts";
import { upkeepTexts as T } from "../../messages/areas/upkeep.ts";
import { say } from "../../messages/text.ts";
import { BUILD } from "../../platform/build-info.ts";
import { instancePaths } from "../../platform/instance-paths.ts";
import { mainDbWhere } from "../../clinic/open-main-db.ts";
import type { MainDbUpkeep } from "../../clinic/port.ts";
import { SqliteUpkeep } from "../../clinic/sqlite/sqlite-upkeep.ts";
import { sha256File } from "../../store/file-hash.ts";
import { fileProblem } from "../../store/file-problem.ts";
import type { CheckTarget } from "../../store/db-checks.ts";
import type { ThreadHandle } from "../../threads/thread-manager.ts";
import type { TaskContext } from "../task.ts";
import { oneThreadTask } from "../one-thread-task.ts";
import { FindingsError } from "../findings-error.ts";
import { backupFolder, completeSet, newSetName, prepareFolder, pruneSets, writeManifest, type BackupEntry, type BackupRole } from "./backup-folder.ts";

const mb = (bytes: number | null) => ((bytes ?? 0) / 1048576).toFixed(1);

/** What one copy is of, and how to make it. */
interface Source {
  role: BackupRole;
  target: CheckTarget;
  what: string;
  engine: "sqlite" | "firebird";
  upkeep: MainDbUpkeep;
}

/**
 * «Бэкап "Главной базы"» (TBackupThread): a consistent copy of the main DB
 * and of the agent's own stores into a new set in the job's folder, each
 * checked right away (SQLite: `quick_check` of the copy; Firebird: the
 * copy's metadata read back through the server) and recorded with its
 * SHA-256 in the set's manifest. Only once the whole set is written, synced
 * and verified is it renamed complete — and only then are the sets beyond
 * the newest `keep` deleted. A full disk or a folder that cannot be written
 * fails the run loudly and deletes nothing but this run's own unfinished files.
 */
export const backupTask = oneThreadTask("backup", "TBackupThread", (ctx, thread) => backUp(ctx, thread), () => say(T.summaryBackupFailed));

async function backUp(ctx: TaskContext, thread: ThreadHandle): Promise<string> {
  const paths = instancePaths(ctx.config);
  const folder = backupFolder(String(ctx.options.folder), paths.root);
  const keep = Number(ctx.options.keep);
  const serverFolder = String(ctx.options.server_folder ?? "").trim();
  const checks = ctx.services.checks();
  thread.log.info(say(T.backupStarted, { folder, keep }));
  prepareFolder(folder);

  const sources: Source[] = [];
  if (ctx.services.mainDbConfigured()) {
    const db = await ctx.services.mainDb();
    sources.push({ role: "main", target: "main", what: say(T.whatMain, { engine: db.engine }), engine: db.engine, upkeep: db.upkeep });
  } else {
    thread.log.warn(say(T.noMainDb, { where: mainDbWhere(ctx.config) }));
  }
  sources.push({ role: "agent", target: "agent", what: say(T.whatAgentStore), engine: "sqlite", upkeep: new SqliteUpkeep(paths.agentStore) });
  sources.push({ role: "log", target: "log", what: say(T.whatLogStore), engine: "sqlite", upkeep: new SqliteUpkeep(paths.logStore) });

  const name = newSetName(folder, ctx.clock.now());
  const partial = join(folder, `${name}.partial`);
  const entries: BackupEntry[] = [];
  let current: Source | undefined;
  try {
    try {
      mkdirSync(partial, { mode: 0o700 });
      // A Firebird server on this machine writes the main DB's copy itself, as its own user:
      // the set's folder gets the group access the backup folder gives (chmod 2770, group firebird).
      if (sources.some((s) => s.upkeep.writer.by === "server")) chmodSync(partial, 0o700 | (statSync(folder).mode & 0o070));
    } catch (error) {
      throw fileProblem(error, partial);
    }
    for (const source of sources) {
      current = source;
      thread.checkpoint();
      entries.push(await copyOne(ctx, thread, source, { partial, name, serverFolder }));
      thread.progress(entries.length, sources.length);
    }
    current = undefined;
    writeManifest(partial, {
      format: 1,
      createdAt: new Date(ctx.clock.now()).toISOString(),
      agentVersion: BUILD.version,
      instance: ctx.config.instance,
      files: entries,
    });
    completeSet(folder, name);
  } catch (error) {
    removeIncomplete(thread, partial);
    if (current) checks.record({ at: ctx.clock.now(), runId: ctx.runId, target: current.target, kind: "backup", ok: false, summary: describeError(error), findings: findingsOf(error) });
    throw error;
  }

  const bytes = entries.reduce((n, e) => n + (e.bytes ?? 0), 0);
  for (const e of entries) {
    const source = sources.find((s) => s.role === e.role)!;
    const where = e.host ? `${e.host}:${e.file}` : join(folder, name, e.file);
    checks.record({ at: ctx.clock.now(), runId: ctx.runId, target: source.target, kind: "backup", ok: true, summary: `${where}; ${e.verified}`, findings: [] });
  }
  const pruned = pruneSets(folder, keep);
  if (pruned.deleted.length > 0) thread.log.info(say(T.pruned, { count: pruned.deleted.length, names: pruned.deleted.join(", ") }));
  for (const r of pruned.remote) thread.log.warn(say(T.remoteKept, { host: r.host, file: r.file }));
  thread.log.info(say(T.backupFinished, { set: join(folder, name), files: entries.length, mb: mb(bytes) }));
  return say(T.summaryBackup, { set: name, mb: mb(bytes) });
}

async function copyOne(
  ctx: TaskContext,
  thread: ThreadHandle,
  source: Source,
  at: { partial: string; name: string; serverFolder: string },
): Promise<BackupEntry> {
  const { upkeep } = source;
  const started = ctx.clock.monotonic();
  const writer = upkeep.writer;
  const remote = writer.by === "server" && !writer.local;
  let file: string;
  let scratch: string;
  if (remote) {
    if (!at.serverFolder) throw new FindingsError(say(T.serverFolderNeeded, { host: writer.host }), "config");
    const sep = at.serverFolder.includes("\\") ? "\\" : "/";
    const base = at.serverFolder.replace(/[\\/]+$/, "");
    file = `${base}${sep}${at.name}-${source.role}.${upkeep.backupExtension}`;
    scratch = `${base}${sep}${at.name}-verify.fdb`;
    thread.log.warn(say(T.onServerHost, { host: writer.host, file }));
  } else {
    file = join(at.partial, `${source.role}.${upkeep.backupExtension}`);
    scratch = join(at.partial, `verify-${source.role}.tmp`);
  }
  const copy = await upkeep.backup(file, { signal: thread.signal, onLine: (line) => thread.log.debug(line) });
  let bytes: number | null = null;
  let sha256: string | null = null;
  if (!remote) {
    if (!existsSync(file)) throw fileProblem(new Error("the copy was not written"), file);
    ({ bytes, sha256 } = await sha256File(file, thread.signal));
  }
  const seconds = ((ctx.clock.monotonic() - started) / 1000).toFixed(1);
  const shown = remote && writer.by === "server" ? `${writer.host}:${file}` : file;
  thread.log.info(say(T.copied, { what: source.what, file: shown, mb: mb(bytes), seconds }));
  if (sha256) thread.log.info(say(T.checksum, { file, sha256 }));
  const verdict = await upkeep.verifyBackup(file, scratch, copy, { signal: thread.signal });
  if (!verdict.ok) {
    for (const f of verdict.findings.slice(0, 20)) thread.log.error(say(T.finding, { what: source.what, finding: f }));
    throw new FindingsError(say(T.verifyFailed, { what: source.what, detail: verdict.summary }), "backup", verdict.findings);
  }
  thread.log.info(say(T.verified, { what: source.what, detail: verdict.summary }));
  return {
    role: source.role,
    engine: source.engine,
    file: remote ? file : `${source.role}.${upkeep.backupExtension}`,
    ...(remote && writer.by === "server" ? { host: writer.host } : {}),
    bytes,
    sha256,
    tables: copy.tables,
    verified: verdict.summary,
  };
}

/** This run's own unfinished set: removed so that a full disk is not left fuller. Nothing else is touched. */
function removeIncomplete(thread: ThreadHandle, partial: string): void {
  if (!existsSync(partial)) return;
  try {
    rmSync(partial, { recursive: true, force: true });
    thread.log.warn(say(T.incompleteRemoved, { dir: partial }));
  } catch (error) {
    thread.log.error(say(T.incompleteLeft, { dir: partial, detail: describeError(error) }));
  }
}

function findingsOf(error: unknown): string[] {
  return error instanceof FindingsError ? error.findings : [];
}
