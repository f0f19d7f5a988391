import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, isAbsolute, join, resolve } from "node:path";
import { usageError } from "../../kernel/agent-error.ts";
import { upkeepTexts as T } from "../../messages/areas/upkeep.ts";
import { say } from "../../messages/text.ts";
import { fileProblem } from "../../store/file-problem.ts";

/**
 * The layout of a backup folder. Each run writes one set of files into a
 * folder named after its instant (`20250514T000500Z`), first as
 * `….partial`, renamed only when every copy in it is written, synced and
 * verified: a set folder without the suffix is complete by construction, and
 * `manifest.json` in it says what each file is, its size, SHA-256 and rows.
 *
 *   backup/
 *     20250514T000500Z/
 *       main.db | main.fbk   the main DB (absent when Firebird wrote it on another host)
 *       agent.db             the agent's store
 *       log.db               the log DB
 *       manifest.json
 */
export const MANIFEST = "manifest.json";
const SET_NAME = /^\d{8}T\d{6}Z(-\d+)?$/;

/** Which database a file of a set is a copy of. */
export type BackupRole = "main" | "agent" | "log";

/** One file of a set, as its manifest records it. */
export interface BackupEntry {
  role: BackupRole;
  engine: "sqlite" | "firebird";
  /** The file's name in the set's folder; for a copy the Firebird server wrote on another host, its path there. */
  file: string;
  /** Set when the file is on the database server's host, not in the set's folder. */
  host?: string;
  bytes: number | null;
  /** Null when the agent cannot read the file (it is on another host). */
  sha256: string | null;
  /** Rows per table the copy holds: what the restore check counts against. */
  tables: Record<string, number>;
  /** The quick verification's one line. */
  verified: string;
}

export interface Manifest {
  format: 1;
  createdAt: string;
  agentVersion: string;
  instance: string;
  files: BackupEntry[];
  restoreCheck?: { at: string; ok: boolean; findings: number };
}

/** A complete set: its name (the instant), its folder, what it holds. */
export interface BackupSet {
  name: string;
  dir: string;
  manifest: Manifest;
}

/** The job's folder option: absolute, or relative to the instance's folder (`data/<instance>/backup`). */
export function backupFolder(option: string, instanceRoot: string): string {
  return isAbsolute(option) ? option : resolve(instanceRoot, option);
}

/**
 * Makes sure the folder exists. It is created when its parent exists; a
 * missing parent usually means a disk that is not mounted, and creating the
 * whole path would fill the system disk instead.
 */
export function prepareFolder(folder: string): void {
  if (existsSync(folder)) {
    if (!statSync(folder).isDirectory()) throw usageError(say(T.notFolder, { path: folder }));
    return;
  }
  const parent = dirname(folder);
  if (!existsSync(parent)) throw usageError(say(T.parentMissing, { folder, parent }));
  try {
    mkdirSync(folder, { mode: 0o700 });
  } catch (error) {
    throw fileProblem(error, folder);
  }
}

/** The name of a new set: its instant in UTC, made unique if a set of that second exists. */
export function newSetName(folder: string, now: number): string {
  const base = new Date(now).toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z");
  let name = base;
  for (let n = 2; existsSync(join(folder, name)) || existsSync(join(folder, `${name}.partial`)); n++) name = `${base}-${n}`;
  return name;
}

/** The complete sets in the folder, newest first. A folder without a readable manifest is not a set. */
export function listSets(folder: string): BackupSet[] {
  if (!existsSync(folder)) return [];
  const sets: BackupSet[] = [];
  for (const name of readdirSync(folder)) {
    if (!SET_NAME.test(name)) continue;
    const dir = join(folder, name);
    try {
      const manifest = JSON.parse(readFileSync(join(dir, MANIFEST), "utf8")) as Manifest;
      if (manifest.format === 1 && Array.isArray(manifest.files)) sets.push({ name, dir, manifest });
    } catch {
      // Not ours, or damaged: never counted, never deleted.
    }
  }
  return sets.sort((a, b) => compareNames(b.name, a.name));
}

/** Set names in time order: the instant, then the suffix of a second set in the same second. */
function compareNames(a: string, b: string): number {
  const [at, an = "1"] = a.split("-");
  const [bt, bn = "1"] = b.split("-");
  return at! < bt! ? -1 : at! > bt! ? 1 : Number(an) - Number(bn);
}

/** Writes a manifest and syncs it: the last file of a set before the set is renamed complete. */
export function writeManifest(dir: string, manifest: Manifest): void {
  const path = join(dir, MANIFEST);
  const temporary = `${path}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600 });
  syncPath(temporary);
  renameSync(temporary, path);
  syncPath(dir);
}

/** Renames the finished `….partial` folder to the set's name, durably. */
export function completeSet(folder: string, name: string): string {
  const dir = join(folder, name);
  renameSync(join(folder, `${name}.partial`), dir);
  syncPath(folder);
  return dir;
}

/**
 * Deletes the complete sets beyond the newest `keep`. Called only after a new
 * set is complete and verified, so a failed run never deletes anything.
 * Answers the sets deleted, and the files on a database server's host that
 * the agent cannot delete.
 */
export function pruneSets(folder: string, keep: number): { deleted: string[]; remote: Array<{ host: string; file: string }> } {
  const deleted: string[] = [];
  const remote: Array<{ host: string; file: string }> = [];
  for (const set of listSets(folder).slice(keep)) {
    rmSync(set.dir, { recursive: true, force: true });
    deleted.push(set.name);
    for (const f of set.manifest.files) if (f.host !== undefined) remote.push({ host: f.host, file: f.file });
  }
  return { deleted, remote };
}

function syncPath(path: string): void {
  if (process.platform === "win32") return;
  const fd = openSync(path, "r");
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
