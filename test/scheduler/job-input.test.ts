import { describe, expect, test } from "bun:test";
import { buildJobDefinition, parseDays, parseEvery, parseForbidden } from "../../src/scheduler/job-input.ts";
import { setLanguage } from "../../src/messages/text.ts";

describe("job input", () => {
  setLanguage("ru");

  test("days in numbers, Russian and English, ranges that wrap the week", () => {
    expect(parseDays("all")).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(parseDays("1-5")).toEqual([1, 2, 3, 4, 5]);
    expect(parseDays("пн-пт")).toEqual([1, 2, 3, 4, 5]);
    expect(parseDays("mon,wed,fri")).toEqual([1, 3, 5]);
    expect(parseDays("сб-вт")).toEqual([1, 2, 6, 7]);
    expect(parseDays("8")).toBeUndefined();
    expect(parseDays("someday")).toBeUndefined();
  });

  test("forbidden windows, across midnight, and none", () => {
    expect(parseForbidden("6:00-21:00")).toEqual({ from: 21600, to: 75600 });
    expect(parseForbidden("22:00–6:00")).toEqual({ from: 79200, to: 21600 });
    expect(parseForbidden("none")).toEqual({ from: 0, to: 0 });
    expect(parseForbidden("6-21")).toBeUndefined();
  });

  test("every N minutes, hours, days", () => {
    expect(parseEvery("5")).toBe(5);
    expect(parseEvery("15m")).toBe(15);
    expect(parseEvery("2h")).toBe(120);
    expect(parseEvery("1d")).toBe(1440);
    expect(parseEvery("0")).toBeUndefined();
    expect(parseEvery("often")).toBeUndefined();
  });

  test("a full job validates, with options checked like the config", () => {
    const r = buildJobDefinition(
      { name: "Бэкап", task: "backup", start: "01.01.2014 0:05:00", daily: true, options: ["folder=/srv/backup", "keep=3"] },
      undefined,
    );
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.job.options).toEqual({ folder: "/srv/backup", keep: 3 });
  });

  test("every mistake at once, each naming its field", () => {
    const r = buildJobDefinition(
      { name: "x", task: "bakup", start: "32.01.2014", every: "soon", days: "someday", forbid: "6-21" },
      undefined,
    );
    expect(r.ok).toBe(false);
    if (!r.ok) {
      const all = r.errors.join("\n");
      expect(all).toContain("неизвестная задача «bakup»");
      expect(all).toContain("время начала «32.01.2014»");
      expect(all).toContain("периодичность «soon»");
      expect(all).toContain("дни «someday»");
      expect(all).toContain("запрещённое время «6-21»");
    }
  });

  test("an unknown or invalid option is refused with what the task takes", () => {
    const r = buildJobDefinition({ name: "b", task: "backup", start: "01.01.2014", daily: true, options: ["foldr=/x", "keep=many"] }, undefined);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.errors.join("\n")).toContain("нет опции «foldr»; есть: folder");
      expect(r.errors.join("\n")).toContain("опция keep: ожидается целое число");
    }
  });

  test("a bad cron expression says why", () => {
    const r = buildJobDefinition({ name: "c", task: "statistics", start: "01.01.2014", cron: "61 * * * *" }, undefined);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.join("\n")).toContain("выражение cron «61 * * * *» неверно");
  });

  test("editing keeps what is not given and drops options the new task lacks", () => {
    const base = buildJobDefinition({ name: "b", task: "backup", start: "01.01.2014", daily: true, options: ["folder=/x"] }, undefined);
    if (!base.ok) throw new Error("base invalid");
    const edited = buildJobDefinition({ every: "30" }, base.job);
    expect(edited.ok && edited.job.periodicity).toEqual({ kind: "minutes", every: 30 });
    expect(edited.ok && edited.job.options).toEqual({ folder: "/x" });
    const moved = buildJobDefinition({ task: "statistics" }, base.job);
    expect(moved.ok && moved.job.options).toEqual({});
  });
});
