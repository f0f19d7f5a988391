import type { CellValue } from "../port.ts";
import type { Engine } from "../engine.ts";
import type { TableInfo } from "../catalog.ts";
import { quoteIdentifier } from "../identifiers.ts";
import { MainDbError } from "../main-db-error.ts";
import { DEMO_TABLE_ORDER, demoRows, type DemoRow } from "./generator.ts";

export interface DemoFill {
  referrals: number;
  rows: number;
  byTable: Record<string, number>;
  /** Whether the reference data was written now (it is written once). */
  reference: boolean;
}

/** Rows held before they are written, parents first, in one transaction. */
const FLUSH_ROWS = 20_000;

/**
 * Fills a database that has the reference schema with demo data: the
 * reference data once, then `referrals` referrals with everything that
 * hangs off them. Ids continue after what is there, so a second fill adds.
 */
export async function fillDemo(engine: Engine, o: { referrals: number; seed: number; now: number }): Promise<DemoFill> {
  const infos = new Map<string, TableInfo>();
  for (const name of DEMO_TABLE_ORDER) {
    const info = await engine.table(name);
    if (!info) throw MainDbError.unknownTable(name);
    infos.set(name, info);
  }
  const firstIds: Record<string, number> = {};
  const existing = await engine.read(async (s) => {
    for (const info of infos.values()) {
      if (info.key.length !== 1) continue;
      const r = await s.all(`SELECT MAX(${quoteIdentifier(info.key[0]!)}) AS M FROM ${quoteIdentifier(info.name)}`);
      firstIds[info.name] = Number(r[0]?.M ?? 0) + 1;
    }
    return (await s.all("SELECT COUNT(*) AS N FROM REF_LAB_TYPE"))[0]?.N;
  });
  const reference = Number(existing ?? 0) === 0;

  const byTable: Record<string, number> = {};
  let referrals = 0;
  let pending = new Map<string, DemoRow[]>();
  let held = 0;
  const flush = async () => {
    if (held === 0) return;
    const batch = pending;
    pending = new Map();
    held = 0;
    await engine.write(async (s) => {
      for (const name of DEMO_TABLE_ORDER) {
        const rows = batch.get(name);
        if (!rows?.length) continue;
        const info = infos.get(name)!;
        const names = Object.keys(rows[0]!.row);
        const columns = names.map((n) => info.columns.find((c) => c.name === n) ?? missing(name, n));
        await engine.insertMany(s, info, columns, rows.map((r) => names.map((n) => r.row[n] ?? null) as CellValue[]));
      }
    });
  };
  for (const item of demoRows({ referrals: o.referrals, seed: o.seed, now: o.now, zone: engine.zone, firstIds, withReference: reference })) {
    let list = pending.get(item.table);
    if (!list) pending.set(item.table, (list = []));
    list.push(item);
    held++;
    byTable[item.table] = (byTable[item.table] ?? 0) + 1;
    if (item.table === "DOC_NAPR_ANALYSIS") referrals++;
    if (held >= FLUSH_ROWS && item.table === "DOC_NAPR_ANALYSIS") {
      // A referral's rows are not all out yet: keep it for the next batch so its children follow it in order.
      list.pop();
      held--;
      await flush();
      pending.set(item.table, [item]);
      held = 1;
    }
  }
  await flush();
  await engine.write((s) => engine.advanceGenerators(s, [...infos.values()]));
  return { referrals, rows: Object.values(byTable).reduce((a, b) => a + b, 0), byTable, reference };
}

function missing(table: string, column: string): never {
  throw MainDbError.unknownColumn(table, column);
}
