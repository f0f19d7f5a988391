import { syncTexts as SY } from "../messages/areas/sync.ts";
import { tuiTexts as T } from "../messages/areas/tui.ts";
import { say } from "../messages/text.ts";
import { formatManual } from "../kernel/zoned-time.ts";
import type { ParkedEntry } from "../api/agent-api.ts";

/**
 * What the ЦОД sync parked, as `agent sync parked` and the DB tab show it:
 * ids, kinds, counts and the reasons (already redacted by the sync), never
 * the parked content — that is patient data and stays in the main DB.
 */

/** «пакет в ЦОД», or «из ЦОД (referral-statuses)» for an item of a stream. */
export function parkedKindText(e: Pick<ParkedEntry, "kind" | "stream">): string {
  return e.kind === "push" ? say(SY.kindPush) : say(SY.kindPull, { stream: e.stream ?? "" });
}

/** The ЦОД's status and code, then the reason, on one line. */
export function parkedReasonText(e: Pick<ParkedEntry, "status" | "code" | "reason">): string {
  return `${e.status ? `${e.status}${e.code ? ` ${e.code}` : ""}: ` : ""}${e.reason}`.replace(/\s+/g, " ");
}

/**
 * The DB tab's lines under «Отложенные пакеты»: the newest entries the
 * service sent (newest first), how many more there are, and how to act on
 * them. Nothing when nothing is parked or the service sent no list.
 */
export function parkedLines(entries: readonly ParkedEntry[] | undefined, total: number | undefined, zone: string): string[] {
  if (!entries || entries.length === 0) return [];
  const out = entries.map((e) =>
    say(T.parkedEntry, {
      id: e.id,
      kind: parkedKindText(e),
      ref: e.ref,
      at: formatManual(e.parkedAt, zone),
      attempts: e.attempts,
      entries: e.entries,
      reason: parkedReasonText(e),
    }),
  );
  const more = (total ?? entries.length) - entries.length;
  if (more > 0) out.push(say(T.parkedMore, { count: more }));
  out.push(say(T.parkedHint));
  return out;
}

/** One entry in the DB tab's picker: number, kind, batch or item id, reason. */
export function parkedPickItem(e: ParkedEntry): string {
  return `№ ${e.id} · ${parkedKindText(e)} ${e.ref} · ${parkedReasonText(e)}`;
}
