import type { ThreadHandle } from "../threads/thread-manager.ts";
import type { TaskName } from "./catalog.ts";
import type { TaskContext, TaskDefinition } from "./task.ts";

/**
 * A task that is one named thread of the manual (most service jobs): the
 * thread's work answers the run's summary; a thread that failed or was
 * cancelled makes the run fail with `failed` as its summary (its reason is
 * in the thread's log line and, as a kind, in the run).
 */
export function oneThreadTask(name: TaskName, threadName: string, work: (ctx: TaskContext, thread: ThreadHandle) => Promise<string>, failed: () => string = () => ""): TaskDefinition {
  return {
    name,
    async run(ctx) {
      let summary: string | undefined;
      const state = await ctx.thread(threadName, async (thread) => {
        summary = await work(ctx, thread);
      });
      return { ok: state === "finished", summary: summary ?? failed() };
    },
  };
}
