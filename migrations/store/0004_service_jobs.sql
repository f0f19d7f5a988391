-- The service jobs (issue 10). Each failed run keeps the kinds of its errors
-- (`cod.refused`, `maindb.unreachable`, `sqlite.full` …, comma separated) beside
-- the error's text: the statistics upload sends kinds and counts, never texts.
ALTER TABLE runs ADD COLUMN error_kinds TEXT;
-- The statistics count the runs that ended since their last upload.
CREATE INDEX runs_by_finish ON runs (finished_at);

-- What the backup, restore-check, validation and maintenance jobs found, per
-- database, for the UI's DB tab and the statistics. Findings are the engine's
-- own words about pages, tables and indexes (never a row's values); the
-- newest 50 rows per database and kind are kept.
CREATE TABLE db_checks (
  id INTEGER PRIMARY KEY,
  -- epoch ms UTC, when the check ended
  at INTEGER NOT NULL,
  run_id INTEGER,
  -- 'main' | 'agent' | 'log'
  target TEXT NOT NULL CHECK (target IN ('main', 'agent', 'log')),
  -- 'backup' | 'restore-check' | 'validate' | 'maintenance'
  kind TEXT NOT NULL CHECK (kind IN ('backup', 'restore-check', 'validate', 'maintenance')),
  ok INTEGER NOT NULL,
  -- one line: the file written, the pages checked, what was done
  summary TEXT NOT NULL,
  -- JSON array of strings
  findings TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX db_checks_latest ON db_checks (target, kind, at);
