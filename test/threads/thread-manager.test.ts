import { describe, expect, test } from "bun:test";
import { ThreadManager, type ThreadInfo } from "../../src/threads/thread-manager.ts";
import { setLanguage } from "../../src/messages/text.ts";
import { memoryLog } from "../helpers/memory-log.ts";

function setup() {
  setLanguage("ru");
  const { hub, lines } = memoryLog();
  let id = 7000;
  const events: { name: string; info: ThreadInfo }[] = [];
  const threads = new ThreadManager({
    clock: { now: () => Date.now(), monotonic: () => performance.now() },
    logs: hub,
    ids: { next: () => id++ },
    emit: (name, data) => events.push({ name: String(name), info: data as ThreadInfo }),
    lingerMs: 60_000,
  });
  const messagesOf = (threadId: number) => lines.filter((l) => l.thread === threadId).map((l) => l.message);
  return { threads, lines, events, messagesOf };
}

describe("ThreadManager", () => {
  test("a thread that does its work: created, starting, its work, finished, destroyed — in that order", async () => {
    const { threads, messagesOf, lines } = setup();
    const state = await threads.run("TSynchronizeAnalysisThread", "analysis-sync", 12, async (t) => {
      t.log.info("Начата передача данных в ЦОД");
      t.progress(25, 100);
    });
    expect(state).toBe("finished");
    expect(messagesOf(7000)).toEqual(["Поток создан", "Запускаю поток", "Начата передача данных в ЦОД", "Завершил работу", "Поток разрушен"]);
    expect(lines.every((l) => l.service === "TSynchronizeAnalysisThread" && l.fields?.run === 12 && l.fields?.task === "analysis-sync")).toBe(true);
  });

  test("a thread that fails says what failed and why (with the cause) before it is destroyed; the caller goes on", async () => {
    const { threads, messagesOf, lines } = setup();
    const state = await threads.run("TSwapDataAnalysisThread", "analysis-sync", 1, async () => {
      throw new Error("Ответ Сервера ЦОД не получен", { cause: new Error("connect ECONNREFUSED 127.0.0.1:30102") });
    });
    expect(state).toBe("failed");
    expect(messagesOf(7000)).toEqual([
      "Поток создан",
      "Запускаю поток",
      "Поток завершился с ошибкой: Ответ Сервера ЦОД не получен ← connect ECONNREFUSED 127.0.0.1:30102",
      "Поток разрушен",
    ]);
    expect(lines.find((l) => l.message.startsWith("Поток завершился"))!.level).toBe("error");
  });

  test("a cancelled thread stops at its next safe point and says so", async () => {
    const { threads, messagesOf } = setup();
    let steps = 0;
    const running = threads.run("TLISThread", "lis", 1, async (t) => {
      for (;;) {
        t.checkpoint();
        steps++;
        await Bun.sleep(5);
      }
    });
    await Bun.sleep(30);
    expect(threads.cancel(7000)).toBe(true);
    expect(await running).toBe("cancelled");
    expect(messagesOf(7000).at(-2)).toBe("Поток остановлен по требованию администратора");
    expect(messagesOf(7000).at(-1)).toBe("Поток разрушен");
    expect(steps).toBeGreaterThan(0);
    expect(threads.cancel(7000)).toBe(false);
  });

  test("live state: id, name, task, state, progress, start, elapsed, last message; finished threads linger", async () => {
    const { threads, events } = setup();
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => (release = r));
    const done = threads.run("TSendRasThread", "mailing", 3, async (t) => {
      t.log.info("Начата рассылка почты!");
      t.progress(25, 100);
      await gate;
    });
    await Bun.sleep(10);
    const [live] = threads.list();
    expect(live).toMatchObject({ id: 7000, name: "TSendRasThread", task: "mailing", runId: 3, state: "running", done: 25, total: 100, lastMessage: "Начата рассылка почты!" });
    expect(live!.elapsedMs).toBeGreaterThan(0);
    expect(threads.running).toBe(1);
    release();
    await done;
    expect(threads.running).toBe(0);
    expect(threads.list()[0]).toMatchObject({ id: 7000, state: "finished" });
    expect(events.map((e) => e.name)).toEqual(["thread:created", "thread:started", "thread:progress", "thread:finished", "thread:destroyed"]);
  });

  test("ids are unique and threads run side by side", async () => {
    const { threads } = setup();
    const order: string[] = [];
    await Promise.all([
      threads.run("TSynchronizeAnalysisThread", "analysis-sync", 1, async () => {
        order.push("a1");
        await Bun.sleep(20);
        order.push("a2");
      }),
      threads.run("TSwapDataAnalysisThread", "analysis-sync", 1, async () => {
        order.push("b1");
        await Bun.sleep(5);
        order.push("b2");
      }),
    ]);
    expect(order).toEqual(["a1", "b1", "b2", "a2"]);
    expect(new Set(threads.list().map((t) => t.id)).size).toBe(2);
  });
});
