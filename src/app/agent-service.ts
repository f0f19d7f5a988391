import type { LoadedConfig } from "../config/load.ts";
import { planReload } from "../config/reload.ts";
import { configTexts as T } from "../messages/areas/config.ts";
import { cliTexts as C } from "../messages/areas/cli.ts";
import { runnerTexts as R } from "../messages/areas/runner.ts";
import { threadTexts as TT } from "../messages/areas/threads.ts";
import { updateTexts as U } from "../messages/areas/update.ts";
import { say, setLanguage } from "../messages/text.ts";
import { usageError } from "../kernel/agent-error.ts";
import { EventBus } from "../kernel/event-bus.ts";
import { describeError } from "../kernel/describe-error.ts";
import { BUILD, isCompiledBinary } from "../platform/build-info.ts";
import { ControlServer } from "../control/control-server.ts";
import { ThreadManager } from "../threads/thread-manager.ts";
import { TaskRunner, type RunOutcome } from "../runner/task-runner.ts";
import { RunRepository } from "../runner/run-repository.ts";
import { Scheduler, type RunTrigger } from "../scheduler/scheduler.ts";
import { realTimers, type TimerPort } from "../scheduler/timer-port.ts";
import type { Job } from "../scheduler/job.ts";
import { BUILT_TASKS } from "../tasks/registry.ts";
import { isTaskName, TASK_NAMES, TASKS, type TaskName } from "../tasks/catalog.ts";
import type { TaskDefinition } from "../tasks/task.ts";
import type { AgentMethods, AgentStreamEvents, EffectiveConfigView, JobView, LogQuery, MainDbInfo, OdliStateView, ServiceStatus, Snapshot, StoresInfo } from "../api/agent-api.ts";
import { effectiveSettings } from "../config/effective-config.ts";
import { formatManualLine } from "../logs/log-format.ts";
import type { LogLine } from "../logs/log-record.ts";
import { storeFacts } from "../store/store-facts.ts";
import { InstanceLock, readLockHolder } from "../store/instance-lock.ts";
import type { AgentInstance } from "./agent-instance.ts";
import { JobCommands } from "./job-commands.ts";
import { MainDbAccess } from "./main-db-access.ts";
import { PersistentThreadIds } from "./thread-ids.ts";
import { secretValues } from "./secrets.ts";
import { applySocketGroup, controlSocketMode } from "./control-access.ts";
import { ExitCode } from "../kernel/exit-codes.ts";
import { UpdateHistory } from "../store/update-history.ts";
import { updatePaths } from "../deploy/update-transaction.ts";
import { backupStores } from "../deploy/store-backup.ts";
import type { AgentHealth, UpdateServices } from "../tasks/task.ts";
import { DbCheckLog } from "../store/db-checks.ts";
import { mainDbAccessTexts as MA } from "../messages/areas/main-db-access.ts";
import { settleUpdate } from "./update-settlement.ts";
import { CodClient } from "../cod/cod-client.ts";
import { ParkedCommands } from "./parked-commands.ts";
import { syncTexts as SY } from "../messages/areas/sync.ts";
import type { Config } from "../config/schema.ts";
import type { Logger } from "../logs/logger.ts";

/** What `config reload` answers. */
export interface ReloadResult {
  applied: string[];
  needsRestart: string[];
}

export interface ServiceOptions {
  /** Reads the config again from the same file, environment and arguments. */
  rereadConfig: () => LoadedConfig;
  /** Tests drive time; the service uses real timers. */
  timers?: TimerPort;
  /** Tests add tasks of their own; the service runs the built ones. */
  tasks?: ReadonlyMap<TaskName, TaskDefinition | (() => Promise<TaskDefinition>)>;
  /** How long a stop waits for running threads before asking them to stop. */
  graceMs?: number;
  /** Whether to listen on the control channel (an in-process `--once` does not). */
  control?: boolean;
  /** Whether to run the scheduler (an in-process `--once` runs one task and no schedule). */
  schedule?: boolean;
  /** Whether to log the service's start and stop (not for an in-process `--once`). */
  announce?: boolean;
  /** The binary an update replaces: by default this process's, when it is the compiled agent. */
  binary?: string;
  /** The pid of the supervisor (`agent service run`) this service runs under, if any. */
  supervisorPid?: number;
}

