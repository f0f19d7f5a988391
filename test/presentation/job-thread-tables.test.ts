import { beforeEach, describe, expect, test } from "bun:test";
import { setLanguage } from "../../src/messages/text.ts";
import { fitTable } from "../../src/presentation/text-table.ts";
import { jobColumns, jobTableHeader, jobTableRow, type JobRunState } from "../../src/presentation/job-table.ts";
import { elapsedText, progressText, threadColumns, threadStateText, threadTableHeader, threadTableRow } from "../../src/presentation/thread-table.ts";
import type { Job } from "../../src/scheduler/job.ts";
import type { ThreadInfo } from "../../src/threads/thread-manager.ts";

// Other test files switch the language; these read the Russian texts unless a test says otherwise.
beforeEach(() => setLanguage("ru"));

/** Width as a terminal counts it: one column a character, Cyrillic like Latin. */
const columns = (line: string) => [...line].length;
/** Where a text starts, in characters (not UTF-16 units). */
const at = (line: string, text: string) => [...line.slice(0, line.indexOf(text))].length;

const ZONE = "Europe/Moscow";
/** 14.05.2025 16:50:05 in Moscow. */
const T0 = Date.UTC(2025, 4, 14, 13, 50, 5);

const job: Job = {
  id: 1,
  name: "Синхронизация анализов",
  task: "analysis-sync",
  start: { year: 2025, month: 1, day: 1, hour: 0, minute: 0, second: 30 },
  periodicity: { kind: "minutes", every: 5 },
  days: [1, 2, 3, 4, 5, 6, 7],
  forbidden: { from: 0, to: 0 },
  options: {},
  paused: false,
  createdAt: 0,
  updatedAt: 0,
};
const state = (over: Partial<JobRunState> = {}, jobOver: Partial<Job> = {}): JobRunState => ({ job: { ...job, ...jobOver }, built: true, running: false, ...over });

