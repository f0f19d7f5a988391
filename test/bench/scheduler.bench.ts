import { Scheduler } from "../../src/scheduler/scheduler.ts";
import { ALL_DAYS, type Job } from "../../src/scheduler/job.ts";
import { ManualClock } from "../../src/kernel/clock.ts";
import type { Logger } from "../../src/logs/logger.ts";
import { FakeTimers } from "../helpers/fake-timers.ts";
import { median, type BenchResult } from "./report.ts";

/**
 * 1,000 fires of an "every minute" job on an injected clock: the delay between
 * the planned instant and the fire is then the scheduler's own work (computing
 * the next fire, re-arming, recording) measured in real time per fire.
 */
export function run(): BenchResult[] {
  const start = Date.UTC(2025, 4, 14, 0, 0, 30);
  const clock = new ManualClock(start);
  const timers = new FakeTimers(clock);
  const job: Job = {
    id: 1, name: "bench", task: "statistics", start: { year: 2014, month: 1, day: 1, hour: 0, minute: 0, second: 0 },
    periodicity: { kind: "minutes", every: 1 }, days: ALL_DAYS, forbidden: { from: 22 * 3600, to: 23 * 3600 }, options: {}, paused: false,
    createdAt: start, updatedAt: start,
  };
  const silent: Logger = { debug() {}, info() {}, warn() {}, error() {}, forThread: () => silent };
  const delays: number[] = [];
  let armedAt = 0;
  const scheduler = new Scheduler({
    clock, zone: () => "Europe/Moscow", jobs: { list: () => [job], markFired: () => {} }, timers,
    isBuilt: () => true, currentRun: () => undefined,
    fire: async (_job, _trigger, plannedAt) => {
      delays.push(performance.now() - armedAt + (clock.now() - plannedAt));
    },
    log: silent, emit: () => {},
  });
  scheduler.start();
  for (let i = 0; i < 1000; i++) {
    const next = scheduler.nextRuns().get(1)!;
    armedAt = performance.now();
    timers.advanceTo(next);
  }
  scheduler.stop();
  return [
    {
      name: `scheduler: delay from the planned instant to the fire, injected clock (${delays.length} fires, median)`,
      value: median(delays),
      unit: "ms",
      target: "≤ 50 ms median",
      met: median(delays) <= 50,
    },
  ];
}
