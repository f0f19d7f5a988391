import { afterEach, describe, expect, test } from "bun:test";
import { Database } from "bun:sqlite";
import { sqliteFixture } from "../helpers/main-db.ts";
import { startService, type ServiceHarness } from "../helpers/service-harness.ts";
import { adminOf } from "../helpers/sim-admin.ts";
import { tempDir } from "../helpers/temp-dir.ts";
import { CodSimulator } from "../../src/sim/cod/cod-simulator.ts";
import { fillDemo } from "../../src/clinic/demo/demo-writer.ts";
import { UpdateHistory } from "../../src/store/update-history.ts";
import type { TaskDefinition } from "../../src/tasks/task.ts";
import type { TaskName } from "../../src/tasks/catalog.ts";

const STATISTICS = "Отправка статистики";

let cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

/** Patient data of the demo database: what must never reach the ЦОД in a report. */
function patientData(path: string): string[] {
  const db = new Database(path, { readonly: true });
  try {
    const values = [
      ...db.query("SELECT LAST_NAME, FIRST_NAME, MIDDLE_NAME, PHONE, EMAIL, SNILS, POLICY_NUM FROM PATIENT").values(),
      ...db.query("SELECT PATIENT_FIO, DOCTOR_FIO FROM DOC_NAPR_ANALYSIS").values(),
      ...db.query("SELECT ADDRESS FROM REG_MAILING").values(),
    ].flat();
    return [...new Set(values.filter((v): v is string => typeof v === "string" && v.length >= 4))];
  } finally {
    db.close();
  }
}

/** Every string anywhere in a JSON value, with its path. */
function strings(value: unknown, path = ""): Array<[string, string]> {
  if (typeof value === "string") return [[path, value]];
  if (Array.isArray(value)) return value.flatMap((v, i) => strings(v, `${path}[${i}]`));
  if (value && typeof value === "object") return Object.entries(value).flatMap(([k, v]) => [[`${path}.${k}#key`, k] as [string, string], ...strings(v, `${path}.${k}`)]);
  return [];
}

interface Setup {
  s: ServiceHarness;
  sim: CodSimulator;
  admin: ReturnType<typeof adminOf>;
  patients: string[];
  setSimNow(ms: number): void;
}

async function setup(o: { retries?: number } = {}): Promise<Setup> {
  let simNow: number | undefined;
  const sim = await CodSimulator.start({ dataDir: tempDir("agent-sim-"), now: () => simNow ?? Date.now() });
  const admin = adminOf(() => sim.adminUrl);
  await admin("PUT", "/admin/tokens", { tokens: { "mo-1": "tok-1", "mo-2": "tok-2" } });
  const main = await sqliteFixture.create();
  await fillDemo(main.engine, { referrals: 50, seed: 9, now: Date.UTC(2025, 4, 14) });
  const patients = patientData(main.path);
  // One batch the ЦОД rejected, set aside by the sync: the report counts it (and never carries its rows).
  const batch = (await main.db.readChanges({ limit: 10 }))!;
  await main.db.parked.parkBatch(batch.id, { attempts: 3, status: 422, code: "invalid_batch", reason: "changes[0].row.NUM: too long" }, batch.changes.map((c) => ({ table: c.table, key: c.key, op: c.op })));
  const [fio, phone, email] = [patients.find((p) => /^[А-Я][а-я]+ [А-Я][а-я]+/.test(p))!, patients.find((p) => /^\+?7\d{10}$|^\+7/.test(p)) ?? "+79001234567", patients.find((p) => p.includes("@"))!];
  expect([fio, email].every(Boolean)).toBe(true);
  // A task that fails with a patient's data in its error's text, as a careless error might.
  const leaky: TaskDefinition = {
    name: "lis",
    async run(ctx) {
      await ctx.thread("TLISThread", async () => {
        throw new Error(`Направление не отправлено: пациент ${fio}, тел. ${phone}, ${email}`);
      });
      return { ok: false, summary: "" };
    },
  };
  const s = await startService({
    overrides: [
      ["maindb.path", main.path],
      ["cod.url", sim.url],
      ["cod.mo_id", "mo-1"],
      ["cod.token", "tok-1"],
      ["cod.retries", String(o.retries ?? 2)],
      ["cod.retry_pause_seconds", "1"],
    ],
    tasks: new Map<TaskName, TaskDefinition>([["lis", leaky]]),
  });
  cleanup.push(async () => {
    await s.stop();
    await main.close();
    await sim.stop();
  });
  // An update refused earlier, its detail naming a patient (details are the administrator's, never sent).
  new UpdateHistory(s.instance.store.orm).record({ at: Date.now() - 60_000, fromVersion: "0.1.0", toVersion: "0.2.0", result: "refused", reason: "checksum", detail: `checksum mismatch while ${fio} waited` });
  return { s, sim, admin, patients, setSimNow: (ms) => (simNow = ms) };
}

