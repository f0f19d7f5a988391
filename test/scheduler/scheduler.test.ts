import { describe, expect, test } from "bun:test";
import { Scheduler, type RunTrigger } from "../../src/scheduler/scheduler.ts";
import { ALL_DAYS, type Job, type Periodicity } from "../../src/scheduler/job.ts";
import { ManualClock } from "../../src/kernel/clock.ts";
import { formatManual, instantAt } from "../../src/kernel/zoned-time.ts";
import type { Logger } from "../../src/logs/logger.ts";
import { setLanguage } from "../../src/messages/text.ts";
import { FakeTimers } from "../helpers/fake-timers.ts";

const ZONE = "Europe/Moscow";
const at = (d: string, zone = ZONE) => {
  const [date, time] = d.split(" ");
  const [day, month, year] = date!.split(".").map(Number);
  const [hour, minute, second] = time!.split(":").map(Number);
  return instantAt({ year: year!, month: month!, day: day!, hour: hour!, minute: minute!, second: second ?? 0 }, zone);
};

function job(id: number, p: Partial<Job> & { periodicity: Periodicity }): Job {
  return {
    id,
    name: `job ${id}`,
    task: "log-trim",
    start: { year: 2014, month: 1, day: 1, hour: 0, minute: 0, second: 30 },
    days: ALL_DAYS,
    forbidden: { from: 0, to: 0 },
    options: {},
    paused: false,
    createdAt: 0,
    updatedAt: 0,
    ...p,
  };
}

interface Fire {
  jobId: number;
  trigger: RunTrigger;
  planned: string;
  at: string;
}

function harness(jobs: Job[], now: number, zone = ZONE) {
  setLanguage("ru");
  // Jobs made by a test exist from "now" unless the test says otherwise: no fire is owed before that.
  for (const j of jobs) if (j.updatedAt === 0) j.createdAt = j.updatedAt = now;
  const clock = new ManualClock(now);
  const timers = new FakeTimers(clock);
  const fires: Fire[] = [];
  const lines: string[] = [];
  const running = new Map<number, { runId: number; finish: () => void }>();
  let runIds = 0;
  const log: Logger = {
    debug: () => {},
    info: (m) => lines.push(m),
    warn: (m) => lines.push(m),
    error: (m) => lines.push(m),
    forThread: () => log,
  };
  const scheduler = new Scheduler({
    clock,
    zone: () => zone,
    jobs: {
      list: () => jobs,
      markFired: (id, plannedAt) => {
        jobs.find((j) => j.id === id)!.lastFireAt = plannedAt;
      },
    },
    timers,
    isBuilt: (task) => task !== "lis",
    currentRun: (jobId) => running.get(jobId)?.runId,
    fire: (j, trigger, plannedAt) => {
      fires.push({ jobId: j.id, trigger, planned: formatManual(plannedAt, zone), at: formatManual(clock.now(), zone) });
      return new Promise<void>((resolve) => running.set(j.id, { runId: ++runIds, finish: () => (running.delete(j.id), resolve()) }));
    },
    log,
    emit: () => {},
  });
  const finish = (jobId: number) => running.get(jobId)?.finish();
  return { clock, timers, fires, lines, scheduler, finish };
}

