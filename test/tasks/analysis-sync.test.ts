/**
 * «Синхронизация анализов» through a real service (its runner, its ЦОД
 * client wiring, its main DB connection) against the ЦОД simulator on
 * loopback, for each fault shape the simulator can play: refused
 * connections, 5xx, timeouts, dropped answers after the work was done,
 * malformed answers, rejections with a reason, items served twice, items the
 * main DB refuses. The manual's lines are checked word for word, with counts.
 */
import { afterEach, describe, expect, test } from "bun:test";
import { setLanguage } from "../../src/messages/text.ts";
import { fillDemo } from "../../src/clinic/demo/demo-writer.ts";
import { demoStreamItems } from "../../src/clinic/demo/stream-items.ts";
import { SYNCED_TABLES } from "../../src/clinic/synced-tables.ts";
import { seedStreams } from "../../src/app/demo/cod-seed.ts";
import { MO, syncService, type SyncService } from "../helpers/sync-service.ts";
import { appliedCounts } from "../helpers/apply-counter.ts";
import { differences, type SimRow } from "../helpers/cod-compare.ts";

setLanguage("ru");

let s: SyncService | undefined;
afterEach(async () => {
  await s?.stop();
  s = undefined;
});

const NOW = Date.UTC(2025, 4, 14, 9, 0, 0);
const summary = async () => (await s!.admin("GET", "/admin/dump?what=summary")).summary;
/** Each batch the ЦОД recorded: how many requests carried its id, how often its content was applied, how many were refused as other content. */
const simBatches = async (): Promise<Array<{ batch_id: string; received: number; applied: number; conflicts: number }>> => (await s!.admin("GET", "/admin/dump?what=batches")).batches;
/** The ЦОД applied every batch exactly once; answers each batch's [received, conflicts], to check that resends really arrived. */
const appliedOnce = async () => {
  const batches = await simBatches();
  expect(batches.filter((b) => b.applied !== 1).map((b) => `${b.batch_id} applied ${b.applied}`)).toEqual([]);
  return batches.map((b) => [b.received, b.conflicts]);
};
const simRows = async (): Promise<SimRow[]> => (await s!.admin("GET", "/admin/dump?what=rows")).rows;
const backlog = async () => (await s!.t.db.health()).journalBacklog;
/** The clinic's demo data, journalled by capture's triggers as it is written. */
const fill = (referrals: number, seed = 1) => fillDemo(s!.t.engine, { referrals, seed, now: NOW });
const faults = (body: unknown) => s!.admin("PUT", "/admin/faults", body);
const inSync = async () => expect(await differences(s!.t.db, await simRows(), SYNCED_TABLES, MO)).toEqual([]);