describe("statistics upload (protocol 1.3) to the ЦОД simulator", () => {
  test("sends the agent's health — no patient data, error kinds and counts only; update outcomes are marked reported", async () => {
    const { s, admin, patients } = await setup();
    expect((await s.run("ЛИС")).result).toBe("failed");
    // The agent itself has the text (its log is the administrator's): the point is that it stays here.
    expect(patients.some((p) => s.failure("TLISThread")!.includes(p))).toBe(true);
    expect((await s.run("Бэкап")).result).toBe("ok");
    const outcome = await s.run(STATISTICS);
    expect(outcome.result).toBe("ok");
    expect(s.messages("TStatisticsThread").some((m) => m.startsWith("Статистика отправлена: заданий 12, ошибок 1 (видов 1), исходов обновлений 1; ЦОД: stored"))).toBe(true);

    const { reports } = await admin("GET", "/admin/statistics?mo=mo-1");
    expect(reports).toHaveLength(1);
    const report = reports[0].report;
    const raw = JSON.stringify(report);
    // Not one value of the demo's patients — names, phones, e-mails, SNILS, policies, mailing addresses — nor the error's text.
    expect(patients.length).toBeGreaterThan(100);
    expect(patients.filter((p) => raw.includes(p))).toEqual([]);
    expect(raw).not.toContain("Направление не отправлено");
    expect(raw).not.toContain("checksum mismatch");
    // Structurally: every string is an instant, a version, an id or a name from a list — no free text at all.
    const free = strings(report).filter(([path, v]) => !(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/.test(v) || /^\d+\.\d+\.\d+$/.test(v) || /^[a-z0-9_.-]{1,64}$/.test(v) || (path === ".report_id" && /^[A-Za-z0-9._:-]+$/.test(v))));
    expect(free).toEqual([]);

    expect(report.agent).toMatchObject({ instance: "main", platform: expect.any(String), uptime_seconds: expect.any(Number) });
    expect(report.errors).toEqual([{ kind: "internal", count: 1 }]);
    const lis = report.jobs.find((j: { task: string }) => j.task === "lis");
    expect(lis).toMatchObject({ last_result: "failed", runs: { failed: 1 }, paused: false, built: true });
    expect(report.jobs.find((j: { task: string }) => j.task === "backup")).toMatchObject({ last_result: "ok", runs: { ok: 1 } });
    expect(report.jobs.find((j: { task: string }) => j.task === "statistics")).toMatchObject({ last_result: "running" });
    expect(report.main_db).toMatchObject({ engine: "sqlite", connected: true, error_kind: null, size_bytes: expect.any(Number) });
    expect(report.backlog).toEqual({ journal: expect.any(Number), open_batches: 0, pdf_queue: expect.any(Number) });
    expect(report.backlog.journal).toBeGreaterThan(0);
    expect(report.parked).toEqual({ batches: 1 });
    expect(report.updates).toEqual([{ at: expect.any(String), from_version: "0.1.0", to_version: "0.2.0", result: "refused", reason: "checksum" }]);
    expect(report.checks.map((c: { target: string; kind: string; ok: boolean }) => [c.target, c.kind, c.ok])).toEqual([
      ["main", "backup", true],
      ["agent", "backup", true],
      ["log", "backup", true],
    ]);
    const history = new UpdateHistory(s.instance.store.orm);
    expect(history.unreported()).toEqual([]);
    expect(history.latest(1)[0]!.reportedAt).toEqual(expect.any(Number));

    // The next period starts where this one ended: nothing is counted twice.
    expect((await s.run(STATISTICS)).result).toBe("ok");
    const next = (await admin("GET", "/admin/statistics?mo=mo-1")).reports;
    expect(next).toHaveLength(2);
    expect(next[0].report.errors).toEqual([]);
    expect(next[0].report.updates).toEqual([]);
    expect(next[0].report.period.from).toBe(report.period.to);
    expect(next[0].report_id).not.toBe(report.report_id);
  }, 60_000);

  test("an answer lost on the way: the same period goes again under the same id, the ЦОД replaces it; updates are marked only then", async () => {
    const { s, admin } = await setup({ retries: 0 });
    expect((await s.run("ЛИС")).result).toBe("failed");
    await admin("PUT", "/admin/faults", { rules: [{ kind: "drop", calls: ["statistics"], times: 1 }] });
    const lost = await s.run(STATISTICS);
    expect(lost.result).toBe("failed");
    expect(lost.errorKinds).toEqual([expect.stringMatching(/^cod\./)]);
    expect(new UpdateHistory(s.instance.store.orm).unreported()).toHaveLength(1);
    expect((await s.run(STATISTICS)).result).toBe("ok");
    expect(s.messages("TStatisticsThread").some((m) => m.endsWith("ЦОД: replaced"))).toBe(true);
    const { reports } = await admin("GET", "/admin/statistics?mo=mo-1");
    expect(reports).toHaveLength(1);
    expect(reports[0].received).toBe(2);
    // The failed upload is itself a failed run of the new period: counted once, with the lis failure of before.
    expect(reports[0].report.errors).toEqual([
      { kind: expect.stringMatching(/^cod\./), count: 1 },
      { kind: "internal", count: 1 },
    ].sort((a, b) => (a.kind < b.kind ? -1 : 1)));
    expect(reports[0].report.updates).toHaveLength(1);
    expect(new UpdateHistory(s.instance.store.orm).unreported()).toEqual([]);
  }, 60_000);

  test("the simulator lists the agents that stopped reporting, and the МО that never did", async () => {
    const { s, admin, setSimNow } = await setup();
    const sentAt = Date.now();
    setSimNow(sentAt);
    expect((await s.run(STATISTICS)).result).toBe("ok");
    setSimNow(sentAt + 10 * 60_000);
    expect(await admin("GET", "/admin/statistics/silent?minutes=30")).toEqual({ minutes: 30, silent: [], never_reported: ["mo-2"] });
    setSimNow(sentAt + 31 * 60_000);
    const silent = await admin("GET", "/admin/statistics/silent?minutes=30");
    expect(silent.silent).toEqual([expect.objectContaining({ mo_id: "mo-1", instance: "main", reports: 1, silent_minutes: 31 })]);
    expect(silent.never_reported).toEqual(["mo-2"]);
  }, 60_000);

  test("a ЦОД that speaks 1.2 lacks the call: the run fails with a version error that says so", async () => {
    const old = Bun.serve({
      port: 0,
      hostname: "127.0.0.1",
      fetch: () => Response.json({ error: { code: "unknown_call", message: "POST /api/v1/statistics is not a call of protocol 1.2" } }, { status: 404, headers: { "cod-protocol": "1.2" } }),
    });
    cleanup.push(async () => void old.stop(true));
    const s = await startService({ overrides: [["cod.url", `http://127.0.0.1:${old.port}`], ["cod.mo_id", "mo-1"], ["cod.token", "tok-1"]] });
    cleanup.push(() => s.stop());
    const outcome = await s.run(STATISTICS);
    expect(outcome.result).toBe("failed");
    expect(outcome.errorKinds).toEqual(["cod.version"]);
    expect(s.failure("TStatisticsThread")).toContain("ЦОД (протокол 1.2) не поддерживает вызов POST /api/v1/statistics");
  });

  test("without the ЦОД's settings the run fails and names them", async () => {
    const s = await startService();
    cleanup.push(() => s.stop());
    const outcome = await s.run(STATISTICS);
    expect(outcome.result).toBe("failed");
    expect(outcome.errorKinds).toEqual(["usage"]);
    expect(s.failure("TStatisticsThread")).toContain("ЦОД не настроен: не заданы cod.url, cod.token, cod.mo_id");
  });
});
