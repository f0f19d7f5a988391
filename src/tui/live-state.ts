import type { AgentStreamEvents, JobView, ServiceStatus, Snapshot, ThreadInfo } from "../api/agent-api.ts";

/** How long a finished thread stays in the thread manager (greyed) after it is destroyed. */
export const THREAD_LINGER_MS = 15_000;

/** A thread as the UI keeps it: with the moment it was seen to end, to grey it and then let it go. */
export interface ThreadRow extends ThreadInfo {
  /** Monotonic ms (the UI's clock) when the thread ended; absent while it lives. */
  endedAt?: number;
  /** Monotonic ms when the service last told about it: a running thread's elapsed time grows from there. */
  seenAt: number;
}

/** What an event changed, so the UI redraws only that and refetches what events do not carry. */
export interface Change {
  status?: boolean;
  threads?: boolean;
  /** The job table is stale: ask the service for it again. */
  jobs?: boolean;
  log?: boolean;
}

/**
 * The live state the UI shows, kept from one snapshot plus the service's
 * events. Pure: no terminal, no channel; the UI feeds it and reads it.
 */
export class LiveState {
  status: ServiceStatus | undefined;
  jobs: JobView[] = [];
  private readonly threadMap = new Map<number, ThreadRow>();

  constructor(private readonly now: () => number) {}

  load(snapshot: Snapshot): void {
    this.status = snapshot.status;
    this.jobs = snapshot.jobs;
    this.threadMap.clear();
    for (const t of snapshot.threads) this.upsert(t);
  }

  apply<E extends keyof AgentStreamEvents>(event: E, data: AgentStreamEvents[E]): Change {
    switch (event) {
      case "thread:created":
      case "thread:started":
      case "thread:progress":
      case "thread:finished":
        this.upsert(data as ThreadInfo);
        return { threads: true, jobs: event === "thread:created" || event === "thread:finished" };
      case "thread:destroyed":
        this.upsert(data as ThreadInfo, true);
        return { threads: true };
      case "run:started":
      case "run:finished":
      case "job:next":
      case "job:changed":
        return { jobs: true };
      case "clients:changed":
        if (this.status) this.status = { ...this.status, clients: (data as { clients: number }).clients };
        return { status: true };
      case "log:appended":
        return { log: true };
      default:
        return {};
    }
  }

  private upsert(t: ThreadInfo, destroyed = false): void {
    const previous = this.threadMap.get(t.id);
    const ended = destroyed || t.state === "finished" || t.state === "failed" || t.state === "cancelled";
    const now = this.now();
    this.threadMap.set(t.id, { ...t, seenAt: now, endedAt: ended ? (previous?.endedAt ?? now) : undefined });
  }

  /** Living threads first (newest first), then the recently ended ones; the long-gone are dropped. */
  threads(): ThreadRow[] {
    const now = this.now();
    for (const [id, t] of this.threadMap) if (t.endedAt !== undefined && now - t.endedAt > THREAD_LINGER_MS) this.threadMap.delete(id);
    return [...this.threadMap.values()].sort((a, b) => Number(a.endedAt !== undefined) - Number(b.endedAt !== undefined) || b.id - a.id);
  }

  runningThreads(): number {
    return [...this.threadMap.values()].filter((t) => t.endedAt === undefined).length;
  }
}

/** A thread's elapsed time now: what the service said, plus the time since, while it runs. */
export function elapsedNow(t: ThreadRow, now: number): number {
  return t.endedAt === undefined && t.state === "running" ? t.elapsedMs + Math.max(0, now - t.seenAt) : t.elapsedMs;
}
