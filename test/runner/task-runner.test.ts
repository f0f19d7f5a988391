import { describe, expect, test } from "bun:test";
import { taskServices } from "../helpers/task-services.ts";
import { join } from "node:path";
import { TaskRunner } from "../../src/runner/task-runner.ts";
import { RunRepository } from "../../src/runner/run-repository.ts";
import { ThreadManager } from "../../src/threads/thread-manager.ts";
import { AgentStore } from "../../src/store/agent-store.ts";
import { JobRepository } from "../../src/scheduler/job-repository.ts";
import { loadConfig } from "../../src/config/load.ts";
import type { TaskDefinition } from "../../src/tasks/task.ts";
import type { TaskName } from "../../src/tasks/catalog.ts";
import { setLanguage } from "../../src/messages/text.ts";
import { systemClock } from "../../src/kernel/clock.ts";
import { memoryLog } from "../helpers/memory-log.ts";
import { tempDir } from "../helpers/temp-dir.ts";

function setup(tasks: TaskDefinition[]) {
  setLanguage("ru");
  const store = AgentStore.open(join(tempDir(), "agent.db"), { what: "store", agentVersion: "t", now: Date.now() });
  const { hub, lines } = memoryLog();
  let id = 1;
  const events: string[] = [];
  const threads = new ThreadManager({ clock: systemClock, logs: hub, ids: { next: () => id++ }, emit: () => {} });
  const config = loadConfig({ home: "/x", machineTimeZone: "UTC", env: {}, overrides: [], readFile: () => undefined }).config;
  const runner = new TaskRunner({
    tasks: new Map(tasks.map((t) => [t.name, t])),
    threads,
    runs: new RunRepository(store.orm),
    clock: systemClock,
    logs: hub,
    config: () => config,
    services: taskServices(),
    emit: (name) => events.push(String(name)),
  });
  // The runs table refers to jobs: the jobs the tests name exist.
  const jobs = new JobRepository(store.db);
  for (const [name, task] of [["Бэкап", "backup"], ["ЛИС", "lis"]] as const) {
    jobs.insert({ name, task, start: { year: 2014, month: 1, day: 1, hour: 0, minute: 0, second: 0 }, periodicity: { kind: "daily" }, days: [1, 2, 3, 4, 5, 6, 7], forbidden: { from: 0, to: 0 }, options: {}, paused: false }, 0);
  }
  const runRow = (runId: number) => store.db.query<Record<string, unknown>, [number]>("SELECT * FROM runs WHERE id = ?").get(runId)!;
  return { runner, lines, events, runRow, store };
}

const task = (name: TaskName, run: TaskDefinition["run"]): TaskDefinition => ({ name, run });

describe("TaskRunner", () => {
  test("records the run, passes the job's options over the task's defaults, reports the outcome", async () => {
    let seen: Record<string, unknown> = {};
    const { runner, runRow, events } = setup([
      task("backup", async (ctx) => {
        seen = { ...ctx.options };
        const state = await ctx.thread("TBackupThread", async (t) => t.progress(1, 1));
        return { ok: state === "finished", summary: "1 копия" };
      }),
    ]);
    const outcome = await runner.run({ task: "backup", job: { id: 1, name: "Бэкап", options: { folder: "/srv/b" } }, trigger: "manual" });
    expect(outcome).toMatchObject({ result: "ok", summary: "1 копия", task: "backup" });
    expect(seen).toEqual({ folder: "/srv/b", keep: 7, server_folder: "" });
    const row = runRow(outcome.runId);
    expect(row).toMatchObject({ job_id: 1, job_name: "Бэкап", task: "backup", trigger: "manual", result: "ok", summary: "1 копия" });
    expect(Number(row.duration_ms)).toBeGreaterThanOrEqual(0);
    expect(events).toEqual(["run:started", "run:finished"]);
  });

  test("a task that throws is a failed run with its reason, never an exception to the caller", async () => {
    const { runner, runRow, lines } = setup([task("statistics", async () => { throw new Error("ЦОД отказал", { cause: new Error("HTTP 503") }); })]);
    const outcome = await runner.run({ task: "statistics", trigger: "schedule" });
    expect(outcome).toMatchObject({ result: "failed", error: "ЦОД отказал ← HTTP 503" });
    expect(runRow(outcome.runId)).toMatchObject({ result: "failed", error: "ЦОД отказал ← HTTP 503" });
    expect(lines.some((l) => l.level === "error" && l.message.includes("ЦОД отказал"))).toBe(true);
  });

  test("a task that did not do its work is a failed run (so --once exits 1)", async () => {
    const { runner } = setup([task("mailing", async () => ({ ok: false, summary: "отправлено 25 из 100" }))]);
    expect((await runner.run({ task: "mailing", trigger: "once" })).result).toBe("failed");
  });

  test("cancelling a run stops its threads and records it as cancelled", async () => {
    const { runner, runRow } = setup([
      task("lis", async (ctx) => {
        const state = await ctx.thread("TLISThread", async (t) => {
          for (;;) {
            t.checkpoint();
            await Bun.sleep(5);
          }
        });
        return { ok: state === "finished", summary: "" };
      }),
    ]);
    const { runId, done } = runner.start({ task: "lis", job: { id: 2, name: "ЛИС", options: {} }, trigger: "schedule" });
    expect(runner.currentRun(2)).toBe(runId);
    await Bun.sleep(20);
    runner.cancelRun(runId);
    expect((await done).result).toBe("cancelled");
    expect(runRow(runId).result).toBe("cancelled");
    expect(runner.currentRun(2)).toBeUndefined();
  });

  test("drain waits for runs, then asks the rest to stop", async () => {
    const { runner } = setup([
      task("pdf-sync", async (ctx) => {
        await ctx.thread("TSyncPDFThread", async (t) => {
          for (;;) {
            t.checkpoint();
            await Bun.sleep(5);
          }
        });
        return { ok: true, summary: "" };
      }),
    ]);
    const { done } = runner.start({ task: "pdf-sync", trigger: "schedule" });
    const started = performance.now();
    await runner.drain(100);
    expect(performance.now() - started).toBeLessThan(2_000);
    expect((await done).result).toBe("cancelled");
  });

  test("interrupted runs left by a dead service are marked so", () => {
    const { store } = setup([]);
    const runs = new RunRepository(store.orm);
    runs.begin({ jobName: "x", task: "lis", trigger: "schedule", startedAt: 1 });
    expect(runs.markInterrupted(2)).toBe(1);
    expect(runs.markInterrupted(3)).toBe(0);
  });
});
