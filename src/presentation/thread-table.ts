import { threadTexts as T } from "../messages/areas/threads.ts";
import { say } from "../messages/text.ts";
import { formatManual } from "../kernel/zoned-time.ts";
import type { ThreadInfo, ThreadState } from "../threads/thread-manager.ts";

const STATE = { created: T.stateCreated, running: T.stateRunning, finished: T.stateFinished, failed: T.stateFailed, cancelled: T.stateCancelled } as const;

export function threadStateText(state: ThreadState): string {
  return say(STATE[state]);
}

/** «25 из 100», or the count alone when the total is unknown. */
export function progressText(t: Pick<ThreadInfo, "done" | "total">): string {
  if (t.done === undefined) return "";
  return t.total === undefined ? String(t.done) : say(T.progress, { done: t.done, total: t.total });
}

/** `1:02:03` or `42 с`-like: hours only when needed. */
export function elapsedText(ms: number): string {
  const s = Math.floor(ms / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const pad = (n: number) => String(n).padStart(2, "0");
  return h > 0 ? `${h}:${pad(m)}:${pad(s % 60)}` : `${m}:${pad(s % 60)}`;
}

export function threadTableHeader(): string[] {
  return ["ID", say(T.columnName), say(T.columnTask), say(T.columnState), say(T.columnProgress), say(T.columnStarted), say(T.columnElapsed), say(T.columnMessage)];
}

export function threadTableRow(t: ThreadInfo, zone: string): string[] {
  return [String(t.id), t.name, t.task, threadStateText(t.state), progressText(t), formatManual(t.startedAt, zone), elapsedText(t.elapsedMs), t.lastMessage ?? ""];
}
