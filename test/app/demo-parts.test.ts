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

test("the demo's parts: the ЦОД simulator with a refusal and its recovery, old lines for the trim, jobs every minute, what is not built", async () => {
  const dir = tempDir();
  mkdirSync(join(dir, "data"));
  const cod = codDemoPart({ faultAfterMs: 400, faultForMs: 800, probeEveryMs: 150 });
  const parts = [cod, logTrimDemoPart({ lines: 5_000 }), serviceJobsDemoPart(), everyMinutePart, notBuiltPart];
  const overrides = [{ path: "log.stderr", value: "false", arg: "test" }];
  for (const p of parts) overrides.push(...((await p.prepare?.({ dir, now: Date.now })) ?? []));
  const loaded = loadConfig({ home: dir, machineTimeZone: "UTC", env: {}, overrides, readFile: () => undefined });
  expect(loaded.config.cod.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  const instance = AgentInstance.open(loaded, { clock: systemClock, lockMode: "run", stderr: () => {} });
  // No scheduler: the jobs' first fire after "every minute" may come within a second and trim the old lines under the test.
  const service = new AgentService(instance, { rereadConfig: () => loaded, schedule: false });
  service.start();
  try {
    const log = instance.logs.logger("demo");
    for (const p of parts) await p.start?.(service, log);
    const answered = await until(instance, /ЦОД ответил \(протокол \d+\.\d+\)/);
    const fault = await until(instance, /внесена неисправность/, answered);
    const failed = await until(instance, /проверка связи — Ответ Сервера ЦОД не получен.*(отклонено|ECONNREFUSED)/, fault);
    const cleared = await until(instance, /неисправность снята/, failed);
    await until(instance, /ЦОД ответил/, cleared);
    expect(instance.logStore.count({ until: Date.now() - 90 * 86_400_000 })).toBe(5_000);
    expect(instance.jobs.list().every((j) => j.periodicity.kind === "minutes" && j.periodicity.every === 1)).toBe(true);
    await until(instance, /ещё не реализованы.*analysis-sync/);
    // The backups go into the demo's folder; run now (the demo's schedule fires at the next minute).
    await until(instance, /резервные копии .* пишутся в .*backup, хранятся последние 3/);
    const backup = instance.jobs.list().find((j) => j.task === "backup")!;
    expect((await service.runNow(String(backup.id), "manual").done).result).toBe("ok");
    expect(listSets(join(dir, "backup")).map((s) => s.manifest.files.map((f) => f.role))).toEqual([["agent", "log"]]);
  } finally {
    for (const p of [...parts].reverse()) await p.stop?.();
    await service.stop();
    instance.close();
  }
});

test("the main DB, mailing and PDF parts: demo data, an SMTP sink and the SMS simulator, the demo signer and another МО's documents at the ЦОД — the jobs' runs show them", async () => {
  const dir = tempDir();
  mkdirSync(join(dir, "data"));
  // The ЦОД without its fault and probes: this test is about the other parts.
  const parts = [codDemoPart({ faultAfterMs: 3_600_000, probeEveryMs: 3_600_000 }), mainDbDemoPart(), mailingDemoPart(), pdfSyncDemoPart()];
  const overrides = [{ path: "log.stderr", value: "false", arg: "test" }];
  for (const p of parts) overrides.push(...((await p.prepare?.({ dir, now: Date.now })) ?? []));
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
    await until(instance, /встроенная главная БД создана и заполнена демо-данными: направлений — 50/);
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
