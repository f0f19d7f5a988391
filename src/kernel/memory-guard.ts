/**
 * Keeps the memory of a long loop that allocates a lot per step (a push
 * batch: thousands of rows decoded, mapped, encoded as JSON and gzipped) near
 * what the step really holds. JavaScriptCore's collector lets the heap grow
 * well past the live data when allocation is steady — measured: a push of
 * 200,000 rows peaked at 190 MB with batches of 5,000, though a batch is a
 * few megabytes. A full collection between steps, only once the process is
 * above the limit, keeps the peak under it at the cost of a few
 * milliseconds per step, and costs nothing while the process is small.
 */
export class MemoryGuard {
  constructor(private readonly limitBytes = 96 * 1024 * 1024) {}

  /** Between steps: collects garbage now if the process is above the limit. */
  relieve(): void {
    if (process.memoryUsage.rss() > this.limitBytes) Bun.gc(true);
  }
}
