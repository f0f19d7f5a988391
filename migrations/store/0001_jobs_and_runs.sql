-- The agent's own store: its jobs, the history of their runs, and facts about
-- the store itself. Instants are epoch milliseconds UTC; a job's start time
-- and forbidden window are the clinic's wall clock (no zone), because "daily
-- at 4:00" means 4:00 on the clinic's clocks in winter and in summer.

CREATE TABLE jobs (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  task TEXT NOT NULL,
  -- 'YYYY-MM-DDTHH:MM:SS' on the clinic's wall clock
  start_local TEXT NOT NULL,
  -- 'once' | 'minutes' | 'daily' | 'weekly' | 'cron'
  periodicity TEXT NOT NULL CHECK (periodicity IN ('once', 'minutes', 'daily', 'weekly', 'cron')),
  every_minutes INTEGER CHECK (every_minutes IS NULL OR every_minutes BETWEEN 1 AND 10080),
  cron TEXT,
  -- ISO weekdays the job may run on, '1234567' = all days
  days TEXT NOT NULL DEFAULT '1234567',
  -- forbidden window, seconds since local midnight; from = to means none
  forbid_from INTEGER NOT NULL DEFAULT 0,
  forbid_to INTEGER NOT NULL DEFAULT 0,
  -- the task's own settings (JSON object), validated by the task's option spec
  options TEXT NOT NULL DEFAULT '{}',
  paused INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);

CREATE TABLE runs (
  id INTEGER PRIMARY KEY,
  job_id INTEGER REFERENCES jobs(id) ON DELETE SET NULL,
  job_name TEXT NOT NULL,
  task TEXT NOT NULL,
  -- 'schedule' | 'catch-up' | 'manual' | 'once'
  trigger TEXT NOT NULL,
  planned_at INTEGER,
  started_at INTEGER NOT NULL,
  finished_at INTEGER,
  duration_ms INTEGER,
  -- 'running' | 'ok' | 'failed' | 'cancelled' | 'interrupted'
  result TEXT NOT NULL,
  summary TEXT,
  error TEXT
);
CREATE INDEX runs_by_job ON runs (job_id, started_at);
CREATE INDEX runs_by_start ON runs (started_at);

CREATE TABLE agent_meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
