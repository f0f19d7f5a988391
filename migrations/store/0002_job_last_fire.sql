-- The planned instant of the last fire the scheduler handled for each job
-- (run or skipped). After downtime it tells which fires were missed, so that
-- a periodic job gets at most one catch-up run and a one-time job whose time
-- passed while the agent was down runs once at start.
ALTER TABLE jobs ADD COLUMN last_fire_at INTEGER;
