import type { Database, SQLQueryBindings, Statement } from "bun:sqlite";
import { openSqliteFile } from "../store/sqlite-file.ts";
import { migrate, type MigrateOptions, type MigrationOutcome } from "../store/migrator.ts";
import { logMigrations } from "./migrations.ts";
import { LEVEL_NUMBER, levelFromNumber, type LogLine, type LogRecord } from "./log-record.ts";
import type { LogFilter } from "./log-filter.ts";

interface Row {
  id: number;
  ts: number;
  service: string;
  thread: number | null;
  level: number;
  text: string;
  fields: string | null;
}

const SELECT_LINE = "SELECT l.id, l.ts, l.service, l.thread, l.level, t.text, l.fields FROM log l JOIN log_text t ON t.id = l.text_id";

/** Up to this many matching distinct texts, a text search starts from the texts' lines. */
const FEW_TEXTS = 200;

/** How many distinct texts keep their id in memory; log texts repeat, so most lookups hit. */
const TEXT_CACHE_SIZE = 20_000;

/**
 * The log DB ("БД лога"): its own SQLite file, written in batches by the
 * LogWriter and read by `agent logs`, the UI and the trimming job. Every
 * filter runs as an indexed query over the whole store.
 */
export class LogStore {
  private readonly insertLine: Statement;
  private readonly upsertText: Statement<{ id: number }>;
  private readonly textIds = new Map<string, number>();

  private constructor(
    readonly db: Database,
    readonly path: string,
    readonly migration: MigrationOutcome,
  ) {
    this.insertLine = db.prepare("INSERT INTO log (ts, service, thread, level, text_id, fields) VALUES (?, ?, ?, ?, ?, ?)");
    // DO UPDATE (a no-op) instead of DO NOTHING so that RETURNING also answers for an existing text.
    this.upsertText = db.prepare("INSERT INTO log_text (text) VALUES (?) ON CONFLICT (text) DO UPDATE SET text = excluded.text RETURNING id");
  }

  static open(path: string, o: Omit<MigrateOptions, "path">): LogStore {
    const db = openSqliteFile(path, { what: o.what, incrementalVacuum: true });
    try {
      const migration = migrate(db, logMigrations, { ...o, path });
      return new LogStore(db, path, migration);
    } catch (error) {
      db.close();
      throw error;
    }
  }

  /** Writes lines in one transaction. Throws what SQLite throws (full disk, locked file). */
  insert(records: readonly LogRecord[]): void {
    if (records.length === 0) return;
    const run = this.db.transaction((batch: readonly LogRecord[]) => {
      for (const r of batch) {
        this.insertLine.run(
          r.ts,
          r.service,
          r.thread,
          LEVEL_NUMBER[r.level],
          this.textId(r.message),
          r.fields && Object.keys(r.fields).length > 0 ? JSON.stringify(r.fields) : null,
        );
      }
    });
    try {
      run(records);
    } catch (error) {
      // Ids handed out inside the rolled-back transaction no longer exist.
      this.textIds.clear();
      throw error;
    }
  }

  private textId(text: string): number {
    let id = this.textIds.get(text);
    if (id === undefined) {
      id = this.upsertText.get(text)!.id;
      if (this.textIds.size >= TEXT_CACHE_SIZE) this.textIds.clear();
      this.textIds.set(text, id);
    }
    return id;
  }

  /** The newest lines that match, newest first. */
  newest(filter: LogFilter, limit: number): LogLine[] {
    const { where, params } = this.conditions(filter);
    return this.db
      .query<Row, SQLQueryBindings[]>(`${SELECT_LINE}${where} ORDER BY l.ts DESC, l.id DESC LIMIT ?`)
      .all(...params, limit)
      .map(toLine);
  }

  /** Every line that matches, oldest first, read lazily: constant memory however many match. */
  *iterate(filter: LogFilter): Generator<LogLine> {
    const { where, params } = this.conditions(filter);
    const order = filter.afterId !== undefined ? "l.id" : "l.ts, l.id";
    for (const row of this.db.query<Row, SQLQueryBindings[]>(`${SELECT_LINE}${where} ORDER BY ${order}`).iterate(...params)) {
      yield toLine(row);
    }
  }

