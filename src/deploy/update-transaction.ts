import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, extname, join } from "node:path";
import type { InstancePaths } from "../platform/instance-paths.ts";
import { makePrivateDir } from "../platform/private-files.ts";
import type { StoreBackup } from "./store-backup.ts";

/**
 * One update on its way, written to `data/<instance>/update/transaction.json`
 * so that whoever runs next knows where it stands, whatever stopped in between:
 *
 * - `prepared`: the service checked, downloaded and staged the new binary and
 *   backed up the stores, then exited for its supervisor to switch;
 * - `switched`: the supervisor put the new binary in place and is checking it;
 * - `applied`, `rolled_back`, `abandoned`: decided; the service records the
 *   outcome in its store and log at its next start (or when told) and removes
 *   the file.
 */
export type TransactionState = "prepared" | "switched" | "applied" | "rolled_back" | "abandoned";

export interface UpdateTransaction {
  state: TransactionState;
  from: string;
  to: string;
  /** The binary the service runs, which the update replaces. */
  binary: string;
  /** The new binary, checked, beside it. */
  staged: string;
  /** Where the running binary is kept while the new one proves itself. */
  previous: string;
  sha256: string;
  /** The stores and their consistent copies taken before switching. */
  stores: StoreBackup[];
  preparedAt: number;
  /** Why it was rolled back or abandoned (`health`, `interrupted`). */
  reason?: string;
  /** What exactly happened, for the log. */
  detail?: string;
  finishedAt?: number;
}

/** Where the update's files lie: the state and backups in the instance's folder, binaries beside the binary. */
export interface UpdatePaths {
  dir: string;
  transaction: string;
  backupDir: string;
  staged: string;
  previous: string;
}

/**
 * The staged and previous binaries sit beside the binary (the same disk, so a
 * rename moves them), named per instance so that two instances sharing one
 * binary never overwrite each other's files: `agent.new-main`, `agent.prev-main.exe`.
 */
export function updatePaths(instance: InstancePaths, instanceName: string, binary: string): UpdatePaths {
  const dir = updateDir(instance);
  const ext = extname(binary).toLowerCase() === ".exe" ? ".exe" : "";
  const stem = basename(binary, ext);
  const beside = (tag: string) => join(dirname(binary), `${stem}.${tag}-${instanceName}${ext}`);
  return { dir, transaction: transactionPath(instance), backupDir: join(dir, "backup"), staged: beside("new"), previous: beside("prev") };
}

/** `data/<instance>/update/`: the transaction and the stores' backups. */
export function updateDir(instance: InstancePaths): string {
  return join(instance.root, "update");
}

export function transactionPath(instance: InstancePaths): string {
  return join(updateDir(instance), "transaction.json");
}

/** The transaction, if one is under way or waits to be recorded; a file that cannot be read is reported as such. */
export function readTransaction(path: string): UpdateTransaction | { unreadable: string } | undefined {
  if (!existsSync(path)) return undefined;
  try {
    const t = JSON.parse(readFileSync(path, "utf8")) as UpdateTransaction;
    if (typeof t.state !== "string" || typeof t.binary !== "string" || !Array.isArray(t.stores)) return { unreadable: "fields missing" };
    return t;
  } catch (error) {
    return { unreadable: (error as Error).message };
  }
}

/** Writes the transaction atomically (a new file renamed over the old), so a crash leaves the old or the new state. */
export function writeTransaction(path: string, t: UpdateTransaction): void {
  makePrivateDir(dirname(path));
  const temporary = `${path}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(t, null, 2)}\n`, { mode: 0o600 });
  renameSync(temporary, path);
}

export function removeTransaction(path: string): void {
  rmSync(path, { force: true });
}

export function isDecided(state: TransactionState): boolean {
  return state === "applied" || state === "rolled_back" || state === "abandoned";
}
