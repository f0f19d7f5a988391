import type { Database } from "bun:sqlite";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { migrate, type Migration } from "../../store/migrator.ts";
import { openSqliteFile } from "../../store/sqlite-file.ts";
import { BUILD } from "../../platform/build-info.ts";
import m0001 from "../../../migrations/sim-cod/0001_sim_cod.sql" with { type: "text" };
import m0002 from "../../../migrations/sim-cod/0002_sim_documents.sql" with { type: "text" };
import m0003 from "../../../migrations/sim-cod/0003_sim_updates.sql" with { type: "text" };
import m0004 from "../../../migrations/sim-cod/0004_sim_statistics.sql" with { type: "text" };
import m0005 from "../../../migrations/sim-cod/0005_sim_batch_content.sql" with { type: "text" };
import m0006 from "../../../migrations/sim-cod/0006_sim_batch_conflicts.sql" with { type: "text" };

/** The simulator store's migrations, embedded; append only (test/store/migrations.test.ts). */
export const simCodMigrations: readonly Migration[] = [
  { id: 1, name: "0001_sim_cod", sql: m0001 },
  { id: 2, name: "0002_sim_documents", sql: m0002 },
  { id: 3, name: "0003_sim_updates", sql: m0003 },
  { id: 4, name: "0004_sim_statistics", sql: m0004 },
  { id: 5, name: "0005_sim_batch_content", sql: m0005 },
  { id: 6, name: "0006_sim_batch_conflicts", sql: m0006 },
];

/** An agent that reported statistics once, as "stopped reporting" lists it. */
export interface SimReporter {
  mo_id: string;
  instance: string;
  agent_version: string;
  first_report_at: string;
  last_report_at: string;
  last_report_id: string;
  reports: number;
}

/** A change as the simulator reads it off the wire (its own type: it shares no code with the client). */
export interface SimChange {
  table: string;
  key: Record<string, string | number>;
  op: "upsert" | "delete";
  row?: Record<string, unknown>;
}

/** An agent binary the simulator offers. */
export interface SimUpdate {
  platform: string;
  cpu: string;
  version: string;
  size: number;
  /** What the offer says. */
  sha256: string;
  /** The hash of the file served. */
  file_sha256: string;
  signature: string;
  file: string;
  offered: number;
  downloaded: number;
}

export interface SimItem {
  position: number;
  id: string;
  changes: SimChange[];
}

/** A signed PDF as the simulator keeps it. */
export interface SimDocument {
  position: number;
  from_mo: string;
  document_id: string;
  to_mo: string;
  referral_id: string;
  file_name: string;
  pdf: Uint8Array;
  pdf_sha256: string;
  signature: Uint8Array;
  signature_sha256: string;
  uploaded_at: string;
}

/** Object keys in a fixed order, so that the same key always gives the same text. */
export function canonicalKey(key: Record<string, unknown>): string {
  const names = Object.keys(key);
  if (names.length === 1) return JSON.stringify(key);
  return JSON.stringify(Object.fromEntries(Object.entries(key).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))));
}

/**
 * The simulator's SQLite file (`sim-cod.db` in its data folder), opened and
 * migrated with the agent's own opener and migrator. Everything it counts —
 * receipts and applications of each batch, applications of each row, how
 * often each item was served and whether it was acknowledged — is here, so a
 * test compares the clinic's side with the ЦОД's by counting, not inferring.
 */
export class SimStore {
  readonly db: Database;

  constructor(dataDir: string, now: () => number) {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    const path = join(dataDir, "sim-cod.db");
    this.db = openSqliteFile(path, { what: "ЦОД simulator store" });
    migrate(this.db, simCodMigrations, { path, what: "ЦОД simulator store", agentVersion: BUILD.version, now: now() });
    // A test and demo tool: its store need not survive a power cut, and waiting for the disk at
    // every checkpoint would make the simulator, not the agent, what a benchmark measures.
    this.db.exec("PRAGMA synchronous = OFF");
  }

  close(): void {
    this.db.close();
  }

