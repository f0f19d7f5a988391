import { existsSync, rmSync } from "node:fs";
import { ExitCode } from "../kernel/exit-codes.ts";
import { describeError } from "../kernel/describe-error.ts";
import { updateTexts as U } from "../messages/areas/update.ts";
import { say } from "../messages/text.ts";
import { ControlClient } from "../control/control-client.ts";
import { restoreBinary, switchBinary, swapStrategyFor, type SwapStrategy } from "./binary-swap.ts";
import { awaitHealthy, type HealthResult } from "./health-check.ts";
import { restoreStores } from "./store-backup.ts";
import { readTransaction, writeTransaction, type UpdateTransaction, type UpdatePaths } from "./update-transaction.ts";

/** The environment variable that tells the service it runs under a supervisor (its value: the supervisor's pid). */
export const SUPERVISOR_ENV = "LAB_AGENT_SUPERVISOR";

/** A started service process. */
export interface WorkerProcess {
  readonly pid: number;
  readonly exited: Promise<number>;
  kill(signal: NodeJS.Signals): void;
}

export interface SupervisorLog {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface SupervisorOptions {
  /** The command that runs the service: `[binary, "run", …global options]`. */
  command: readonly string[];
  env: Readonly<Record<string, string | undefined>>;
  binary: string;
  update: UpdatePaths;
  controlEndpoint: string;
  /** How long a new binary has to answer after an update (`update.health_seconds`). */
  healthSeconds: number;
  platform: string;
  log: SupervisorLog;
  onStopSignal(handler: (signal: string) => void): () => void;
  onReloadSignal(handler: () => void): () => void;
  spawn?: (command: readonly string[], env: Record<string, string | undefined>) => WorkerProcess;
  /** Pauses before restarting a service that ended on its own: doubled each time, reset after an hour of running. */
  restartPauseMs?: { first: number; max: number };
  /** How long a stop waits for the service before it is killed. */
  stopGraceMs?: number;
}

function spawnWorker(command: readonly string[], env: Record<string, string | undefined>): WorkerProcess {
  const p = Bun.spawn([...command], { env, stdin: "ignore", stdout: "inherit", stderr: "inherit" });
  return { pid: p.pid, exited: p.exited, kill: (signal) => p.kill(signal) };
}

/**
 * `agent service run`: what the installed service (systemd, the Windows
 * task) starts. It runs the agent (`agent run`) as a child process and
 *
 * - restarts it when it ends on its own (a crash), with growing pauses;
 * - passes SIGTERM/Ctrl+C (Windows: a stop request on the control channel)
 *   and SIGHUP on to it, and ends when it ends after a stop;
 * - when the agent exits with code 75 after preparing an update, puts the
 *   new binary in place, starts it, and gives it `update.health_seconds` to
 *   come up and answer `status` on the control channel with the new version
 *   and its stores open; otherwise stops it, puts the previous binary and
 *   the store backups back, and starts the previous version again.
 *
 * The supervisor itself never opens the stores: it keeps no lock, and the
 * outcome of an update is recorded by the agent it starts next (from
 * `transaction.json`). Its own code is the binary it was started from; it
 * picks up a new version at the next restart of the service.
 */
export class Supervisor {
  private child: WorkerProcess | undefined;
  private childCode: number | undefined;
  private stopping = false;
  private stopRequested: (() => void) | undefined;
  private readonly strategy: SwapStrategy;

  constructor(private readonly o: SupervisorOptions) {
    this.strategy = swapStrategyFor(o.platform);
  }

  async run(): Promise<number> {
    const offStop = this.o.onStopSignal((signal) => this.stop(signal));
    const offReload = this.o.onReloadSignal(() => this.child?.kill("SIGHUP"));
    try {
      return await this.loop();
    } finally {
      offStop();
      offReload();
    }
  }

  private async loop(): Promise<number> {
    let checking = this.recover();
    const pauses = this.o.restartPauseMs ?? { first: 1_000, max: 60_000 };
    let pause = pauses.first;
    for (;;) {
      if (this.stopping) return this.ended();
      const started = performance.now();
      const child = this.start();
      if (checking) {
        checking = undefined;
        const t = readTransaction(this.o.update.transaction);
        if (t && !("unreadable" in t) && t.state === "switched") {
          const healthy = await this.check(t, child);
          if (!healthy) continue;
        }
      }
      const code = await child.exited;
      if (this.stopping) return this.ended();
      if (code === ExitCode.ok) {
        // The service was stopped from outside the supervisor: the service as a whole ends cleanly.
        this.o.log.info(say(U.workerStopped));
        return ExitCode.ok;
      }
      if (code === ExitCode.restartForUpdate) {
        checking = this.switchToPrepared();
        continue;
      }
      if (performance.now() - started > 3_600_000) pause = pauses.first;
      this.o.log.error(say(U.workerCrashed, { code, seconds: Math.round(pause / 1000) }));
      await this.pauseUnlessStopped(pause);
      pause = Math.min(pause * 2, pauses.max);
    }
  }

  /** After a stop: waits for the service to end, then the supervisor ends too. */
  private async ended(): Promise<number> {
    if (this.child && this.childCode === undefined) await this.child.exited;
    return ExitCode.ok;
  }

  private start(): WorkerProcess {
    this.childCode = undefined;
    let child: WorkerProcess;
    try {
      child = (this.o.spawn ?? spawnWorker)(this.o.command, { ...this.o.env, [SUPERVISOR_ENV]: String(process.pid) });
    } catch (error) {
      // A binary that cannot even be started (not executable, wrong format) ends like a crash: checked, rolled back, or restarted later.
      this.o.log.error(say(U.spawnFailed, { binary: this.o.command[0]!, detail: describeError(error) }));
      child = { pid: 0, exited: Promise.resolve(127), kill: () => {} };
    }
    this.child = child;
    void child.exited.then((code) => {
      if (this.child === child) this.childCode = code;
    });
    return child;
  }

