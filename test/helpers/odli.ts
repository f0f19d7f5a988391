import { join } from "node:path";
import { AgentStore } from "../../src/store/agent-store.ts";
import { loadConfig, type Override } from "../../src/config/load.ts";
import type { Config } from "../../src/config/schema.ts";
import { TaskRunner, type RunOutcome } from "../../src/runner/task-runner.ts";
import { RunRepository } from "../../src/runner/run-repository.ts";
import { ThreadManager } from "../../src/threads/thread-manager.ts";
import { systemClock } from "../../src/kernel/clock.ts";
import { lisTask } from "../../src/tasks/lis/task.ts";
import { fillDemo } from "../../src/clinic/demo/demo-writer.ts";
import { formatSnils, luhnDigit, snilsCheck } from "../../src/kernel/person-ids.ts";
import type { IncomingRow, MainDb } from "../../src/clinic/port.ts";
import type { Engine } from "../../src/clinic/engine.ts";
import type { LogRecord } from "../../src/logs/log-record.ts";
import type { OdliSimulator } from "../../src/sim/odli/odli-simulator.ts";
import { memoryLog } from "./memory-log.ts";
import { tempDir } from "./temp-dir.ts";
import { taskServices } from "./task-services.ts";

/** The МО, the sending system and a token the tests use; the МО's and the labs' GUIDs are the simulator's demo organisations. */
export const MO_GUID = "5a7b3c1d-2e4f-4a6b-8c9d-0e1f2a3b4c5d";
export const LAB_ODLI = 4601001;
export const LAB_ODLI_GUID = "3f1c2a9e-5b7d-4e21-9a63-0c8d1e2f4a51";
/** A lab not reached through ОДЛИ (no GUID in the demo's register). */
export const LAB_OTHER = 4601002;
export const SYSTEM_OID = "1.2.643.2.69.1.2.999";
export const TOKEN = "0f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a";

/** The [odli] settings pointed at a simulator (no retries and short pauses: the tests do not wait). */
export function odliConfig(sim: OdliSimulator, extra: Record<string, string> = {}): Config {
  const values: Record<string, string> = {
    "odli.url": sim.exlabUrl,
    "odli.term_url": sim.termUrl,
    "odli.token": TOKEN,
    "odli.system_oid": SYSTEM_OID,
    "odli.organization_guid": MO_GUID,
    "odli.retries": "0",
    "odli.timeout_seconds": "5",
    timezone: "Europe/Moscow",
    ...extra,
  };
  const overrides: Override[] = Object.entries(values).map(([path, value]) => ({ path, value, arg: "test" }));
  return loadConfig({ home: tempDir(), machineTimeZone: "UTC", env: {}, overrides, readFile: () => undefined }).config;
}

/** The demo's reference data, labs (one with an ОДЛИ GUID) and code map, without demo referrals. */
export async function seedReference(engine: Engine): Promise<void> {
  await fillDemo(engine, { referrals: 0, seed: 7, now: Date.UTC(2025, 4, 14, 9) });
}

export interface ReferralSpec {
  /** REF_ANALYSIS ids (101 CBC, 102 chemistry, 103 urine, 104 culture, 105 cytology, 106 neonatal screening — unmapped). */
  analyses?: number[];
  lab?: number;
  cito?: boolean;
  patient?: Partial<{ last: string; first: string; middle: string | null; snils: string | null; policy: string | null; policyKind: number | null; sex: string; birth: string }>;
  finance?: number;
  comment?: string;
  diagnosis?: string | null;
  pregnancyWeeks?: number;
  /** No tubes registered yet. */
  noSpecimens?: boolean;
}

/** A valid SNILS and a valid unified policy number made from a seed number. */
export function snilsOf(n: number): string {
  const nine = String(100_000_000 + n * 7919).slice(-9);
  return formatSnils(`${nine}${snilsCheck(nine)}`);
}
export function enpOf(n: number): string {
  const payload = `46${String(n).padStart(13, "0")}`;
  return `${payload}${luhnDigit(payload)}`;
}

const BIOMATERIAL: Record<number, number> = { 101: 1, 102: 2, 103: 3, 104: 4, 105: 5, 106: 6 };

