import { maindbTexts as T } from "../messages/areas/maindb.ts";
import { say } from "../messages/text.ts";
import type { Engine } from "./engine.ts";
import { captureProblem, type TableInfo } from "./catalog.ts";
import { SYNCED_TABLES } from "./synced-tables.ts";
import { TRIGGER_PREFIX } from "./agent-objects.ts";

/**
 * `agent db capture install|remove|status`: the only way the agent creates
 * anything in a production main database, and only its own objects — the
 * journal, the batches, the sync state, the lease, and one trigger (set) per
 * synchronised table. The plan is computed first, shown with --dry-run, and
 * run in one transaction; the MIS tables themselves are never altered.
 */

export interface CapturePlan {
  statements: string[];
  /** Tables that get triggers. */
  tables: string[];
  /** Why some synced tables are left out (missing, no usable key). */
  notes: string[];
}

export interface CaptureStatus {
  objectsPresent: string[];
  objectsMissing: string[];
  /** Synced tables with their triggers in place. */
  capturedTables: string[];
  /** Synced tables the database has, without triggers. */
  uncapturedTables: string[];
  /** Synced tables the database lacks. */
  absentTables: string[];
}

async function inspect(engine: Engine): Promise<{ objects: string[]; triggers: Array<{ name: string; table: string }> }> {
  return engine.read((s) => engine.capture.inspect(s));
}

export async function captureStatus(engine: Engine, tables: readonly string[] = SYNCED_TABLES): Promise<CaptureStatus> {
  engine.forgetCatalog();
  const found = await inspect(engine);
  const present = new Set(found.objects.map((o) => o.toUpperCase()));
  const withTriggers = new Set(found.triggers.map((t) => t.table.toUpperCase()));
  const status: CaptureStatus = {
    objectsPresent: engine.capture.objectNames.filter((o) => present.has(o)),
    objectsMissing: engine.capture.objectNames.filter((o) => !present.has(o)),
    capturedTables: [],
    uncapturedTables: [],
    absentTables: [],
  };
  for (const name of tables) {
    const info = await engine.table(name);
    if (!info) status.absentTables.push(name);
    else if (withTriggers.has(info.name.toUpperCase())) status.capturedTables.push(info.name);
    else status.uncapturedTables.push(info.name);
  }
  return status;
}

/** What `install` would run: the missing agent objects, then triggers for synced tables that lack them. */
export async function installPlan(engine: Engine, tables: readonly string[] = SYNCED_TABLES): Promise<CapturePlan> {
  const status = await captureStatus(engine, tables);
  const statements: string[] = [];
  const notes: string[] = [];
  // Only what is missing: a journal that exists may hold changes not yet sent.
  statements.push(...engine.capture.objectStatements(status.objectsMissing));
  const captured: string[] = [];
  for (const name of status.absentTables) notes.push(say(T.tableMissingSkipped, { table: name }));
  for (const name of status.uncapturedTables) {
    const info = (await engine.table(name)) as TableInfo;
    const problem = captureProblem(info);
    if (problem) {
      notes.push(say(T[problem], { table: info.name }));
      continue;
    }
    statements.push(...engine.capture.triggerStatements(info));
    captured.push(info.name);
  }
  return { statements, tables: [...status.capturedTables, ...captured], notes };
}

export async function removePlan(engine: Engine): Promise<CapturePlan> {
  const found = await inspect(engine);
  const statements: string[] = [];
  const byTable = new Map<string, string[]>();
  for (const t of found.triggers) {
    if (!t.name.toUpperCase().startsWith(TRIGGER_PREFIX)) continue;
    byTable.set(t.table, [...(byTable.get(t.table) ?? []), t.name]);
  }
  for (const [table, triggers] of byTable) statements.push(...engine.capture.dropTriggerStatements(table, triggers));
  const present = found.objects.map((o) => o.toUpperCase()).filter((o) => engine.capture.objectNames.includes(o));
  statements.push(...engine.capture.dropObjectStatements(present));
  return { statements, tables: [...byTable.keys()], notes: [] };
}

/** Runs a plan's statements in one transaction. */
export async function runPlan(engine: Engine, plan: CapturePlan): Promise<void> {
  if (plan.statements.length === 0) return;
  await engine.write(async (s) => {
    for (const statement of plan.statements) await s.run(statement);
  });
  engine.forgetCatalog();
}

/** Journal entries waiting and batches not acknowledged; zeros when capture is not installed. */
export async function journalCounts(engine: Engine): Promise<{ entries: number; batches: number }> {
  if (!(await engine.table("AGENT_JOURNAL")) || !(await engine.table("AGENT_BATCH"))) return { entries: 0, batches: 0 };
  return engine.read(async (s) => {
    const entries = await s.all("SELECT COUNT(*) AS N FROM AGENT_JOURNAL");
    const batches = await s.all("SELECT COUNT(*) AS N FROM AGENT_BATCH");
    return { entries: Number(entries[0]?.N ?? 0), batches: Number(batches[0]?.N ?? 0) };
  });
}