describe("the job table (tab 1)", () => {
  test("the header is the manual's columns, then state, last run, result, next run — one cell per column of a row", () => {
    expect(jobTableHeader()).toEqual([
      "#",
      "Имя задания",
      "Время начала",
      "Периодичность",
      "Опции",
      "Выполняется по дням",
      "Запрещено выполнять с",
      "Запрещено выполнять по",
      "Состояние",
      "Последний запуск",
      "Результат",
      "Следующий запуск",
    ]);
    expect(jobTableRow(state(), ZONE)).toHaveLength(jobTableHeader().length);
    expect(jobColumns().map((c) => c.header)).toEqual(jobTableHeader());
    setLanguage("en");
    expect(jobTableHeader().slice(1, 4)).toEqual(["Job name", "Start time", "Periodicity"]);
  });

  test("a row: start on the wall clock, periodicity and days in words, times in the clinic's zone", () => {
    const row = jobTableRow(
      state({ lastRun: { startedAt: T0, result: "ok" }, nextRun: T0 + 5 * 60_000 }, { options: { cod_url: "http://10.0.0.5:30102", retries: 2 }, forbidden: { from: 22 * 3600, to: 6 * 3600 + 30 } }),
      ZONE,
    );
    expect(row).toEqual([
      "1",
      "Синхронизация анализов",
      "01.01.2025 0:00:30",
      "Каждые 5 минут",
      "cod_url=http://10.0.0.5:30102; retries=2",
      "Все дни",
      "22:00:00",
      "6:00:30",
      "активно",
      "14.05.2025 16:50:05",
      "успешно",
      "14.05.2025 16:55:05",
    ]);
    // The same instants in another zone.
    expect(jobTableRow(state({ lastRun: { startedAt: T0, result: "ok" } }), "UTC")[9]).toBe("14.05.2025 13:50:05");
  });

  test("periodicities and days", () => {
    const cell = (over: Partial<Job>, i: number) => jobTableRow(state({}, over), ZONE)[i];
    expect(cell({ periodicity: { kind: "once" } }, 3)).toBe("Однократно");
    expect(cell({ periodicity: { kind: "daily" } }, 3)).toBe("Один раз в день");
    expect(cell({ periodicity: { kind: "cron", expression: "0 4 * * 1-5" } }, 3)).toContain("0 4 * * 1-5");
    expect(cell({ days: [1, 3, 5] }, 5)).toBe("Пн, Ср, Пт");
    expect(cell({ days: [6, 7] }, 5)).toBe("Сб, Вс");
    expect(cell({ options: {} }, 4)).toBe("");
  });

  test("states: running before paused before «not built»; a paused job has no next run; never run shows dashes", () => {
    const cells = (s: JobRunState) => {
      const r = jobTableRow(s, ZONE);
      return { state: r[8], last: r[9], result: r[10], next: r[11] };
    };
    expect(cells(state())).toEqual({ state: "активно", last: "—", result: "—", next: "не запланирован" });
    expect(cells(state({ nextRun: T0 }))).toMatchObject({ state: "активно", next: "14.05.2025 16:50:05" });
    expect(cells(state({ nextRun: T0 }, { paused: true }))).toMatchObject({ state: "приостановлено", next: "—" });
    expect(cells(state({ built: false }))).toMatchObject({ state: "задача не реализована" });
    expect(cells(state({ built: false }, { paused: true })).state).toBe("приостановлено");
    expect(cells(state({ running: true }, { paused: true })).state).toBe("выполняется");
    for (const [result, text] of [
      ["failed", "ошибка"],
      ["cancelled", "отменено"],
      ["interrupted", "прервано"],
      ["running", "выполняется"],
      // A result this version does not know (a newer service) is shown as it came.
      ["skipped", "skipped"],
    ]) {
      expect(cells(state({ lastRun: { startedAt: T0, result: result! } })).result).toBe(text!);
    }
    setLanguage("en");
    expect(cells(state({ lastRun: { startedAt: T0, result: "ok" } }, { paused: true }))).toEqual({ state: "paused", last: "14.05.2025 16:50:05", result: "ok", next: "—" });
  });

  test("in 80 columns: nothing wider, the name, state and next run stay, a long Cyrillic name is cut with «…», columns line up", () => {
    const long = "Очень длинное имя задания синхронизации анализов с центральным сервером ЦОД";
    const rows = [
      jobTableRow(state({ lastRun: { startedAt: T0, result: "ok" }, nextRun: T0 }), ZONE),
      jobTableRow(state({ nextRun: T0 + 60_000 }, { id: 12, name: long, options: { cod_url: "http://10.0.0.5:30102/a/very/long/path/that/is/cut" } }), ZONE),
    ];
    const table = fitTable(jobColumns(), rows, 80);
    for (const line of [table.header, ...table.lines]) expect(columns(line)).toBeLessThanOrEqual(80);
    expect(table.shown).toEqual(expect.arrayContaining([0, 1, 8, 11]));
    const name = table.lines[1]!.split(/\s{2,}/)[1]!;
    expect(name).toEndWith("…");
    expect(long.startsWith(name.slice(0, -1))).toBe(true);
    expect(columns(name)).toBeGreaterThanOrEqual(14);
    // Cyrillic counted as one column each: the state column starts at the same place in the header and every row.
    const stateAt = at(table.header, "Состояние");
    for (const line of table.lines) expect(at(line, "активно")).toBe(stateAt);
    // Wide enough: every column, nothing cut; the options column is capped at 30.
    const wide = fitTable(jobColumns(), rows, 400);
    expect(wide.shown).toHaveLength(12);
    expect(wide.lines[1]).toContain(long);
    expect(wide.lines[1]).toContain("cod_url=http://10.0.0.5:30102…");
  });
});

const thread: ThreadInfo = {
  id: 1234,
  name: "TSynchronizeAnalysisThread",
  task: "analysis-sync",
  runId: 5,
  state: "running",
  done: 25,
  total: 100,
  startedAt: T0,
  elapsedMs: 62_000,
  lastMessage: "Начата передача данных в ЦОД",
};

