/**
 * The LIS job's sending: referrals per second read from the main DB, mapped
 * to transaction bundles, sent to the ОДЛИ simulator (which checks each one
 * strictly) and recorded — the job's own send phase, timed from its log
 * lines «Отправка направлений…» to «Отправлено направлений N из M». The
 * simulator runs in a process of its own (`agent sim odli`), as the real
 * service is not in the agent's process. The baseline, in the same run, is
 * the mapping alone: the same referrals, read once beforehand, turned into
 * bundles and serialised, nothing sent.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SqliteEngine } from "../../src/clinic/sqlite/sqlite-engine.ts";
import { MainDatabase } from "../../src/clinic/main-database.ts";
import { sqliteTaskQueries } from "../../src/clinic/sqlite/queries/index.ts";
import { applyReferenceSchema } from "../../src/clinic/reference-schema.ts";
import { fillDemo } from "../../src/clinic/demo/demo-writer.ts";
import { systemClock } from "../../src/kernel/clock.ts";
import { loadConfig } from "../../src/config/load.ts";
import { codeMapOf, referralBundle } from "../../src/odli/mapping.ts";
import { EXLAB_PATH, TERM_PATH } from "../../src/sim/odli/odli-simulator.ts";
import { OdliClient } from "../../src/odli/odli-client.ts";
import { ORDER_DICTIONARIES } from "../../src/odli/mapping.ts";
import { setLanguage } from "../../src/messages/text.ts";
import type { OdliReferral } from "../../src/clinic/port.ts";
import { lisRunner, MO_GUID, referralRows, SYSTEM_OID, TOKEN } from "../helpers/odli.ts";
import type { BenchResult } from "./report.ts";

const REFERRALS = Number(process.env.BENCH_ODLI_REFERRALS ?? 2_000);
const TARGET = 500;

export async function run(): Promise<BenchResult[]> {
  setLanguage("ru");
  const dir = mkdtempSync(join(tmpdir(), "agent-bench-odli-"));
  const sim = await startSimulator();
  const engine = SqliteEngine.open({ path: join(dir, "main.db"), zone: "Europe/Moscow", create: true });
  const db = new MainDatabase(engine, sqliteTaskQueries, systemClock, "bench");
  let closeStore = () => {};
  try {
    await applyReferenceSchema(engine, "bench", Date.now());
    await fillDemo(engine, { referrals: 0, seed: 7, now: Date.now() });
    // A realistic mix: blood counts, chemistry with urine, cultures; every fifth cito.
    const mixes = [[101], [102, 103], [101, 102], [104], [103]];
    for (let i = 1; i <= REFERRALS; i += 500) {
      const rows = [];
      for (let id = i; id < Math.min(i + 500, REFERRALS + 1); id++) rows.push(...referralRows(id, { analyses: mixes[id % mixes.length], cito: id % 5 === 0 }));
      await db.applyIncoming(rows);
    }

    // Baseline: the mapping alone, on referrals read beforehand.
    const referrals: OdliReferral[] = [];
    for (const id of await db.odli.pendingReferrals(REFERRALS + 1)) referrals.push((await db.odli.referral(id))!);
    const overrides = Object.entries({
      "odli.url": sim.exlabUrl,
      "odli.term_url": sim.termUrl,
      "odli.token": TOKEN,
      "odli.system_oid": SYSTEM_OID,
      "odli.organization_guid": MO_GUID,
      timezone: "Europe/Moscow",
    }).map(([path, value]) => ({ path, value, arg: "bench" }));
    const config = loadConfig({ home: dir, machineTimeZone: "UTC", env: {}, overrides, readFile: () => undefined }).config;
    const client = OdliClient.fromConfig(config.odli);
    const versions = Object.fromEntries(await Promise.all(ORDER_DICTIONARIES.map(async (d) => [d, (await client.dictionaryVersion(d))!])));
    client.close();
    const codeMap = codeMapOf(await db.odli.allCodes());
    const ctx = { systemOid: SYSTEM_OID, organizationGuid: MO_GUID, versions, codeMap, zone: "Europe/Moscow", newId: () => crypto.randomUUID() };
    let bytes = 0;
    const mapStarted = performance.now();
    for (const r of referrals) bytes += JSON.stringify(referralBundle(r, ctx).bundle).length;
    const mapRate = referrals.length / ((performance.now() - mapStarted) / 1000);
    console.log(`  ${referrals.length} bundles, ${(bytes / referrals.length / 1024).toFixed(1)} KB each on average`);

    // The job's send phase against the simulator.
    const { runner, lines, close } = lisRunner(db, config, join(dir, "agent.db"));
    closeStore = close;
    const outcome = await runner.run({ task: "lis", trigger: "manual" });
    const start = lines.find((l) => l.message === "Отправка направлений на анализы в Нетрику.")!;
    const end = lines.find((l) => l.message.startsWith("Отправлено направлений"))!;
    const orders = ((await (await fetch(`${sim.url}/admin/state`)).json()) as { orders: unknown[] }).orders.length;
    if (outcome.result !== "ok" || end.message !== `Отправлено направлений ${REFERRALS} из ${REFERRALS}` || orders !== REFERRALS) {
      throw new Error(`the run did not send everything: ${outcome.result}, ${end.message}, ${orders} orders`);
    }
    const rate = REFERRALS / ((end.ts - start.ts) / 1000);
    return [
      {
        name: `ОДЛИ: referrals read from the main DB (SQLite), mapped, sent as bundles to the simulator (agent sim odli, checks every bundle) and recorded by the LIS job, ${REFERRALS.toLocaleString("en-US")} referrals, 4 in flight (odli.parallel_sends)`,
        value: rate,
        unit: "referrals/s",
        baseline: { name: "the mapping alone (bundle built and serialised)", value: mapRate },
        target: `≥ ${TARGET} referrals/s`,
        met: rate >= TARGET,
      },
    ];
  } finally {
    closeStore();
    await db.close();
    sim.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `agent sim odli` from source in a process of its own; its first line names its address. */
async function startSimulator(): Promise<{ url: string; exlabUrl: string; termUrl: string; stop(): void }> {
  const child = Bun.spawn([process.execPath, "src/main.ts", "sim", "odli", "--result-delay", "3600"], { stdout: "pipe", stderr: "ignore" });
  const reader = child.stdout.getReader();
  let text = "";
  while (!/127\.0\.0\.1:\d+/.test(text)) {
    const next = await reader.read();
    if (next.done) throw new Error(`agent sim odli ended: ${text}`);
    text += new TextDecoder().decode(next.value);
  }
  const url = /http:\/\/127\.0\.0\.1:\d+/.exec(text)![0];
  return { url, exlabUrl: `${url}${EXLAB_PATH}`, termUrl: `${url}${TERM_PATH}`, stop: () => child.kill() };
}