/** The rows of one referral waiting for ОДЛИ: its patient, analyses, tubes and queue row. Ids derive from `id`. */
export function referralRows(id: number, spec: ReferralSpec = {}): IncomingRow[] {
  const p = { last: "Петрова", first: "Анна", middle: "Сергеевна", snils: snilsOf(id), policy: enpOf(id), policyKind: 3, sex: "Ж", birth: "1980-05-01", ...spec.patient };
  const analyses = spec.analyses ?? [101];
  const created = new Date(Date.UTC(2025, 4, 14, 6, 30) + id * 60_000);
  const rows: IncomingRow[] = [
    {
      table: "PATIENT",
      op: "upsert",
      values: {
        ID: 500_000 + id, LAST_NAME: p.last, FIRST_NAME: p.first, MIDDLE_NAME: p.middle, BIRTH_DATE: p.birth, SEX: p.sex,
        SNILS: p.snils, POLICY_NUM: p.policy, POLICY_KIND: p.policy ? p.policyKind : null, POLICY_FROM: p.policy ? "2019-03-01" : null, INSURER_CODE: p.policy ? "46001" : null,
      },
    },
    {
      table: "DOC_NAPR_ANALYSIS",
      op: "upsert",
      values: {
        ID: id, NUM: `Н-2025-${id}`, DOC_DATE: "2025-05-14", CREATED_AT: created, PATIENT_ID: 500_000 + id, PATIENT_FIO: `${p.last} ${p.first} ${p.middle ?? ""}`.trim(),
        BIRTH_DATE: p.birth, SEX: p.sex, DOCTOR_FIO: "Смирнов Олег Викторович", DOCTOR_ID: 1, LPU_FROM_ID: 4601000, LPU_TO_ID: spec.lab ?? LAB_ODLI, WAY_RUN_ID: 2,
        CITO: spec.cito ? 1 : 0, STATUS: 1, DIAGNOSIS_MKB: spec.diagnosis === undefined ? "I10" : spec.diagnosis, COMMENT_TEXT: spec.comment ?? null,
        CASE_NUM: `ТАП-${id}`, CASE_TYPE: 2, FINANCE_CODE: spec.finance ?? 1, PREGNANCY_WEEKS: spec.pregnancyWeeks ?? null,
      },
    },
  ];
  analyses.forEach((a, i) => rows.push({ table: "DOCTAB_NAPR_ANALYSIS", op: "upsert", values: { ID: id * 100 + i, NAPR_ID: id, ANALYSIS_ID: a, BIOMATERIAL_TYPE_ID: BIOMATERIAL[a]!, STATUS: 1 } }));
  if (!spec.noSpecimens) {
    for (const bio of new Set(analyses.map((a) => BIOMATERIAL[a]!))) {
      const bioId = id * 10 + bio;
      rows.push({ table: "REG_BIOMATERIAL", op: "upsert", values: { ID: bioId, BARCODE: `46${String(bioId).padStart(10, "0")}`, BIOMATERIAL_TYPE_ID: bio, TAKEN_AT: new Date(created.getTime() + 600_000), STATUS: 1 } });
      rows.push({ table: "REG_BIOMATERIAL_NAPRS", op: "upsert", values: { BIOMATERIAL_ID: bioId, NAPR_ID: id } });
    }
  }
  rows.push({ table: "REG_ODLI_NAPR_SEND", op: "upsert", values: { NAPR_ID: id, STATUS: 0, ATTEMPTS: 0, QUEUED_AT: created } });
  return rows;
}

/** The real task runner with the LIS job alone, over this main DB; its lines in memory, its run history in `storePath`. */
export function lisRunner(db: MainDb, config: Config, storePath: string): { runner: TaskRunner; lines: LogRecord[]; close(): void } {
  const store = AgentStore.open(storePath, { what: "store", agentVersion: "t", now: Date.now() });
  const { hub, lines } = memoryLog();
  let id = 1;
  const runner = new TaskRunner({
    tasks: new Map([[lisTask.name, lisTask]]),
    threads: new ThreadManager({ clock: systemClock, logs: hub, ids: { next: () => id++ }, emit: () => {} }),
    runs: new RunRepository(store.orm),
    clock: systemClock,
    logs: hub,
    config: () => config,
    services: taskServices({ mainDb: () => Promise.resolve(db), mainDbConfigured: () => true }),
    emit: () => {},
  });
  return { runner, lines, close: () => store.close() };
}

/** Runs the LIS job once through the real runner against this main DB; answers the outcome and the thread's lines. */
export async function runLis(db: MainDb, config: Config): Promise<{ outcome: RunOutcome; lines: LogRecord[]; messages: string[] }> {
  const { runner, lines, close } = lisRunner(db, config, join(tempDir(), "agent.db"));
  try {
    const outcome = await runner.run({ task: "lis", trigger: "manual" });
    return { outcome, lines, messages: lines.filter((l) => l.service === "TLISThread").map((l) => l.message) };
  } finally {
    close();
  }
}
