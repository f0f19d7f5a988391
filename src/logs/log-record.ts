/** Levels, lowest first. Stored as numbers so "warn and above" is one range. */
export const LOG_LEVELS = ["debug", "info", "warn", "error"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const LEVEL_NUMBER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export function levelFromNumber(n: number): LogLevel {
  if (n >= 40) return "error";
  if (n >= 30) return "warn";
  if (n >= 20) return "info";
  return "debug";
}

/** Structured fields of a line: task, run id, counts. Never patient data, never secrets. */
export type LogFields = Record<string, string | number | boolean | null>;

/** One line of the log as it is written. */
export interface LogRecord {
  /** Epoch ms UTC. */
  ts: number;
  /** The thread's name (`TSwapDataAnalysisThread`) or `agent` for the service itself. */
  service: string;
  /** The thread's numeric id; null for the service's own lines. */
  thread: number | null;
  level: LogLevel;
  message: string;
  fields?: LogFields;
}

/** A line read back from the store. */
export interface LogLine extends LogRecord {
  id: number;
}

/** The service name of lines the agent itself writes, outside any thread. */
export const AGENT_SERVICE = "agent";
