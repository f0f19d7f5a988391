import { describe, expect, test } from "bun:test";
import { formatIsoZoned, formatManual, instantAt, parseWallClock, wallClockAt, parseTimeOfDay } from "../../src/kernel/zoned-time.ts";

describe("zoned time", () => {
  test("the manual's form, in the clinic's zone, hour without a leading zero", () => {
    const instant = Date.UTC(2025, 4, 14, 13, 50, 10);
    expect(formatManual(instant, "Europe/Moscow")).toBe("14.05.2025 16:50:10");
    expect(formatManual(Date.UTC(2025, 4, 14, 21, 5, 1), "Europe/Moscow")).toBe("15.05.2025 0:05:01");
    expect(formatManual(instant, "Asia/Vladivostok")).toBe("14.05.2025 23:50:10");
  });

  test("ISO with the clinic's offset", () => {
    expect(formatIsoZoned(Date.UTC(2025, 4, 14, 13, 50, 10, 123), "Europe/Moscow")).toBe("2025-05-14T16:50:10.123+03:00");
    expect(formatIsoZoned(Date.UTC(2025, 0, 1), "America/New_York")).toBe("2024-12-31T19:00:00.000-05:00");
  });

  test("independent of the process's own zone", () => {
    const before = process.env.TZ;
    process.env.TZ = "America/Los_Angeles";
    try {
      expect(formatManual(Date.UTC(2025, 4, 14, 13, 50, 10), "Europe/Moscow")).toBe("14.05.2025 16:50:10");
      expect(instantAt({ year: 2025, month: 5, day: 14, hour: 16, minute: 50, second: 10 }, "Europe/Moscow")).toBe(Date.UTC(2025, 4, 14, 13, 50, 10));
    } finally {
      process.env.TZ = before;
    }
  });

  test("a time skipped by the spring jump moves forward by the jump", () => {
    // Berlin, 29.03.2026: 2:00 → 3:00.
    const t = instantAt({ year: 2026, month: 3, day: 29, hour: 2, minute: 30, second: 0 }, "Europe/Berlin");
    expect(formatManual(t, "Europe/Berlin")).toBe("29.03.2026 3:30:00");
  });

  test("a time that occurs twice in autumn is its first occurrence", () => {
    // Berlin, 25.10.2026: 3:00 → 2:00; 2:30 happens at 00:30Z (CEST) and 01:30Z (CET).
    const t = instantAt({ year: 2026, month: 10, day: 25, hour: 2, minute: 30, second: 0 }, "Europe/Berlin");
    expect(t).toBe(Date.UTC(2026, 9, 25, 0, 30));
  });

  test("wall clock and weekday at an instant", () => {
    expect(wallClockAt(Date.UTC(2025, 4, 18, 22, 0), "Europe/Moscow")).toEqual({ year: 2025, month: 5, day: 19, hour: 1, minute: 0, second: 0, weekday: 1 });
  });

  test("parses what people type, refuses impossible dates", () => {
    expect(parseWallClock("01.01.2014 0:10:00")).toEqual({ year: 2014, month: 1, day: 1, hour: 0, minute: 10, second: 0 });
    expect(parseWallClock("2014-01-01T04:00")).toEqual({ year: 2014, month: 1, day: 1, hour: 4, minute: 0, second: 0 });
    expect(parseWallClock("14.05.2025")).toEqual({ year: 2025, month: 5, day: 14, hour: 0, minute: 0, second: 0 });
    expect(parseWallClock("31.02.2025 1:00")).toBeUndefined();
    expect(parseWallClock("01.01.2014 25:00")).toBeUndefined();
    expect(parseWallClock("yesterday-ish")).toBeUndefined();
    expect(parseTimeOfDay("21:00")).toBe(75600);
    expect(parseTimeOfDay("24:00")).toBeUndefined();
  });
});