describe("Scheduler", () => {
  test("every 5 minutes anchored at 0:00:30 fires at :00:30, :05:30 …, at the planned instant", () => {
    const j = job(1, { periodicity: { kind: "minutes", every: 5 } });
    const h = harness([j], at("14.05.2025 16:52:00"));
    h.scheduler.start();
    for (let i = 0; i < 3; i++) {
      h.timers.advanceTo(h.clock.now() + 5 * 60_000);
      h.finish(1);
    }
    expect(h.fires.map((f) => f.planned)).toEqual(["14.05.2025 16:55:30", "14.05.2025 17:00:30", "14.05.2025 17:05:30"]);
    expect(h.fires.every((f) => f.planned === f.at)).toBe(true);
  });

  test("a job never overlaps its previous run; the skip is logged once per run", () => {
    const j = job(1, { periodicity: { kind: "minutes", every: 1 }, start: { year: 2014, month: 1, day: 1, hour: 0, minute: 0, second: 0 } });
    const h = harness([j], at("14.05.2025 10:00:30"));
    h.scheduler.start();
    h.timers.advanceTo(at("14.05.2025 10:05:30"));
    expect(h.fires).toHaveLength(1);
    expect(h.lines.filter((l) => l.includes("пропущен"))).toHaveLength(1);
    h.finish(1);
    h.timers.advanceTo(at("14.05.2025 10:06:30"));
    expect(h.fires.map((f) => f.planned)).toEqual(["14.05.2025 10:01:00", "14.05.2025 10:06:00"]);
    h.timers.advanceTo(at("14.05.2025 10:08:30"));
    // A new run that overlaps: logged once more, for that run.
    expect(h.lines.filter((l) => l.includes("пропущен"))).toHaveLength(2);
  });

  test("fires in the forbidden window are skipped, across midnight too", () => {
    const j = job(1, { periodicity: { kind: "minutes", every: 30 }, start: { year: 2016, month: 1, day: 1, hour: 0, minute: 8, second: 0 }, forbidden: { from: 22 * 3600, to: 6 * 3600 } });
    const h = harness([j], at("14.05.2025 21:00:00"));
    h.scheduler.start();
    for (let t = at("14.05.2025 21:00:00"); t < at("15.05.2025 7:00:00"); t += 60_000) {
      h.timers.advanceTo(t);
      h.finish(1);
    }
    expect(h.fires.map((f) => f.planned)).toEqual(["14.05.2025 21:08:00", "14.05.2025 21:38:00", "15.05.2025 6:08:00", "15.05.2025 6:38:00"]);
    expect(formatManual(h.scheduler.nextRuns().get(1)!, ZONE)).toBe("15.05.2025 7:08:00");
  });

  test("DST: a daily 2:30 run is neither lost in spring nor doubled in autumn", () => {
    const zone = "Europe/Berlin";
    const j = job(1, { periodicity: { kind: "daily" }, start: { year: 2014, month: 1, day: 1, hour: 2, minute: 30, second: 0 } });
    for (const [from, to] of [
      ["27.03.2026 12:00:00", "31.03.2026 12:00:00"],
      ["23.10.2026 12:00:00", "27.10.2026 12:00:00"],
    ] as const) {
      j.lastFireAt = undefined;
      j.createdAt = j.updatedAt = 0;
      const h = harness([j], at(from, zone), zone);
      h.scheduler.start();
      for (let t = at(from, zone); t <= at(to, zone); t += 5 * 60_000) {
        h.timers.advanceTo(t);
        h.finish(1);
      }
      const days = h.fires.map((f) => f.planned.slice(0, 10));
      expect(days).toEqual([...new Set(days)]);
      expect(days).toHaveLength(4);
    }
  });

  test("after downtime a periodic job runs one catch-up, never a stampede", () => {
    const j = job(1, { periodicity: { kind: "minutes", every: 5 }, lastFireAt: at("11.05.2025 10:00:30"), createdAt: at("01.05.2025 0:00:00"), updatedAt: at("01.05.2025 0:00:00") });
    const h = harness([j], at("14.05.2025 16:52:00"));
    h.scheduler.start();
    expect(h.fires).toEqual([{ jobId: 1, trigger: "catch-up", planned: "11.05.2025 10:05:30", at: "14.05.2025 16:52:00" }]);
    h.finish(1);
    h.timers.advanceTo(at("14.05.2025 16:55:30"));
    expect(h.fires.map((f) => f.trigger)).toEqual(["catch-up", "schedule"]);
  });

  test("a one-time job whose time passed while the agent was down runs once at start, and only once", () => {
    const j = job(1, { periodicity: { kind: "once" }, start: { year: 2025, month: 5, day: 14, hour: 3, minute: 0, second: 0 }, createdAt: at("13.05.2025 9:00:00"), updatedAt: at("13.05.2025 9:00:00") });
    const h = harness([j], at("14.05.2025 16:52:00"));
    h.scheduler.start();
    expect(h.fires.map((f) => f.trigger)).toEqual(["catch-up"]);
    h.finish(1);
    h.scheduler.stop();
    const again = harness([j], at("14.05.2025 17:30:00"));
    again.scheduler.start();
    again.timers.advanceTo(at("20.05.2025 0:00:00"));
    expect(again.fires).toEqual([]);
  });

  test("a job created after its times is not owed a catch-up", () => {
    const j = job(1, { periodicity: { kind: "daily" }, start: { year: 2014, month: 1, day: 1, hour: 4, minute: 0, second: 0 }, createdAt: at("14.05.2025 12:00:00"), updatedAt: at("14.05.2025 12:00:00") });
    const h = harness([j], at("14.05.2025 16:52:00"));
    h.scheduler.start();
    expect(h.fires).toEqual([]);
    expect(formatManual(h.scheduler.nextRuns().get(1)!, ZONE)).toBe("15.05.2025 4:00:00");
  });

  test("a catch-up due in a forbidden window waits for the next regular run", () => {
    const j = job(1, { periodicity: { kind: "minutes", every: 30 }, start: { year: 2016, month: 1, day: 1, hour: 0, minute: 8, second: 0 }, forbidden: { from: 6 * 3600, to: 21 * 3600 }, lastFireAt: at("13.05.2025 5:38:00"), createdAt: at("01.05.2025 0:00:00"), updatedAt: at("01.05.2025 0:00:00") });
    const h = harness([j], at("14.05.2025 10:00:00"));
    h.scheduler.start();
    expect(h.fires).toEqual([]);
    expect(h.lines.join("\n")).toContain("запрещённое время");
    expect(formatManual(h.scheduler.nextRuns().get(1)!, ZONE)).toBe("14.05.2025 21:08:00");
  });

  test("paused jobs and jobs of tasks not built do not fire; the latter are named once", () => {
    const paused = job(1, { periodicity: { kind: "minutes", every: 5 }, paused: true });
    const notBuilt = job(2, { periodicity: { kind: "minutes", every: 5 }, task: "lis", name: "ЛИС" });
    const h = harness([paused, notBuilt], at("14.05.2025 10:00:00"));
    h.scheduler.start();
    h.timers.advanceTo(at("14.05.2025 11:00:00"));
    expect(h.fires).toEqual([]);
    expect(h.lines.filter((l) => l.includes("«ЛИС» (lis)"))).toHaveLength(1);
    expect(h.scheduler.nextRuns().get(1)).toBeUndefined();
  });

  test("an edit takes effect at once: the next run follows the new schedule", () => {
    const j = job(1, { periodicity: { kind: "minutes", every: 5 } });
    const h = harness([j], at("14.05.2025 16:52:00"));
    h.scheduler.start();
    expect(formatManual(h.scheduler.nextRuns().get(1)!, ZONE)).toBe("14.05.2025 16:55:30");
    j.periodicity = { kind: "daily" };
    j.start = { year: 2014, month: 1, day: 1, hour: 20, minute: 0, second: 0 };
    h.scheduler.refresh();
    expect(formatManual(h.scheduler.nextRuns().get(1)!, ZONE)).toBe("14.05.2025 20:00:00");
    h.timers.advanceTo(at("14.05.2025 19:59:59"));
    expect(h.fires).toEqual([]);
    h.timers.advanceTo(at("14.05.2025 20:00:00"));
    expect(h.fires.map((f) => f.planned)).toEqual(["14.05.2025 20:00:00"]);
  });

  test("a clock jump past many fires gives one fire, then the schedule goes on from now", () => {
    const j = job(1, { periodicity: { kind: "minutes", every: 5 } });
    const h = harness([j], at("14.05.2025 10:00:00"));
    h.scheduler.start();
    h.clock.set(at("14.05.2025 13:00:00"));
    h.timers.advanceTo(at("14.05.2025 13:00:00"));
    h.finish(1);
    expect(h.fires).toHaveLength(1);
    expect(formatManual(h.scheduler.nextRuns().get(1)!, ZONE)).toBe("14.05.2025 13:00:30");
  });
});
