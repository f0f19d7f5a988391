-- What the self-update job decided about each update it was offered: applied,
-- rolled back after a failed start-up health check, or refused (a wrong
-- checksum or signature, a wrong platform). The statistics upload reports
-- the rows it has not reported yet and then sets reported_at.
CREATE TABLE update_history (
  id INTEGER PRIMARY KEY,
  -- epoch ms UTC
  at INTEGER NOT NULL,
  from_version TEXT NOT NULL,
  to_version TEXT NOT NULL,
  -- 'applied' | 'rolled_back' | 'refused' | 'abandoned'
  result TEXT NOT NULL CHECK (result IN ('applied', 'rolled_back', 'refused', 'abandoned')),
  -- 'checksum' | 'signature' | 'platform' | 'health' | 'interrupted' …; null when applied
  reason TEXT,
  -- what exactly happened, for the administrator (no secrets, no patient data)
  detail TEXT,
  reported_at INTEGER
);
CREATE INDEX update_history_unreported ON update_history (reported_at, id);
