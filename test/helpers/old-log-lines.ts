import { join } from "node:path";
import { Database } from "bun:sqlite";

/** Old log lines written straight into an instance's log DB, for the trimming job to chew on (a run that lasts a while). */
export function oldLogLines(dir: string, count: number): void {
  const db = new Database(join(dir, "data", "main", "log.db"));
  const textId = db.query<{ id: number }, [string]>("INSERT INTO log_text (text) VALUES (?) RETURNING id").get("Пакет подтверждён ЦОД")!.id;
  const insertLine = db.prepare("INSERT INTO log (ts, service, thread, level, text_id) VALUES (?, 'TSwapDataAnalysisThread', 1, 20, ?)");
  const old = Date.now() - 400 * 86_400_000;
  db.transaction(() => {
    for (let i = 0; i < count; i++) insertLine.run(old + i, textId);
  })();
  db.close();
}
