import type { LogLevel } from "./log-record.ts";

/** What a person asks of the log; every field narrows the answer. */
export interface LogFilter {
  /** Epoch ms, inclusive. */
  since?: number;
  /** Epoch ms, inclusive. */
  until?: number;
  /** Exact service names (the thread names); any of them. */
  services?: readonly string[];
  /** This level and above. */
  minLevel?: LogLevel;
  /** A substring of the comment, case-insensitive in any alphabet. */
  text?: string;
  thread?: number;
  /** Only lines written after this one (follow mode). */
  afterId?: number;
}
