/** Starts sqlite-writer-worker.ts on a file; `stop()` answers what it committed and its longest transaction. */
export function startSqliteWriter(o: { path: string; sql: string; rows: number; setup?: string }): { stop(): Promise<{ batches: number; longestMs: number }> } {
  const worker = new Worker(new URL("./sqlite-writer-worker.ts", import.meta.url).href);
  let failure: string | undefined;
  const done = new Promise<{ batches: number; longestMs: number }>((resolve, reject) => {
    worker.onmessage = (event: MessageEvent) => {
      const data = event.data as { batches?: number; longestMs?: number; error?: string };
      if (data.error) failure = data.error;
      else {
        worker.terminate();
        if (failure) reject(new Error(`the writer failed: ${failure}`));
        else resolve({ batches: data.batches!, longestMs: data.longestMs! });
      }
    };
    worker.onerror = (e) => reject(new Error(e.message));
  });
  worker.postMessage({ op: "start", ...o });
  return {
    stop() {
      worker.postMessage({ op: "stop" });
      return done;
    },
  };
}
