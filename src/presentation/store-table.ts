import { tuiTexts as T } from "../messages/areas/tui.ts";
import { say } from "../messages/text.ts";
import { formatManual } from "../kernel/zoned-time.ts";
import type { StoresInfo } from "../api/agent-api.ts";
import type { FitColumn } from "./text-table.ts";

/** Bytes as a person reads them: 512 B, 12.3 KB, 4.1 MB, 1.2 GB. */
export function sizeText(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ["KB", "MB", "GB", "TB"];
  let v = bytes / 1024;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v.toFixed(1)} ${units[u]}`;
}

export function storeColumns(): FitColumn[] {
  return [
    { header: say(T.columnStore), priority: 0, max: 36 },
    { header: say(T.columnSize), priority: 1, align: "right" },
    { header: say(T.columnWal), priority: 2, align: "right" },
    { header: say(T.columnSchema), priority: 3, align: "right" },
  ];
}

export function storeRows(info: StoresInfo): string[][] {
  return info.stores.map((s) => [storeName(s.kind), sizeText(s.sizeBytes), sizeText(s.walBytes), String(s.schemaVersion)]);
}

function storeName(kind: "agent" | "log"): string {
  return say(kind === "agent" ? T.storeAgent : T.storeLog);
}

/**
 * The lines under the table: each store's path, who holds the instance, and the main DB. The
 * main DB's entry comes from the main DB layer; until it exists the UI says
 * so in words rather than showing an invented row.
 */
export function storeNotes(info: StoresInfo, zone: string): string[] {
  const h = info.lockHolder;
  const out = [
    ...info.stores.map((s) => `${storeName(s.kind)}: ${s.path}`),
    "",
    h ? say(T.lockHolder, { pid: h.pid, mode: h.mode, host: h.host, since: formatManual(h.since, zone) }) : say(T.lockFree),
    "",
  ];
  const m = info.mainDb;
  if (!m) return [...out, say(T.mainDbNotInThisVersion)];
  const value = (v: number | boolean | string | undefined) => (v === undefined ? say(T.unknown) : typeof v === "boolean" ? say(v ? T.yes : T.no) : String(v));
  return [
    ...out,
    `${say(T.mainDbTitle)}`,
    `  ${say(T.mainDbEngine)}: ${m.engine}`,
    `  ${say(T.mainDbWhere)}: ${m.where}`,
    `  ${say(T.mainDbConnected)}: ${m.connected ? say(T.mainDbConnectedYes) : say(T.mainDbConnectedNo, { error: m.error ?? say(T.unknown) })}`,
    `  ${say(T.mainDbCapture)}: ${value(m.captureInstalled)}`,
    `  ${say(T.mainDbBacklog)}: ${value(m.journalBacklog)}`,
    `  ${say(T.mainDbParked)}: ${value(m.parkedBatches)}`,
    `  ${say(T.mainDbLease)}: ${value(m.leaseHolder)}`,
  ];
}