  /**
   * Receives a batch: every request with its id is counted (`received`);
   * the content is applied only at its first arrival. A batch id seen before
   * with the same content is a duplicate, answered from the record; with
   * other content, a conflict (also counted, in `conflicts`). The receipt,
   * the batch's content and its rows commit together.
   */
  receiveBatch(mo: string, batchId: string, sha256: string, changes: readonly SimChange[], at: string, changesJson = JSON.stringify(changes)): { status: "applied" | "duplicate" | "conflict" } {
    return this.db.transaction(() => {
      const seen = this.db.query<{ sha256: string }, [string, string]>("SELECT sha256 FROM batches WHERE mo_id = ? AND batch_id = ?").get(mo, batchId);
      if (seen) {
        const conflict = seen.sha256 !== sha256;
        this.db
          .query("UPDATE batches SET received = received + 1, conflicts = conflicts + ?, last_received_at = ? WHERE mo_id = ? AND batch_id = ?")
          .run(conflict ? 1 : 0, at, mo, batchId);
        return { status: conflict ? ("conflict" as const) : ("duplicate" as const) };
      }
      // Recorded as received and not yet applied: `applied` is what applyBatch counts, not a constant.
      this.db
        .query("INSERT INTO batches (mo_id, batch_id, sha256, changes, received, applied, first_received_at, last_received_at) VALUES (?, ?, ?, ?, 1, 0, ?, ?)")
        .run(mo, batchId, sha256, changes.length, at, at);
      this.db.query("INSERT INTO batch_content (mo_id, batch_id, changes_json) VALUES (?, ?, ?)").run(mo, batchId, changesJson);
      this.applyBatch(mo, batchId, changes, at);
      return { status: "applied" as const };
    })();
  }

  /**
   * Writes a batch's changes into the ЦОД's rows and counts the application
   * on the batch (`applied + 1`) and on each row. The only code that applies
   * a batch: were it ever reached for a batch applied before, its count would
   * say 2, which is what the exactly-once tests look for. Runs inside
   * receiveBatch's transaction.
   */
  private applyBatch(mo: string, batchId: string, changes: readonly SimChange[], at: string): void {
    // A row the ЦОД has not seen yet is inserted at once; only one it has is read, merged and updated.
    const fresh = this.db.query(
      "INSERT INTO rows (mo_id, tbl, key_json, deleted, row_json, applied, last_batch_id, updated_at) VALUES (?, ?, ?, ?, ?, 1, ?, ?) ON CONFLICT (mo_id, tbl, key_json) DO NOTHING",
    );
    const current = this.db.query<{ row_json: string | null; deleted: number }, [string, string, string]>(
      "SELECT row_json, deleted FROM rows WHERE mo_id = ? AND tbl = ? AND key_json = ?",
    );
    const update = this.db.query(
      "UPDATE rows SET deleted = ?, row_json = ?, applied = applied + 1, last_batch_id = ?, updated_at = ? WHERE mo_id = ? AND tbl = ? AND key_json = ?",
    );
    for (const c of changes) {
      const key = canonicalKey(c.key);
      const rowJson = c.row ? JSON.stringify(c.row) : null;
      const deleted = c.op === "delete" ? 1 : 0;
      if (fresh.run(mo, c.table, key, deleted, rowJson, batchId, at).changes === 1) continue;
      if (c.op === "delete") {
        update.run(1, null, batchId, at, mo, c.table, key);
      } else {
        // An upsert sets the columns it lists; a row that exists keeps the others.
        const before = current.get(mo, c.table, key);
        const merged = before && !before.deleted && before.row_json ? JSON.stringify({ ...JSON.parse(before.row_json), ...c.row }) : rowJson;
        update.run(0, merged, batchId, at, mo, c.table, key);
      }
    }
    this.db.query("UPDATE batches SET applied = applied + 1 WHERE mo_id = ? AND batch_id = ?").run(mo, batchId);
  }

  /** Adds items to a stream of one МО; answers their positions. */
  seedItems(mo: string, stream: string, items: readonly { id: string; changes: unknown[] }[], at: string): number[] {
    return this.db.transaction(() => {
      const insert = this.db.query<{ position: number }, [string, string, string, string, string]>(
        "INSERT INTO stream_items (mo_id, stream, item_id, changes_json, created_at) VALUES (?, ?, ?, ?, ?) RETURNING position",
      );
      return items.map((it) => insert.get(mo, stream, it.id, JSON.stringify(it.changes), at)!.position);
    })();
  }

