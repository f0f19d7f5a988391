import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

// The drizzle view of migrations/store/*.sql. The SQL files are the truth;
// test/store/schema.test.ts checks that this mirror matches them column by column.

export const jobs = sqliteTable("jobs", {
  id: integer("id").primaryKey(),
  name: text("name").notNull().unique(),
  task: text("task").notNull(),
  startLocal: text("start_local").notNull(),
  periodicity: text("periodicity", { enum: ["once", "minutes", "daily", "weekly", "cron"] }).notNull(),
  everyMinutes: integer("every_minutes"),
  cron: text("cron"),
  days: text("days").notNull().default("1234567"),
  forbidFrom: integer("forbid_from").notNull().default(0),
  forbidTo: integer("forbid_to").notNull().default(0),
  options: text("options").notNull().default("{}"),
  paused: integer("paused", { mode: "boolean" }).notNull().default(false),
  createdAt: integer("created_at").notNull(),
  updatedAt: integer("updated_at").notNull(),
  lastFireAt: integer("last_fire_at"),
});

export const runs = sqliteTable(
  "runs",
  {
    id: integer("id").primaryKey(),
    jobId: integer("job_id").references(() => jobs.id, { onDelete: "set null" }),
    jobName: text("job_name").notNull(),
    task: text("task").notNull(),
    trigger: text("trigger", { enum: ["schedule", "catch-up", "manual", "once"] }).notNull(),
    plannedAt: integer("planned_at"),
    startedAt: integer("started_at").notNull(),
    finishedAt: integer("finished_at"),
    durationMs: integer("duration_ms"),
    result: text("result", { enum: ["running", "ok", "failed", "cancelled", "interrupted"] }).notNull(),
    summary: text("summary"),
    error: text("error"),
    errorKinds: text("error_kinds"),
  },
  (t) => [index("runs_by_job").on(t.jobId, t.startedAt), index("runs_by_start").on(t.startedAt), index("runs_by_finish").on(t.finishedAt)],
);

export const agentMeta = sqliteTable("agent_meta", {
  key: text("key").primaryKey(),
  value: text("value").notNull(),
});

export const updateHistory = sqliteTable(
  "update_history",
  {
    id: integer("id").primaryKey(),
    at: integer("at").notNull(),
    fromVersion: text("from_version").notNull(),
    toVersion: text("to_version").notNull(),
    result: text("result", { enum: ["applied", "rolled_back", "refused", "abandoned"] }).notNull(),
    reason: text("reason"),
    detail: text("detail"),
    reportedAt: integer("reported_at"),
  },
  (t) => [index("update_history_unreported").on(t.reportedAt, t.id)],
);

export const dbChecks = sqliteTable(
  "db_checks",
  {
    id: integer("id").primaryKey(),
    at: integer("at").notNull(),
    runId: integer("run_id"),
    target: text("target", { enum: ["main", "agent", "log"] }).notNull(),
    kind: text("kind", { enum: ["backup", "restore-check", "validate", "maintenance"] }).notNull(),
    ok: integer("ok", { mode: "boolean" }).notNull(),
    summary: text("summary").notNull(),
    findings: text("findings").notNull().default("[]"),
  },
  (t) => [index("db_checks_latest").on(t.target, t.kind, t.at)],
);

export type JobRow = typeof jobs.$inferSelect;
export type RunRow = typeof runs.$inferSelect;
export type UpdateHistoryRow = typeof updateHistory.$inferSelect;
export type DbCheckRow = typeof dbChecks.$inferSelect;
