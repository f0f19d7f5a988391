import { logTexts as L } from "../messages/areas/logs.ts";
import { tuiTexts as T } from "../messages/areas/tui.ts";
import { say } from "../messages/text.ts";
import { formatManual } from "../kernel/zoned-time.ts";
import { levelName } from "../logs/log-format.ts";
import type { LogFilter } from "../logs/log-filter.ts";
import type { LogLine } from "../logs/log-record.ts";
import type { FitColumn } from "./text-table.ts";

/** The manual's log columns: event time, service, ID, comment. */
export function logColumns(): FitColumn[] {
  return [
    { header: say(L.columnTime), priority: 0, max: 19 },
    { header: say(L.columnService), priority: 2, max: 27 },
    { header: say(L.columnId), priority: 3, align: "right", max: 8 },
    { header: say(L.columnComment), priority: 1, flex: true, min: 20 },
  ];
}

/** One log line in the manual's columns; problems carry their level in front of the comment. */
export function logRow(line: LogLine, zone: string): string[] {
  const mark = line.level === "warn" || line.level === "error" ? `[${levelName(line.level)}] ` : "";
  return [formatManual(line.ts, zone), line.service, line.thread === null ? "" : String(line.thread), `${mark}${line.message}`];
}

/** A filter in words, for the line above the log («служба: TTrimLogThread · текст: «обрезка»»). */
export function logFilterSummary(filter: Omit<LogFilter, "afterId">, zone: string): string {
  const parts: string[] = [];
  if (filter.since !== undefined) parts.push(say(T.logFilterSince, { at: formatManual(filter.since, zone) }));
  if (filter.until !== undefined) parts.push(say(T.logFilterUntil, { at: formatManual(filter.until, zone) }));
  if (filter.services?.length) parts.push(say(T.logFilterService, { service: filter.services.join(", ") }));
  if (filter.minLevel && filter.minLevel !== "debug") parts.push(say(T.logFilterLevel, { level: levelName(filter.minLevel) }));
  if (filter.text?.trim()) parts.push(say(T.logFilterText, { text: filter.text.trim() }));
  if (filter.thread !== undefined) parts.push(`ID ${filter.thread}`);
  return parts.length > 0 ? parts.join(" · ") : say(T.logNoFilter);
}

/** A line's structured details: every column on its own line, then its fields (never patient data: tasks log ids only). */
export function logLineDetails(line: LogLine, zone: string): string[] {
  const out = [
    `${say(T.logDetailTime)}: ${formatManual(line.ts, zone)} (${new Date(line.ts).toISOString()})`,
    `${say(L.columnService)}: ${line.service}`,
    `${say(L.columnId)}: ${line.thread ?? "—"}`,
    `${say(T.logDetailLevel)}: ${levelName(line.level)}`,
    `${say(L.columnComment)}:`,
    ...line.message.split(/\r?\n/).map((l) => `  ${l}`),
  ];
  const fields = Object.entries(line.fields ?? {});
  if (fields.length > 0) out.push(`${say(T.logDetailFields)}:`, ...fields.map(([k, v]) => `  ${k} = ${v === null ? "null" : String(v)}`));
  return out;
}