  /** Lines next to a given one in time order: the next (or previous) that match. */
  neighbour(filter: LogFilter, from: { ts: number; id: number }, direction: "after" | "before", limit = 1): LogLine[] {
    const { where, params } = this.conditions(filter);
    const cmp = direction === "after" ? ">" : "<";
    const dir = direction === "after" ? "ASC" : "DESC";
    const joiner = where ? " AND " : " WHERE ";
    return this.db
      .query<Row, SQLQueryBindings[]>(`${SELECT_LINE}${where}${joiner}(l.ts, l.id) ${cmp} (?, ?) ORDER BY l.ts ${dir}, l.id ${dir} LIMIT ?`)
      .all(...params, from.ts, from.id, limit)
      .map(toLine);
  }

  /** The query plan of `newest(filter)`: for the benchmark's report and for tests of index use. */
  plan(filter: LogFilter): string {
    const { where, params } = this.conditions(filter);
    return this.db
      .query<{ detail: string }, SQLQueryBindings[]>(`EXPLAIN QUERY PLAN ${SELECT_LINE}${where} ORDER BY l.ts DESC, l.id DESC LIMIT 1`)
      .all(...params)
      .map((r) => r.detail)
      .join("; ");
  }

  count(filter: LogFilter = {}): number {
    const { where, params } = this.conditions(filter);
    return this.db.query<{ n: number }, SQLQueryBindings[]>(`SELECT count(*) AS n FROM log l${where}`).get(...params)!.n;
  }

  /** The services that have lines, for the UI's picker; a skip-scan, cheap on millions of lines. */
  services(): string[] {
    return this.db
      .query<{ s: string }, []>(
        `WITH RECURSIVE s(x) AS (
           SELECT min(service) FROM log
           UNION ALL SELECT (SELECT min(service) FROM log WHERE service > x) FROM s WHERE x IS NOT NULL)
         SELECT x AS s FROM s WHERE x IS NOT NULL`,
      )
      .all()
      .map((r) => r.s);
  }

  // Trimming (the job «Обрезка БД лога»): small steps, each its own short
  // transaction, so writers and readers wait at most one step.

  /** Deletes up to `limit` of the oldest lines older than `before`; answers how many. */
  deleteOlderThan(before: number, limit: number): number {
    return this.deleteLines(this.db.query<{ id: number }, [number, number]>("SELECT id FROM log INDEXED BY log_by_ts WHERE ts < ? ORDER BY ts LIMIT ?").all(before, limit));
  }

  /** Deletes the `limit` oldest lines; answers how many. */
  deleteOldest(limit: number): number {
    return this.deleteLines(this.db.query<{ id: number }, [number]>("SELECT id FROM log INDEXED BY log_by_ts ORDER BY ts LIMIT ?").all(limit));
  }

  /**
   * Deletes lines by id. The ids are chosen by one statement and deleted by
   * another on purpose: as one `DELETE … IN (SELECT … LIMIT)`, a planner with
   * stale statistics (a log DB analysed while it was small) scans the whole
   * table on every step; a list of ids is always a primary-key lookup.
   */
  private deleteLines(rows: readonly { id: number }[]): number {
    if (rows.length === 0) return 0;
    return this.db.query(`DELETE FROM log WHERE id IN (${rows.map(() => "?").join(",")})`).run(...rows.map((r) => r.id)).changes;
  }

  /** Deletes texts no line uses any more, scanning up to `limit` texts after `afterId`. */
  deleteUnusedTexts(afterId: number, limit: number): { deleted: number; lastId: number } {
    const ids = this.db.query<{ id: number }, [number, number]>("SELECT id FROM log_text WHERE id > ? ORDER BY id LIMIT ?").all(afterId, limit).map((r) => r.id);
    if (ids.length === 0) return { deleted: 0, lastId: -1 };
    const deleted = this.db
      .query(`DELETE FROM log_text WHERE id IN (${ids.map(() => "?").join(",")}) AND NOT EXISTS (SELECT 1 FROM log INDEXED BY log_by_text WHERE text_id = log_text.id)`)
      .run(...ids).changes;
    this.textIds.clear();
    return { deleted, lastId: ids.at(-1)! };
  }

  /** The file's size, and how much of it is pages in use. */
  size(): { fileBytes: number; usedBytes: number; freePages: number } {
    const pageSize = this.db.query<{ page_size: number }, []>("PRAGMA page_size").get()!.page_size;
    const pages = this.db.query<{ page_count: number }, []>("PRAGMA page_count").get()!.page_count;
    const free = this.db.query<{ freelist_count: number }, []>("PRAGMA freelist_count").get()!.freelist_count;
    return { fileBytes: pages * pageSize, usedBytes: (pages - free) * pageSize, freePages: free };
  }

