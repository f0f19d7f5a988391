import { describe, expect, test } from "bun:test";
import { join } from "node:path";
import { LogStore } from "../../src/logs/log-store.ts";
import type { LogRecord } from "../../src/logs/log-record.ts";
import { tempDir } from "../helpers/temp-dir.ts";

const T0 = Date.UTC(2025, 4, 14, 13, 50, 0);
function open(): LogStore {
  return LogStore.open(join(tempDir(), "log.db"), { what: "log", agentVersion: "test", now: T0 });
}
const line = (i: number, p: Partial<LogRecord> = {}): LogRecord => ({
  ts: T0 + i * 1000,
  service: "TSwapDataAnalysisThread",
  thread: 7176,
  level: "info",
  message: `строка ${i}`,
  ...p,
});

describe("LogStore", () => {
  test("is created with incremental auto-vacuum so trimming can shrink it", () => {
    const store = open();
    expect(store.db.query<{ auto_vacuum: number }, []>("PRAGMA auto_vacuum").get()!.auto_vacuum).toBe(2);
    expect(store.db.query<{ journal_mode: string }, []>("PRAGMA journal_mode").get()!.journal_mode).toBe("wal");
    store.close();
  });

  test("round-trips a line with its fields; a repeated text is stored once", () => {
    const store = open();
    store.insert([line(1, { fields: { task: "analysis-sync", run: 12, n: 3 } }), line(2, { message: "строка 1" })]);
    const [first] = store.newest({ thread: 7176 }, 10).reverse();
    expect(first).toMatchObject({ ts: T0 + 1000, service: "TSwapDataAnalysisThread", thread: 7176, level: "info", message: "строка 1" });
    expect(first!.fields).toEqual({ task: "analysis-sync", run: 12, n: 3 });
    expect(store.db.query<{ n: number }, []>("SELECT count(*) AS n FROM log_text").get()!.n).toBe(1);
    store.close();
  });

  test("text search folds case in Cyrillic and Latin, for long and short needles", () => {
    const store = open();
    store.insert([
      line(1, { message: "Ошибка соединения с ЦОД" }),
      line(2, { message: "Ответ Сервера ЦОД не получен" }),
      line(3, { message: "ECONNREFUSED at 10.0.0.5" }),
      line(4, { message: "Поток создан" }),
    ]);
    const texts = (text: string) => store.newest({ text }, 10).map((l) => l.message).sort();
    expect(texts("ошибка")).toEqual(["Ошибка соединения с ЦОД"]);
    expect(texts("цод")).toEqual(["Ответ Сервера ЦОД не получен", "Ошибка соединения с ЦОД"].sort());
    expect(texts("econnrefused")).toEqual(["ECONNREFUSED at 10.0.0.5"]);
    expect(texts("по")).toEqual(["Ответ Сервера ЦОД не получен", "Поток создан"].sort());
    expect(texts("О")).toContain("Ошибка соединения с ЦОД");
    expect(texts("\"кавычки\"")).toEqual([]);
    expect(texts("*")).toEqual([]);
    store.close();
  });

  test("filters by time range, service, level and thread; newest first or oldest first", () => {
    const store = open();
    store.insert([
      line(1),
      line(2, { service: "TLISThread", thread: 1 }),
      line(3, { level: "warn" }),
      line(4, { level: "error", service: "TLISThread", thread: 1 }),
      line(5, { level: "debug" }),
    ]);
    expect(store.newest({ since: T0 + 2000, until: T0 + 4000 }, 10).map((l) => l.ts)).toEqual([T0 + 4000, T0 + 3000, T0 + 2000]);
    expect(store.newest({ services: ["TLISThread"] }, 10).map((l) => l.message)).toEqual(["строка 4", "строка 2"]);
    expect(store.newest({ minLevel: "warn" }, 10).map((l) => l.level)).toEqual(["error", "warn"]);
    expect([...store.iterate({ thread: 7176 })].map((l) => l.message)).toEqual(["строка 1", "строка 3", "строка 5"]);
    expect(store.count({ minLevel: "error" })).toBe(1);
    store.close();
  });

  test("every filter uses its index, with no statistics (the store never runs ANALYZE)", () => {
    const store = open();
    store.insert(Array.from({ length: 5000 }, (_, i) => line(i, { level: i % 100 === 0 ? "error" : "info", message: `строка ${i % 50}` })));
    expect(store.db.query("SELECT name FROM sqlite_master WHERE name = 'sqlite_stat1'").get()).toBeNull();
    expect(store.plan({ minLevel: "error" })).toContain("log_problems");
    expect(store.plan({ minLevel: "warn", since: T0 })).toContain("log_problems");
    expect(store.plan({ services: ["TLISThread"], since: T0 })).toContain("log_by_service");
    expect(store.plan({})).toContain("log_by_ts");
    expect(store.plan({ services: ["TLISThread"], since: T0, text: "строка 1" })).toContain("log_by_service");
    store.close();
  });

  test("the next and previous matching line in time order (jump to next error)", () => {
    const store = open();
    store.insert([line(1, { level: "error" }), line(2), line(3, { level: "error" }), line(4)]);
    const errors = { minLevel: "error" as const };
    const [next] = store.neighbour(errors, { ts: T0 + 1000, id: 1 }, "after");
    expect(next!.message).toBe("строка 3");
    const [previous] = store.neighbour(errors, { ts: T0 + 4000, id: 4 }, "before");
    expect(previous!.message).toBe("строка 3");
    store.close();
  });

  test("follow mode: lines after an id, in the order written", () => {
    const store = open();
    store.insert([line(1), line(2)]);
    const last = store.lastId();
    store.insert([line(3), line(4)]);
    expect([...store.iterate({ afterId: last })].map((l) => l.message)).toEqual(["строка 3", "строка 4"]);
    store.close();
  });

  test("lists the services that have lines", () => {
    const store = open();
    store.insert([line(1), line(2, { service: "TLISThread" }), line(3, { service: "agent" }), line(4)]);
    expect(store.services()).toEqual(["TLISThread", "TSwapDataAnalysisThread", "agent"]);
    store.close();
  });

  test("a failed batch leaves no half-written lines and the text cache stays right", () => {
    const store = open();
    store.db.exec("CREATE TRIGGER refuse BEFORE INSERT ON log WHEN new.service = 'bad' BEGIN SELECT RAISE(ABORT, 'refused'); END");
    expect(() => store.insert([line(1, { message: "новый текст" }), line(2, { service: "bad" })])).toThrow("refused");
    expect(store.count()).toBe(0);
    store.insert([line(3, { message: "новый текст" })]);
    expect(store.newest({}, 1)[0]!.message).toBe("новый текст");
    store.close();
  });
});
