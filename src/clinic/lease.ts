import { hostname } from "node:os";
import type { Clock } from "../kernel/clock.ts";
import { lockedError } from "../kernel/agent-error.ts";
import { ExitCode } from "../kernel/exit-codes.ts";
import { formatManual } from "../kernel/zoned-time.ts";
import { maindbTexts as T } from "../messages/areas/maindb.ts";
import { say } from "../messages/text.ts";
import type { Engine, SqlSession } from "./engine.ts";
import type { LeaseHolder } from "./port.ts";
import { requireCapture } from "./change-batches.ts";
import { MainDbError } from "./main-db-error.ts";

/**
 * One writer per main database. The instance lock (store/instance-lock.ts)
 * keeps two agents off one data folder; it cannot see an agent on another
 * machine, or the old server, writing to the same Firebird database. The
 * lease is a row in the main database: owner, instance, host, process,
 * heartbeat, expiry. A holder that dies stops renewing it and the lease
 * expires; a second agent is refused (exit 3) while it is alive.
 *
 * Expiry compares the agents' own clocks (epoch ms): Firebird 3 has no UTC
 * clock to ask, and a lease of a minute tolerates the skew of machines that
 * keep time at all.
 */
export interface LeaseOptions {
  /** Instance name, for the message a second agent prints. */
  instance: string;
  /** How long a lease lasts without a heartbeat, ms. */
  ttlMs: number;
  clock: Clock;
  /** Set by tests; by default host and pid of this process. */
  host?: string;
  pid?: number;
}

export class MainDbLease {
  private stopHeartbeat: (() => void) | undefined;

  private constructor(
    private readonly engine: Engine,
    readonly owner: string,
    private readonly o: LeaseOptions,
    public holder: LeaseHolder,
  ) {}

  /** Takes the lease, or throws the exit-3 error naming who holds it. */
  static async acquire(engine: Engine, o: LeaseOptions): Promise<MainDbLease> {
    await requireCapture(engine);
    const owner = crypto.randomUUID();
    const now = o.clock.now();
    const mine: LeaseHolder = {
      owner,
      instance: o.instance,
      host: o.host ?? hostname(),
      pid: o.pid ?? process.pid,
      acquiredAt: now,
      heartbeatAt: now,
      expiresAt: now + o.ttlMs,
    };
    let taken = false;
    try {
      taken = await engine.write(async (s) => {
        await ensureRow(s);
        const n = await s.run(
          `UPDATE AGENT_LEASE SET OWNER = ?, INSTANCE_NAME = ?, HOST = ?, PID = ?, ACQUIRED_AT = ?, HEARTBEAT_AT = ?, EXPIRES_AT = ?
           WHERE ID = 1 AND (OWNER IS NULL OR EXPIRES_AT < ?)`,
          [owner, mine.instance, mine.host, mine.pid, now, now, mine.expiresAt, now],
        );
        return n === 1;
      });
    } catch (error) {
      // Two agents claiming at the same moment: the loser's update conflicts. It is refused like any other.
      if (!(error instanceof MainDbError && error.kind === "sql" && /conflict|deadlock|lock/i.test(String((error.cause as Error)?.message)))) throw error;
    }
    if (!taken) {
      const holder = await readHolder(engine);
      if (!(holder && deadOnThisHost(engine, holder, mine, o) && (await takeOver(engine, holder, mine)))) {
        throw lockedError(say(T.leaseHeld, { holder: describeLeaseHolder(holder, engine.zone) }));
      }
    }
    return new MainDbLease(engine, owner, o, mine);
  }

  /** Renews the lease; throws if another agent took it meanwhile (we were presumed dead). */
  async heartbeat(): Promise<void> {
    const now = this.o.clock.now();
    const expires = now + this.o.ttlMs;
    const n = await this.engine.write((s) => s.run("UPDATE AGENT_LEASE SET HEARTBEAT_AT = ?, EXPIRES_AT = ? WHERE ID = 1 AND OWNER = ?", [now, expires, this.owner]));
    if (n !== 1) {
      const holder = await readHolder(this.engine);
      throw new MainDbError(say(T.leaseLost, { holder: describeLeaseHolder(holder, this.engine.zone) }), "locked", ExitCode.locked);
    }
    this.holder = { ...this.holder, heartbeatAt: now, expiresAt: expires };
  }