  /** How many items the streams of an МО hold, acknowledged or not (whether it was seeded before). */
  itemCount(mo: string): number {
    return this.db.query<{ n: number }, [string]>("SELECT count(*) AS n FROM stream_items WHERE mo_id = ?").get(mo)!.n;
  }

  /**
   * The items after `after` that the МО has not acknowledged, oldest first;
   * each one served is counted. `more` says whether others remain.
   */
  readItems(mo: string, stream: string, after: number | null, limit: number): { items: SimItem[]; more: boolean } {
    const rows = this.db
      .query<{ position: number; item_id: string; changes_json: string }, [string, string, number, number]>(
        `SELECT position, item_id, changes_json FROM stream_items
         WHERE mo_id = ? AND stream = ? AND acked_at IS NULL AND position > ? ORDER BY position LIMIT ?`,
      )
      .all(mo, stream, after ?? 0, limit + 1);
    const page = rows.slice(0, limit);
    const served = this.db.query("UPDATE stream_items SET served = served + 1 WHERE position = ?");
    this.db.transaction(() => {
      for (const r of page) served.run(r.position);
    })();
    return { items: page.map((r) => ({ position: r.position, id: r.item_id, changes: JSON.parse(r.changes_json) })), more: rows.length > limit };
  }

  /** Acknowledges a МО's items of a stream through a position; answers how many were newly acknowledged. */
  ack(mo: string, stream: string, through: number, at: string): number {
    return this.db.query("UPDATE stream_items SET acked_at = ? WHERE mo_id = ? AND stream = ? AND position <= ? AND acked_at IS NULL").run(at, mo, stream, through).changes;
  }

  /**
   * Stores an uploaded document once. The same id from the same МО with the
   * same files is a duplicate (counted as an upload, not stored again); with
   * other files, a conflict.
   */
  uploadDocument(d: Omit<SimDocument, "position">): { status: "stored" | "duplicate" | "conflict"; position: number } {
    return this.db.transaction(() => {
      const seen = this.db
        .query<{ position: number; pdf_sha256: string; signature_sha256: string }, [string, string]>(
          "SELECT position, pdf_sha256, signature_sha256 FROM documents WHERE from_mo = ? AND document_id = ?",
        )
        .get(d.from_mo, d.document_id);
      if (seen) {
        if (seen.pdf_sha256 !== d.pdf_sha256 || seen.signature_sha256 !== d.signature_sha256) return { status: "conflict" as const, position: seen.position };
        this.db.query("UPDATE documents SET uploads = uploads + 1 WHERE position = ?").run(seen.position);
        return { status: "duplicate" as const, position: seen.position };
      }
      const row = this.db
        .query<{ position: number }, [string, string, string, string, string, Uint8Array, string, Uint8Array, string, string]>(
          `INSERT INTO documents (from_mo, document_id, to_mo, referral_id, file_name, pdf, pdf_sha256, signature, signature_sha256, uploads, stored, uploaded_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1, 1, ?) RETURNING position`,
        )
        .get(d.from_mo, d.document_id, d.to_mo, d.referral_id, d.file_name, d.pdf, d.pdf_sha256, d.signature, d.signature_sha256, d.uploaded_at)!;
      return { status: "stored" as const, position: row.position };
    })();
  }

  /** The documents for an МО after a position that it has not acknowledged, oldest first; each listing is counted. */
  listDocuments(mo: string, after: number | null, limit: number): { documents: (Omit<SimDocument, "pdf" | "signature"> & { pdf_size: number; signature_size: number })[]; more: boolean } {
    const rows = this.db
      .query<Omit<SimDocument, "pdf" | "signature"> & { pdf_size: number; signature_size: number }, [string, number, number]>(
        `SELECT position, from_mo, document_id, to_mo, referral_id, file_name, length(pdf) AS pdf_size, pdf_sha256, length(signature) AS signature_size,
                signature_sha256, uploaded_at
         FROM documents WHERE to_mo = ? AND acked_at IS NULL AND position > ? ORDER BY position LIMIT ?`,
      )
      .all(mo, after ?? 0, limit + 1);
    const page = rows.slice(0, limit);
    const listed = this.db.query("UPDATE documents SET listed = listed + 1 WHERE position = ?");
    this.db.transaction(() => {
      for (const r of page) listed.run(r.position);
    })();
    return { documents: page, more: rows.length > limit };
  }

