import { afterEach, describe, expect, test } from "bun:test";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { loadConfig } from "../../src/config/load.ts";
import { AgentInstance } from "../../src/app/agent-instance.ts";
import { AgentService } from "../../src/app/agent-service.ts";
import { systemClock } from "../../src/kernel/clock.ts";
import { AgentApi } from "../../src/api/agent-api.ts";
import { ControlClient } from "../../src/control/control-client.ts";
import { LogWindow, LOG_PAGE } from "../../src/tui/log-window.ts";
import { tempDir } from "../helpers/temp-dir.ts";

/** A real service on a real instance in a temp folder, and a UI-kind client on its control channel. */
async function serviceWithLog(lines: number) {
  const dir = tempDir();
  mkdirSync(join(dir, "data"));
  const loaded = loadConfig({
    home: dir,
    machineTimeZone: "UTC",
    env: { AGENT_COD_TOKEN: "очень-секретно" },
    overrides: [{ path: "log.stderr", value: "false", arg: "test" }],
    readFile: () => undefined,
  });
  const instance = AgentInstance.open(loaded, { clock: systemClock, lockMode: "run", stderr: () => {} });
  const base = Date.now() - lines * 1000;
  const batch = Array.from({ length: lines }, (_, i) => ({
    ts: base + i * 1000,
    service: i % 3 === 0 ? "TSwapDataAnalysisThread" : "TSynchronizeAnalysisThread",
    thread: 1 + (i % 3),
    level: (i % 97 === 0 ? "error" : "info") as "error" | "info",
    message: i % 97 === 0 ? `Ответ Сервера ЦОД не получен (${i})` : i % 2 ? "Начата передача данных в ЦОД" : "Получено 3 статусов направлений на анализы",
  }));
  instance.logStore.insert(batch);
  const service = new AgentService(instance, { rereadConfig: () => loaded });
  service.start();
  const api = new AgentApi(await ControlClient.connect(instance.paths.controlEndpoint, "ui"));
  const stop = async () => {
    api.close();
    await service.stop();
    instance.close();
  };
  return { dir, instance, service, api, stop };
}

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