describe("TSynchronizeAnalysisThread: the push", () => {
  test("sends every journalled change with the manual's lines and true counts; nothing changed says so, with [0]", async () => {
    s = await syncService({ overrides: [["sync.batch_rows", "400"]] });
    await fill(20);
    // Every row of the 37 tables was journalled once as the MIS wrote it: one change each.
    const journalled = await backlog();
    const first = await s.run();
    expect(first.outcome.result).toBe("ok");
    expect(first.logged).toContain("TSynchronizeAnalysisThread\tНачата передача данных в ЦОД");
    expect(first.text).toMatch(new RegExp(`TSynchronizeAnalysisThread\\tЗакончена передача анализов в ЦОД\\. Всего передано \\[${journalled}\\] записей, за время\\[\\d+(\\.\\d)? с\\]`));
    expect(first.text).not.toContain("Изменений таблиц не найдено");
    expect(first.outcome.summary).toContain(`передано записей: ${journalled}`);
    expect(await backlog()).toBe(0);
    const sum = await summary();
    expect(sum.batches).toBe(Math.ceil(journalled / 400));
    expect(sum.changes_applied).toBe(journalled);
    // No faults: each batch arrived once and was applied once.
    expect(await appliedOnce()).toEqual(Array.from({ length: sum.batches }, () => [1, 0]));
    await inSync();
    // The life of both threads, as the manual shows it.
    for (const name of ["TSynchronizeAnalysisThread", "TSwapDataAnalysisThread"]) {
      const life = first.logged.filter((l) => l.startsWith(name) && /Поток|Запускаю|Завершил/.test(l)).map((l) => l.split("\t")[1]);
      expect(life).toEqual(["Поток создан", "Запускаю поток", "Завершил работу", "Поток разрушен"]);
    }

    const second = await s.run();
    expect(second.logged).toContain("TSynchronizeAnalysisThread\tИзменений таблиц не найдено или их количество меньше 1.");
    expect(second.text).toMatch(/Всего передано \[0\] записей/);
  });

  test("per table and key the ЦОД ends with the latest state: updates and deletes made between runs and during a run", async () => {
    s = await syncService({ overrides: [["sync.batch_rows", "50"]] });
    await fill(10);
    await s.run();
    const mis = await s.t.mis();
    await mis.run("UPDATE DOC_NAPR_ANALYSIS SET STATUS = 3, COMMENT_TEXT = ? WHERE ID <= 5", ["Изменено в МИС"]);
    await mis.run("DELETE FROM REG_NAPR_SHTRIH WHERE ID IN (1, 2)");
    // While the next run pushes, the MIS keeps changing rows that are already in batches.
    const running = s.run();
    for (let i = 0; i < 20; i++) await mis.run("UPDATE DOC_NAPR_ANALYSIS SET STATUS = ? WHERE ID = 1", [10 + i]);
    await running;
    await s.run();
    await mis.close();
    expect(await backlog()).toBe(0);
    await inSync();
    const deleted = (await simRows()).filter((r) => r.table === "REG_NAPR_SHTRIH" && r.deleted).map((r) => r.key.ID);
    expect(deleted.sort()).toEqual([1, 2]);
  });

  test("a dropped answer after the ЦОД applied the batch: sent again under the same id, answered `duplicate`, applied once", async () => {
    s = await syncService({ overrides: [["sync.batch_rows", "10000"]] });
    await fill(5);
    const rows = await backlog();
    await faults({ rules: [{ kind: "drop", calls: ["push"], times: 1 }] });
    const run = await s.run();
    expect(run.outcome.result).toBe("ok");
    expect(run.text).toContain("Ответ Сервера ЦОД не получен: [POST]");
    expect(run.text).toMatch(/ЦОД уже получил раньше — ответ тогда не дошёл до агента. ЦОД не применял его второй раз/);
    expect(run.text).toContain(`Всего передано [${rows}] записей`);
    const sum = await summary();
    expect([sum.batches, sum.batches_received_more_than_once, sum.batches_applied_more_than_once, sum.changes_applied]).toEqual([1, 1, 0, rows]);
    // The one batch arrived twice (the dropped send and its resend) and was applied once.
    expect(await appliedOnce()).toEqual([[2, 0]]);
    expect(await backlog()).toBe(0);
  });

  test("503 answers are retried with backoff within the run; the run succeeds", async () => {
    s = await syncService();
    await fill(3);
    const rows = await backlog();
    await faults({ rules: [{ kind: "status", status: 503, calls: ["push"], times: 1 }] });
    const run = await s.run();
    expect(run.outcome.result).toBe("ok");
    expect(run.text).toMatch(/Ответ Сервера ЦОД не получен: \[POST\]\[127\.0\.0\.1:\d+\]: сервер ответил кодом 503.* Повтор через [\d.]+ с \(попытка 1 из 2\)\./);
    expect((await summary()).changes_applied).toBe(rows);
  });

  test("refused connections: the run fails, the line names the address, the cause and what to check; the next run sends everything", async () => {
    s = await syncService();
    await fill(3);
    const rows = await backlog();
    await faults({ refuse: true });
    const down = await s.run();
    expect(down.outcome.result).toBe("failed");
    expect(down.outcome.summary).toContain("ЦОД не ответил");
    const line = down.logged.find((l) => l.startsWith("TSynchronizeAnalysisThread\tОтвет Сервера ЦОД не получен: [POST]"))!;
    expect(line).toMatch(/\[POST\]\[127\.0\.0\.1:\d+\]: соединение отклонено \(.+\)\. Проверьте, что сервер запущен, что адрес и порт в cod\.url верны/);
    expect(down.text).toContain(`неотправленные изменения (в журнале: ${rows}) остаются в главной базе`);
    expect(down.text).toContain("Всего передано [0] записей");
    // The pull thread says the same in its own words and stops its streams.
    expect(down.logged.some((l) => l.startsWith("TSwapDataAnalysisThread\tОтвет Сервера ЦОД не получен: [GET]"))).toBe(true);
    expect(s.service.status().codAnswered).toMatchObject({ ok: false });
    expect(await backlog()).toBe(rows);

    await s.admin("DELETE", "/admin/faults");
    const up = await s.run();
    expect(up.outcome.result).toBe("ok");
    expect(up.text).toContain(`Всего передано [${rows}] записей`);
    expect(s.service.status().codAnswered).toMatchObject({ ok: true });
    await inSync();
  });

  test("a timeout: the ЦОД did the work but answered too late; the next run's resend is a duplicate", async () => {
    s = await syncService({ overrides: [["cod.timeout_seconds", "1"], ["cod.retries", "0"]] });
    await fill(2);
    const rows = await backlog();
    await faults({ rules: [{ kind: "slow", delay_ms: 1500, calls: ["push"], times: 1 }] });
    const slow = await s.run();
    expect(slow.outcome.result).toBe("failed");
    expect(slow.text).toMatch(/Ответ Сервера ЦОД не получен: \[POST\]\[127\.0\.0\.1:\d+\]: нет ответа за 1 с\. .*cod\.timeout_seconds/);
    await Bun.sleep(800);
    const next = await s.run();
    expect(next.outcome.result).toBe("ok");
    expect(next.text).toContain("ЦОД уже получил раньше");
    const sum = await summary();
    expect([sum.batches, sum.batches_received_more_than_once, sum.batches_applied_more_than_once, sum.changes_applied]).toEqual([1, 1, 0, rows]);
    // Received by the slow first send and by the next run's resend; applied by the first only.
    expect(await appliedOnce()).toEqual([[2, 0]]);
  });

  test("a malformed answer to a batch: the manual's format line with what was wrong; nothing lost, the next run completes", async () => {
    s = await syncService();
    await fill(2);
    const rows = await backlog();
    await faults({ rules: [{ kind: "malformed", calls: ["push"], times: 1 }] });
    const bad = await s.run();
    expect(bad.outcome.result).toBe("failed");
    expect(bad.text).toContain("[Сервер ЦОД]: Неправильный формат файла ответа на передачу анализов в ЦОД: ");
    expect(await backlog()).toBe(rows);
    const good = await s.run();
    expect(good.outcome.result).toBe("ok");
    expect((await summary()).changes_applied).toBe(rows);
    expect(await backlog()).toBe(0);
  });

  test("a batch the ЦОД rejects with a reason is sent again, then parked with it; the rest goes on; retry sends the rows' current state", async () => {
    s = await syncService({ overrides: [["sync.batch_rows", "100"], ["sync.reject_attempts", "2"]] });
    await fill(8);
    const rows = await backlog();
    await faults({ rules: [{ kind: "status", status: 422, calls: ["push"], times: 2 }] });
    const run = await s.run();
    expect(run.outcome.result).toBe("ok");
    expect(run.text).toMatch(/\[Сервер ЦОД\]: ЦОД отклонил пакет \S+ \(код 422, injected\): fault injected by the simulator Попытка 1 из 2; повтор через/);
    const parkedLine = run.logged.find((l) => l.includes("отложен под № "))!;
    expect(parkedLine).toMatch(/^TSynchronizeAnalysisThread\tПакет \S+ \(100 записей\) отложен под № 1: ЦОД отклонил его 2 раз\(а\)\. Причина: fault injected by the simulator\. .*agent sync parked retry 1/);
    expect(run.text).toContain(`Всего передано [${rows - 100}] записей`);
    expect(run.outcome.summary).toContain("отложено: 1");
    expect(await backlog()).toBe(0);
    // Visible to the administrator: the list, over the control channel, and the UI's stores tab.
    const api = await s.api();
    try {
      const [entry] = await api.call("sync.parked");
      expect(entry).toMatchObject({ id: 1, kind: "push", status: 422, code: "injected", reason: "fault injected by the simulator", entries: 100, attempts: 2 });
      const stores = await api.call("stores.info");
      expect(stores.mainDb).toMatchObject({ connected: true, captureInstalled: true, parkedBatches: 1, journalBacklog: 0 });
      // The DB tab lists it: ids, kind, counts and the redacted reason, never the parked rows.
      expect(stores.mainDb?.parked).toEqual([entry!]);
      expect(Object.keys(stores.mainDb!.parked![0]!).sort()).toEqual(["attempts", "code", "entries", "id", "kind", "parkedAt", "reason", "ref", "status", "stream"]);
      const content = (await s.t.db.parked.content(1))!.changes as Array<{ row?: Record<string, unknown> }>;
      const texts = content.flatMap((c) => Object.values(c.row ?? {})).filter((v): v is string => typeof v === "string" && v.length >= 6);
      expect(texts.length).toBeGreaterThan(0);
      const shown = JSON.stringify(stores);
      expect(texts.filter((v) => shown.includes(v))).toEqual([]);
      const mis = await s.t.mis();
      await mis.run("UPDATE DOC_NAPR_ANALYSIS SET COMMENT_TEXT = 'после исправления' WHERE ID = 1");
      await mis.close();
      expect((await api.call("sync.parked.retry", { id: 1 })).message).toContain("100 строк снова в очереди на передачу");
      expect(await api.call("sync.parked")).toEqual([]);
    } finally {
      api.close();
    }
    const after = await s.run();
    expect(after.outcome.result).toBe("ok");
    expect(await backlog()).toBe(0);
    await inSync();
  });

  test("a batch resent after its answer was lost, with rows changed since: the ЦОД's conflict means it was applied; the newer state follows", async () => {
    s = await syncService({ overrides: [["cod.retries", "0"]] });
    await fill(3);
    await faults({ rules: [{ kind: "drop", calls: ["push"], times: 1 }] });
    expect((await s.run()).outcome.result).toBe("failed");
    const mis = await s.t.mis();
    await mis.run("UPDATE DOC_NAPR_ANALYSIS SET STATUS = 7 WHERE ID = 2");
    await mis.close();
    const run = await s.run();
    expect(run.outcome.result).toBe("ok");
    expect(run.text).toContain("уже применил раньше в прежнем виде");
    expect(await backlog()).toBe(0);
    const sum = await summary();
    expect([sum.batches, sum.batches_applied_more_than_once]).toEqual([2, 0]);
    // The first batch arrived twice — the dropped send, then its resend refused as other content — and was applied once;
    // the rows' newer state went in a second batch, sent once.
    expect(await appliedOnce()).toEqual([[2, 1], [1, 0]]);
    await inSync();
  });

  test("a token the ЦОД does not accept: the run fails and says which settings to check", async () => {
    s = await syncService();
    await s.admin("PUT", "/admin/tokens", { tokens: { [MO]: "другой" } });
    await fill(1);
    const run = await s.run();
    expect(run.outcome.result).toBe("failed");
    expect(run.text).toContain(`ЦОД не принял токен МО ${MO} (код 401). Проверьте cod.token и cod.mo_id.`);
    expect(s.service.status().codAnswered).toMatchObject({ ok: true });
  });

  test("changes of tables outside sync.tables are not sent, and say so", async () => {
    s = await syncService({ overrides: [["sync.tables", "REF_LAB_TYPE, ref_flrd"]] });
    await fill(2);
    const run = await s.run();
    expect(run.outcome.result).toBe("ok");
    const sent = new Set((await simRows()).map((r) => r.table));
    expect([...sent].sort()).toEqual(["REF_FLRD", "REF_LAB_TYPE"]);
    expect(run.text).toMatch(/Изменения таблиц вне списка sync\.tables не передаются и сняты с очереди: \d+ \(/);
    expect(await backlog()).toBe(0);
  });
});

describe("TSwapDataAnalysisThread: the pull", () => {
  const seed = async (referrals: number, own: { referrals: number[]; results: number[] }) => {
    const items = demoStreamItems({ referrals, seed: 5, now: NOW, zone: "Europe/Moscow", firstId: 50_000_000, ownReferrals: own.referrals, ownResults: own.results });
    await seedStreams(s!.sim.adminUrl, MO, items);
    return items;
  };
  const countOf = (items: ReturnType<typeof demoStreamItems>, stream: string) => items.filter((i) => i.stream === stream).length;

  test("the six streams in the manual's order, applied once each, acknowledged; the manual's lines with true counts", async () => {
    s = await syncService({ overrides: [["sync.page_items", "7"]] });
    await fill(6);
    await s.run();
    const items = await seed(12, { referrals: [1, 2, 3], results: [1, 2] });
    const run = await s.run();
    expect(run.outcome.result).toBe("ok");
    const pulled = run.logged.filter((l) => l.startsWith("TSwapDataAnalysisThread\t") && !/Поток|Запускаю|Завершил/.test(l)).map((l) => l.split("\t")[1]);
    const results = countOf(items, "results");
    expect(pulled).toEqual([
      "Получено [3] статусов направлений на анализы",
      "Получено [2] статусов результатов на анализы",
      countOf(items, "special-marks") > 0 ? `Получено [${countOf(items, "special-marks")}] особых отметок на анализы` : "[Сервер ЦОД]: Новых особых отметок на анализы не найдено!",
      `Получено [${countOf(items, "referrals")}] направлений на анализы`,
      `Получено ${results} результатов исследования`,
      `[Сервер ЦОД]: Документов передано - ${results}, обновлено статусов - 0`,
      countOf(items, "bacteriology-results") > 0 ? `Получено [${countOf(items, "bacteriology-results")}] результатов бактериалогического анализа` : "[Сервер ЦОД]: Новых результатов бактериалогического анализа не найдено",
    ]);
    const sum = await summary();
    expect([sum.items, sum.items_pending]).toEqual([items.length, 0]);
    const counts = appliedCounts(s.t.path);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    for (const item of items) expect(counts.get(`${item.changes[0]!.table}:${item.changes[0]!.key.ID}`)).toBe(1);
    // Applied without echo: nothing of it is journalled back to the ЦОД.
    expect(await backlog()).toBe(0);
    const again = await s.run();
    expect(again.text).toContain("Получено [0] статусов направлений на анализы");
    expect(again.text).toContain("[Сервер ЦОД]: Новых направлений на анализы не найдено");
  });

  test("items served twice (the ЦОД repeats them and ignores the position) are applied once and counted as skipped", async () => {
    s = await syncService({ overrides: [["sync.page_items", "5"]] });
    const items = await seed(10, { referrals: [], results: [] });
    await faults({ rules: [{ kind: "duplicate", calls: ["read"] }] });
    const run = await s.run();
    expect(run.outcome.result).toBe("ok");
    expect(run.text).toMatch(/\[Сервер ЦОД\]: присланных повторно и уже применённых элементов пропущено: \d+ \(получение направлений на анализы\)/);
    const counts = appliedCounts(s.t.path);
    const heads = items.map((i) => `${i.changes[0]!.table}:${i.changes[0]!.key.ID}`);
    expect(heads.map((h) => counts.get(h))).toEqual(heads.map(() => 1));
    const dump = await s.admin("GET", "/admin/dump?what=summary,items");
    expect(dump.summary.items_pending).toBe(0);
    expect((await s.admin("GET", "/admin/faults")).fired.duplicate).toBeGreaterThan(0);
  });

  test("a lost acknowledgement: the next run tells the ЦОД first and applies nothing again", async () => {
    s = await syncService({ overrides: [["cod.retries", "0"]] });
    const items = await seed(4, { referrals: [], results: [] });
    await faults({ rules: [{ kind: "status", status: 500, calls: ["ack"], times: 1 }] });
    const first = await s.run();
    expect(first.outcome.result).toBe("failed");
    expect((await summary()).items_pending).toBeGreaterThan(0);
    const second = await s.run();
    expect(second.outcome.result).toBe("ok");
    expect((await summary()).items_pending).toBe(0);
    const counts = appliedCounts(s.t.path);
    for (const item of items) expect(counts.get(`${item.changes[0]!.table}:${item.changes[0]!.key.ID}`)).toBe(1);
  });

  test("an item the main DB refuses is parked with its reason and the position moves past it; the others are applied", async () => {
    s = await syncService();
    await fill(2);
    // A status for a referral the clinic does not have: the row cannot be created from a status alone.
    await seed(0, { referrals: [1, 999_999, 2], results: [] });
    const run = await s.run();
    expect(run.outcome.result).toBe("ok");
    expect(run.text).toContain("Получено [2] статусов направлений на анализы");
    expect(run.text).toMatch(/Элемент demo-5-status-napr-999999 \(получение статусов направлений на анализы\) не удалось записать в главную базу; он отложен под № 1, остальные применены\. Причина: .*NOT NULL/);
    expect((await summary()).items_pending).toBe(0);
    const [entry] = await s.t.db.parked.list();
    expect(entry).toMatchObject({ kind: "pull", stream: "referral-statuses", ref: "demo-5-status-napr-999999" });
  });

  test("the DB tab (stores.info) lists the 10 newest parked entries, newest first, with the count of all; never their content", async () => {
    s = await syncService();
    await fill(1);
    const secret = "Иванова Мария Петровна";
    for (let i = 1; i <= 12; i++) {
      await s.t.db.parked.parkItem(
        { stream: "referral-statuses", id: `item-${i}`, changes: [{ table: "DOC_NAPR_ANALYSIS", key: { ID: 900_000 + i }, op: "upsert", row: { COMMENT_TEXT: secret } }] },
        { attempts: 1, reason: `причина ${i}` },
        { name: "ui-test", value: String(i) },
      );
    }
    const api = await s.api();
    try {
      const info = (await api.call("stores.info")).mainDb!;
      expect(info.parkedBatches).toBe(12);
      expect(info.parked!.map((e) => e.id)).toEqual([12, 11, 10, 9, 8, 7, 6, 5, 4, 3]);
      expect(info.parked![0]).toMatchObject({ kind: "pull", stream: "referral-statuses", ref: "item-12", attempts: 1, reason: "причина 12", entries: 1 });
      expect(JSON.stringify(info)).not.toContain(secret);
    } finally {
      api.close();
    }
  });

  test("a malformed answer on one stream: the manual's line for that stream and what was wrong; the following streams are still read", async () => {
    s = await syncService({ overrides: [["cod.retries", "0"]] });
    const items = await seed(3, { referrals: [], results: [] });
    // The first read is of the referral statuses: its answer is cut in half.
    await faults({ rules: [{ kind: "truncated", calls: ["read"], times: 1 }] });
    const first = await s.run();
    expect(first.outcome.result).toBe("failed");
    expect(first.text).toMatch(/TSwapDataAnalysisThread\t\[Сервер ЦОД\]: Неправильный формат файла ответа на получение статусов направлений на анализы: .*обрывается/);
    expect(first.logged).toContain(`TSwapDataAnalysisThread\tПолучено [${countOf(items, "referrals")}] направлений на анализы`);
    expect(first.logged).toContain(`TSwapDataAnalysisThread\tПолучено ${countOf(items, "results")} результатов исследования`);
    expect((await summary()).items_pending).toBe(0);
    const second = await s.run();
    expect(second.outcome.result).toBe("ok");
    expect(second.logged).toContain("TSwapDataAnalysisThread\tПолучено [0] статусов направлений на анализы");
  });
});

describe("«Запрос данных для обмена анализами между МО»", () => {
  test("each active executing МО's catalog replaces its register entries; a removed МО is cleared; an unknown one keeps its entries", async () => {
    s = await syncService();
    const catalog = (n: number) => Array.from({ length: n }, (_, i) => ({ analysis_id: i + 1, code: `B03.016.00${i}`, name: `Анализ ${i}`, biomaterial: i % 2 ? "Кровь" : null, days: 1 }));
    await s.t.db.applyIncoming([
      { table: "REG_LPU_FOR_RECEIVE_NAPR_ANAL", op: "upsert", values: { ID: 1, LPU_ID: 4601001, LPU_CODE: "4601001", LPU_NAME: "ОКБ", IS_ACTIVE: 1 } },
      { table: "REG_LPU_FOR_RECEIVE_NAPR_ANAL", op: "upsert", values: { ID: 2, LPU_ID: 4601002, LPU_CODE: "4601002", LPU_NAME: "Онкоцентр", IS_ACTIVE: 1 } },
      { table: "REG_LPU_FOR_RECEIVE_NAPR_ANAL", op: "upsert", values: { ID: 3, LPU_ID: 4601003, LPU_CODE: "4601003", LPU_NAME: "Перинатальный центр", IS_ACTIVE: 0 } },
    ]);
    await s.t.db.exchange.replace(4601002, [{ analysisCode: "OLD", analysisName: "прежний", biomaterial: null }], new Date());
    await s.t.db.exchange.replace(4601003, [{ analysisCode: "GONE", analysisName: "убран", biomaterial: null }], new Date());
    await s.t.db.exchange.replace(4601009, [{ analysisCode: "GONE", analysisName: "нет в списке", biomaterial: null }], new Date());
    await s.admin("PUT", "/admin/catalog", { lab: "4601001", analyses: catalog(3) });
    const run = await s.run("mo-exchange");
    expect(run.outcome.result).toBe("failed");
    expect(run.logged).toContain("TRequestExchangeDataThread\tЗапрос из ЦОД перечня анализов для обмена между МО: МО-исполнителей в списке организаций — 2");
    expect(run.logged).toContain("TRequestExchangeDataThread\tМО 4601001: получено анализов 3, записи регистра заменены");
    expect(run.text).toMatch(/МО 4601002: \[Сервер ЦОД\]: ЦОД отклонил запрос на получение списка анализов для обмена между МО \(код 404, unknown_lab\).*Записи регистра этой МО оставлены как были/);
    expect(run.logged).toContain("TRequestExchangeDataThread\tМО 4601003 больше нет в списке организаций (или она отключена): её записи в регистре удалены (1)");
    expect(run.text).toMatch(/Запрос данных для обмена анализами между МО закончен\. МО обновлено: 1, анализов в регистре: 3, МО очищено: 2, не получено: 1/);
    expect((await s.t.db.exchange.list(4601001)).map((a) => a.analysisCode)).toEqual(["B03.016.000", "B03.016.001", "B03.016.002"]);
    expect((await s.t.db.exchange.list(4601002)).map((a) => a.analysisCode)).toEqual(["OLD"]);
    expect(await s.t.db.exchange.registered()).toEqual([4601001, 4601002]);

    await s.admin("PUT", "/admin/catalog", { lab: "4601002", analyses: catalog(1) });
    const second = await s.run("mo-exchange");
    expect(second.outcome.result).toBe("ok");
    expect((await s.t.db.exchange.list(4601002)).map((a) => a.analysisCode)).toEqual(["B03.016.000"]);
  });

  test("the job's cod_url option overrides the config's address", async () => {
    s = await syncService({ overrides: [["cod.url", "http://127.0.0.1:9"]] });
    await s.t.db.applyIncoming([{ table: "REG_LPU_FOR_RECEIVE_NAPR_ANAL", op: "upsert", values: { ID: 1, LPU_ID: 4601001, LPU_CODE: "4601001", LPU_NAME: "ОКБ", IS_ACTIVE: 1 } }]);
    await s.admin("PUT", "/admin/catalog", { lab: "4601001", analyses: [{ analysis_id: 1, code: "A", name: "Анализ" }] });
    const job = s.service.jobCommands.add({ name: "Обмен", task: "mo-exchange", start: "01.01.2025 0:00:00", every: "5", options: [`cod_url=${s.sim.url}`] });
    const outcome = await s.service.runNow(String(job.id), "manual").done;
    expect(outcome.result).toBe("ok");
    expect((await s.t.db.exchange.list(4601001)).map((a) => a.analysisCode)).toEqual(["A"]);
  });
});