  /** One document addressed to `mo` and not yet acknowledged by it; each download is counted. */
  document(mo: string, fromMo: string, documentId: string): SimDocument | undefined {
    const d = this.db
      .query<SimDocument, [string, string, string]>(
        `SELECT position, from_mo, document_id, to_mo, referral_id, file_name, pdf, pdf_sha256, signature, signature_sha256, uploaded_at
         FROM documents WHERE to_mo = ? AND from_mo = ? AND document_id = ? AND acked_at IS NULL`,
      )
      .get(mo, fromMo, documentId);
    if (d) this.db.query("UPDATE documents SET downloads = downloads + 1 WHERE position = ?").run(d.position);
    return d ?? undefined;
  }

  ackDocuments(mo: string, through: number, at: string): number {
    return this.db.query("UPDATE documents SET acked_at = ? WHERE to_mo = ? AND position <= ? AND acked_at IS NULL").run(at, mo, through).changes;
  }

  setCatalog(lab: string, entries: readonly unknown[]): void {
    this.db.transaction(() => {
      this.db.query("DELETE FROM catalog WHERE lab = ?").run(lab);
      this.db.query("INSERT OR IGNORE INTO catalog_labs (lab) VALUES (?)").run(lab);
      const insert = this.db.query("INSERT INTO catalog (lab, seq, entry_json) VALUES (?, ?, ?)");
      entries.forEach((e, i) => insert.run(lab, i, JSON.stringify(e)));
    })();
  }

  /** A lab's catalog, or undefined for a lab the simulator was never told about. */
  catalog(lab: string): unknown[] | undefined {
    if (!this.db.query("SELECT 1 FROM catalog_labs WHERE lab = ?").get(lab)) return undefined;
    return this.db.query<{ entry_json: string }, [string]>("SELECT entry_json FROM catalog WHERE lab = ? ORDER BY seq").all(lab).map((r) => JSON.parse(r.entry_json));
  }

  setTokens(tokens: Record<string, string>): void {
    this.db.transaction(() => {
      this.db.exec("DELETE FROM tokens");
      const insert = this.db.query("INSERT INTO tokens (mo_id, token) VALUES (?, ?)");
      for (const [mo, token] of Object.entries(tokens)) insert.run(mo, token);
    })();
  }

  /** Whether a token may speak for an МО: with no tokens configured, any non-empty one may. */
  tokenAccepted(mo: string, token: string): boolean {
    const count = this.db.query<{ n: number }, []>("SELECT count(*) AS n FROM tokens").get()!.n;
    if (count === 0) return token.length > 0;
    return this.db.query<{ token: string }, [string]>("SELECT token FROM tokens WHERE mo_id = ?").get(mo)?.token === token;
  }

  publishUpdate(u: Omit<SimUpdate, "offered" | "downloaded">, at: string): void {
    this.db
      .query(
        `INSERT INTO updates (platform, cpu, version, size, sha256, file_sha256, signature, file, published_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (platform, cpu, version) DO UPDATE SET size = excluded.size, sha256 = excluded.sha256, file_sha256 = excluded.file_sha256,
           signature = excluded.signature, file = excluded.file, published_at = excluded.published_at, offered = 0, downloaded = 0`,
      )
      .run(u.platform, u.cpu, u.version, u.size, u.sha256, u.file_sha256, u.signature, u.file, at);
  }

  /** Removes every published binary; answers their files, for the caller to delete. */
  clearUpdates(): string[] {
    const files = this.db.query<{ file: string }, []>("SELECT file FROM updates").all().map((r) => r.file);
    this.db.exec("DELETE FROM updates");
    return files;
  }