  /** What a previous supervisor left: a prepared update is dropped, a switched one is checked again. */
  private recover(): true | undefined {
    const t = readTransaction(this.o.update.transaction);
    if (!t) return undefined;
    if ("unreadable" in t) {
      this.o.log.warn(say(U.transactionUnreadable, { path: this.o.update.transaction, detail: t.unreadable }));
      rmSync(this.o.update.transaction, { force: true });
      return undefined;
    }
    if (t.state === "prepared") {
      rmSync(t.staged, { force: true });
      this.finish(t, "abandoned", "interrupted", say(U.abandonedPrepared));
      return undefined;
    }
    return t.state === "switched" ? true : undefined;
  }

  /** After the service prepared an update and exited: switch binaries; answers whether the new one must be checked. */
  private switchToPrepared(): true | undefined {
    const t = readTransaction(this.o.update.transaction);
    if (!t || "unreadable" in t || t.state !== "prepared") {
      this.o.log.warn(say(U.nothingPrepared));
      return undefined;
    }
    try {
      switchBinary(t, this.strategy);
    } catch (error) {
      rmSync(t.staged, { force: true });
      this.finish(t, "abandoned", "switch", describeError(error));
      this.o.log.error(say(U.switchFailed, { to: t.to, detail: describeError(error) }));
      return undefined;
    }
    writeTransaction(this.o.update.transaction, { ...t, state: "switched" });
    this.o.log.info(say(U.switched, { from: t.from, to: t.to, seconds: this.o.healthSeconds }));
    return true;
  }

  /** Checks a freshly switched binary; commits, or rolls back and answers false. */
  private async check(t: UpdateTransaction, child: WorkerProcess): Promise<boolean> {
    const result: HealthResult = await awaitHealthy({
      endpoint: this.o.controlEndpoint,
      version: t.to,
      deadlineMs: this.o.healthSeconds * 1000,
      exitCode: () => (this.stopping ? -1 : this.childCode),
    });
    if (this.stopping) {
      // Stopped while checking: the transaction stays `switched` and is checked again at the next start.
      return false;
    }
    if (result.ok) {
      this.finish(t, "applied");
      this.o.log.info(say(U.applied, { from: t.from, to: t.to, pid: result.pid }));
      await this.tellService();
      return true;
    }
    const reason = say({ exited: U.whyExited, timeout: U.whyTimeout, version: U.whyVersion, stores: U.whyStores }[result.reason], {
      seconds: this.o.healthSeconds,
      detail: result.detail,
    });
    this.o.log.error(say(U.healthFailed, { to: t.to, reason }));
    await this.stopChild(child, 15_000);
    try {
      restoreBinary(t, this.strategy);
      const restored = restoreStores(t.stores);
      this.o.log.info(say(U.storesRestored, { stores: restored.join(", ") || "-" }));
    } catch (error) {
      this.finish(t, "rolled_back", "health", `${reason}; ${describeError(error)}`);
      this.o.log.error(say(U.rollbackFailed, { from: t.from, detail: describeError(error) }));
      return false;
    }
    this.finish(t, "rolled_back", "health", reason);
    this.o.log.warn(say(U.rolledBack, { from: t.from, to: t.to }));
    return false;
  }

  private finish(t: UpdateTransaction, state: "applied" | "rolled_back" | "abandoned", reason?: string, detail?: string): void {
    writeTransaction(this.o.update.transaction, { ...t, state, reason, detail, finishedAt: Date.now() });
  }

  /** Asks the running service to record the outcome now (it also does at its next start). */
  private async tellService(): Promise<void> {
    try {
      const client = await ControlClient.connect(this.o.controlEndpoint, "supervisor", 3_000);
      try {
        await client.request("update.settle");
      } finally {
        client.close();
      }
    } catch (error) {
      this.o.log.warn(say(U.settleLater, { detail: describeError(error) }));
    }
  }

  private stop(signal: string): void {
    if (this.stopping) return;
    this.stopping = true;
    this.o.log.info(say(U.stopping, { signal }));
    this.stopRequested?.();
    const child = this.child;
    if (child && this.childCode === undefined) void this.stopChild(child, this.o.stopGraceMs ?? 90_000);
  }

  /** Asks the service to stop (SIGTERM; on Windows, where a signal is a kill, the control channel), then kills it after the grace. */
  private async stopChild(child: WorkerProcess, graceMs: number): Promise<void> {
    if (this.o.platform === "win32") {
      try {
        const client = await ControlClient.connect(this.o.controlEndpoint, "supervisor", 3_000);
        await client.request("service.stop").finally(() => client.close());
      } catch {
        child.kill("SIGTERM");
      }
    } else {
      child.kill("SIGTERM");
    }
    const ended = await Promise.race([child.exited.then(() => true), Bun.sleep(graceMs).then(() => false)]);
    if (!ended) {
      this.o.log.warn(say(U.killed, { pid: child.pid, seconds: Math.round(graceMs / 1000) }));
      child.kill("SIGKILL");
      await child.exited;
    }
  }

  private pauseUnlessStopped(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.stopRequested = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}

/** Whether the stores' backups and the previous binary of an update are still there (for `service status`). */
export function leftovers(p: UpdatePaths): string[] {
  return [p.previous, p.staged, p.backupDir].filter((f) => existsSync(f));
}