describe("the control channel's methods for the terminal UI", () => {
  test("logs.query pages the whole log DB by filter: newest, before, after; oldest first in each page", async () => {
    const s = await serviceWithLog(6_000);
    cleanup = s.stop;
    s.instance.logs.flush();
    const newest = await s.api.call("logs.query", { filter: { services: ["TSwapDataAnalysisThread"] }, limit: 50 });
    expect(newest).toHaveLength(50);
    expect(newest.every((l) => l.service === "TSwapDataAnalysisThread")).toBe(true);
    expect(newest[0]!.ts).toBeLessThan(newest[49]!.ts);
    const older = await s.api.call("logs.query", { filter: { services: ["TSwapDataAnalysisThread"] }, limit: 50, before: { ts: newest[0]!.ts, id: newest[0]!.id } });
    expect(older.at(-1)!.ts).toBeLessThan(newest[0]!.ts);
    const after = await s.api.call("logs.query", { filter: { services: ["TSwapDataAnalysisThread"] }, limit: 10, after: { ts: older.at(-1)!.ts, id: older.at(-1)!.id } });
    expect(after.map((l) => l.id)).toEqual(newest.slice(0, 10).map((l) => l.id));
    // Cyrillic text, another case than stored.
    const text = await s.api.call("logs.query", { filter: { text: "ОТВЕТ СЕРВЕРА" }, limit: 5_000 });
    expect(text.length).toBe(Math.ceil(6_000 / 97));
    expect(await s.api.call("logs.services")).toEqual(expect.arrayContaining(["TSwapDataAnalysisThread", "TSynchronizeAnalysisThread", "agent"]));
    // A client cannot ask for the whole log at once.
    expect(await s.api.call("logs.query", { filter: {}, limit: 1e9 })).toHaveLength(5_000);
    expect(await s.api.call("logs.query", { filter: {}, limit: 0 })).toHaveLength(1);
  });

  test("logs.neighbour finds the next and previous error; logs.export sends the manual's TSV in chunks", async () => {
    const s = await serviceWithLog(1_000);
    cleanup = s.stop;
    const page = await s.api.call("logs.query", { filter: { services: ["TSwapDataAnalysisThread", "TSynchronizeAnalysisThread"] }, limit: 1_000, after: { ts: 0, id: 0 } });
    const first = page[0]!;
    const next = await s.api.call("logs.neighbour", { filter: { minLevel: "error" }, from: { ts: first.ts, id: first.id }, direction: "after" });
    expect(next?.message).toBe("Ответ Сервера ЦОД не получен (97)");
    const previous = await s.api.call("logs.neighbour", { filter: { minLevel: "error" }, from: { ts: next!.ts, id: next!.id }, direction: "before" });
    expect(previous?.message).toBe("Ответ Сервера ЦОД не получен (0)");
    expect(await s.api.call("logs.neighbour", { filter: { minLevel: "error" }, from: { ts: first.ts, id: first.id }, direction: "before" })).toBeNull();

    const chunks: string[] = [];
    let after: { ts: number; id: number } | undefined;
    for (;;) {
      const chunk = await s.api.call("logs.export", { filter: { services: ["TSwapDataAnalysisThread"] }, after, limit: 100 });
      chunks.push(chunk.tsv);
      if (!chunk.next) break;
      after = chunk.next;
    }
    const lines = chunks.join("").split("\n").filter(Boolean);
    expect(lines).toHaveLength(Math.ceil(1_000 / 3));
    expect(lines[0]).toMatch(/^\d\d\.\d\d\.\d{4} \d{1,2}:\d\d:\d\d\tTSwapDataAnalysisThread\t1\t/);
  });

  test("config.effective masks secrets and names origins; stores.info shows the agent's stores and, without a main DB, says so", async () => {
    const s = await serviceWithLog(10);
    cleanup = s.stop;
    const config = await s.api.call("config.effective");
    const token = config.settings.find((x) => x.path === "cod.token")!;
    expect(token.secret).toBe(true);
    expect(JSON.stringify(config)).not.toContain("очень-секретно");
    expect(token.origin).toContain("AGENT_COD_TOKEN");
    const stores = await s.api.call("stores.info");
    expect(stores.stores.map((x) => x.kind)).toEqual(["agent", "log"]);
    for (const store of stores.stores) {
      expect(store.sizeBytes).toBeGreaterThan(0);
      expect(store.schemaVersion).toBeGreaterThan(0);
    }
    expect(stores.lockHolder?.mode).toBe("run");
    expect(stores.lockHolder?.pid).toBe(process.pid);
    expect(stores.mainDb).toMatchObject({ engine: "sqlite", connected: false });
    expect(stores.mainDb!.where).toContain(join("data", "main", "main.db"));
    const tasks = await s.api.call("tasks.list");
    expect(tasks.find((t) => t.name === "log-trim")?.built).toBe(true);
    expect(tasks.find((t) => t.name === "analysis-sync")?.options).toEqual(["cod_url"]);
  });
});

describe("the log tab's window (through the real channel)", () => {
  test("pages older lines in as the selection moves up, follows new lines, jumps to errors", async () => {
    const s = await serviceWithLog(2_000);
    cleanup = s.stop;
    const w = new LogWindow({
      query: (q) => s.api.call("logs.query", q),
      neighbour: (filter, from, direction) => s.api.call("logs.neighbour", { filter, from, direction }),
    });
    await w.setFilter({ services: ["TSynchronizeAnalysisThread"] });
    expect(w.lines).toHaveLength(LOG_PAGE);
    expect(w.following).toBe(true);
    const newestId = w.selectedLine()!.id;
    await w.move(-(LOG_PAGE + 5));
    expect(w.following).toBe(false);
    expect(w.lines.length).toBeGreaterThan(LOG_PAGE);
    expect(w.selectedLine()!.id).toBeLessThan(newestId);
    // While paused, new lines do not move the view.
    const log = s.instance.logs.logger("TSynchronizeAnalysisThread", 9);
    log.info("Закончена передача анализов в ЦОД. Всего передано [3] записей");
    s.instance.logs.flush();
    expect(await w.appendNew()).toBe(false);
    await w.toEnd();
    expect(w.selectedLine()!.message).toContain("Закончена передача анализов");
    log.info("Начата передача данных в ЦОД");
    s.instance.logs.flush();
    expect(await w.appendNew()).toBe(true);
    expect(w.selectedLine()!.message).toBe("Начата передача данных в ЦОД");
    // Next/previous error, even though the view's filter is of another service.
    await w.toStart();
    expect(await w.jumpToError("after")).toBe(true);
    expect(w.selectedLine()!.level).toBe("error");
    expect(w.following).toBe(false);
  });
});