/**
 * The engine of one instance: the scheduler fires jobs, the runner runs
 * their tasks as named threads, and the control channel lets a UI or a
 * script watch and steer it. `agent run` and an in-process `--once` use the
 * same pieces. Every part started is stopped by `stop()`.
 */
export class AgentService {
  readonly events = new EventBus<AgentStreamEvents & Record<string, unknown>>();
  readonly threads: ThreadManager;
  readonly runner: TaskRunner;
  readonly scheduler: Scheduler;
  readonly control: ControlServer;
  readonly jobCommands: JobCommands;
  /** The clinic's main database, opened once and shared by the tasks (with its lease). */
  readonly mainDb: MainDbAccess;
  private readonly startedAt: number;
  private stops: (() => void)[] = [];
  /** Set while an update is being prepared: nothing new starts. */
  private updating = false;
  private readonly exitListeners = new Set<(code: number) => void>();
  /** Whether the ЦОД answered the last call any task made (the status line). */
  private codAnswered: { ok: boolean; at: number } | undefined;

  constructor(
    readonly instance: AgentInstance,
    private readonly o: ServiceOptions,
  ) {
    const { clock, logs } = instance;
    this.startedAt = clock.now();
    const emit = (name: PropertyKey, data: unknown) => this.events.emit(name as string, data as never);
    // Losing the main DB's lease means another agent took over: stop rather than write alongside it.
    this.mainDb = new MainDbAccess(() => instance.config, clock, instance.log, () => this.requestExit(ExitCode.locked));
    this.threads = new ThreadManager({ clock, logs, ids: new PersistentThreadIds(instance.store), emit });
    this.runner = new TaskRunner({
      tasks: o.tasks ?? BUILT_TASKS,
      threads: this.threads,
      runs: new RunRepository(instance.store.orm),
      clock,
      logs,
      config: () => instance.config,
      services: {
        logStore: () => instance.logStore,
        mainDb: () => this.mainDb.get(),
        mainDbConfigured: () => this.mainDb.configured(),
        checks: () => new DbCheckLog(instance.store.orm),
        health: () => this.health(),
        update: () => this.updateServices(),
        cod: (c) => this.codClient(c.settings, c.log),
      },
      emit,
    });
    this.scheduler = new Scheduler({
      clock,
      zone: () => instance.config.timezone,
      jobs: instance.jobs,
      timers: o.timers ?? realTimers(clock),
      isBuilt: (task) => this.runner.isBuilt(task),
      currentRun: (jobId) => this.runner.currentRun(jobId),
      fire: (job, trigger, plannedAt) => this.runner.run({ task: job.task, job, trigger, plannedAt }),
      log: instance.log,
      emit,
    });
    this.jobCommands = new JobCommands(instance.jobs, () => clock.now());
    this.control = new ControlServer(instance.paths.controlEndpoint);
    this.registerMethods();
  }

  start(): void {
    const { config } = this.instance;
    if (this.o.announce !== false) this.instance.log.info(say(C.serviceStarted, { version: BUILD.version, instance: config.instance, pid: process.pid }));
    const interrupted = new RunRepository(this.instance.store.orm).markInterrupted(this.instance.clock.now());
    if (interrupted > 0) this.instance.log.warn(say(R.interrupted, { count: interrupted }));
    this.stops.push(this.instance.logs.subscribe((record) => this.events.emit("log:appended", record)));
    if (this.o.control !== false) {
      this.stops.push(
        this.control.start({
          socketMode: controlSocketMode(this.instance.paths, config.admin_group, this.instance.log),
          socketGroup: (path) => applySocketGroup(path, config.admin_group),
        }),
      );
      this.stops.push(this.events.onAny((name, data) => this.control.broadcast(String(name), data)));
      this.stops.push(this.control.onClientsChanged(() => this.events.emit("clients:changed", { clients: this.control.clientCount("ui") })));
    }
    // The outcome of an update the supervisor decided while this process was not running.
    if (this.o.control !== false) settleUpdate(this.instance);
    if (this.o.schedule !== false) this.stops.push(this.scheduler.start());
    if (this.o.supervisorPid !== undefined) this.stops.push(this.watchSupervisor(this.o.supervisorPid));
    const checkpoint = setInterval(() => this.checkpoint(), config.store.checkpoint_seconds * 1000);
    this.stops.push(() => clearInterval(checkpoint));
  }