  /**
   * Renews the lease every third of its life until stopped. A failed renewal
   * is reported to `onError` and tried again at the next tick: one lost
   * connection must not give the lease away while it is still ours.
   */
  startHeartbeat(onError: (error: unknown) => void): () => void {
    const timer = setInterval(() => void this.heartbeat().catch(onError), Math.max(1000, Math.floor(this.o.ttlMs / 3)));
    this.stopHeartbeat = () => clearInterval(timer);
    return this.stopHeartbeat;
  }

  async release(): Promise<void> {
    this.stopHeartbeat?.();
    await this.engine.write((s) =>
      s.run("UPDATE AGENT_LEASE SET OWNER = NULL, EXPIRES_AT = NULL, HEARTBEAT_AT = NULL WHERE ID = 1 AND OWNER = ?", [this.owner]),
    );
  }
}

/**
 * Whether the lease's holder is an agent of this machine that is gone (killed,
 * crashed): then waiting for its lease to expire would only delay the
 * restart. The process is asked for by its id (EPERM: it exists, under
 * another user). On Firebird — reachable from other machines, which may
 * carry the same host name (cloned VMs) — its heartbeat must also have
 * stopped, so a live holder elsewhere is never taken over.
 */
function deadOnThisHost(engine: Engine, holder: LeaseHolder, mine: LeaseHolder, o: LeaseOptions): boolean {
  if (holder.host !== mine.host || holder.pid === mine.pid || holder.pid <= 0) return false;
  try {
    process.kill(holder.pid, 0);
    return false;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ESRCH") return false;
  }
  if (engine.kind === "sqlite") return true;
  const quiet = o.clock.now() - holder.heartbeatAt;
  return quiet > Math.floor(o.ttlMs / 3) + 5_000;
}

/** Replaces exactly that holder (another agent may have taken over first). */
async function takeOver(engine: Engine, dead: LeaseHolder, mine: LeaseHolder): Promise<boolean> {
  return engine.write(async (s) => {
    const n = await s.run(
      `UPDATE AGENT_LEASE SET OWNER = ?, INSTANCE_NAME = ?, HOST = ?, PID = ?, ACQUIRED_AT = ?, HEARTBEAT_AT = ?, EXPIRES_AT = ? WHERE ID = 1 AND OWNER = ?`,
      [mine.owner, mine.instance, mine.host, mine.pid, mine.acquiredAt, mine.heartbeatAt, mine.expiresAt, dead.owner],
    );
    return n === 1;
  });
}

async function ensureRow(s: SqlSession): Promise<void> {
  if ((await s.all("SELECT ID FROM AGENT_LEASE WHERE ID = 1")).length === 0) await s.run("INSERT INTO AGENT_LEASE (ID) VALUES (1)");
}

/** The current holder, or undefined when the lease is free or expired (as of `now`). */
export async function readHolder(engine: Engine, now?: number): Promise<LeaseHolder | undefined> {
  const rows = await engine.read((s) => s.all("SELECT OWNER, INSTANCE_NAME, HOST, PID, ACQUIRED_AT, HEARTBEAT_AT, EXPIRES_AT FROM AGENT_LEASE WHERE ID = 1"));
  const r = rows[0];
  if (!r || r.OWNER === null || r.OWNER === undefined) return undefined;
  const holder: LeaseHolder = {
    owner: String(r.OWNER),
    instance: String(r.INSTANCE_NAME ?? ""),
    host: String(r.HOST ?? ""),
    pid: Number(r.PID ?? 0),
    acquiredAt: Number(r.ACQUIRED_AT ?? 0),
    heartbeatAt: Number(r.HEARTBEAT_AT ?? 0),
    expiresAt: Number(r.EXPIRES_AT ?? 0),
  };
  if (now !== undefined && holder.expiresAt < now) return undefined;
  return holder;
}

export function describeLeaseHolder(holder: LeaseHolder | undefined, zone: string): string {
  if (!holder) return say(T.leaseFree);
  return say(T.leaseHolder, {
    instance: holder.instance,
    host: holder.host,
    pid: holder.pid,
    since: formatManual(holder.acquiredAt, zone),
    until: formatManual(holder.expiresAt, zone),
  });
}