describe("the thread table (tab 2)", () => {
  test("progress as the manual writes it: «25 из 100»; the count alone without a total; nothing before any", () => {
    expect(progressText({ done: 25, total: 100 })).toBe("25 из 100");
    expect(progressText({ done: 0, total: 100 })).toBe("0 из 100");
    expect(progressText({ done: 0, total: 0 })).toBe("0 из 0");
    expect(progressText({ done: 7, total: undefined })).toBe("7");
    expect(progressText({ done: 0, total: undefined })).toBe("0");
    expect(progressText({ done: undefined, total: 100 })).toBe("");
    expect(progressText({ done: undefined, total: undefined })).toBe("");
    setLanguage("en");
    expect(progressText({ done: 25, total: 100 })).toBe("25 of 100");
  });

  test("elapsed time: minutes and seconds, hours only when needed, whole seconds, never negative", () => {
    expect(elapsedText(0)).toBe("0:00");
    expect(elapsedText(999)).toBe("0:00");
    expect(elapsedText(42_000)).toBe("0:42");
    expect(elapsedText(59_999)).toBe("0:59");
    expect(elapsedText(60_000)).toBe("1:00");
    expect(elapsedText(62_000)).toBe("1:02");
    expect(elapsedText(3_599_999)).toBe("59:59");
    expect(elapsedText(3_600_000)).toBe("1:00:00");
    expect(elapsedText(3_723_000)).toBe("1:02:03");
    expect(elapsedText(26 * 3_600_000 + 5_000)).toBe("26:00:05");
    expect(elapsedText(-1)).toBe("0:00");
    expect(elapsedText(-90_000)).toBe("0:00");
  });

  test("a row: id, the manual's name, task, state in words, progress, start in the clinic's zone, elapsed, last message", () => {
    expect(threadTableHeader()).toEqual(["ID", "Имя потока", "Задача", "Состояние", "Прогресс", "Начат", "Длится", "Последнее сообщение"]);
    expect(threadTableRow(thread, ZONE)).toEqual(["1234", "TSynchronizeAnalysisThread", "analysis-sync", "работает", "25 из 100", "14.05.2025 16:50:05", "1:02", "Начата передача данных в ЦОД"]);
    const bare = threadTableRow({ ...thread, state: "created", done: undefined, total: undefined, lastMessage: undefined, elapsedMs: 0 }, ZONE);
    expect(bare).toEqual(["1234", "TSynchronizeAnalysisThread", "analysis-sync", "создан", "", "14.05.2025 16:50:05", "0:00", ""]);
    expect((["created", "running", "finished", "failed", "cancelled"] as const).map(threadStateText)).toEqual(["создан", "работает", "завершён", "ошибка", "остановлен"]);
    expect(threadColumns().map((c) => c.header)).toEqual(threadTableHeader());
    setLanguage("en");
    expect(threadTableRow(thread, ZONE).slice(3, 5)).toEqual(["running", "25 of 100"]);
  });

  test("in 80 columns: nothing wider, id right-aligned, state and progress stay, a long Cyrillic message is cut with «…»", () => {
    const message = "Получено 1500 статусов направлений на анализы; дальше идут результаты исследований и особые отметки";
    const rows = [
      threadTableRow({ ...thread, lastMessage: message }, ZONE),
      threadTableRow({ ...thread, id: 7, name: "TLISThread", task: "lis", state: "finished", done: 3, total: undefined, elapsedMs: 3_723_000 }, ZONE),
    ];
    const table = fitTable(threadColumns(), rows, 80);
    for (const line of [table.header, ...table.lines]) expect(columns(line)).toBeLessThanOrEqual(80);
    // The task and the start go first; the message shrinks to its minimum but stays.
    expect(table.shown).toEqual([0, 1, 3, 4, 6, 7]);
    expect(table.lines[0]).toStartWith("1234  TSynchronizeAnalysisThread");
    expect(table.lines[1]).toStartWith("   7  TLISThread");
    expect(table.lines[0]).toContain("25 из 100");
    const progressAt = at(table.header, "Прогресс");
    expect(at(table.lines[0]!, "25 из 100")).toBe(progressAt);
    expect(at(table.lines[1]!, "3          1:02:03")).toBe(progressAt);
    expect(table.lines[0]).toEndWith("1:02     Получено 1500 …");
    expect(table.lines[1]).toEndWith("1:02:03  Начата передач…");
    const wide = fitTable(threadColumns(), rows, 300);
    expect(wide.shown).toHaveLength(8);
    expect(wide.lines[0]).toEndWith(message);
    expect(wide.lines[1]).toContain("1:02:03");
  });
});
