import { heapSize } from "bun:jsc";

/**
 * Keeps the memory of a long loop that allocates a lot per step (a push
 * batch: thousands of rows decoded, mapped, encoded as JSON and gzipped; a
 * pull page parsed and written) near what a step really holds.
 * JavaScriptCore's collector lets the heap grow well past the live data when
 * allocation is steady — measured: a push of 200,000 rows peaked at 190 MB
 * with batches of 5,000, though a batch is a few megabytes. So between steps,
 * once the heap has grown by `growthBytes` since the last collection, a full
 * collection runs: one every few batches, a few milliseconds each, and none
 * while the heap stays small.
 */
export class MemoryGuard {
  private floor = heapSize();

  constructor(private readonly growthBytes = 16 * 1024 * 1024) {}

  /** Between steps: collects garbage now if the heap has grown by more than the limit. */
  relieve(): void {
    if (heapSize() - this.floor < this.growthBytes) return;
    Bun.gc(true);
    this.floor = heapSize();
  }
}
