import type { Clock } from "../kernel/clock.ts";
import { describeError } from "../kernel/describe-error.ts";
import { threadTexts as T } from "../messages/areas/threads.ts";
import { say } from "../messages/text.ts";
import type { LogHub, Logger } from "../logs/logger.ts";
import { CancelledError } from "./cancelled-error.ts";

export type ThreadState = "created" | "running" | "finished" | "failed" | "cancelled";

/** What the thread manager (and the UI's «Менеджер потоков») shows of a thread. */
export interface ThreadInfo {
  id: number;
  /** The manual's name: TSwapDataAnalysisThread … */
  name: string;
  task: string;
  runId: number;
  state: ThreadState;
  done?: number;
  total?: number;
  /** Epoch ms. */
  startedAt: number;
  /** From the monotonic clock, never the wall clock. */
  elapsedMs: number;
  lastMessage?: string;
  finishedAt?: number;
}

/** Events of threads, for the control channel and the UI. */
export interface ThreadEvents {
  "thread:created": ThreadInfo;
  "thread:started": ThreadInfo;
  "thread:progress": ThreadInfo;
  "thread:finished": ThreadInfo;
  "thread:destroyed": ThreadInfo;
  [name: string]: unknown;
}

/** What a thread's code gets: its logger, its cancel signal, its progress reporter. */
export interface ThreadHandle {
  readonly id: number;
  readonly name: string;
  readonly log: Logger;
  readonly signal: AbortSignal;
  /** Reports `done of total` (the UI's «25 из 100»). */
  progress(done: number, total?: number): void;
  /** A safe point: throws CancelledError once the thread has been asked to stop. */
  checkpoint(): void;
}

export type ThreadBody = (thread: ThreadHandle) => Promise<void>;

interface LiveThread {
  info: ThreadInfo;
  startedMono: number;
  controller: AbortController;
  cancelReason?: "administrator" | "shutdown";
  done?: Promise<ThreadState>;
}

/** Hands out thread ids; the service keeps them unique across restarts. */
export interface ThreadIdSource {
  next(): number;
}

export interface ThreadManagerOptions {
  clock: Clock;
  logs: LogHub;
  ids: ThreadIdSource;
  emit: <K extends keyof ThreadEvents>(name: K, data: ThreadEvents[K]) => void;
  /** How long finished threads stay in the list (greyed in the UI). */
  lingerMs?: number;
}

/**
 * Runs named threads (async functions; the name is the manual's) with unique
 * ids and a fixed life in the log: «Поток создан» → «Запускаю поток» → work →
 * «Завершил работу» → «Поток разрушен». A thread that fails logs what failed
 * and why before «Поток разрушен»; one that is cancelled says so. A failure
 * never escapes to the caller's loop: the service and other threads go on.
 */
export class ThreadManager {
  private readonly live = new Map<number, LiveThread>();
  private readonly finished: ThreadInfo[] = [];
  private readonly lingerMs: number;

  constructor(private readonly o: ThreadManagerOptions) {
    this.lingerMs = o.lingerMs ?? 15_000;
  }

  /** Starts a thread and answers how it ended; never rejects. */
  run(name: string, task: string, runId: number, body: ThreadBody): Promise<ThreadState> {
    const id = this.o.ids.next();
    const controller = new AbortController();
    const info: ThreadInfo = { id, name, task, runId, state: "created", startedAt: this.o.clock.now(), elapsedMs: 0 };
    const thread: LiveThread = { info, startedMono: this.o.clock.monotonic(), controller };
    this.live.set(id, thread);
    const log = this.o.logs.logger(name, id, { task, run: runId });
    const say_ = (message: string, level: "info" | "warn" | "error" = "info") => {
      log[level](message);
      info.lastMessage = message;
    };
    say_(say(T.created));
    this.o.emit("thread:created", this.snapshot(thread));

    const handle: ThreadHandle = {
      id,
      name,
      signal: controller.signal,
      log: {
        debug: (m, f) => log.debug(m, f),
        info: (m, f) => ((info.lastMessage = m), log.info(m, f)),
        warn: (m, f) => ((info.lastMessage = m), log.warn(m, f)),
        error: (m, f) => ((info.lastMessage = m), log.error(m, f)),
        forThread: (s, t, f) => log.forThread(s, t, f),
      },
      progress: (done, total) => {
        info.done = done;
        if (total !== undefined) info.total = total;
        this.o.emit("thread:progress", this.snapshot(thread));
      },
      checkpoint: () => {
        if (controller.signal.aborted) throw new CancelledError(thread.cancelReason ?? "administrator");
      },
    };

    thread.done = (async (): Promise<ThreadState> => {
      // Let the caller register the thread before its body starts.
      await Promise.resolve();
      info.state = "running";
      say_(say(T.starting));
      this.o.emit("thread:started", this.snapshot(thread));
      try {
        await body(handle);
        if (controller.signal.aborted) throw new CancelledError(thread.cancelReason ?? "administrator");
        info.state = "finished";
        say_(say(T.finished));
      } catch (error) {
        if (error instanceof CancelledError || (controller.signal.aborted && isAbortError(error))) {
          info.state = "cancelled";
          say_(say(thread.cancelReason === "shutdown" ? T.cancelledShutdown : T.cancelled), "warn");
        } else {
          info.state = "failed";
          say_(say(T.failed, { reason: describeError(error) }), "error");
        }
      }
      info.finishedAt = this.o.clock.now();
      info.elapsedMs = this.o.clock.monotonic() - thread.startedMono;
      this.o.emit("thread:finished", this.snapshot(thread));
      log.info(say(T.destroyed));
      this.live.delete(id);
      this.finished.push({ ...info });
      this.o.emit("thread:destroyed", { ...info });
      return info.state;
    })();
    return thread.done;
  }

  /** Asks a thread to stop at its next safe point; false if it is not running. */
  cancel(id: number, reason: "administrator" | "shutdown" = "administrator"): boolean {
    const thread = this.live.get(id);
    if (!thread) return false;
    thread.cancelReason ??= reason;
    thread.controller.abort(new CancelledError(reason));
    return true;
  }

  /** Asks every thread of a run to stop. */
  cancelRun(runId: number, reason: "administrator" | "shutdown" = "administrator"): void {
    for (const t of this.live.values()) if (t.info.runId === runId) this.cancel(t.info.id, reason);
  }

  /** Running threads and those finished within the linger time, newest last. */
  list(): ThreadInfo[] {
    const now = this.o.clock.now();
    while (this.finished.length > 0 && now - (this.finished[0]!.finishedAt ?? now) > this.lingerMs) this.finished.shift();
    return [...this.finished, ...[...this.live.values()].map((t) => this.snapshot(t))];
  }

  get running(): number {
    return this.live.size;
  }

  /** Waits for every running thread; after `graceMs` asks the rest to stop, then waits for them. */
  async drain(graceMs: number): Promise<void> {
    const pending = () => [...this.live.values()].map((t) => t.done!);
    const all = Promise.all(pending());
    const timedOut = await Promise.race([all.then(() => false), sleep(graceMs).then(() => true)]);
    if (!timedOut) return;
    for (const id of this.live.keys()) this.cancel(id, "shutdown");
    await Promise.race([Promise.all(pending()), sleep(graceMs)]);
  }

  private snapshot(t: LiveThread): ThreadInfo {
    return { ...t.info, elapsedMs: this.o.clock.monotonic() - t.startedMono };
  }
}

function isAbortError(error: unknown): boolean {
  return error instanceof Error && (error.name === "AbortError" || error.name === "CancelledError");
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref?.());
}
