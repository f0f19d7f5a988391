import { copyFileSync, existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Subprocess } from "bun";
import Firebird from "node-firebird";
import { tempDir } from "./temp-dir.ts";
import type { FirebirdServer } from "./firebird.ts";

/**
 * A Firebird server of our own, for the test that restarts the server under
 * a running agent (we must not restart a shared one). It runs the installed
 * Debian binaries (`firebird3.0-server`) on a free loopback port with its own
 * config, lock folder and security database whose SYSDBA password the test
 * sets — no root needed, nothing shared touched.
 */
const SERVER = "/usr/sbin/firebird";
const ISQL = "/usr/bin/isql-fb";
const LIBDIR = "/usr/lib/x86_64-linux-gnu/firebird/3.0";
const PASSWORD = "restart-test";

/** Why a private server cannot run here, or undefined. */
export function privateServerMissing(): string | undefined {
  for (const path of [SERVER, ISQL, join(LIBDIR, "plugins.conf"), join(LIBDIR, "firebird.msg")]) {
    if (!existsSync(path)) return `${path} is missing (Debian package firebird3.0-server, see .ci/run)`;
  }
  return undefined;
}

export class PrivateFirebird {
  private proc: Subprocess | undefined;
  private stderr = "";

  private constructor(
    readonly root: string,
    readonly port: number,
  ) {}

  get server(): FirebirdServer {
    return { host: "127.0.0.1", port: this.port, user: "SYSDBA", password: PASSWORD, dir: join(this.root, "db") };
  }

  /**
   * A private server, started. node-firebird fails the Srp login of some
   * users, always the same ones (it depends on the salt the server drew for
   * the user, about one in eight here; Jaybird had the like, JDBC-592): a
   * server whose SYSDBA it cannot log in is thrown away and made again.
   */
  static async started(): Promise<PrivateFirebird> {
    let last: unknown;
    for (let attempt = 0; attempt < 6; attempt++) {
      const server = await PrivateFirebird.create();
      try {
        await server.start();
        return server;
      } catch (error) {
        last = error;
        await server.stop();
        if (!(error instanceof SaltRefused)) throw error;
      }
    }
    throw last;
  }

  static async create(): Promise<PrivateFirebird> {
    const root = tempDir("agent-fbsrv-");
    for (const sub of ["lock", "tmp", "db"]) mkdirSync(join(root, sub));
    copyFileSync(join(LIBDIR, "firebird.msg"), join(root, "firebird.msg"));
    copyFileSync(join(LIBDIR, "plugins.conf"), join(root, "plugins.conf"));
    const port = await freePort();
    writeFileSync(
      join(root, "firebird.conf"),
      [`RemoteServicePort = ${port}`, "RemoteBindAddress = 127.0.0.1", `SecurityDatabase = ${join(root, "security3.fdb")}`, `IpcName = FIREBIRD_TEST_${port}`, ""].join("\n"),
    );
    writeFileSync(join(root, "databases.conf"), `security.db = ${join(root, "security3.fdb")}\n`);
    const server = new PrivateFirebird(root, port);
    // A security database of its own, made embedded (no server, no root): SYSDBA with a known password.
    // (A copy of the system's security3.fdb, open in the running system server, lost the password now and then.)
    const security = join(root, "security3.fdb");
    const isql = Bun.spawnSync([ISQL, "-q"], {
      env: server.env(),
      stdin: Buffer.from(`CREATE DATABASE '${security}' USER SYSDBA;\nCREATE USER SYSDBA PASSWORD '${PASSWORD}' USING PLUGIN Srp;\nCOMMIT;\n`),
      stderr: "pipe",
      stdout: "pipe",
    });
    if (isql.exitCode !== 0) throw new Error(`could not set the test server's password: ${isql.stderr.toString()}${isql.stdout.toString()}`);
    return server;
  }

  private env(): Record<string, string> {
    return { PATH: process.env.PATH ?? "/usr/bin:/bin", FIREBIRD: this.root, FIREBIRD_LOCK: join(this.root, "lock"), FIREBIRD_TMP: join(this.root, "tmp") };
  }

  async start(): Promise<void> {
    this.proc = Bun.spawn([SERVER], { env: this.env(), stdout: "ignore", stderr: "pipe" });
    const stream = this.proc.stderr as ReadableStream<Uint8Array>;
    void (async () => {
      for await (const chunk of stream) this.stderr += new TextDecoder().decode(chunk);
    })();
    // Ready means a login works: the port may open before the server can check a password.
    const deadline = performance.now() + 15_000;
    let last = "";
    while (!(await this.loginWorks().then((problem) => ((last = problem ?? ""), problem === undefined)))) {
      if (/user name and password/i.test(last)) throw new SaltRefused(last);
      if (performance.now() > deadline || this.proc.exitCode !== null) throw new Error(`the test Firebird server did not start on ${this.port}: ${last} ${this.stderr}`);
      await Bun.sleep(50);
    }
  }

  /** Undefined when SYSDBA can log in (a missing database is the expected answer), else what went wrong. */
  private async loginWorks(): Promise<string | undefined> {
    if (!(await accepts(this.port))) return "not listening";
    const s = this.server;
    try {
      const db = await Firebird.attachAsync({ host: s.host, port: s.port, user: s.user, password: s.password, database: join(this.root, "db", "probe.fdb") } as never);
      await (db as unknown as { detachAsync(): Promise<void> }).detachAsync();
      return undefined;
    } catch (error) {
      const message = (error as Error).message;
      return /I\/O error|No such file|unavailable database/i.test(message) ? undefined : message;
    }
  }

  /** Kills the server as a crash or a restart by the administrator would. */
  async stop(): Promise<void> {
    if (!this.proc) return;
    this.proc.kill("SIGKILL");
    await this.proc.exited;
    this.proc = undefined;
    const deadline = performance.now() + 5_000;
    while ((await accepts(this.port)) && performance.now() < deadline) await Bun.sleep(20);
  }
}

/** The server answered, and refused our SYSDBA's password (see `started`). */
class SaltRefused extends Error {}

async function accepts(port: number): Promise<boolean> {
  try {
    const socket = await Bun.connect({ hostname: "127.0.0.1", port, socket: { data() {} } });
    socket.end();
    return true;
  } catch {
    return false;
  }
}

async function freePort(): Promise<number> {
  const listener = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { data() {} } });
  const port = listener.port;
  listener.stop(true);
  return port;
}
