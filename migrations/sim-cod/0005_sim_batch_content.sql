-- What each batch carried, as received: one row per batch holding its changes
-- (JSON), instead of one row per change in batch_changes. A batch of 10,000
-- changes is one insert rather than 10,000 index insertions, so the
-- simulator keeps up with an agent pushing 100,000 rows a second. Batches
-- recorded before stay in batch_changes.
CREATE TABLE batch_content (
  mo_id TEXT NOT NULL,
  batch_id TEXT NOT NULL,
  changes_json TEXT NOT NULL,
  PRIMARY KEY (mo_id, batch_id)
) WITHOUT ROWID;
