import { CooperativeTurn } from "../../kernel/cooperative.ts";
import { logTrimTexts as T } from "../../messages/areas/log-trim.ts";
import { say } from "../../messages/text.ts";
import type { LogStore } from "../../logs/log-store.ts";
import type { ThreadHandle } from "../../threads/thread-manager.ts";
import type { TaskDefinition } from "../task.ts";

/** Lines deleted per step: each step is one short transaction that a writer waits for at most. */
const CHUNK = 2_000;
/** Pages given back per step of the incremental vacuum. */
const VACUUM_STEP = 512;
/** Trim by size down to this share of the limit, so the job does not run at the edge every day. */
const SIZE_HYSTERESIS = 0.9;

const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);

interface Counts {
  old: number;
  excess: number;
  texts: number;
}

/**
 * «Обрезка БД лога»: deletes lines older than `log.keep_days`, then the
 * oldest lines while the DB is larger than `log.max_size_mb`, then texts no
 * line uses, and gives the freed pages back to the filesystem (incremental
 * vacuum). Everything in small steps with a turn for the event loop between
 * them, so the writer and an attached UI are never blocked; a cancel stops
 * at the next step.
 */
export const logTrimTask: TaskDefinition = {
  name: "log-trim",
  async run(ctx) {
    const { keep_days: keepDays, max_size_mb: maxMb } = ctx.config.log;
    const counts: Counts = { old: 0, excess: 0, texts: 0 };
    let after = 0;
    const state = await ctx.thread("TTrimLogThread", async (thread) => {
      const store = ctx.services.logStore();
      thread.log.info(say(T.started, { days: keepDays, mb: maxMb }));
      const before = store.size().fileBytes;
      try {
        await trim(store, thread, counts, { before: ctx.clock.now() - keepDays * 86_400_000, maxBytes: maxMb * 1024 * 1024 });
      } finally {
        // However the thread ends, the summary tells the size the file has.
        after = store.size().fileBytes;
      }
      thread.log.info(say(T.finished, { old: counts.old, excess: counts.excess, texts: counts.texts, before: mb(before), after: mb(after) }));
    });
    return { ok: state === "finished", summary: say(T.summary, { deleted: counts.old + counts.excess, after: mb(after) }) };
  },
};

async function trim(store: LogStore, thread: ThreadHandle, counts: Counts, limits: { before: number; maxBytes: number }): Promise<void> {
  const turn = new CooperativeTurn();
  const step = async () => {
    thread.progress(counts.old + counts.excess);
    await turn.yieldIfDue();
    thread.checkpoint();
  };
  for (let n = CHUNK; n === CHUNK; await step()) {
    n = store.deleteOlderThan(limits.before, CHUNK);
    counts.old += n;
  }
  if (store.size().usedBytes > limits.maxBytes) {
    while (store.size().usedBytes > limits.maxBytes * SIZE_HYSTERESIS) {
      const n = store.deleteOldest(CHUNK);
      if (n === 0) break;
      counts.excess += n;
      await step();
    }
  }
  for (let cursor = 0; cursor >= 0; await step()) {
    const r = store.deleteUnusedTexts(cursor, CHUNK);
    counts.texts += r.deleted;
    cursor = r.lastId;
  }
  while (store.size().freePages > 0) {
    store.releaseFreePages(VACUUM_STEP);
    await step();
  }
  store.checkpoint();
}
