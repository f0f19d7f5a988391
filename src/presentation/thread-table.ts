import { threadTexts as T } from "../messages/areas/threads.ts";
import { say } from "../messages/text.ts";
import { formatManual } from "../kernel/zoned-time.ts";
import type { ThreadInfo, ThreadState } from "../threads/thread-manager.ts";
import type { FitColumn } from "./text-table.ts";

const STATE = { created: T.stateCreated, running: T.stateRunning, finished: T.stateFinished, failed: T.stateFailed, cancelled: T.stateCancelled } as const;

export function threadStateText(state: ThreadState): string {
  return say(STATE[state]);
}

/** «25 из 100», or the count alone when the total is unknown. */
export function progressText(t: Pick<ThreadInfo, "done" | "total">): string {
  if (t.done === undefined) return "";
  return t.total === undefined ? String(t.done) : say(T.progress, { done: t.done, total: t.total });
}

/** `1:02:03` or `0:42`: hours only when needed, whole seconds; a negative or unknown time (clocks disagreeing) shows as `0:00`. */
export function elapsedText(ms: number): string {
  const s = Number.isFinite(ms) && ms > 0 ? Math.floor(ms / 1000) : 0;
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const pad = (n: number) => String(n).padStart(2, "0");
  return h > 0 ? `${h}:${pad(m)}:${pad(s % 60)}` : `${m}:${pad(s % 60)}`;
}

export function threadTableHeader(): string[] {
  return ["ID", say(T.columnName), say(T.columnTask), say(T.columnState), say(T.columnProgress), say(T.columnStarted), say(T.columnElapsed), say(T.columnMessage)];
}

/** Which columns go first when the terminal is narrow: id and name, state, progress, elapsed … */
const THREAD_PRIORITY = [0, 0, 4, 1, 2, 6, 3, 5];

/** The thread table's columns for `fitTable`: the last message shrinks first (to 12); the id is right-aligned. */
export function threadColumns(): FitColumn[] {
  return threadTableHeader().map((header, i) => ({ header, priority: THREAD_PRIORITY[i] ?? 9, flex: i === 7, min: 12, align: i === 0 ? "right" : "left" }));
}

export function threadTableRow(t: ThreadInfo, zone: string): string[] {
  return [String(t.id), t.name, t.task, threadStateText(t.state), progressText(t), formatManual(t.startedAt, zone), elapsedText(t.elapsedMs), t.lastMessage ?? ""];
}
