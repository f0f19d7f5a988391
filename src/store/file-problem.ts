import { userInfo } from "node:os";
import { AgentError, usageError } from "../kernel/agent-error.ts";
import { ExitCode } from "../kernel/exit-codes.ts";
import { upkeepTexts as T } from "../messages/areas/upkeep.ts";
import { say } from "../messages/text.ts";

const FULL = /^(SQLITE_FULL|ENOSPC|EDQUOT)/;
const NO_ACCESS = /^(SQLITE_CANTOPEN|SQLITE_READONLY|SQLITE_PERM|SQLITE_AUTH|EACCES|EPERM|EROFS)/;

/**
 * A failure to write (or read) a file of a backup or a check, as the
 * administrator should read it: the disk is full, the folder is not writable,
 * or what else the system said. The original stays the cause, so the run's
 * error kind is SQLite's or the file system's code.
 */
export function fileProblem(error: unknown, path: string): AgentError {
  if (error instanceof AgentError) return error;
  const code = String((error as { code?: unknown })?.code ?? "");
  const detail = String((error as Error)?.message ?? error);
  if (FULL.test(code) || /no space left|disk is full|database or disk is full/i.test(detail)) {
    return new AgentError(say(T.diskFull, { path }), ExitCode.taskFailed, { cause: error });
  }
  if (NO_ACCESS.test(code) || /permission denied|read-only file system|unable to open database file/i.test(detail)) {
    return usageError(say(T.noAccess, { path, user: currentUser(), detail: code || detail }), error);
  }
  return new AgentError(say(T.fileFailed, { path, detail }), ExitCode.taskFailed, { cause: error });
}

function currentUser(): string {
  try {
    return userInfo().username;
  } catch {
    return String(process.getuid?.() ?? "?");
  }
}
