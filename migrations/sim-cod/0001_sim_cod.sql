-- The ЦОД simulator's own store: what it received, what it applied and how
-- many times, the pull streams it serves, and the catalogs of executing МО.

-- One row per batch id and МО. `received` counts every request that carried
-- it; `applied` counts how many times its changes were applied: exactly-once
-- means applied = 1 for every batch, however often it was received.
CREATE TABLE batches (
  mo_id TEXT NOT NULL,
  batch_id TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  changes INTEGER NOT NULL,
  received INTEGER NOT NULL,
  applied INTEGER NOT NULL,
  first_received_at TEXT NOT NULL,
  last_received_at TEXT NOT NULL,
  PRIMARY KEY (mo_id, batch_id)
);

-- Every change of every applied batch, as received (what it "recorded").
CREATE TABLE batch_changes (
  mo_id TEXT NOT NULL,
  batch_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  tbl TEXT NOT NULL,
  key_json TEXT NOT NULL,
  op TEXT NOT NULL,
  row_json TEXT,
  PRIMARY KEY (mo_id, batch_id, seq)
);

-- The ЦОД's copy of each row: its latest state and how many changes were applied to it.
CREATE TABLE rows (
  mo_id TEXT NOT NULL,
  tbl TEXT NOT NULL,
  key_json TEXT NOT NULL,
  deleted INTEGER NOT NULL,
  row_json TEXT,
  applied INTEGER NOT NULL,
  last_batch_id TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (mo_id, tbl, key_json)
);

-- Items of the pull streams, addressed to one МО. The position is the order.
CREATE TABLE stream_items (
  position INTEGER PRIMARY KEY AUTOINCREMENT,
  mo_id TEXT NOT NULL,
  stream TEXT NOT NULL,
  item_id TEXT NOT NULL,
  changes_json TEXT NOT NULL,
  served INTEGER NOT NULL DEFAULT 0,
  acked_at TEXT,
  created_at TEXT NOT NULL
);
CREATE INDEX stream_items_pending ON stream_items (mo_id, stream, acked_at, position);

-- Catalogs of executing МО: the labs the simulator knows, and the analyses each accepts.
CREATE TABLE catalog_labs (
  lab TEXT PRIMARY KEY
);
CREATE TABLE catalog (
  lab TEXT NOT NULL,
  seq INTEGER NOT NULL,
  entry_json TEXT NOT NULL,
  PRIMARY KEY (lab, seq)
);

-- Tokens of the МО the simulator knows; with none, any non-empty token is accepted.
CREATE TABLE tokens (
  mo_id TEXT PRIMARY KEY,
  token TEXT NOT NULL
);
