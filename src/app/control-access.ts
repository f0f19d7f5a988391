import { chmodSync, chownSync, readFileSync } from "node:fs";
import { appTexts as A } from "../messages/areas/app.ts";
import { say } from "../messages/text.ts";
import type { Logger } from "../logs/logger.ts";
import type { InstancePaths } from "../platform/instance-paths.ts";

/**
 * Who may use the control channel (Linux). The socket belongs to the
 * service's user; with `admin_group` set, the group may connect too: the
 * socket becomes 0660 in that group, and the data folders 0710 in it, so its
 * members can reach the socket but still not list or read the stores (0600).
 * Root always can. Answers the socket's mode.
 */
export function controlSocketMode(paths: InstancePaths, adminGroup: string, log: Logger): number {
  if (process.platform === "win32" || adminGroup.trim() === "") return 0o600;
  const gid = groupId(adminGroup.trim());
  if (gid === undefined) {
    log.warn(say(A.unknownAdminGroup, { group: adminGroup }));
    return 0o600;
  }
  try {
    for (const dir of [paths.dataDir, paths.root]) {
      chownSync(dir, -1, gid);
      chmodSync(dir, 0o710);
    }
    return 0o660;
  } catch (error) {
    log.warn(say(A.adminGroupNotApplied, { group: adminGroup, detail: (error as Error).message }));
    return 0o600;
  }
}

/** The socket file's group follows the folders once it exists. */
export function applySocketGroup(socketPath: string, adminGroup: string): void {
  const gid = process.platform === "win32" || !adminGroup.trim() ? undefined : groupId(adminGroup.trim());
  if (gid !== undefined) chownSync(socketPath, -1, gid);
}

/** A group's id by name or number, from /etc/group (Bun has no getgrnam). */
export function groupId(group: string): number | undefined {
  if (/^\d+$/.test(group)) return Number(group);
  try {
    for (const line of readFileSync("/etc/group", "utf8").split("\n")) {
      const [name, , gid] = line.split(":");
      if (name === group && gid !== undefined) return Number(gid);
    }
  } catch {
    // No /etc/group: the group cannot be resolved.
  }
  return undefined;
}
