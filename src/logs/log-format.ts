import { formatIsoZoned, formatManual } from "../kernel/zoned-time.ts";
import { logTexts as T } from "../messages/areas/logs.ts";
import { say } from "../messages/text.ts";
import type { LogLevel, LogLine, LogRecord } from "./log-record.ts";

/** Tabs and line breaks inside a comment would break the one-line-per-event forms. */
function oneLine(text: string): string {
  return text.replace(/\\/g, "\\\\").replace(/\t/g, "\\t").replace(/\r?\n/g, "\\n");
}

export function levelName(level: LogLevel): string {
  return say({ debug: T.levelDebug, info: T.levelInfo, warn: T.levelWarn, error: T.levelError }[level]);
}

/** The manual's form: `dd.mm.yyyy H:MM:SS<TAB>service<TAB>id<TAB>comment`, in the clinic's zone. */
export function formatManualLine(line: LogRecord, zone: string): string {
  return `${formatManual(line.ts, zone)}\t${line.service}\t${line.thread ?? ""}\t${oneLine(line.message)}`;
}

/** What `agent run` prints to stderr: the manual's form, with the level marked on problems. */
export function formatConsoleLine(line: LogRecord, zone: string): string {
  const mark = line.level === "warn" || line.level === "error" ? `[${levelName(line.level)}] ` : "";
  return `${formatManual(line.ts, zone)}\t${line.service}\t${line.thread ?? ""}\t${mark}${oneLine(line.message)}`;
}

/** One JSON object per line: the UTC instant, the same instant with the clinic's offset, and every field. */
export function formatJsonLine(line: LogLine, zone: string): string {
  return JSON.stringify({
    id: line.id,
    ts: new Date(line.ts).toISOString(),
    local: formatIsoZoned(line.ts, zone),
    service: line.service,
    thread: line.thread,
    level: line.level,
    message: line.message,
    fields: line.fields ?? {},
  });
}

/** Columns padded for a person at a terminal; the comment is last and never cut. */
export function formatTableLine(line: LogLine, zone: string): string {
  const time = formatManual(line.ts, zone).padEnd(19);
  const service = line.service.padEnd(27);
  const id = String(line.thread ?? "").padStart(6);
  const level = line.level === "info" ? "" : `[${levelName(line.level)}] `;
  return `${time}  ${service} ${id}  ${level}${oneLine(line.message)}`;
}

export function tableHeader(): string {
  return `${say(T.columnTime).padEnd(19)}  ${say(T.columnService).padEnd(27)} ${say(T.columnId).padStart(6)}  ${say(T.columnComment)}`;
}
