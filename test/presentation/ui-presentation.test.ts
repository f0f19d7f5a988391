import { beforeEach, describe, expect, test } from "bun:test";
import { setLanguage } from "../../src/messages/text.ts";
import { cut, fitTable, wrapText, type FitColumn } from "../../src/presentation/text-table.ts";
import { logFilterSummary, logLineDetails, logRow } from "../../src/presentation/log-table.ts";
import { statusLine } from "../../src/presentation/status-line.ts";
import { configRows } from "../../src/presentation/config-table.ts";
import { sizeText, storeNotes, storeRows } from "../../src/presentation/store-table.ts";
import { jobFormFields, jobInputFromForm, periodicityInput } from "../../src/presentation/job-form.ts";
import type { Job, ServiceStatus, StoresInfo } from "../../src/api/agent-api.ts";

// Other test files switch the language; these read the Russian texts.
beforeEach(() => setLanguage("ru"));

const status: ServiceStatus = { pid: 42, version: "0.1.0", instance: "main", startedAt: 0, clients: 2, zone: "Europe/Moscow", mainDbEngine: "sqlite", codUrl: "http://10.0.0.5:30102", stores: "ok", supervised: false };

describe("tables that fit the terminal", () => {
  const columns: FitColumn[] = [
    { header: "#", priority: 0 },
    { header: "Имя", priority: 0, flex: true, min: 6 },
    { header: "Опции", priority: 5 },
    { header: "Состояние", priority: 1 },
  ];
  const rows = [["1", "Синхронизация анализов", "cod_url=http://10.0.0.5:30102", "активно"]];

  test("wide: every column at its natural width", () => {
    const t = fitTable(columns, rows, 200);
    expect(t.shown).toEqual([0, 1, 2, 3]);
    expect(t.lines[0]).toBe("1  Синхронизация анализов  cod_url=http://10.0.0.5:30102  активно");
  });

  test("narrow: the flex column shrinks first, then the least important columns go; nothing is wider than asked", () => {
    const t = fitTable(columns, rows, 40);
    expect(t.shown).toEqual([0, 1, 3]);
    expect([...t.lines[0]!].length).toBeLessThanOrEqual(40);
    expect(t.lines[0]).toStartWith("1  Синхронизация анализов");
    const tiny = fitTable(columns, rows, 24);
    expect(tiny.lines[0]).toBe("1  Синхрониз…  активно");
  });

  test("long notes wrap at spaces, keeping their indent", () => {
    expect(wrapText("Главная БД: сведения появятся позже", 16)).toEqual(["Главная БД:", "сведения", "появятся позже"]);
    expect(wrapText("  Где: 10.0.0.9:3050/clinic", 14)).toEqual(["  Где:", "  10.0.0.9:305", "0/clinic"]);
  });

  test("cut marks what it cut", () => {
    expect(cut("Обрезка БД лога", 8)).toBe("Обрезка…");
    expect(cut("ЛИС", 8)).toBe("ЛИС");
  });
});

describe("the log in the manual's columns", () => {
  const line = { id: 7, ts: Date.UTC(2025, 4, 14, 13, 50, 5), service: "TSwapDataAnalysisThread", thread: 1234, level: "error" as const, message: "Ответ Сервера ЦОД не получен", fields: { run: 5, task: "analysis-sync" } };

  test("a row: local time, service, ID, comment with the level of a problem", () => {
    expect(logRow(line, "Europe/Moscow")).toEqual(["14.05.2025 16:50:05", "TSwapDataAnalysisThread", "1234", "[ошибка] Ответ Сервера ЦОД не получен"]);
    expect(logRow({ ...line, level: "info", thread: null }, "UTC")[2]).toBe("");
  });

  test("the filter in words, and a line's details with its fields", () => {
    expect(logFilterSummary({}, "UTC")).toBe("все строки");
    expect(logFilterSummary({ services: ["TTrimLogThread"], minLevel: "warn", text: "обрезка", since: Date.UTC(2025, 0, 1) }, "UTC")).toBe(
      "с 01.01.2025 0:00:00 · служба: TTrimLogThread · уровень: от «предупреждение» · текст: «обрезка»",
    );
    const details = logLineDetails(line, "Europe/Moscow");
    expect(details).toContain("  run = 5");
    expect(details[0]).toBe("Время события: 14.05.2025 16:50:05 (2025-05-14T13:50:05.000Z)");
  });
});

