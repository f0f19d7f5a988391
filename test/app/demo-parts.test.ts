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
import { mainDbDemoPart } from "../../src/app/demo/main-db-part.ts";
import { mailingDemoPart } from "../../src/app/demo/mailing-part.ts";
import { pdfSyncDemoPart } from "../../src/app/demo/pdf-sync-part.ts";
import { serviceJobsDemoPart } from "../../src/app/demo/service-jobs-part.ts";
import { listSets } from "../../src/tasks/backup/backup-folder.ts";
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
  const mainDb = mainDbDemoPart({ referrals: 20 });
  const parts = [cod, mainDb, syncDemoPart(cod, mainDb, { incoming: 6, misEveryMs: 200 }), logTrimDemoPart({ lines: 5_000 }), serviceJobsDemoPart(), everyMinutePart, notBuiltPart];
  const overrides = [
    { path: "log.stderr", value: "false", arg: "test" },
    { path: "cod.retries", value: "0", arg: "test" },
  ];
  for (const p of parts) overrides.push(...((await p.prepare?.({ dir, now: Date.now, zone: "Europe/Moscow" })) ?? []));
  const loaded = loadConfig({ home: dir, machineTimeZone: "UTC", env: {}, overrides, readFile: () => undefined });
  expect(loaded.config.cod.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  expect(loaded.config.maindb.path).toBe(join(dir, "main.db"));
  const instance = AgentInstance.open(loaded, { clock: systemClock, lockMode: "run", stderr: () => {} });
  // No scheduler: the jobs' first fire after "every minute" may come within a second and trim the old lines under the test.
  const service = new AgentService(instance, { rereadConfig: () => loaded, schedule: false });
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
    // Every task is built: the demo names none as missing.
    expect(instance.logStore.newest({ services: ["demo"] }, 1000).some((l) => l.message.includes("ещё не реализованы"))).toBe(false);
    // The backups go into the demo's folder; run now (the demo's schedule fires at the next minute).
    await until(instance, /резервные копии .* пишутся в .*backup, хранятся последние 3/);
    const backup = instance.jobs.list().find((j) => j.task === "backup")!;
    expect((await service.runNow(String(backup.id), "manual").done).result).toBe("ok");
    expect(listSets(join(dir, "backup")).map((s) => s.manifest.files.map((f) => f.role))).toEqual([["main", "agent", "log"]]);
  } finally {
    for (const p of [...parts].reverse()) await p.stop?.();
    await service.stop();
    instance.close();
  }
}, 60_000);

test("the main DB, mailing and PDF parts: demo data, an SMTP sink and the SMS simulator, the demo signer and another МО's documents at the ЦОД — the jobs' runs show them", async () => {
  const dir = tempDir();
  mkdirSync(join(dir, "data"));
  // The ЦОД without its fault: this test is about the other parts.
  const parts = [codDemoPart({ faultAfterMs: 3_600_000 }), mainDbDemoPart(), mailingDemoPart(), pdfSyncDemoPart()];
  const overrides = [{ path: "log.stderr", value: "false", arg: "test" }];
  for (const p of parts) overrides.push(...((await p.prepare?.({ dir, now: Date.now, zone: "UTC" })) ?? []));
  const loaded = loadConfig({ home: dir, machineTimeZone: "UTC", env: {}, overrides, readFile: () => undefined });
  expect([loaded.config.mail.host, loaded.config.sign.engine]).toEqual(["127.0.0.1", "builtin"]);
  const instance = AgentInstance.open(loaded, { clock: systemClock, lockMode: "run", stderr: () => {} });
  const service = new AgentService(instance, { rereadConfig: () => loaded, schedule: false, control: false });
  const linesOf = (name: string) => {
    instance.logs.flush();
    return instance.logStore.newest({ services: [name] }, 5000).reverse().map((l) => l.message);
  };
  try {
    const log = instance.logs.logger("demo");
    for (const p of parts) await p.start?.(service, log);
    await until(instance, /создана встроенная главная БД .* \(направлений — 50,/);
    await until(instance, /в симуляторе ЦОД для этой МО оставлены два PDF от МО 4601001/);

    expect((await service.runner.run({ task: "mailing", trigger: "manual" })).result).toBe("ok");
    const mailing = linesOf("TSendRasThread");
    expect(mailing).toContain("Начата рассылка почты!");
    const finished = mailing.find((l) => l.startsWith("Рассылка: отправлено писем"))!;
    const [, emails, texts] = /писем — (\d+), SMS — (\d+)/.exec(finished)!;
    expect(Number(emails) + Number(texts)).toBeGreaterThan(0);
    if (Number(emails) > 0) await until(instance, /SMTP-приёмник принял письмо для \w\*\*\*@example\.ru/);
    // Two texts of two parts take the demo account (110) below sms.balance_warn (100).
    if (Number(texts) >= 2) expect(mailing.some((l) => l.startsWith("Баланс у SMSC.ru:") && l.includes("меньше порога sms.balance_warn (100)"))).toBe(true);

    expect((await service.runner.run({ task: "pdf-sync", trigger: "manual" })).result).toBe("ok");
    const pdf = linesOf("TSyncPDFThread");
    expect(pdf.some((l) => /^Подписание и передача PDF на ЦОД закончена\. Всего передано \[[1-9]\d*\] записей\. Очередь на отправку \[0\]$/.test(l))).toBe(true);
    expect(pdf.some((l) => l.startsWith("Получен PDF demo-res-1 от МО 4601001 (направление 1): подпись действительна"))).toBe(true);
    expect(pdf.some((l) => l.startsWith("ПОДПИСЬ НЕДЕЙСТВИТЕЛЬНА: PDF demo-res-2 от МО 4601001"))).toBe(true);
  } finally {
    for (const p of [...parts].reverse()) await p.stop?.();
    await service.stop();
    instance.close();
  }
}, 60_000);
