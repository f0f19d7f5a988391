import { odliTexts as T } from "../messages/areas/odli.ts";
import { say } from "../messages/text.ts";
import type { OdliStateView } from "../api/agent-api.ts";

/** How many unmapped codes the line names before "…". */
const SHOWN = 4;

/**
 * The LIS job's lines under the DB tab's main DB notes: codes the code map
 * lacks (with how many referrals they hold back), the send queue, the latest
 * parked referrals with their reasons. Undefined state: nothing (a service of
 * an older version, or not asked yet).
 */
export function odliLines(state: OdliStateView | undefined): string[] {
  if (!state) return [];
  const out = [say(T.uiTitle)];
  if (state.error) return [...out, say(T.uiUnavailable, { detail: state.error })];
  const unmapped = state.unmapped ?? [];
  if (unmapped.length === 0) out.push(say(T.uiUnmappedNone));
  else {
    const codes = unmapped.slice(0, SHOWN).map((u) => `${u.kind} ${u.localCode}`).join(", ") + (unmapped.length > SHOWN ? ", …" : "");
    out.push(say(T.uiUnmapped, { count: unmapped.length, codes, waiting: unmapped.reduce((n, u) => n + u.waitingReferrals, 0) }));
  }
  const q = state.queue;
  if (q) out.push(say(T.uiQueue, { waiting: q.waiting, sending: q.sending, awaiting: q.awaitingResults, parked: q.parked }));
  for (const p of state.parked ?? []) out.push(say(T.uiParked, { id: String(p.referralId), reason: p.reason ?? "" }));
  return out;
}