  /** Gives up to `pages` free pages back to the filesystem (the file was created for this). */
  releaseFreePages(pages: number): void {
    this.db.exec(`PRAGMA incremental_vacuum(${Math.max(1, Math.floor(pages))})`);
  }

  /** Moves the WAL into the file and truncates it. */
  checkpoint(): void {
    this.db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
  }

  lastId(): number {
    return this.db.query<{ id: number | null }, []>("SELECT max(id) AS id FROM log").get()?.id ?? 0;
  }

  // No ANALYZE, ever: statistics taken while the log was small (the file is
  // new at first start) mislead the planner for good once it holds millions
  // of lines — a trimming step became a full scan. Without statistics
  // SQLite's defaults choose the intended index for every filter here
  // (test/logs/log-store.test.ts checks the plans).
  close(): void {
    this.db.close();
  }

  private conditions(f: LogFilter): { where: string; params: SQLQueryBindings[] } {
    const parts: string[] = [];
    const params: SQLQueryBindings[] = [];
    if (f.since !== undefined) {
      parts.push("l.ts >= ?");
      params.push(f.since);
    }
    if (f.until !== undefined) {
      parts.push("l.ts <= ?");
      params.push(f.until);
    }
    if (f.services && f.services.length > 0) {
      parts.push(`l.service IN (${f.services.map(() => "?").join(", ")})`);
      params.push(...f.services);
    }
    if (f.minLevel && f.minLevel !== "debug") {
      const level = LEVEL_NUMBER[f.minLevel];
      // Literals, not parameters, and the index's own term spelled out: SQLite uses
      // a partial index only when the query repeats its WHERE clause word for word.
      if (level >= LEVEL_NUMBER.warn) parts.push(`l.level >= ${LEVEL_NUMBER.warn}`);
      if (level !== LEVEL_NUMBER.warn) parts.push(`l.level >= ${level}`);
    }
    if (f.thread !== undefined) {
      parts.push("l.thread = ?");
      params.push(f.thread);
    }
    if (f.afterId !== undefined) {
      parts.push("l.id > ?");
      params.push(f.afterId);
    }
    const needle = f.text?.trim();
    if (needle) {
      const textCondition = textMatch(needle);
      // Two ways to answer: probe the lines of each matching text (fast when few
      // texts match), or walk the time/service index newest first, checking each
      // line's text against the set, and stop at the page size (fast when many
      // match). A unary `+` keeps SQLite from choosing the text index when many match.
      const few = this.db
        .query<{ n: number }, SQLQueryBindings[]>(`SELECT count(*) AS n FROM (${textCondition.sql} LIMIT ${FEW_TEXTS + 1})`)
        .get(...textCondition.params)!.n <= FEW_TEXTS;
      parts.push(`${few ? "" : "+"}l.text_id IN (${textCondition.sql})`);
      params.push(...textCondition.params);
    }
    return { where: parts.length > 0 ? ` WHERE ${parts.join(" AND ")}` : "", params };
  }
}

/**
 * Which texts contain the needle, case-insensitively. Three characters and
 * more go through the trigram index. Shorter needles have no trigram; they
 * scan the (small) table of distinct texts with GLOB, once per spelling of
 * their letters' case, because SQLite folds case for ASCII only.
 */
function textMatch(needle: string): { sql: string; params: string[] } {
  if ([...needle].length >= 3) {
    return { sql: "SELECT rowid FROM log_text_fts WHERE log_text_fts MATCH ?", params: [`"${needle.replace(/"/g, '""')}"`] };
  }
  const spellings = caseSpellings(needle).map((s) => `*${s.replace(/[*?[\]]/g, (c) => `[${c}]`)}*`);
  return { sql: `SELECT id FROM log_text WHERE ${spellings.map(() => "text GLOB ?").join(" OR ")}`, params: spellings };
}

function caseSpellings(s: string): string[] {
  let out = [""];
  for (const ch of s) {
    const variants = [...new Set([ch.toLowerCase(), ch.toUpperCase()])];
    out = out.flatMap((prefix) => variants.map((v) => prefix + v));
  }
  return out;
}

function toLine(r: Row): LogLine {
  return {
    id: r.id,
    ts: r.ts,
    service: r.service,
    thread: r.thread,
    level: levelFromNumber(r.level),
    message: r.text,
    fields: r.fields ? (JSON.parse(r.fields) as LogLine["fields"]) : undefined,
  };
}
