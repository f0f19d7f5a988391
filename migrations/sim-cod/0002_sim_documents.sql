-- Signed PDF documents (protocol 1.1): what each МО uploaded, for whom, and
-- how often each was uploaded, stored, listed and downloaded. `stored` must
-- stay 1 however often an upload is repeated: exactly-once, counted.
CREATE TABLE documents (
  position INTEGER PRIMARY KEY AUTOINCREMENT,
  from_mo TEXT NOT NULL,
  document_id TEXT NOT NULL,
  to_mo TEXT NOT NULL,
  referral_id TEXT NOT NULL,
  file_name TEXT NOT NULL,
  pdf BLOB NOT NULL,
  pdf_sha256 TEXT NOT NULL,
  signature BLOB NOT NULL,
  signature_sha256 TEXT NOT NULL,
  uploads INTEGER NOT NULL,
  stored INTEGER NOT NULL,
  listed INTEGER NOT NULL DEFAULT 0,
  downloads INTEGER NOT NULL DEFAULT 0,
  uploaded_at TEXT NOT NULL,
  acked_at TEXT,
  UNIQUE (from_mo, document_id)
);
CREATE INDEX documents_pending ON documents (to_mo, acked_at, position);
