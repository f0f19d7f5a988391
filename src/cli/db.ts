import { maindbTexts as T } from "../messages/areas/maindb.ts";
import { say } from "../messages/text.ts";
import { usageError } from "../kernel/agent-error.ts";
import { BUILD } from "../platform/build-info.ts";
import { openMainDb } from "../clinic/open-main-db.ts";
import type { MainDatabase } from "../clinic/main-database.ts";
import { captureStatus, installPlan, journalCounts, removePlan, runPlan } from "../clinic/capture.ts";
import { describeLeaseHolder, MainDbLease, readHolder } from "../clinic/lease.ts";
import { initialLoadProgress } from "../clinic/initial-load.ts";
import { applyReferenceSchema } from "../clinic/reference-schema.ts";
import { fillDemo } from "../clinic/demo/demo-writer.ts";
import { DEMO_SIZES } from "../clinic/demo/generator.ts";
import { SYNCED_TABLES } from "../clinic/synced-tables.ts";
import { MainDbError } from "../clinic/main-db-error.ts";
import type { CommandRun } from "./command.ts";
import type { CliContext } from "./context.ts";
import { renderCommandHelp } from "./help.ts";

/** Opens the configured main DB for one command and closes it however the command ends. */
export async function withMainDb<T>(ctx: CliContext, o: { create?: boolean }, work: (db: MainDatabase) => Promise<T>): Promise<T> {
  const db = await openMainDb(ctx.config().config, { clock: ctx.clock, create: o.create });
  try {
    return await work(db);
  } finally {
    await db.close();
  }
}

/** Takes the main DB's lease for the command's duration (exit 3 naming the holder if another agent has it). */
export async function withLease<T>(ctx: CliContext, db: MainDatabase, work: () => Promise<T>): Promise<T> {
  const config = ctx.config().config;
  const lease = await MainDbLease.acquire(db.backend, { instance: config.instance, ttlMs: config.maindb.lease_seconds * 1000, clock: ctx.clock });
  const stop = lease.startHeartbeat(() => undefined);
  try {
    return await work();
  } finally {
    stop();
    await lease.release().catch(() => undefined);
  }
}

/** `agent db` and `agent db capture` alone: the help of their subcommands. */
export function groupHelp(path: readonly string[]): CommandRun {
  return async (ctx) => {
    const { COMMANDS } = await import("./commands.ts");
    const command = COMMANDS.find((c) => c.path.join(" ") === path.join(" "))!;
    ctx.out(await renderCommandHelp(command, COMMANDS));
    return 0;
  };
}

function referralsOf(size: string | undefined): number {
  const value = size ?? "small";
  if (value in DEMO_SIZES) return DEMO_SIZES[value]!;
  if (/^\d+$/.test(value) && Number(value) >= 1 && Number(value) <= 1_000_000) return Number(value);
  throw usageError(say(T.badSize, { got: value }));
}

export const demo: CommandRun = async (ctx, args) => {
  const referrals = referralsOf(args.get("size"));
  const seedText = args.get("seed") ?? "1";
  if (!/^-?\d+$/.test(seedText)) throw usageError(say(T.badSeed, { got: seedText }));
  const instance = await ctx.openInstance();
  const config = ctx.config().config;
  if (config.maindb.engine === "firebird") await createFirebirdIfMissing(ctx);
  return withMainDb(ctx, { create: true }, async (db) => {
    const schema = await applyReferenceSchema(db.backend, BUILD.version, ctx.clock.now());
    if (schema.foreign) throw usageError(say(T.notDemoDatabase, { where: db.where }));
    if (schema.applied.length > 0) ctx.out(say(T.demoSchemaApplied, { ids: schema.applied.join(", ") }));
    const fill = async () => {
      const started = ctx.clock.monotonic();
      const result = await fillDemo(db.backend, { referrals, seed: Number(seedText), now: ctx.clock.now() });
      const seconds = ((ctx.clock.monotonic() - started) / 1000).toFixed(1);
      if (!result.reference) ctx.out(say(T.demoDataPresent, { where: db.where }));
      const line = say(T.demoFilled, { referrals: result.referrals, rows: result.rows, seconds, where: db.where });
      ctx.out(line);
      instance.log.info(line);
    };
    // Where capture is installed another agent may be working here: the lease keeps two writers apart.
    if (await db.backend.table("AGENT_LEASE")) await withLease(ctx, db, fill);
    else await fill();
    ctx.out(say(T.demoNextSteps));
    return 0;
  });
};

/** A demo Firebird database that does not exist yet is created, in the configured character set. */
async function createFirebirdIfMissing(ctx: CliContext): Promise<void> {
  const m = ctx.config().config.maindb;
  const { FirebirdPool } = await import("../clinic/firebird/connection-pool.ts");
  const Firebird = (await import("node-firebird")).default;
  const target = { host: m.host, port: m.port, database: m.database, user: m.user, password: m.password, charset: "UTF8" };
  const pool = new FirebirdPool(target, { size: 1, connectTimeoutMs: m.connect_timeout_seconds * 1000, queryTimeoutMs: m.query_timeout_seconds * 1000, lockTimeoutSeconds: m.lock_timeout_seconds });
  try {
    await pool.acquire();
    return;
  } catch (error) {
    if (!(error instanceof MainDbError && error.reason === "databaseNotFound")) throw error;
  } finally {
    await pool.close();
  }
  const charset = m.charset === "auto" ? "UTF8" : m.charset;
  try {
    const created = await Firebird.createAsync({ host: m.host, port: m.port, database: m.database, user: m.user, password: m.password, encoding: charset, pageSize: 8192 } as never);
    await (created as unknown as { detachAsync(): Promise<void> }).detachAsync();
  } catch (error) {
    throw pool.connectError(error);
  }
}

