import { describe, expect, test } from "bun:test";
import { nextFire } from "../../src/scheduler/next-fire.ts";
import { ALL_DAYS, type JobDefinition } from "../../src/scheduler/job.ts";
import { formatManual, instantAt } from "../../src/kernel/zoned-time.ts";

const MSK = "Europe/Moscow";
type Schedule = Pick<JobDefinition, "start" | "periodicity" | "days" | "forbidden">;

function schedule(p: Partial<Schedule> & Pick<Schedule, "periodicity">, start = { year: 2014, month: 1, day: 1, hour: 0, minute: 0, second: 30 }): Schedule {
  return { start, days: ALL_DAYS, forbidden: { from: 0, to: 0 }, ...p };
}
const at = (text: string, zone = MSK) => {
  const [d, t] = text.split(" ");
  const [day, month, year] = d!.split(".").map(Number);
  const [hour, minute, second] = t!.split(":").map(Number);
  return instantAt({ year: year!, month: month!, day: day!, hour: hour!, minute: minute!, second: second ?? 0 }, zone);
};
const next = (s: Schedule, after: string, zone = MSK) => {
  const n = nextFire(s, at(after, zone), zone);
  return n === undefined ? undefined : formatManual(n, zone);
};

describe("nextFire", () => {
  test("every N minutes is anchored at the start time, not at :00", () => {
    const s = schedule({ periodicity: { kind: "minutes", every: 5 } });
    expect(next(s, "14.05.2025 16:50:10")).toBe("14.05.2025 16:50:30");
    expect(next(s, "14.05.2025 16:50:30")).toBe("14.05.2025 16:55:30");
    expect(next(s, "14.05.2025 16:52:00")).toBe("14.05.2025 16:55:30");
  });

  test("before the start time, the first fire is the start time", () => {
    const s = schedule({ periodicity: { kind: "minutes", every: 15 } }, { year: 2030, month: 1, day: 1, hour: 0, minute: 9, second: 58 });
    expect(next(s, "14.05.2025 16:50:00")).toBe("01.01.2030 0:09:58");
  });

  test("once: at the start time, then never", () => {
    const s = schedule({ periodicity: { kind: "once" } }, { year: 2025, month: 5, day: 20, hour: 3, minute: 0, second: 0 });
    expect(next(s, "14.05.2025 16:50:00")).toBe("20.05.2025 3:00:00");
    expect(next(s, "20.05.2025 3:00:00")).toBeUndefined();
  });

  test("daily at the start's clock time; weekly on its weekday", () => {
    const daily = schedule({ periodicity: { kind: "daily" } }, { year: 2014, month: 1, day: 1, hour: 4, minute: 0, second: 0 });
    expect(next(daily, "14.05.2025 3:59:59")).toBe("14.05.2025 4:00:00");
    expect(next(daily, "14.05.2025 4:00:00")).toBe("15.05.2025 4:00:00");
    // 24.04.2014 was a Thursday.
    const weekly = schedule({ periodicity: { kind: "weekly" } }, { year: 2014, month: 4, day: 24, hour: 20, minute: 0, second: 0 });
    expect(next(weekly, "14.05.2025 16:00:00")).toBe("15.05.2025 20:00:00");
    expect(next(weekly, "15.05.2025 20:00:00")).toBe("22.05.2025 20:00:00");
  });

  test("days of the week are honoured", () => {
    const s = schedule({ periodicity: { kind: "daily" }, days: [1, 2, 3, 4, 5] }, { year: 2014, month: 1, day: 1, hour: 9, minute: 0, second: 0 });
    // 16.05.2025 is a Friday: the next fire after it is Monday the 19th.
    expect(next(s, "16.05.2025 10:00:00")).toBe("19.05.2025 9:00:00");
  });

  test("a forbidden window skips fires, the next allowed one is shown", () => {
    const s = schedule({ periodicity: { kind: "minutes", every: 30 }, forbidden: { from: 6 * 3600, to: 21 * 3600 } }, { year: 2016, month: 1, day: 1, hour: 0, minute: 8, second: 0 });
    expect(next(s, "14.05.2025 5:30:00")).toBe("14.05.2025 5:38:00");
    expect(next(s, "14.05.2025 5:38:00")).toBe("14.05.2025 21:08:00");
  });

  test("a forbidden window may cross midnight", () => {
    const s = schedule({ periodicity: { kind: "minutes", every: 60 }, forbidden: { from: 22 * 3600, to: 6 * 3600 } }, { year: 2014, month: 1, day: 1, hour: 0, minute: 0, second: 0 });
    expect(next(s, "14.05.2025 21:30:00")).toBe("15.05.2025 6:00:00");
    expect(next(s, "15.05.2025 2:00:00")).toBe("15.05.2025 6:00:00");
    expect(next(s, "15.05.2025 6:00:00")).toBe("15.05.2025 7:00:00");
  });

  test("0:00–0:00 means no forbidden window", () => {
    const s = schedule({ periodicity: { kind: "minutes", every: 60 } }, { year: 2014, month: 1, day: 1, hour: 0, minute: 0, second: 0 });
    expect(next(s, "14.05.2025 23:30:00")).toBe("15.05.2025 0:00:00");
  });

  test("DST spring forward: a daily 2:30 run is not lost", () => {
    const s = schedule({ periodicity: { kind: "daily" } }, { year: 2014, month: 1, day: 1, hour: 2, minute: 30, second: 0 });
    const zone = "Europe/Berlin";
    expect(next(s, "28.03.2026 12:00:00", zone)).toBe("29.03.2026 3:30:00");
    expect(next(s, "29.03.2026 3:30:00", zone)).toBe("30.03.2026 2:30:00");
  });

  test("DST autumn back: a daily 2:30 run is not doubled", () => {
    const s = schedule({ periodicity: { kind: "daily" } }, { year: 2014, month: 1, day: 1, hour: 2, minute: 30, second: 0 });
    const zone = "Europe/Berlin";
    const first = nextFire(s, Date.UTC(2026, 9, 24, 12), zone)!;
    expect(first).toBe(Date.UTC(2026, 9, 25, 0, 30));
    // The second 2:30 (01:30Z) is not a fire: the next is the 26th.
    expect(formatManual(nextFire(s, first, zone)!, zone)).toBe("26.10.2026 2:30:00");
  });

  test("cron expressions run in the clinic's zone", () => {
    const s = schedule({ periodicity: { kind: "cron", expression: "15 */2 * * *" } });
    expect(next(s, "14.05.2025 16:50:00")).toBe("14.05.2025 18:15:00");
  });

  test("a job forbidden all day has no next run", () => {
    const s = schedule({ periodicity: { kind: "minutes", every: 60 }, forbidden: { from: 0, to: 86399 } }, { year: 2014, month: 1, day: 1, hour: 0, minute: 0, second: 0 });
    expect(next(s, "14.05.2025 16:50:00")).toBeUndefined();
  });
});
