-- The log DB ("БД лога"). Each distinct text is stored once in log_text and
-- indexed there by an FTS5 trigram index: the trigram tokenizer folds case
-- for Cyrillic too ("ошибка" finds "Ошибка"), which LIKE does not. Log lines
-- repeat a few hundred texts millions of times, so indexing distinct texts
-- keeps writes fast and the index small. Instants are epoch ms UTC.

CREATE TABLE log_text (
  id INTEGER PRIMARY KEY,
  text TEXT NOT NULL UNIQUE
);

CREATE VIRTUAL TABLE log_text_fts USING fts5(text, content = 'log_text', content_rowid = 'id', tokenize = 'trigram');

CREATE TRIGGER log_text_ai AFTER INSERT ON log_text BEGIN
  INSERT INTO log_text_fts (rowid, text) VALUES (new.id, new.text);
END;

CREATE TRIGGER log_text_ad AFTER DELETE ON log_text BEGIN
  INSERT INTO log_text_fts (log_text_fts, rowid, text) VALUES ('delete', old.id, old.text);
END;

CREATE TABLE log (
  id INTEGER PRIMARY KEY,
  ts INTEGER NOT NULL,
  -- the thread's name, e.g. TSwapDataAnalysisThread, or "agent" for the service itself
  service TEXT NOT NULL,
  -- the thread's id; NULL for lines of the service itself
  thread INTEGER,
  -- 10 debug, 20 info, 30 warn, 40 error
  level INTEGER NOT NULL,
  -- log_text.id (not declared as a foreign key: checking it on every insert costs
  -- a lookup, and the trimming job removes texts no line uses any more)
  text_id INTEGER NOT NULL,
  -- structured fields as a JSON object: task, run id, counts, the text's key
  fields TEXT
);

CREATE INDEX log_by_ts ON log (ts);
CREATE INDEX log_by_service ON log (service, ts);
CREATE INDEX log_by_text ON log (text_id, ts);
-- warnings and errors only: "jump to the next error" and --level warn stay fast
CREATE INDEX log_problems ON log (ts) WHERE level >= 30;
