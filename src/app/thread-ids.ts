import type { AgentStore } from "../store/agent-store.ts";
import type { ThreadIdSource } from "../threads/thread-manager.ts";

/** Ids are reserved in blocks, so the store is written once per this many threads. */
const BLOCK = 100;

/**
 * Thread ids unique across restarts (the log is filtered by them), like the
 * old server's Windows thread ids. A block of ids is reserved in the agent's
 * store before any of it is handed out; a crash only skips the rest of a block.
 */
export class PersistentThreadIds implements ThreadIdSource {
  private nextId = 0;
  private blockEnd = 0;

  constructor(private readonly store: AgentStore) {}

  next(): number {
    if (this.nextId >= this.blockEnd) {
      const start = Number(this.store.meta("next_thread_id") ?? 1000);
      this.store.setMeta("next_thread_id", String(start + BLOCK));
      this.nextId = start;
      this.blockEnd = start + BLOCK;
    }
    return this.nextId++;
  }
}
