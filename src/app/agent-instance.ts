import type { LoadedConfig } from "../config/load.ts";
import type { Config } from "../config/schema.ts";
import type { Clock } from "../kernel/clock.ts";
import { cliTexts as C } from "../messages/areas/cli.ts";
import { jobTexts as J } from "../messages/areas/jobs.ts";
import { storeTexts as S } from "../messages/areas/store.ts";
import { say } from "../messages/text.ts";
import { prepareDataFolder } from "../platform/data-folder.ts";
import { instancePaths, type InstancePaths } from "../platform/instance-paths.ts";
import { InstanceLock } from "../store/instance-lock.ts";
import { BUILD } from "../platform/build-info.ts";
import { AgentStore } from "../store/agent-store.ts";
import { JobRepository } from "../scheduler/job-repository.ts";
import { LogStore } from "../logs/log-store.ts";
import { LogWriter } from "../logs/log-writer.ts";
import { LogHub, type Logger } from "../logs/logger.ts";
import { AGENT_SERVICE } from "../logs/log-record.ts";
import { SecretScrubber } from "../privacy/secret-scrubber.ts";
import { defaultJobs } from "../scheduler/default-jobs.ts";
import { secretValues } from "./secrets.ts";

export interface InstanceOptions {
  clock: Clock;
  /** Take the instance lock for this mode (`run`, `once lis`); without it the stores are shared readers/writers. */
  lockMode?: string;
  /** Copy log lines to this sink (stderr under `agent run`). */
  console?: (line: string) => void;
  stderr: (text: string) => void;
}

/**
 * One МО's agent on this machine: its config, folder, lock, stores and log.
 * Every command that touches an instance opens it through here, so the
 * order — folder, lock, migrations, default jobs — is the same everywhere.
 */
export class AgentInstance {
  readonly logs: LogHub;
  readonly log: Logger;
  readonly jobs: JobRepository;
  readonly scrubber = new SecretScrubber();
  private readonly writer: LogWriter;
  private openedLogStore: LogStore | undefined;

  private constructor(
    public loaded: LoadedConfig,
    readonly paths: InstancePaths,
    readonly store: AgentStore,
    private readonly openLogStore: () => LogStore,
    readonly lock: InstanceLock | undefined,
    readonly clock: Clock,
    o: InstanceOptions,
  ) {
    const config = loaded.config;
    this.scrubber.setSecrets(secretValues(config));
    this.writer = new LogWriter({ insert: (records) => this.logStore.insert(records) }, {
      clock,
      zone: config.timezone,
      stderr: o.stderr,
      echoesToStderr: () => this.logs.echoesToConsole,
    });
    this.logs = new LogHub({
      clock,
      zone: config.timezone,
      minLevel: config.log.level,
      scrubber: this.scrubber,
      writer: this.writer,
      console: o.console,
      consoleEnabled: o.console !== undefined && config.log.stderr,
    });
    this.log = this.logs.logger(AGENT_SERVICE);
    this.jobs = new JobRepository(store.db);
  }

  get config(): Config {
    return this.loaded.config;
  }

  /**
   * The log DB, opened on first use: a short command that writes no line and
   * reads none (`agent jobs`) does not pay for it. The service opens it at
   * start, so a damaged log DB stops the service with a clear message.
   */
  get logStore(): LogStore {
    this.openLogStoreNow();
    return this.openedLogStore!;
  }

  static open(loaded: LoadedConfig, o: InstanceOptions): AgentInstance {
    const config = loaded.config;
    const paths = instancePaths(config);
    prepareDataFolder(paths, loaded.origins.get("data_dir")?.kind !== "default");
    const now = o.clock.now();
    let lock = o.lockMode ? InstanceLock.acquire(paths, config.instance, o.lockMode, config.timezone, now) : undefined;
    let store: AgentStore | undefined;
    try {
      const storeOptions = {
        agentVersion: BUILD.version,
        now,
        // Migrations change files other processes read: without the lock, take it just for them.
        beforeMigrating: lock
          ? undefined
          : () => {
              const temporary = InstanceLock.acquire(paths, config.instance, "migrate", config.timezone, now);
              return () => temporary.release();
            },
      };
      store = AgentStore.open(paths.agentStore, { ...storeOptions, what: say(S.agentStore) });
      const openLogStore = () => LogStore.open(paths.logStore, { ...storeOptions, what: say(S.logStore) });
      const instance = new AgentInstance(loaded, paths, store, openLogStore, lock, o.clock, o);
      // The owner opens the log DB now, so that a damaged one stops it with a clear message at start.
      if (o.lockMode) instance.openLogStoreNow();
      instance.noteMigrations();
      instance.seedDefaultJobs();
      for (const warning of loaded.warnings) instance.log.warn(warning);
      return instance;
    } catch (error) {
      store?.close();
      lock?.release();
      lock = undefined;
      throw error;
    }
  }

  private noteMigrations(): void {
    const migrations = [[say(S.agentStore), this.store.migration] as const];
    if (this.openedLogStore) migrations.push([say(S.logStore), this.openedLogStore.migration] as const);
    for (const [what, m] of migrations) {
      for (const w of m.warnings) this.log.warn(w);
      if (m.applied.length > 0 && m.backup) {
        this.log.info(say(C.storeMigrated, { what, ids: m.applied.join(", "), backup: m.backup }));
      }
    }
  }

  /** The manual's jobs, once per store: deleting them later does not bring them back. */
  private seedDefaultJobs(): void {
    if (this.store.meta("default_jobs_seeded")) return;
    const now = this.clock.now();
    const seeded = this.store.db.transaction(() => {
      if (this.store.meta("default_jobs_seeded")) return 0;
      const jobs = defaultJobs();
      for (const job of jobs) if (!this.jobs.byName(job.name)) this.jobs.insert(job, now);
      this.store.setMeta("default_jobs_seeded", new Date(now).toISOString());
      return jobs.length;
    }).immediate();
    if (seeded > 0) this.log.info(say(J.seeded, { count: seeded }));
  }

  openLogStoreNow(): void {
    this.openedLogStore ??= this.openLogStore();
  }

  /** Writes pending log lines and closes the stores; releases the lock last. */
  close(): void {
    this.logs.close();
    this.openedLogStore?.close();
    this.store.close();
    this.lock?.release();
  }
}