describe("the status line", () => {
  test("the manual's words first, then where the service runs, version, main DB, the ЦОД", () => {
    expect(statusLine(status, { kind: "attached" })).toBe(
      "Статус сервера: Работает | Подключено клиентов: 2 | подключено к службе, PID 42 | Главная БД: sqlite | ЦОД: http://10.0.0.5:30102 (нет данных) | версия 0.1.0",
    );
    expect(statusLine(status, { kind: "in-process" })).toContain("| служба запущена в этом окне |");
    // The main DB as the service has it: missing says what to do, configured but not open says so.
    expect(statusLine({ ...status, mainDb: "absent" }, { kind: "attached" })).toContain("| Главная БД: нет — agent db demo |");
    expect(statusLine({ ...status, mainDb: "closed" }, { kind: "attached" })).toContain("| Главная БД: sqlite, не подключена |");
    expect(statusLine({ ...status, mainDb: "open" }, { kind: "attached" })).toContain("| Главная БД: sqlite |");
    expect(statusLine({ ...status, codAnswered: { ok: false, at: Date.UTC(2025, 0, 1, 9) } }, { kind: "attached" })).toContain("(не ответил 01.01.2025 12:00:00)");
    expect(statusLine({ ...status, codUrl: "" }, { kind: "attached" })).toContain("ЦОД: не настроен");
    expect(statusLine(undefined, { kind: "attached" })).toBe("Статус сервера: Нет связи");
  });
});

describe("config and stores", () => {
  test("config rows keep secrets masked and filter by path", () => {
    const view = {
      file: "/opt/agent/agent.toml",
      fileExists: true,
      settings: [
        { path: "cod.url", value: '"http://10.0.0.5:30102"', origin: "файл", secret: false, restart: false },
        { path: "cod.token", value: "задан", origin: "AGENT_COD_TOKEN", secret: true, restart: false },
        { path: "maindb.engine", value: '"sqlite"', origin: "по умолчанию", secret: false, restart: true },
      ],
    };
    expect(configRows(view, "cod").map((r) => r[0])).toEqual(["cod.url", "cod.token"]);
    expect(configRows(view)[2]).toEqual(["maindb.engine", '"sqlite"', "после перезапуска", "по умолчанию"]);
    // A filter does not find a secret by a guess of its value.
    expect(configRows(view, "задан")).toEqual([]);
  });

  test("stores: sizes for people; the main DB and the checks as the service sends them, or words for an older service", () => {
    expect(sizeText(512)).toBe("512 B");
    expect(sizeText(5 * 1024 * 1024 + 1)).toBe("5.0 MB");
    const info: StoresInfo = {
      stores: [{ kind: "log", path: "/d/log.db", sizeBytes: 2048, walBytes: 0, schemaVersion: 1 }],
      lockHolder: { pid: 9, mode: "run", host: "srv", since: Date.UTC(2025, 0, 1) },
    };
    expect(storeRows(info)).toEqual([["БД лога", "2.0 KB", "0 B", "1"]]);
    const notes = storeNotes(info, "UTC");
    expect(notes[0]).toBe("БД лога: /d/log.db");
    expect(notes[2]).toBe("Экземпляр держит: процесс 9 (run) на srv с 01.01.2025 0:00:00");
    expect(notes).toContain("Главная БД: служба этой версии не сообщает сведений о ней (движок, подключение, захват изменений, очередь журнала, аренда).");
    expect(notes.at(-1)).toBe("Служба этой версии не сообщает о резервных копиях и проверках.");
    const withMain = storeNotes({ ...info, mainDb: { engine: "firebird", where: "10.0.0.9:3050/clinic", connected: false, error: "timeout", journalBacklog: 12 } }, "UTC");
    expect(withMain).toContain("  Подключение: нет: timeout");
    expect(withMain).toContain("  Очередь журнала: 12");
    expect(withMain).toContain("  Аренда у: нет данных");
    const checks = storeNotes(
      {
        ...info,
        checks: [
          { at: Date.UTC(2025, 0, 1, 4), target: "main", kind: "validate", ok: false, summary: "integrity_check: найдено ошибок 12", findings: Array.from({ length: 12 }, (_, i) => `Tree 5 page ${i}: btreeInitPage() returns error code 11`) },
          { at: Date.UTC(2025, 0, 1, 0, 5), target: "agent", kind: "backup", ok: true, summary: "/b/20250101T000500Z/agent.db", findings: [] },
        ],
      },
      "UTC",
    );
    expect(checks).toContain("Резервные копии и проверки");
    expect(checks).toContain("  Главная БД · валидация: 01.01.2025 4:00:00, ОШИБКА — integrity_check: найдено ошибок 12");
    expect(checks).toContain("      Tree 5 page 9: btreeInitPage() returns error code 11");
    expect(checks).not.toContain("      Tree 5 page 10: btreeInitPage() returns error code 11");
    expect(checks).toContain("      … и ещё 2 (все — в логе, вкладка «Логи»)");
    expect(checks).toContain("  Хранилище агента · резервная копия: 01.01.2025 0:05:00, успешно — /b/20250101T000500Z/agent.db");
    expect(storeNotes({ ...info, checks: [] }, "UTC").at(-1)).toStartWith("  Резервных копий и проверок ещё не было");
  });
});

