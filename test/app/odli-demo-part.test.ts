import { expect, test } from "bun:test";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { loadConfig } from "../../src/config/load.ts";
import { AgentInstance } from "../../src/app/agent-instance.ts";
import { AgentService } from "../../src/app/agent-service.ts";
import { systemClock } from "../../src/kernel/clock.ts";
import { setLanguage } from "../../src/messages/text.ts";
import { mainDbDemoPart } from "../../src/app/demo/main-db-part.ts";
import { odliDemoPart } from "../../src/app/demo/odli-part.ts";
import { notBuiltPart } from "../../src/app/demo/parts.ts";
import { tempDir } from "../helpers/temp-dir.ts";

test("the demo's ОДЛИ part with the embedded main DB (referrals and the code map): the simulator; the LIS job sends the waiting referrals and gets their results", async () => {
  setLanguage("ru");
  const dir = tempDir();
  mkdirSync(join(dir, "data"));
  const mainDb = mainDbDemoPart({ referrals: 600 });
  const part = odliDemoPart({ resultDelayMs: 0 });
  const overrides = [{ path: "log.stderr", value: "false", arg: "test" }];
  for (const p of [mainDb, part]) overrides.push(...((await p.prepare?.({ dir, now: Date.now, zone: "UTC" })) ?? []));
  const loaded = loadConfig({ home: dir, machineTimeZone: "UTC", env: {}, overrides, readFile: () => undefined });
  expect(loaded.config.odli.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/exlab\/api\/fhir\/$/);
  const instance = AgentInstance.open(loaded, { clock: systemClock, lockMode: "run", stderr: () => {} });
  const service = new AgentService(instance, { rereadConfig: () => loaded });
  service.start();
  try {
    const log = instance.logs.logger("demo");
    await mainDb.start!(service, log);
    await part.start!(service, log);
    await notBuiltPart.start!(service, log);
    const { done } = service.runNow("lis", "manual");
    const outcome = await done;
    instance.logs.flush();
    const lines = instance.logStore.newest({ services: ["TLISThread"] }, 1000).map((l) => l.message);
    const sent = lines.map((l) => /^Отправлено направлений (\d+) из (\d+)$/.exec(l)).find(Boolean);
    if (process.env.SHOW_LINES) console.log(lines.join("\n"));
    expect(outcome.result).toBe("ok");
    expect(Number(sent![1])).toBeGreaterThan(3);
    expect(lines.some((l) => /^Получены результаты по [1-9]\d* направлениям/.test(l))).toBe(true);
    const demo = instance.logStore.newest({ services: ["demo"] }, 100).map((l) => l.message);
    expect(demo.some((l) => /^Демо: создана встроенная главная БД .* \(направлений — 600,/.test(l))).toBe(true);
    expect(demo.some((l) => l.startsWith("Демо: во встроенной главной БД есть таблица сопоставления кодов ОДЛИ"))).toBe(true);
    expect((await service.odliState()).unmapped!.map((u) => u.localCode)).toContain("A09.05.NEO");
  } finally {
    await part.stop!();
    await service.stop();
    instance.close();
  }
}, 60_000);