/** `sync.tables`, or the manual's 37: the tables capture covers. */
function syncTables(ctx: CliContext): string[] {
  const configured = ctx.config().config.sync.tables;
  return configured ? configured.split(",") : [...SYNCED_TABLES];
}

export const captureInstall: CommandRun = async (ctx, args) => {
  const instance = await ctx.openInstance();
  return withMainDb(ctx, {}, async (db) => {
    const plan = await installPlan(db.backend, syncTables(ctx));
    for (const note of plan.notes) ctx.err(note);
    if (args.has("dry-run")) {
      ctx.out(say(T.dryRunHeader, { engine: db.backend.kind }));
      ctx.out(plan.statements.length > 0 ? db.backend.capture.script(plan.statements) : say(T.captureAlreadyInstalled, { tables: plan.tables.length }));
      return 0;
    }
    if (plan.statements.length === 0) {
      ctx.out(say(T.captureAlreadyInstalled, { tables: plan.tables.length }));
      return 0;
    }
    await runPlan(db.backend, plan);
    const line = say(T.captureInstalled, { tables: plan.tables.length, statements: plan.statements.length });
    ctx.out(line);
    instance.log.info(line);
    return 0;
  });
};

export const captureRemove: CommandRun = async (ctx, args) => {
  const instance = await ctx.openInstance();
  return withMainDb(ctx, {}, async (db) => {
    const plan = await removePlan(db.backend);
    if (plan.statements.length === 0) {
      ctx.out(say(T.captureNotInstalled));
      return 0;
    }
    if (args.has("dry-run")) {
      ctx.out(say(T.dryRunHeader, { engine: db.backend.kind }));
      ctx.out(db.backend.capture.script(plan.statements));
      return 0;
    }
    const counts = await journalCounts(db.backend);
    if (counts.entries > 0 && !args.has("yes")) throw usageError(say(T.removeNeedsYes, { entries: counts.entries }));
    // Another agent working here must not lose its journal under its feet: taking the lease
    // refuses (exit 3) while one holds it. The lease row goes with the objects; nothing to release.
    if (await db.backend.table("AGENT_LEASE")) {
      const config = ctx.config().config;
      await MainDbLease.acquire(db.backend, { instance: config.instance, ttlMs: config.maindb.lease_seconds * 1000, clock: ctx.clock });
    }
    await runPlan(db.backend, plan);
    const line = say(T.captureRemoved, { statements: plan.statements.length });
    ctx.out(line);
    instance.log.info(line);
    return 0;
  });
};

export const captureStatusCommand: CommandRun = async (ctx) => {
  await ctx.openInstance();
  const zone = ctx.config().config.timezone;
  return withMainDb(ctx, {}, async (db) => {
    const engine = db.backend;
    ctx.out(say(T.statusEngine, { engine: engine.kind, version: await engine.version(), where: db.where }));
    const status = await captureStatus(engine, syncTables(ctx));
    if (status.objectsPresent.length === 0) ctx.out(say(T.statusNotInstalled));
    else if (status.objectsMissing.length > 0) ctx.out(say(T.statusPartial, { missing: status.objectsMissing.join(", ") }));
    else ctx.out(say(T.statusInstalled, { tables: status.capturedTables.length }));
    if (status.objectsPresent.length > 0 && status.uncapturedTables.length > 0) ctx.out(say(T.statusMissingTriggers, { tables: status.uncapturedTables.join(", ") }));
    for (const table of status.absentTables) ctx.out(say(T.tableMissingSkipped, { table }));
    if (status.objectsMissing.length === 0) {
      const counts = await journalCounts(engine);
      ctx.out(say(T.statusJournal, { entries: counts.entries, batches: counts.batches }));
      ctx.out(say(T.statusLease, { holder: describeLeaseHolder(await readHolder(engine, ctx.clock.now()), zone) }));
      const progress = await initialLoadProgress(engine);
      const present = [...status.capturedTables];
      const pending = present.filter((t) => !progress.get(t)?.done);
      ctx.out(say(T.statusInitialLoad, { done: present.length - pending.length, total: present.length, pending: pending.length > 6 ? `${pending.slice(0, 6).join(", ")} …` : pending.join(", ") }));
    }
    if (status.objectsMissing.length === 0 || status.objectsPresent.includes("AGENT_PARKED")) {
      const { countParked } = await import("../clinic/parked.ts");
      ctx.out(say(T.statusParked, { count: await countParked(engine) }));
    }
    ctx.out(say(T.statusSize, { mb: ((await engine.sizeBytes()) / 1048576).toFixed(1) }));
    return 0;
  });
};

/** The synced tables, for `agent sync initial-load --help`. */
export async function syncTablesHelp(): Promise<string[]> {
  return [say(T.syncTablesList, { tables: SYNCED_TABLES.join(", ") })];
}