  /** The newest version published for a platform and CPU level (compared as numbers), counted as offered. */
  latestUpdate(platform: string, cpu: string): SimUpdate | undefined {
    const all = this.db.query<SimUpdate, [string, string]>("SELECT * FROM updates WHERE platform = ? AND cpu = ?").all(platform, cpu);
    const key = (v: string) => v.split(".").map((n) => n.padStart(6, "0")).join(".");
    const newest = all.sort((a, b) => (key(a.version) < key(b.version) ? 1 : -1))[0];
    if (newest) this.db.query("UPDATE updates SET offered = offered + 1 WHERE platform = ? AND cpu = ? AND version = ?").run(platform, cpu, newest.version);
    return newest;
  }

  /** A published binary by its coordinates, counted as downloaded. */
  updateFile(platform: string, cpu: string, version: string): SimUpdate | undefined {
    const u = this.db.query<SimUpdate, [string, string, string]>("SELECT * FROM updates WHERE platform = ? AND cpu = ? AND version = ?").get(platform, cpu, version);
    if (u) this.db.query("UPDATE updates SET downloaded = downloaded + 1 WHERE platform = ? AND cpu = ? AND version = ?").run(platform, cpu, version);
    return u ?? undefined;
  }

  /** Stores a statistics report; a repeat of its id replaces it. Answers whether it replaced one. */
  storeStatistics(mo: string, r: { report_id: string; instance: string; version: string; from: string; to: string }, body: string, at: string): "stored" | "replaced" {
    return this.db.transaction(() => {
      const seen = this.db.query("SELECT 1 FROM statistics_reports WHERE mo_id = ? AND report_id = ?").get(mo, r.report_id) !== null;
      this.db
        .query(
          `INSERT INTO statistics_reports (mo_id, report_id, instance, agent_version, period_from, period_to, received, received_at, body_json)
           VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?)
           ON CONFLICT (mo_id, report_id) DO UPDATE SET instance = excluded.instance, agent_version = excluded.agent_version,
             period_from = excluded.period_from, period_to = excluded.period_to, received = received + 1,
             received_at = excluded.received_at, body_json = excluded.body_json`,
        )
        .run(mo, r.report_id, r.instance, r.version, r.from, r.to, at, body);
      this.db
        .query(
          `INSERT INTO statistics_reporters (mo_id, instance, agent_version, first_report_at, last_report_at, last_report_id, reports)
           VALUES (?, ?, ?, ?, ?, ?, 1)
           ON CONFLICT (mo_id, instance) DO UPDATE SET agent_version = excluded.agent_version, last_report_at = excluded.last_report_at,
             last_report_id = excluded.last_report_id, reports = reports + 1`,
        )
        .run(mo, r.instance, r.version, at, at, r.report_id);
      return seen ? ("replaced" as const) : ("stored" as const);
    })();
  }

  /** The reports received (newest first), each as it was sent, with what the simulator counted. */
  statistics(mo?: string, limit = 100): Array<{ mo_id: string; report_id: string; received: number; received_at: string; report: unknown }> {
    const rows = this.db
      .query<{ mo_id: string; report_id: string; received: number; received_at: string; body_json: string }, [string | null, string | null, number]>(
        "SELECT mo_id, report_id, received, received_at, body_json FROM statistics_reports WHERE (? IS NULL OR mo_id = ?) ORDER BY received_at DESC, rowid DESC LIMIT ?",
      )
      .all(mo ?? null, mo ?? null, limit);
    return rows.map((r) => ({ mo_id: r.mo_id, report_id: r.report_id, received: r.received, received_at: r.received_at, report: JSON.parse(r.body_json) }));
  }

  /** The agents whose last report is older than `before` (ISO instant): they stopped reporting. Oldest silence first. */
  silentReporters(before: string): SimReporter[] {
    return this.db.query<SimReporter, [string]>("SELECT * FROM statistics_reporters WHERE last_report_at < ? ORDER BY last_report_at, mo_id, instance").all(before);
  }

