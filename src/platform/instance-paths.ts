import { join } from "node:path";
import type { Config } from "../config/schema.ts";

/** Where one instance keeps its files, all under `<data_dir>/<instance>/`. */
export interface InstancePaths {
  dataDir: string;
  root: string;
  /** The agent's own store: jobs, runs, its queues. */
  agentStore: string;
  /** The log DB ("БД лога"). */
  logStore: string;
  /** Held exclusively by the agent that owns the stores. */
  lockFile: string;
  /** Who holds the lock, written beside it for the message a second agent prints. */
  lockInfo: string;
  /** The control channel: a Unix socket on Linux; on Windows a file with its port and token. */
  controlEndpoint: string;
  /** The embedded SQLite main DB when `maindb.path` is empty. */
  defaultMainDb: string;
}

export function instancePaths(config: Config): InstancePaths {
  const root = join(config.data_dir, config.instance);
  return {
    dataDir: config.data_dir,
    root,
    agentStore: join(root, "agent.db"),
    logStore: join(root, "log.db"),
    lockFile: join(root, "agent.lock"),
    lockInfo: join(root, "agent.lock.json"),
    controlEndpoint: join(root, process.platform === "win32" ? "control.json" : "control.sock"),
    defaultMainDb: join(root, "main.db"),
  };
}
