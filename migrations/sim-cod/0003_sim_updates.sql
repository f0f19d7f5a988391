-- Agent binaries the simulator offers (protocol 1.1), published through the
-- admin port. The file is the simulator's own copy; `sha256` is what the
-- offer says, which a test may set to something else than the file's hash.
CREATE TABLE updates (
  platform TEXT NOT NULL,
  cpu TEXT NOT NULL,
  version TEXT NOT NULL,
  size INTEGER NOT NULL,
  sha256 TEXT NOT NULL,
  file_sha256 TEXT NOT NULL,
  signature TEXT NOT NULL,
  file TEXT NOT NULL,
  published_at TEXT NOT NULL,
  offered INTEGER NOT NULL DEFAULT 0,
  downloaded INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (platform, cpu, version)
);