  /** МО the simulator has a token for that never reported statistics. */
  neverReported(): string[] {
    return this.db
      .query<{ mo_id: string }, []>("SELECT mo_id FROM tokens WHERE mo_id NOT IN (SELECT mo_id FROM statistics_reporters) ORDER BY mo_id")
      .all()
      .map((r) => r.mo_id);
  }

  /** Everything counted, for a test or a person to compare with the clinic's side. */
  dump(what: ReadonlySet<string>): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    if (what.has("batches")) {
      out.batches = this.db
        .query("SELECT mo_id, batch_id, changes, received, applied, conflicts, first_received_at, last_received_at FROM batches ORDER BY first_received_at, batch_id")
        .all();
    }
    if (what.has("rows")) {
      out.rows = this.db
        .query<{ mo_id: string; tbl: string; key_json: string; deleted: number; row_json: string | null; applied: number; last_batch_id: string }, []>(
          "SELECT mo_id, tbl, key_json, deleted, row_json, applied, last_batch_id FROM rows ORDER BY mo_id, tbl, key_json",
        )
        .all()
        .map((r) => ({ mo_id: r.mo_id, table: r.tbl, key: JSON.parse(r.key_json), deleted: r.deleted === 1, row: r.row_json ? JSON.parse(r.row_json) : null, applied: r.applied, last_batch_id: r.last_batch_id }));
    }
    if (what.has("items")) {
      out.items = this.db
        .query<{ mo_id: string; stream: string; position: number; item_id: string; served: number; acked_at: string | null }, []>(
          "SELECT mo_id, stream, position, item_id, served, acked_at FROM stream_items ORDER BY position",
        )
        .all()
        .map((r) => ({ mo_id: r.mo_id, stream: r.stream, position: String(r.position), id: r.item_id, served: r.served, acked: r.acked_at !== null }));
    }
    if (what.has("documents")) {
      out.documents = this.db
        .query<Record<string, unknown>, []>(
          `SELECT position, from_mo, document_id, to_mo, referral_id, file_name, length(pdf) AS pdf_size, pdf_sha256, signature_sha256,
                  uploads, stored, listed, downloads, acked_at IS NOT NULL AS acked
           FROM documents ORDER BY position`,
        )
        .all()
        .map((r) => ({ ...r, position: String(r.position), acked: r.acked === 1 }));
    }
    if (what.has("updates")) {
      out.updates = this.db.query("SELECT platform, cpu, version, size, sha256, file_sha256, offered, downloaded, published_at FROM updates ORDER BY platform, cpu, version").all();
    }
    if (what.has("summary")) {
      const one = (sql: string) => (this.db.query<{ n: number }, []>(sql).get()?.n ?? 0);
      out.summary = {
        batches: one("SELECT count(*) AS n FROM batches"),
        batches_received_more_than_once: one("SELECT count(*) AS n FROM batches WHERE received > 1"),
        batches_applied_more_than_once: one("SELECT count(*) AS n FROM batches WHERE applied > 1"),
        // Received and never applied: the ЦОД lost a batch it acknowledged (0 when it works).
        batches_never_applied: one("SELECT count(*) AS n FROM batches WHERE applied = 0"),
        batches_conflicted: one("SELECT count(*) AS n FROM batches WHERE conflicts > 0"),
        changes_applied: one("SELECT coalesce(sum(applied), 0) AS n FROM rows"),
        rows: one("SELECT count(*) AS n FROM rows"),
        items: one("SELECT count(*) AS n FROM stream_items"),
        items_pending: one("SELECT count(*) AS n FROM stream_items WHERE acked_at IS NULL"),
        items_served_more_than_once: one("SELECT count(*) AS n FROM stream_items WHERE served > 1"),
        documents: one("SELECT count(*) AS n FROM documents"),
        documents_pending: one("SELECT count(*) AS n FROM documents WHERE acked_at IS NULL"),
        documents_uploaded_more_than_once: one("SELECT count(*) AS n FROM documents WHERE uploads > 1"),
        documents_stored_more_than_once: one("SELECT count(*) AS n FROM documents WHERE stored > 1"),
        statistics_reports: one("SELECT count(*) AS n FROM statistics_reports"),
      };
    }
    return out;
  }
}
