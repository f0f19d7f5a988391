import { tuiTexts as T } from "../messages/areas/tui.ts";
import { say } from "../messages/text.ts";
import { formatManual } from "../kernel/zoned-time.ts";
import type { DbCheckView, MainDbInfo, StoresInfo } from "../api/agent-api.ts";
import type { FitColumn } from "./text-table.ts";
import { parkedLines } from "./parked-table.ts";

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
 * The lines under the table: each store's path, who holds the instance, the
 * main DB, and the newest backups and checks with their findings. A service
 * of an older version sends neither of the last two: the UI says so in
 * words rather than showing invented rows.
 */
export function storeNotes(info: StoresInfo, zone: string): string[] {
  const h = info.lockHolder;
  const out = [
    ...info.stores.map((s) => `${storeName(s.kind)}: ${s.path}`),
    "",
    h ? say(T.lockHolder, { pid: h.pid, mode: h.mode, host: h.host, since: formatManual(h.since, zone) }) : say(T.lockFree),
    "",
  ];
  return [...out, ...mainDbNotes(info.mainDb, zone), "", ...checkNotes(info.checks, zone)];
}

function mainDbNotes(m: MainDbInfo | undefined, zone: string): string[] {
  if (!m) return [say(T.mainDbNotInThisVersion)];
  const value = (v: number | boolean | string | undefined) => (v === undefined ? say(T.unknown) : typeof v === "boolean" ? say(v ? T.yes : T.no) : String(v));
  return [
    `${say(T.mainDbTitle)}`,
    `  ${say(T.mainDbEngine)}: ${m.engine}`,
    `  ${say(T.mainDbWhere)}: ${m.where}`,
    `  ${say(T.mainDbConnected)}: ${m.connected ? say(T.mainDbConnectedYes) : say(T.mainDbConnectedNo, { error: m.error ?? say(T.unknown) })}`,
    ...(m.version !== undefined ? [`  ${say(T.mainDbVersion)}: ${m.version}`] : []),
    ...(m.sizeBytes !== undefined ? [`  ${say(T.columnSize)}: ${sizeText(m.sizeBytes)}`] : []),
    `  ${say(T.mainDbCapture)}: ${value(m.captureInstalled)}`,
    `  ${say(T.mainDbBacklog)}: ${value(m.journalBacklog)}`,
    `  ${say(T.mainDbOpenBatches)}: ${value(m.openBatches)}`,
    `  ${say(T.mainDbParked)}: ${value(m.parkedBatches)}`,
    ...parkedLines(m.parked, m.parkedBatches, zone),
    `  ${say(T.mainDbLease)}: ${value(m.leaseHolder)}`,
  ];
}

/** Findings shown per check; the rest are in the log. */
const SHOWN_FINDINGS = 10;

const TARGET_NAMES = { main: T.targetMain, agent: T.targetAgent, log: T.targetLog } as const;
const KIND_NAMES = { backup: T.kindBackup, "restore-check": T.kindRestoreCheck, validate: T.kindValidate, maintenance: T.kindMaintenance } as const;

/** The newest backup, restore check, validation and maintenance of each database, with their findings. */
export function checkNotes(checks: readonly DbCheckView[] | undefined, zone: string): string[] {
  if (!checks) return [say(T.checksNotInThisVersion)];
  if (checks.length === 0) return [say(T.checksTitle), `  ${say(T.checksNone)}`];
  const out = [say(T.checksTitle)];
  for (const c of checks) {
    out.push(
      say(T.checkLine, {
        target: say(TARGET_NAMES[c.target]),
        kind: say(KIND_NAMES[c.kind]),
        at: formatManual(c.at, zone),
        result: say(c.ok ? T.checkOk : T.checkFailed),
        summary: c.summary,
      }),
    );
    for (const f of c.findings.slice(0, SHOWN_FINDINGS)) out.push(`      ${f}`);
    if (c.findings.length > SHOWN_FINDINGS) out.push(say(T.checkMore, { count: c.findings.length - SHOWN_FINDINGS }));
  }
  return out;
}
