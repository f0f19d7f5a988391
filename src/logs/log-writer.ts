import type { Clock } from "../kernel/clock.ts";
import { formatManual } from "../kernel/zoned-time.ts";
import { logTexts as T } from "../messages/areas/logs.ts";
import { say } from "../messages/text.ts";
import { AGENT_SERVICE, type LogRecord } from "./log-record.ts";

/** How close together two flushes forced by errors may come. */
const ERROR_FLUSH_SPACING_MS = 10;

/** Where batches go: the LogStore in the agent, anything with `insert` in tests. */
export interface LogTarget {
  insert(records: readonly LogRecord[]): void;
}

export interface LogWriterOptions {
  clock: Clock;
  zone: string;
  /** Lines are on disk at most this long after they were written. */
  flushMs?: number;
  /** A batch this large is written at once instead of waiting for the timer. */
  batchSize?: number;
  /** Lines kept for a later retry while the store fails; older ones are given up. */
  maxPending?: number;
  /** Prints to stderr. Lines that cannot reach the store go here, so none is lost from sight. */
  stderr: (text: string) => void;
  /** Whether every line already goes to stderr (agent run), so a failure need not repeat them. */
  echoesToStderr: () => boolean;
}

/**
 * Writes log lines to the store in batches: within `flushMs` (200 ms) of
 * being written, at once for errors, and synchronously on `close()`, so the
 * last lines before a crash are on disk. A store that fails (disk full, file
 * locked) never stops the caller: lines go to stderr and the store is tried
 * again with growing pauses.
 */
export class LogWriter {
  private pending: LogRecord[] = [];
  private lastFlushAt = -Infinity;
  private timerDue = Infinity;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private failure: { since: number; retryDelay: number; retryAt: number; printedUpTo: number; lost: number; late: number } | undefined;
  private readonly flushMs: number;
  private readonly batchSize: number;
  private readonly maxPending: number;

  constructor(
    private readonly target: LogTarget,
    private readonly o: LogWriterOptions,
  ) {
    this.flushMs = o.flushMs ?? 200;
    this.batchSize = o.batchSize ?? 5_000;
    this.maxPending = o.maxPending ?? 100_000;
  }

  append(record: LogRecord): void {
    this.pending.push(record);
    if (this.pending.length >= this.batchSize) this.flush();
    else if (record.level === "error") this.flushForError();
    else this.schedule(this.flushMs);
  }

  /**
   * An error goes to disk at once. In a burst of errors (a ЦОД that refuses
   * every call) one transaction per line would throttle the whole agent, so
   * within ERROR_FLUSH_SPACING_MS of the last flush the next one is only
   * brought forward to that moment: an error is never more than that far from disk.
   */
  private flushForError(): void {
    const sinceLast = this.o.clock.monotonic() - this.lastFlushAt;
    if (sinceLast >= ERROR_FLUSH_SPACING_MS) this.flush();
    else this.schedule(ERROR_FLUSH_SPACING_MS - sinceLast, true);
  }

  /** Writes everything pending now. Returns false when the store refused (lines kept for retry). */
  flush(): boolean {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
      this.timerDue = Infinity;
    }
    if (this.pending.length === 0) return true;
    this.lastFlushAt = this.o.clock.monotonic();
    const now = this.o.clock.now();
    if (this.failure && now < this.failure.retryAt) {
      this.spill();
      this.schedule(this.failure.retryAt - now);
      return false;
    }
    const batch = this.pending;
    try {
      this.target.insert(batch);
      this.pending = [];
      if (this.failure) this.recovered(batch.length, now);
      return true;
    } catch (error) {
      this.failed(error, now);
      return false;
    }
  }

  /** Flushes and stops the timer. Lines that still cannot be written have already gone to stderr. */
  close(): void {
    this.flush();
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Whether the store is failing at the moment (for health reporting). */
  get failing(): boolean {
    return this.failure !== undefined;
  }

  /** Arms the flush timer; `sooner` re-arms an armed one if the new moment is earlier. */
  private schedule(delay: number, sooner = false): void {
    const due = this.o.clock.monotonic() + delay;
    if (this.timer) {
      if (!sooner || due >= this.timerDue) return;
      clearTimeout(this.timer);
    }
    this.timerDue = due;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.timerDue = Infinity;
      this.flush();
    }, delay);
    // A pending flush must not keep a short CLI command alive; close() flushes at exit.
    this.timer.unref?.();
  }

  private failed(error: unknown, now: number): void {
    if (!this.failure) {
      this.failure = { since: now, retryDelay: 1_000, retryAt: now + 1_000, printedUpTo: 0, lost: 0, late: 0 };
      this.o.stderr(say(T.storeFailing, { detail: (error as Error).message ?? String(error) }));
    } else {
      this.failure.retryDelay = Math.min(this.failure.retryDelay * 2, 60_000);
      this.failure.retryAt = now + this.failure.retryDelay;
    }
    this.spill();
    this.schedule(this.failure.retryDelay);
  }

  /** Prints lines not yet shown, and gives up the oldest beyond the cap. */
  private spill(): void {
    const f = this.failure!;
    if (!this.o.echoesToStderr()) {
      for (let i = f.printedUpTo; i < this.pending.length; i++) {
        const r = this.pending[i]!;
        this.o.stderr(`${formatManual(r.ts, this.o.zone)}\t${r.service}\t${r.thread ?? ""}\t${r.message}`);
      }
    }
    f.printedUpTo = this.pending.length;
    const excess = this.pending.length - this.maxPending;
    if (excess > 0) {
      this.pending.splice(0, excess);
      f.lost += excess;
      f.printedUpTo -= excess;
    }
  }

  private recovered(written: number, now: number): void {
    const f = this.failure!;
    this.failure = undefined;
    const note: LogRecord = {
      ts: now,
      service: AGENT_SERVICE,
      thread: null,
      level: "warn",
      message: say(T.storeRecovered, {
        from: formatManual(f.since, this.o.zone),
        to: formatManual(now, this.o.zone),
        late: written,
        lost: f.lost,
      }),
    };
    this.append(note);
  }
}
