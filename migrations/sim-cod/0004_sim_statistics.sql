-- Statistics reports (protocol 1.3): each report as received, one row per
-- report id and МО (a repeat of an id replaces the report and is counted),
-- and per МО and agent instance the last report: what "agents that stopped
-- reporting" is read from.
CREATE TABLE statistics_reports (
  mo_id TEXT NOT NULL,
  report_id TEXT NOT NULL,
  instance TEXT NOT NULL,
  agent_version TEXT NOT NULL,
  period_from TEXT NOT NULL,
  period_to TEXT NOT NULL,
  -- how many requests carried this report id
  received INTEGER NOT NULL,
  received_at TEXT NOT NULL,
  -- the request's body as received
  body_json TEXT NOT NULL,
  PRIMARY KEY (mo_id, report_id)
);

CREATE TABLE statistics_reporters (
  mo_id TEXT NOT NULL,
  instance TEXT NOT NULL,
  agent_version TEXT NOT NULL,
  first_report_at TEXT NOT NULL,
  last_report_at TEXT NOT NULL,
  last_report_id TEXT NOT NULL,
  reports INTEGER NOT NULL,
  PRIMARY KEY (mo_id, instance)
);