  /**
   * Opens the main database before anything runs, if there is one, taking its
   * lease: with another agent on the same database this throws the exit-3
   * error and the service does not start.
   */
  async openMainDb(): Promise<void> {
    await this.mainDb.openAtStart();
  }

  /** Stops firing, lets running threads finish (then asks them to stop), closes the channel. */
  async stop(): Promise<void> {
    this.scheduler.stop();
    await this.runner.drain(this.o.graceMs ?? 30_000);
    for (const stop of this.stops.reverse()) stop();
    this.stops = [];
    await this.mainDb.close().catch((error) => this.instance.log.warn(describeError(error)));
    if (this.o.announce !== false) this.instance.log.info(say(C.serviceStopped));
  }

  /** `handler(code)` is called when the service is asked to end: a stop over the channel (0) or an update to switch to (75). */
  onExitRequested(handler: (code: number) => void): () => void {
    this.exitListeners.add(handler);
    return () => this.exitListeners.delete(handler);
  }

  private requestExit(code: number): void {
    for (const l of [...this.exitListeners]) l(code);
  }

  /**
   * The supervisor ends only by a stop, which stops this service too; if it
   * disappears otherwise (killed, the Windows task ended), this service stops
   * cleanly instead of running on unsupervised while the system starts a new one.
   */
  private watchSupervisor(pid: number): () => void {
    const timer = setInterval(() => {
      try {
        process.kill(pid, 0);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "EPERM") return;
        clearInterval(timer);
        this.instance.log.warn(say(U.supervisorGone, { pid }));
        this.requestExit(ExitCode.ok);
      }
    }, 2_000);
    return () => clearInterval(timer);
  }

  private updateServices(): UpdateServices {
    const { instance } = this;
    const binary = this.o.binary ?? (isCompiledBinary() ? process.execPath : undefined);
    const paths = binary ? updatePaths(instance.paths, instance.config.instance, binary) : undefined;
    return {
      binary,
      paths,
      supervised: this.o.supervisorPid !== undefined,
      history: new UpdateHistory(instance.store.orm),
      quiesce: (runId) => {
        this.updating = true;
        this.scheduler.stop();
        const others = this.threads
          .list()
          .filter((t) => t.runId !== runId && (t.state === "running" || t.state === "created"))
          .map((t) => `${t.name} (${t.id})`);
        return {
          others,
          resume: () => {
            this.updating = false;
            if (this.o.schedule !== false) this.scheduler.start();
          },
        };
      },
      backupStores: (dir) =>
        backupStores(
          [
            { path: instance.paths.agentStore, db: instance.store.db, restore: "always" },
            { path: instance.paths.logStore, db: instance.logStore.db, restore: "if-migrated" },
          ],
          dir,
        ),
      restartAfterRun: (runId) => {
        const off = this.events.on("run:finished", (e) => {
          if ((e as { runId: number }).runId !== runId) return;
          off();
          this.requestExit(ExitCode.restartForUpdate);
        });
      },
    };
  }

  /** What the statistics upload reports of this service: numbers and enumerated values only. */
  private health(): AgentHealth {
    const { instance } = this;
    const runs = new RunRepository(instance.store.orm);
    return {
      startedAt: this.startedAt,
      jobs: () => {
        const last = instance.jobs.lastRuns();
        const next = this.scheduler.nextRuns();
        return instance.jobs.list().map((job) => {
          const run = last.get(job.id);
          return {
            id: job.id,
            task: job.task,
            paused: job.paused,
            built: this.runner.isBuilt(job.task),
            lastRun: run && { startedAt: run.startedAt, result: run.result, durationMs: run.finishedAt !== null ? run.finishedAt - run.startedAt : undefined },
            nextRun: next.get(job.id),
          };
        });
      },
      runsEnded: (from, to) => runs.endedBetween(from, to),
      mark: (key) => instance.store.meta(key),
      setMark: (key, value) => instance.store.setMeta(key, value),
    };
  }

  /** A ЦОД client whose repeats go to the task's log and whose outcomes go to the status line. */
  private codClient(settings: Config["cod"], log: Logger): CodClient {
    return CodClient.fromConfig(
      settings,
      {
        warn: (message) => log.warn(message),
        onRetry: ({ attempt, pauseMs, error }) =>
          log.warn(say(SY.noAnswerRetry, { detail: error.message, attempt, attempts: settings.retries + 1, seconds: Math.round(pauseMs / 100) / 10 })),
      },
      undefined,
      (outcome) => {
        this.codAnswered = { ok: outcome.ok, at: outcome.at };
      },
    );
  }

  /** Runs a job (or a bare task) now, as the scheduler would, and answers its outcome. */
  runNow(reference: string, trigger: RunTrigger): { runId: number; done: Promise<RunOutcome> } {
    if (this.updating) throw usageError(say(U.busyUpdating));
    let job: Job | undefined;
    let task: TaskName;
    if (isTaskName(reference)) task = reference;
    else {
      job = this.jobCommands.find(reference);
      task = job.task;
    }
    if (job && this.runner.currentRun(job.id) !== undefined) throw usageError(say(R.alreadyRunning, { job: job.name }));
    return this.runner.start({ task, job, trigger });
  }

  /** Re-reads the config file; applies what is safe now and names what waits for a restart. */
  reloadConfig(): ReloadResult {
    let fresh: LoadedConfig;
    try {
      fresh = this.o.rereadConfig();
    } catch (error) {
      this.instance.log.error(say(T.reloadRejected, { detail: (error as Error).message }));
      throw error;
    }
    const plan = planReload(this.instance.loaded, fresh);
    this.instance.loaded = plan.next;
    const config = plan.next.config;
    setLanguage(config.language);
    this.instance.logs.configure(config.log.level, config.log.stderr);
    this.instance.scrubber.setSecrets(secretValues(config));
    if (plan.applied.length > 0) this.instance.log.info(say(T.reloadApplied, { list: plan.applied.join(", ") }));
    if (plan.needsRestart.length > 0) this.instance.log.warn(say(T.reloadNeedsRestart, { list: plan.needsRestart.join(", ") }));
    if (plan.applied.length === 0 && plan.needsRestart.length === 0) this.instance.log.info(say(T.reloadNothing));
    return { applied: plan.applied, needsRestart: plan.needsRestart };
  }

  status(): ServiceStatus {
    const { config } = this.instance;
    return {
      pid: process.pid,
      version: BUILD.version,
      instance: config.instance,
      startedAt: this.startedAt,
      clients: this.control.clientCount("ui"),
      zone: config.timezone,
      mainDbEngine: config.maindb.engine,
      mainDb: this.mainDb.current() ? "open" : this.mainDb.configured() ? "closed" : "absent",
      codUrl: config.cod.url,
      stores: this.storesAnswer(),
      supervised: this.o.supervisorPid !== undefined,
      ...(this.codAnswered ? { codAnswered: { ...this.codAnswered } } : {}),
    };
  }

  /** "ok" when both stores answer a query: part of the health check after an update. */
  private storesAnswer(): string {
    try {
      this.instance.store.db.query("SELECT count(*) FROM schema_migrations").get();
      this.instance.logStore.db.query("SELECT count(*) FROM schema_migrations").get();
      return "ok";
    } catch (error) {
      return (error as Error).message;
    }
  }

  jobViews(): JobView[] {
    const lastRuns = this.instance.jobs.lastRuns();
    const next = this.scheduler.nextRuns();
    return this.instance.jobs.list().map((job) => this.jobView(job, lastRuns, next));
  }

  snapshot(): Snapshot {
    return { status: this.status(), jobs: this.jobViews(), threads: this.threads.list(), runs: this.runner.activeRuns() };
  }

  private jobView(job: Job, lastRuns = this.instance.jobs.lastRuns(), next = this.scheduler.nextRuns()): JobView {
    const last = lastRuns.get(job.id);
    return {
      job,
      built: this.runner.isBuilt(job.task),
      running: this.runner.currentRun(job.id) !== undefined,
      lastRun: last && { startedAt: last.startedAt, result: last.result, summary: last.summary },
      nextRun: next.get(job.id),
    };
  }

  private changed(job: Job): JobView {
    this.scheduler.refresh();
    this.events.emit("job:changed", { jobId: job.id });
    return this.jobView(job);
  }

  private registerMethods(): void {
    const handle = <M extends keyof AgentMethods>(method: M, fn: (params: AgentMethods[M]["params"]) => AgentMethods[M]["result"] | Promise<AgentMethods[M]["result"]>) =>
      this.control.handle(method, (params) => fn(params as AgentMethods[M]["params"]));
    handle("status", () => this.status());
    handle("snapshot", () => this.snapshot());
    handle("jobs.list", () => this.jobViews());
    handle("jobs.find", (p) => this.jobView(this.jobCommands.find(p.job)));
    handle("runs.cancel", (p) => ({ cancelled: this.runner.cancelRun(p.runId) }));
    handle("jobs.add", (p) => this.changed(this.jobCommands.add(p.input)));
    handle("jobs.edit", (p) => this.changed(this.jobCommands.edit(p.job, p.input)));
    handle("jobs.pause", (p) => this.changed(this.jobCommands.setPaused(p.job, true)));
    handle("jobs.resume", (p) => this.changed(this.jobCommands.setPaused(p.job, false)));
    handle("jobs.remove", (p) => {
      const job = this.jobCommands.remove(p.job);
      this.scheduler.refresh();
      this.events.emit("job:changed", { jobId: job.id });
      return { id: job.id, name: job.name };
    });
    handle("jobs.run", (p) => ({ runId: this.runNow(p.job, p.trigger ?? "manual").runId }));
    handle("threads.list", () => this.threads.list());
    handle("threads.cancel", (p) => {
      const thread = this.threads.list().find((t) => t.id === p.id && (t.state === "running" || t.state === "created"));
      if (!thread || !this.threads.cancel(p.id)) throw usageError(say(TT.notFound, { id: p.id }));
      return thread;
    });
    handle("config.reload", () => this.reloadConfig());
    handle("service.stop", () => {
      // Answered first, then the service stops: the asker (the supervisor on Windows) sees the answer.
      setTimeout(() => this.requestExit(ExitCode.ok), 0);
      return { stopping: true };
    });
    handle("update.settle", () => ({ settled: settleUpdate(this.instance) }));
    handle("config.effective", () => this.effectiveConfig());
    handle("logs.query", (p) => this.queryLog(p));
    handle("logs.services", () => this.instance.logStore.services());
    handle("logs.neighbour", (p) => this.instance.logStore.neighbour(p.filter, p.from, p.direction, 1)[0] ?? null);
    handle("logs.export", (p) => {
      const lines = this.instance.logStore.neighbour(p.filter, p.after ?? { ts: -Infinity, id: 0 }, "after", clampLimit(p.limit));
      const zone = this.instance.config.timezone;
      const last = lines.at(-1);
      return {
        tsv: lines.map((l) => `${formatManualLine(l, zone)}\n`).join(""),
        lines: lines.length,
        next: lines.length === clampLimit(p.limit) && last ? { ts: last.ts, id: last.id } : undefined,
      };
    });
    handle("stores.info", () => this.storesInfo());
    handle("sync.parked", async () => (await this.parked()).list());
    handle("sync.parked.retry", async (p) => ({ message: await (await this.parked()).retry(p.id) }));
    handle("sync.parked.drop", async (p) => ({ message: await (await this.parked()).drop(p.id) }));
    handle("tasks.list", () =>
      TASK_NAMES.map((name) => ({ name, title: say(TASKS[name].title), built: this.runner.isBuilt(name), options: Object.keys(TASKS[name].options) })),
    );
    handle("odli.state", () => this.odliState());
    handle("odli.map.import", async (p) => (await this.mainDb.get()).odli.upsertCodes(p.codes));
  }

  /** The LIS job's codes and queue from the main DB, if there is one; an error in words otherwise (the UI shows it). */
  async odliState(): Promise<OdliStateView> {
    try {
      const db = await this.mainDb.get();
      const { MAPPED_DICTIONARIES } = await import("../odli/mapping.ts");
      return { unmapped: await db.odli.unmapped(MAPPED_DICTIONARIES), queue: await db.odli.queueSummary(), parked: await db.odli.parked(5) };
    } catch (error) {
      return { error: describeError(error) };
    }
  }

  /** `agent sync parked` on the service's own main-DB connection (it holds the lease). */
  private async parked(): Promise<ParkedCommands> {
    return new ParkedCommands(await this.mainDb.get(), this.instance.log);
  }

  /** A page of the log, oldest first (see LogQuery): always a query on the whole store. */
  queryLog(q: LogQuery): LogLine[] {
    const store = this.instance.logStore;
    const limit = clampLimit(q.limit);
    if (q.after) return store.neighbour(q.filter, q.after, "after", limit);
    const page = q.before ? store.neighbour(q.filter, q.before, "before", limit) : store.newest(q.filter, limit);
    return page.reverse();
  }

  effectiveConfig(): EffectiveConfigView {
    const { loaded } = this.instance;
    return { file: loaded.file.path, fileExists: loaded.file.exists, settings: effectiveSettings(loaded) };
  }

  /** The agent's own stores, the lock's holder, the main DB, and the newest findings of the service jobs. */
  async storesInfo(): Promise<StoresInfo> {
    const { store, logStore, paths } = this.instance;
    return {
      stores: [
        { kind: "agent", ...storeFacts(store.db, store.path) },
        { kind: "log", ...storeFacts(logStore.db, logStore.path) },
      ],
      lockHolder: this.instance.lock ? readLockHolder(paths) : InstanceLock.probe(paths).holder,
      mainDb: await this.mainDbInfo(),
      checks: new DbCheckLog(store.orm).latest(),
    };
  }

  /**
   * The main DB as the DB tab shows it. It is opened here if it is not yet
   * (as a task would), but the tab waits at most a few seconds: a server that
   * does not answer shows as "connecting" while the attempt goes on.
   */
  private async mainDbInfo(): Promise<MainDbInfo> {
    const config = this.instance.config;
    const { mainDbWhere } = await import("../clinic/open-main-db.ts");
    const base = { engine: config.maindb.engine, where: mainDbWhere(config) };
    if (!this.mainDb.configured()) return { ...base, connected: false, error: say(MA.missing, { where: base.where }) };
    let timer: ReturnType<typeof setTimeout> | undefined;
    const slow = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), MAIN_DB_INFO_WAIT_MS)));
    try {
      const db = await Promise.race([this.mainDb.get().then(() => this.mainDb.current()), slow]);
      if (!db) return { ...base, connected: false, error: say(MA.connecting) };
      const [health, size] = await Promise.all([db.health(), db.size()]);
      const { readHolder, describeLeaseHolder } = await import("../clinic/lease.ts");
      const holder = health.captureInstalled ? describeLeaseHolder(await readHolder(db.backend, this.instance.clock.now()), config.timezone) : undefined;
      // Ids, kinds, counts and redacted reasons only: the parked content (patient data) stays in the main DB.
      const parked = await db.parked.list();
      return {
        ...base,
        connected: true,
        version: health.version,
        sizeBytes: size.bytes,
        captureInstalled: health.captureInstalled,
        journalBacklog: health.journalBacklog,
        openBatches: health.openBatches,
        parkedBatches: parked.length,
        parked: parked.slice(-PARKED_SHOWN).reverse(),
        leaseHolder: holder,
      };
    } catch (error) {
      return { ...base, connected: false, error: describeError(error) };
    } finally {
      clearTimeout(timer);
    }
  }

  private checkpoint(): void {
    try {
      this.instance.store.checkpoint();
      this.instance.logStore.checkpoint();
    } catch (error) {
      // A busy store checkpoints next time; the WAL is only somewhat larger meanwhile.
      this.instance.log.debug(`checkpoint: ${(error as Error).message}`);
    }
  }
}

/** How many of the newest parked entries the DB tab lists (the rest: `agent sync parked`). */
const PARKED_SHOWN = 10;

/** How long the DB tab waits for the main DB to open before it shows "connecting". */
const MAIN_DB_INFO_WAIT_MS = 3_000;

/** A page is at least one line and at most 5,000: a client cannot ask the service for the whole log at once. */
function clampLimit(limit: number): number {
  return Math.max(1, Math.min(5_000, Math.floor(Number(limit) || 1)));
}
