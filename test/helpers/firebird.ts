import { chmodSync, existsSync, readFileSync, rmSync } from "node:fs";
import { tempDir } from "./temp-dir.ts";
import { join } from "node:path";
import Firebird from "node-firebird";

/**
 * The Firebird server the tests run against. In order:
 * 1. AGENT_TEST_FIREBIRD_HOST / _PORT / _USER / _PASSWORD (and _DIR: a
 *    folder on the server's machine where it may create databases);
 * 2. the local Debian server (`firebird3.0-server`, see .ci/run) on
 *    127.0.0.1:3050, its SYSDBA password read from
 *    /etc/firebird/3.0/SYSDBA.password.
 * With CI=true a missing server is a failure, never a skip; locally the
 * Firebird tests are skipped with the reason printed loudly.
 */
export interface FirebirdServer {
  host: string;
  port: number;
  user: string;
  password: string;
  /** Where the test databases go (the server process must be able to write there). */
  dir: string;
}

const PASSWORD_FILE = "/etc/firebird/3.0/SYSDBA.password";

function fromEnvironment(): FirebirdServer | string {
  const env = process.env;
  if (env.AGENT_TEST_FIREBIRD_HOST) {
    return {
      host: env.AGENT_TEST_FIREBIRD_HOST,
      port: Number(env.AGENT_TEST_FIREBIRD_PORT ?? 3050),
      user: env.AGENT_TEST_FIREBIRD_USER ?? "SYSDBA",
      password: env.AGENT_TEST_FIREBIRD_PASSWORD ?? "",
      dir: env.AGENT_TEST_FIREBIRD_DIR ?? sharedTempDir(),
    };
  }
  let text: string;
  try {
    text = readFileSync(PASSWORD_FILE, "utf8");
  } catch (error) {
    return `no AGENT_TEST_FIREBIRD_HOST and no local server's ${PASSWORD_FILE} (${(error as Error).message}); install it as .ci/run does`;
  }
  const password = /ISC_PASSWORD="?([^"\n]+)"?/.exec(text)?.[1];
  if (!password) return `${PASSWORD_FILE} holds no ISC_PASSWORD`;
  return { host: "127.0.0.1", port: 3050, user: "SYSDBA", password, dir: sharedTempDir() };
}

let tempRoot: string | undefined;
/** A folder the server's own user (firebird) can write into, removed after the run like every temp folder. */
function sharedTempDir(): string {
  if (!tempRoot) {
    tempRoot = tempDir("agent-fb-");
    chmodSync(tempRoot, 0o777);
  }
  return tempRoot;
}

/** Undefined when we can create (and drop) a database on the server, else why not. */
async function reachable(s: FirebirdServer): Promise<string | undefined> {
  const probe = join(s.dir, `probe_${process.pid}.fdb`);
  try {
    // A database made and dropped: an attach that fails would leave node-firebird's socket open behind it.
    const db = await Firebird.createAsync({ host: s.host, port: s.port, user: s.user, password: s.password, database: probe } as never);
    await (db as unknown as { dropAsync(): Promise<void> }).dropAsync();
    return undefined;
  } catch (error) {
    return `the Firebird server at ${s.host}:${s.port} did not let us create a database in ${s.dir}: ${(error as Error).message}`;
  }
}

async function findServer(): Promise<{ server?: FirebirdServer; reason?: string }> {
  const found = fromEnvironment();
  if (typeof found === "string") return { reason: found };
  const problem = await reachable(found);
  return problem ? { reason: problem } : { server: found };
}

const located = await findServer();

/** The server, or undefined (tests skip; under CI=true this already threw). */
export const firebird: FirebirdServer | undefined = located.server;

if (!firebird) {
  const reason = `Firebird tests need a Firebird 3 server: ${located.reason}`;
  if (process.env.CI === "true") throw new Error(reason);
  console.warn(`\n*** SKIPPED: ${reason} ***\n`);
}

let counter = 0;

/** Creates a fresh database with this default character set; answers its path on the server. */
export async function createTestDatabase(server: FirebirdServer, charset: "UTF8" | "WIN1251" | "NONE"): Promise<string> {
  const path = join(server.dir, `t${process.pid}_${++counter}_${charset.toLowerCase()}.fdb`);
  if (existsSync(path)) rmSync(path);
  const db = await Firebird.createAsync({ host: server.host, port: server.port, user: server.user, password: server.password, database: path, encoding: charset, pageSize: 8192 } as never);
  await (db as { detachAsync(): Promise<void> }).detachAsync();
  return path;
}
