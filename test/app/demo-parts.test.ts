import { beforeEach, expect, test } from "bun:test";
import { setLanguage } from "../../src/messages/text.ts";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { loadConfig } from "../../src/config/load.ts";
import { AgentInstance } from "../../src/app/agent-instance.ts";
import { AgentService } from "../../src/app/agent-service.ts";
import { systemClock } from "../../src/kernel/clock.ts";
import { codDemoPart } from "../../src/app/demo/cod-part.ts";
import { logTrimDemoPart } from "../../src/app/demo/log-trim-part.ts";
import { everyMinutePart, notBuiltPart } from "../../src/app/demo/parts.ts";
import { syncDemoPart } from "../../src/app/demo/sync-part.ts";
import { tempDir } from "../helpers/temp-dir.ts";

// The demo's lines are matched in Russian; other test files switch the language.
beforeEach(() => setLanguage("ru"));

/** Polls until the demo's log has a line matching; no fixed sleeps. */
async function until(instance: AgentInstance, pattern: RegExp, after = 0, timeoutMs = 10_000): Promise<number> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    instance.logs.flush();
    const hit = instance.logStore.newest({ services: ["demo"], afterId: after }, 1000).reverse().find((l) => pattern.test(l.message));
    if (hit) return hit.id;
    if (performance.now() > deadline) throw new Error(`no demo line ${pattern} within ${timeoutMs} ms`);
    await Bun.sleep(50);
  }
}

test("the demo's parts: a main DB with demo data and capture, the ЦОД simulator seeded, real pushes and pulls, a refusal and its recovery, old lines for the trim, jobs every minute", async () => {
  const dir = tempDir();
  mkdirSync(join(dir, "data"));
  const cod = codDemoPart({ faultAfterMs: 1_500, faultForMs: 1_500 });
  const parts = [cod, syncDemoPart(cod, { referrals: 20, incoming: 6, misEveryMs: 200 }), logTrimDemoPart({ lines: 5_000 }), everyMinutePart, notBuiltPart];
  const overrides = [
    { path: "log.stderr", value: "false", arg: "test" },
    { path: "cod.retries", value: "0", arg: "test" },
  ];
  for (const p of parts) overrides.push(...((await p.prepare?.({ dir, now: Date.now, zone: "Europe/Moscow" })) ?? []));
  const loaded = loadConfig({ home: dir, machineTimeZone: "UTC", env: {}, overrides, readFile: () => undefined });
  expect(loaded.config.cod.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  expect(loaded.config.maindb.path).toBe(join(dir, "main.db"));
  const instance = AgentInstance.open(loaded, { clock: systemClock, lockMode: "run", stderr: () => {} });
  const service = new AgentService(instance, { rereadConfig: () => loaded });
  await service.openMainDb();
  service.start();
  try {
    const log = instance.logs.logger("demo");
    for (const p of parts) await p.start?.(service, log);
    await until(instance, /создана встроенная главная БД .*начальная загрузка поставила в очередь на передачу в ЦОД строк — \d+/);
    await until(instance, /в симулятор ЦОД положены для этой МО документы и статусы \(\d+\) и перечни анализов МО-исполнителей \(4\)/);
    const first = await service.runNow("analysis-sync", "manual").done;
    expect(first.result).toBe("ok");
    expect(first.summary).toMatch(/передано записей: [1-9]\d*, получено из ЦОД: [1-9]\d*/);
    expect((await service.runNow("mo-exchange", "manual").done).result).toBe("ok");
    // The MIS keeps changing rows: the next run has something to send.
    await until(instance, /МИС изменила строк — [1-9]/);
    const fault = await until(instance, /Демо: внесена неисправность/);
    const down = await service.runNow("analysis-sync", "manual").done;
    expect(down.result).toBe("failed");
    instance.logs.flush();
    expect(instance.logStore.newest({ services: ["TSynchronizeAnalysisThread"], minLevel: "error" }, 10).some((l) => /Ответ Сервера ЦОД не получен.*(отклонено|ECONNREFUSED)/.test(l.message))).toBe(true);
    await until(instance, /неисправность снята/, fault);
    const up = await service.runNow("analysis-sync", "manual").done;
    expect(up.result).toBe("ok");
    expect(up.summary).toMatch(/передано записей: [1-9]/);
    expect(service.status().codAnswered?.ok).toBe(true);
    expect(instance.logStore.count({ until: Date.now() - 90 * 86_400_000 })).toBe(5_000);
    expect(instance.jobs.list().every((j) => j.periodicity.kind === "minutes" && j.periodicity.every === 1)).toBe(true);
    await until(instance, /ещё не реализованы.*lis/);
  } finally {
    for (const p of [...parts].reverse()) await p.stop?.();
    await service.stop();
    instance.close();
  }
}, 60_000);