describe("the job editor", () => {
  const job: Job = {
    id: 7,
    name: "Обрезка БД лога",
    task: "log-trim",
    start: { year: 2025, month: 1, day: 1, hour: 4, minute: 0, second: 0 },
    periodicity: { kind: "daily" },
    days: [1, 2, 3, 4, 5, 6, 7],
    forbidden: { from: 0, to: 0 },
    options: {},
    paused: false,
    createdAt: 0,
    updatedAt: 0,
  };

  test("the periodicity field takes the table's words, minutes, or cron", () => {
    expect(periodicityInput("Каждые 5 минут")).toEqual({ every: "5" });
    expect(periodicityInput("Every 15 minutes")).toEqual({ every: "15" });
    expect(periodicityInput("2h")).toEqual({ every: "2h" });
    expect(periodicityInput("Один раз в день")).toEqual({ daily: true });
    expect(periodicityInput("однократно")).toEqual({ once: true });
    expect(periodicityInput("weekly")).toEqual({ weekly: true });
    expect(periodicityInput("*/10 * * * *")).toEqual({ cron: "*/10 * * * *" });
    expect(periodicityInput("По расписанию cron: 0 4 * * *")).toEqual({ cron: "0 4 * * *" });
  });

  test("an edit sends only what changed; removed options are sent empty", () => {
    const fields = jobFormFields({ ...job, options: { cod_url: "http://a:1" } }, [], 0, "UTC");
    expect(fields.map((f) => f.value)).toEqual(["Обрезка БД лога", "log-trim", "01.01.2025 4:00:00", "Один раз в день", "Все дни", "0:00:00-0:00:00", "cod_url=http://a:1", "нет"]);
    expect(jobInputFromForm(fields, { ...job, options: { cod_url: "http://a:1" } })).toEqual({});
    fields.find((f) => f.key === "periodicity")!.value = "7";
    fields.find((f) => f.key === "options")!.value = "";
    fields.find((f) => f.key === "paused")!.value = "да";
    expect(jobInputFromForm(fields, { ...job, options: { cod_url: "http://a:1" } })).toEqual({ every: "7", options: ["cod_url="], paused: true });
  });

  test("a new job sends every field", () => {
    const fields = jobFormFields(undefined, [{ name: "log-trim", title: "Обрезка", built: true, options: [] }], Date.UTC(2025, 0, 1, 9, 30, 15), "UTC");
    fields[0]!.value = "Ещё одна обрезка";
    fields[1]!.value = "log-trim";
    expect(jobInputFromForm(fields, undefined)).toEqual({ name: "Ещё одна обрезка", task: "log-trim", start: "01.01.2025 9:30:00", every: "5", days: "all", forbid: "0:00:00-0:00:00", options: [], paused: false });
  });
});
