import { accessSync, constants, statSync, unlinkSync, writeFileSync, type Stats } from "node:fs";
import { join } from "node:path";
import { userInfo } from "node:os";
import { platformTexts as T } from "../messages/areas/platform.ts";
import { say } from "../messages/text.ts";
import { usageError } from "../kernel/agent-error.ts";
import { makePrivateDir } from "./private-files.ts";
import type { InstancePaths } from "./instance-paths.ts";

/**
 * Makes sure the instance's folder exists and is writable. The default data
 * folder is created; one the administrator configured must already exist,
 * because a missing one usually means a typo or an unmounted disk, and
 * creating it would scatter the data.
 */
export function prepareDataFolder(paths: InstancePaths, dataDirConfigured: boolean): void {
  const dataDir = statIfThere(paths.dataDir);
  if (dataDir) {
    if (!dataDir.isDirectory()) throw usageError(say(T.dataDirNotFolder, { dir: paths.dataDir }));
  } else if (dataDirConfigured) {
    throw usageError(say(T.dataDirMissing, { dir: paths.dataDir }));
  }
  try {
    makePrivateDir(paths.root);
    accessSync(paths.root, constants.W_OK);
    // access() can say yes on a read-only mount; a real write is the only proof.
    const probe = join(paths.root, `.write-test-${process.pid}`);
    writeFileSync(probe, "");
    unlinkSync(probe);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "";
    if (code === "ENOSPC") throw usageError(say(T.diskFull, { what: paths.root }), error);
    throw usageError(say(T.dataDirReadOnly, { dir: paths.root, user: currentUser(), detail: code || String(error) }), error);
  }
}

/** One stat instead of existsSync and then statSync; like existsSync, any failure means "not there". */
function statIfThere(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

function currentUser(): string {
  try {
    return userInfo().username;
  } catch {
    return String(process.getuid?.() ?? "?");
  }
}
