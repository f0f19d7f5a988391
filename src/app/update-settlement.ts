import { rmSync } from "node:fs";
import { updateTexts as U } from "../messages/areas/update.ts";
import { say } from "../messages/text.ts";
import { UpdateHistory } from "../store/update-history.ts";
import { isDecided, readTransaction, removeTransaction, transactionPath } from "../deploy/update-transaction.ts";
import type { AgentInstance } from "./agent-instance.ts";

/**
 * Records an update the supervisor has decided (applied, rolled back,
 * abandoned) in the agent's store — where the statistics upload finds it —
 * and in the log, then removes the transaction. A transaction still under
 * way (`prepared`, `switched`) is the supervisor's and is left alone.
 * Answers whether one was recorded.
 */
export function settleUpdate(instance: AgentInstance): boolean {
  const path = transactionPath(instance.paths);
  const t = readTransaction(path);
  if (!t) return false;
  if ("unreadable" in t) {
    instance.log.warn(say(U.transactionUnreadable, { path, detail: t.unreadable }));
    removeTransaction(path);
    return false;
  }
  if (!isDecided(t.state)) return false;
  const result = t.state as "applied" | "rolled_back" | "abandoned";
  new UpdateHistory(instance.store.orm).record({
    at: t.finishedAt ?? instance.clock.now(),
    fromVersion: t.from,
    toVersion: t.to,
    result,
    reason: t.reason,
    detail: t.detail,
  });
  if (result === "applied") instance.log.info(say(U.settledApplied, { from: t.from, to: t.to }));
  else if (result === "rolled_back") instance.log.error(say(U.settledRolledBack, { from: t.from, to: t.to, reason: t.detail ?? t.reason ?? "" }));
  else instance.log.warn(say(U.settledAbandoned, { to: t.to, detail: t.detail ?? t.reason ?? "" }));
  rmSync(t.staged, { force: true });
  removeTransaction(path);
  return true;
}
