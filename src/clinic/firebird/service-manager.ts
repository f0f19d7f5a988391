import Firebird from "node-firebird";
import type { FirebirdTarget } from "./connection-pool.ts";
import { driverOptions } from "./connection-pool.ts";

/**
 * The Firebird services API (what gbak, gfix and fbstat/gstat use), spoken
 * over the same wire connection as the SQL through node-firebird: it works
 * whether the server is on this machine or another, needs no client tools
 * installed, and the server itself reads and writes the files.
 *
 * node-firebird (2.17.1, pinned) exposes the service manager, but its helpers
 * for restore set the metadata-only flag to the wrong bit and fix the page
 * size at 4096, and it has no online validation at all. So the actions'
 * parameter blocks are built here, from Firebird's ibase.h, and only its
 * transport (`svcstart`, `readline`) is used. test/tasks/*firebird* run every
 * action against the real server.
 */

// Actions (ibase.h: isc_action_svc_*).
const ACTION_BACKUP = 1;
const ACTION_RESTORE = 2;
const ACTION_REPAIR = 3;
const ACTION_DB_STATS = 11;
/** Online validation: runs while users are attached (Firebird 2.5.4+, 3.0). */
const ACTION_VALIDATE = 30;

// Parameters (isc_spb_*).
const SPB_DBNAME = 106;
const SPB_VERBOSE = 107;
const SPB_OPTIONS = 108;
const SPB_BKP_FILE = 5;
const SPB_RES_PAGE_SIZE = 10;
const SPB_VAL_LOCK_TIMEOUT = 5;

// Options.
const RES_METADATA_ONLY = 0x04;
const RES_CREATE = 0x2000;
const RPR_SWEEP_DB = 0x02;
const STS_HDR_PAGES = 0x04;
const STS_IDX_PAGES = 0x08;

/** What a service action printed, line by line, as the tool would print it. */
export type ServiceOutput = string[];

/** What a service action's failure was about, as far as the server's text tells. */
export type ServiceFailureKind = "disk-full" | "cannot-write" | "no-rights" | "failed";

/** A failure the server reported for an action (its own text, e.g. "Cannot open backup file …"). */
export class FirebirdServiceError extends Error {
  override readonly name = "FirebirdServiceError";
  readonly kind: ServiceFailureKind;
  constructor(
    message: string,
    /** The lines the action printed before it failed. */
    readonly output: ServiceOutput,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.kind = failureKind(message);
  }
}

function failureKind(text: string): ServiceFailureKind {
  if (/no space left|disk (is )?full|disk space exhausted|ENOSPC|quota exceeded/i.test(text)) return "disk-full";
  if (/cannot open backup file|permission denied|error while trying to (create|open) file|read-only file system/i.test(text)) return "cannot-write";
  if (/no permission|not the owner|must be the owner|insufficient privilege|SYSDBA rights|unable to perform operation/i.test(text)) return "no-rights";
  return "failed";
}

interface Blr {
  pos: number;
  addByte(b: number): void;
  addString2(tag: number, s: string, encoding: string): void;
  addByteInt32(tag: number, n: number): void;
}

interface RawServiceManager {
  connection: { _blr: Blr; svcstart(blr: Blr, cb: (err: unknown) => void): void };
  readline(o: { buffersize?: number; timeout?: number }, cb: (err: unknown, data?: { line?: string }) => void): void;
  detach(cb?: (err?: unknown) => void, force?: boolean): void;
}

/** One attachment to a server's service manager; one action at a time. */
export class FirebirdServiceManager {
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(private readonly raw: RawServiceManager) {}

  /** Attaches with the main DB's credentials (backups and validation need SYSDBA or the database's owner). */
  static async attach(target: FirebirdTarget): Promise<FirebirdServiceManager> {
    const options = { ...driverOptions(target), database: target.database, manager: true };
    const raw = await new Promise<RawServiceManager>((resolve, reject) =>
      (Firebird as unknown as { attach(o: unknown, cb: (err: unknown, svc: RawServiceManager) => void): void }).attach(options, (err, svc) => (err ? reject(err) : resolve(svc))),
    );
    return new FirebirdServiceManager(raw);
  }

  /** gbak -b: a backup of `database` into `file` on the server's file system. Answers gbak's verbose lines. */
  backup(database: string, file: string, o: ActionOptions = {}): Promise<ServiceOutput> {
    return this.action((b) => {
      b.addByte(ACTION_BACKUP);
      b.addString2(SPB_DBNAME, database, "utf8");
      b.addString2(SPB_BKP_FILE, file, "utf8");
      b.addByte(SPB_VERBOSE);
    }, o);
  }

