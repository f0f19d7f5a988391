import type { LoadedConfig } from "../config/load.ts";
import { planReload } from "../config/reload.ts";
import { configTexts as T } from "../messages/areas/config.ts";
import { cliTexts as C } from "../messages/areas/cli.ts";
import { say, setLanguage } from "../messages/text.ts";
import { BUILD } from "../platform/build-info.ts";
import { ControlServer } from "../control/control-server.ts";
import type { AgentInstance } from "./agent-instance.ts";
import { secretValues } from "./secrets.ts";

/** What `config reload` answers. */
export interface ReloadResult {
  applied: string[];
  needsRestart: string[];
}

/**
 * The service of one instance (`agent run`): it owns the lock and the
 * stores, keeps them tidy, and answers on the control channel. Every part
 * it starts is stopped by `stop()`.
 */
export class AgentService {
  readonly control: ControlServer;
  private stops: (() => void)[] = [];

  constructor(
    readonly instance: AgentInstance,
    /** Reads the config again from the same file, environment and arguments. */
    private readonly rereadConfig: () => LoadedConfig,
  ) {
    this.control = new ControlServer(instance.paths.controlEndpoint);
    this.control.handle("status", () => this.status());
    this.control.handle("config.reload", () => this.reloadConfig());
  }

  start(): void {
    const { config } = this.instance;
    this.instance.log.info(say(C.serviceStarted, { version: BUILD.version, instance: config.instance, pid: process.pid }));
    this.stops.push(this.control.start());
    const checkpoint = setInterval(() => this.checkpoint(), config.store.checkpoint_seconds * 1000);
    this.stops.push(() => clearInterval(checkpoint));
  }

  /** Re-reads the config file; applies what is safe now and names what waits for a restart. */
  reloadConfig(): ReloadResult {
    let fresh: LoadedConfig;
    try {
      fresh = this.rereadConfig();
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

  status() {
    const { config, paths } = this.instance;
    return {
      pid: process.pid,
      version: BUILD.version,
      instance: config.instance,
      dataDir: paths.root,
      clients: this.control.clientCount("ui"),
    };
  }

  private checkpoint(): void {
    try {
      this.instance.store.checkpoint();
      this.instance.logStore.db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
    } catch (error) {
      // A busy store checkpoints next time; the WAL is only somewhat larger meanwhile.
      this.instance.log.debug(`checkpoint: ${(error as Error).message}`);
    }
  }

  stop(): void {
    for (const stop of this.stops.reverse()) stop();
    this.stops = [];
    this.instance.log.info(say(C.serviceStopped));
  }
}
