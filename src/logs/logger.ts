import type { Clock } from "../kernel/clock.ts";
import type { SecretScrubber } from "../privacy/secret-scrubber.ts";
import { formatConsoleLine } from "./log-format.ts";
import { LEVEL_NUMBER, type LogFields, type LogLevel, type LogRecord } from "./log-record.ts";
import type { LogWriter } from "./log-writer.ts";

/** What tasks and the service write with: one service name and thread id bound in. */
export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  /** A logger for another service/thread that shares everything else. */
  forThread(service: string, thread: number | null, fields?: LogFields): Logger;
}

export type LogListener = (record: LogRecord) => void;

export interface LogHubOptions {
  clock: Clock;
  zone: string;
  minLevel: LogLevel;
  scrubber: SecretScrubber;
  writer?: LogWriter;
  /** Where the console copy goes when enabled (stderr under `agent run`). */
  console?: (line: string) => void;
  consoleEnabled?: boolean;
}

/**
 * The one place log lines pass through: secrets are cut out, the level
 * threshold applied, then each line goes to the store (batched), to the
 * console copy, and to listeners (the control channel's live stream).
 */
export class LogHub {
  private readonly listeners = new Set<LogListener>();
  private minLevel: number;
  private consoleEnabled: boolean;

  constructor(private readonly o: LogHubOptions) {
    this.minLevel = LEVEL_NUMBER[o.minLevel];
    this.consoleEnabled = o.consoleEnabled ?? false;
  }

  /** Applies `log.level` and `log.stderr` after a config reload. */
  configure(minLevel: LogLevel, consoleEnabled: boolean): void {
    this.minLevel = LEVEL_NUMBER[minLevel];
    this.consoleEnabled = consoleEnabled && this.o.console !== undefined;
  }

  get echoesToConsole(): boolean {
    return this.consoleEnabled && this.o.console !== undefined;
  }

  append(level: LogLevel, service: string, thread: number | null, message: string, fields?: LogFields): void {
    if (LEVEL_NUMBER[level] < this.minLevel) return;
    const record: LogRecord = {
      ts: this.o.clock.now(),
      service,
      thread,
      level,
      message: this.o.scrubber.scrub(message),
      fields: fields && this.scrubFields(fields),
    };
    if (this.consoleEnabled) this.o.console?.(formatConsoleLine(record, this.o.zone));
    this.o.writer?.append(record);
    for (const listener of this.listeners) {
      try {
        listener(record);
      } catch {
        // A broken listener (a UI that went away) must not stop logging for everyone else.
      }
    }
  }

  subscribe(listener: LogListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  logger(service: string, thread: number | null = null, fields?: LogFields): Logger {
    const write = (level: LogLevel) => (message: string, extra?: LogFields) =>
      this.append(level, service, thread, message, fields || extra ? { ...fields, ...extra } : undefined);
    return {
      debug: write("debug"),
      info: write("info"),
      warn: write("warn"),
      error: write("error"),
      forThread: (s, t, f) => this.logger(s, t, { ...fields, ...f }),
    };
  }

  flush(): void {
    this.o.writer?.flush();
  }

  close(): void {
    this.o.writer?.close();
  }

  private scrubFields(fields: LogFields): LogFields {
    const out: LogFields = {};
    for (const [k, v] of Object.entries(fields)) out[k] = typeof v === "string" ? this.o.scrubber.scrub(v) : v;
    return out;
  }
}