  /** gbak -c: a backup restored into a new database `database` (never over an existing one). */
  restore(file: string, database: string, o: ActionOptions & { metadataOnly?: boolean; pageSize?: number } = {}): Promise<ServiceOutput> {
    return this.action((b) => {
      b.addByte(ACTION_RESTORE);
      b.addString2(SPB_BKP_FILE, file, "utf8");
      b.addString2(SPB_DBNAME, database, "utf8");
      if (o.pageSize) b.addByteInt32(SPB_RES_PAGE_SIZE, o.pageSize);
      b.addByteInt32(SPB_OPTIONS, RES_CREATE | (o.metadataOnly ? RES_METADATA_ONLY : 0));
      b.addByte(SPB_VERBOSE);
    }, o);
  }

  /** Online validation (fbsvcmgr action_validate): tables and indexes checked while the database is in use. */
  validate(database: string, o: ActionOptions & { lockTimeoutSeconds?: number } = {}): Promise<ServiceOutput> {
    return this.action((b) => {
      b.addByte(ACTION_VALIDATE);
      b.addString2(SPB_DBNAME, database, "utf8");
      if (o.lockTimeoutSeconds !== undefined) b.addByteInt32(SPB_VAL_LOCK_TIMEOUT, o.lockTimeoutSeconds);
    }, o);
  }

  /** gfix -sweep: garbage collection of old record versions, online. */
  sweep(database: string, o: ActionOptions = {}): Promise<ServiceOutput> {
    return this.action((b) => {
      b.addByte(ACTION_REPAIR);
      b.addString2(SPB_DBNAME, database, "utf8");
      b.addByteInt32(SPB_OPTIONS, RPR_SWEEP_DB);
    }, o);
  }

  /** gstat -h (the header page) or gstat -i (the indexes' shape): gstat takes one of them at a time. */
  statistics(database: string, what: "header" | "indexes", o: ActionOptions = {}): Promise<ServiceOutput> {
    return this.action((b) => {
      b.addByte(ACTION_DB_STATS);
      b.addString2(SPB_DBNAME, database, "utf8");
      b.addByteInt32(SPB_OPTIONS, what === "header" ? STS_HDR_PAGES : STS_IDX_PAGES);
    }, o);
  }

  async detach(): Promise<void> {
    await new Promise<void>((resolve) => this.raw.detach(() => resolve(), true));
  }

  /** Starts one action and reads its output to the end; a failure the server reports rejects with its text. */
  private action(build: (blr: Blr) => void, o: ActionOptions): Promise<ServiceOutput> {
    const run = async (): Promise<ServiceOutput> => {
      const blr = this.raw.connection._blr;
      blr.pos = 0;
      build(blr);
      await new Promise<void>((resolve, reject) => this.raw.connection.svcstart(blr, (err) => (err ? reject(serviceError(err, [])) : resolve())));
      const output: ServiceOutput = [];
      for (;;) {
        // A cancel waits for the line being read: the server's action goes on to its end (gbak cannot be stopped halfway).
        o.signal?.throwIfAborted();
        const data = await new Promise<{ line?: string }>((resolve, reject) =>
          this.raw.readline({ buffersize: 8192, timeout: 60 }, (err, d) => (err ? reject(serviceError(err, output)) : resolve(d ?? {}))),
        );
        if (!data.line) return output;
        for (const line of data.line.split("\n")) {
          const trimmed = line.replace(/\s+$/, "");
          if (trimmed === "") continue;
          output.push(trimmed);
          o.onLine?.(trimmed);
        }
      }
    };
    const next = this.queue.then(run, run);
    this.queue = next.catch(() => undefined);
    return next;
  }
}

export interface ActionOptions {
  signal?: AbortSignal;
  /** Each line as the server prints it (progress). */
  onLine?: (line: string) => void;
}

/** node-firebird reports a service's failure as `new Error(status)` with ", Unknow error" appended: the server's words, cleaned. */
function serviceError(err: unknown, output: ServiceOutput): FirebirdServiceError {
  const text = String((err as { message?: string })?.message ?? err)
    .replace(/^Error:\s*/, "")
    .replace(/,\s*Unknow error\s*$/i, "")
    .replace(/\s+/g, " ")
    .trim();
  return new FirebirdServiceError(text || "unknown error", output, { cause: err });
}
