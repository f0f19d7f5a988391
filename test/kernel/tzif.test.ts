import { describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { offsetFromRules, parsePosixRule, systemZoneRules } from "../../src/kernel/tzif.ts";

/** The offset ICU gives, the reference the system's tz files are checked against. */
const formats = new Map<string, Intl.DateTimeFormat>();
function icuOffset(instantMs: number, zone: string): number {
  let format = formats.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", { timeZone: zone, hourCycle: "h23", year: "numeric", month: "numeric", day: "numeric", hour: "numeric", minute: "numeric", second: "numeric" });
    formats.set(zone, format);
  }
  const parts = format.formatToParts(new Date(instantMs));
  const get = (t: string) => Number(parts.find((p) => p.type === t)!.value);
  return (Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"), get("second")) - Math.floor(instantMs / 1000) * 1000) / 1000;
}

const ZONES = ["Europe/Moscow", "Europe/Berlin", "Asia/Yekaterinburg", "Europe/Kaliningrad", "America/New_York", "Australia/Lord_Howe", "America/Sao_Paulo", "Asia/Kolkata", "UTC"];

describe.skipIf(!existsSync("/usr/share/zoneinfo/Europe/Berlin"))("the system's tz database", () => {
  // Without /usr/share/zoneinfo (Windows) the agent uses ICU and these files are not read.
  for (const zone of ZONES) {
    test(`${zone}: the same offsets as ICU from 1990 to 2045, every 9 hours 17 minutes`, () => {
      const rules = systemZoneRules(zone)!;
      expect(rules).toBeDefined();
      const mismatches: string[] = [];
      for (let t = Date.UTC(1990, 0, 1); t < Date.UTC(2045, 0, 1); t += (9 * 60 + 17) * 60_000) {
        const ours = offsetFromRules(rules, t / 1000);
        const icu = icuOffset(t, zone);
        if (ours !== icu) mismatches.push(`${new Date(t).toISOString()}: ${ours} vs ${icu}`);
      }
      expect(mismatches.slice(0, 5)).toEqual([]);
    });
  }

  test("a name that is not a zone, or tries to leave zoneinfo, has no rules", () => {
    expect(systemZoneRules("Europe/Atlantis")).toBeUndefined();
    expect(systemZoneRules("../../etc/passwd")).toBeUndefined();
  });
});

describe("POSIX TZ rules", () => {
  test("std and dst with month-week-day rules and times", () => {
    expect(parsePosixRule("CET-1CEST,M3.5.0,M10.5.0/3")).toEqual({
      std: 3600,
      dst: { offset: 7200, start: { kind: "month", month: 3, week: 5, weekday: 0, time: 7200 }, end: { kind: "month", month: 10, week: 5, weekday: 0, time: 10800 } },
    });
    expect(parsePosixRule("MSK-3")).toEqual({ std: 10800 });
    expect(parsePosixRule("<+0530>-5:30")).toEqual({ std: 19800 });
    expect(parsePosixRule("<+1030>-10:30<+11>-11,M10.1.0,M4.1.0")?.dst?.offset).toBe(39600);
  });

  test("a southern-hemisphere rule gives summer across new year", () => {
    const rules = { transitions: [], offsets: [], initialOffset: 0, footer: parsePosixRule("<-03>3<-02>,M10.3.0/0,M2.3.0/0")! };
    expect(offsetFromRules(rules, Date.UTC(2030, 0, 10) / 1000)).toBe(-7200);
    expect(offsetFromRules(rules, Date.UTC(2030, 5, 10) / 1000)).toBe(-10800);
  });
});
