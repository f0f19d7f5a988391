import { syncTexts as S } from "../messages/areas/sync.ts";
import { say } from "../messages/text.ts";
import { usageError } from "../kernel/agent-error.ts";
import { redactPersonalData } from "../privacy/redact.ts";
import type { MainDb, ParkedEntry } from "../clinic/port.ts";
import { MainDbError } from "../clinic/main-db-error.ts";
import type { RowChange } from "../cod/wire.ts";
import { fromWire } from "../tasks/analysis-sync/map.ts";
import type { Logger } from "../logs/logger.ts";

/**
 * `agent sync parked [retry|drop ID]`, the same whether the running service
 * does it (over the control channel) or the command itself (no service).
 * A retried batch is journalled again — its rows' current state goes at the
 * next push; a retried item is written now, as the ЦОД sent it.
 */
export class ParkedCommands {
  constructor(
    private readonly db: MainDb,
    private readonly log: Logger,
  ) {}

  list(): Promise<ParkedEntry[]> {
    return this.db.parked.list();
  }

  /** Answers the line to print. */
  async retry(id: number): Promise<string> {
    const parked = await this.db.parked.content(id);
    if (!parked) throw usageError(say(S.parkedNotFound, { id: String(id) }));
    let line: string;
    if (parked.entry.kind === "push") {
      const rows = await this.db.parked.requeue(id);
      if (rows === undefined) throw usageError(say(S.parkedNotFound, { id: String(id) }));
      line = say(S.parkedRequeued, { id, rows });
    } else {
      let outcome;
      try {
        outcome = await this.db.parked.resolve(id, (parked.changes as RowChange[]).map(fromWire));
      } catch (error) {
        if (error instanceof MainDbError && !error.retryable) throw usageError(say(S.parkedStillFails, { id, detail: redactPersonalData(error.message) }), error);
        throw error;
      }
      if (!outcome) throw usageError(say(S.parkedNotFound, { id: String(id) }));
      line = say(S.parkedResolved, { id, ...outcome });
    }
    this.log.info(say(S.parkedByAdmin, { id, action: say(S.actionRetried) }));
    return line;
  }

  async drop(id: number): Promise<string> {
    if (!(await this.db.parked.drop(id))) throw usageError(say(S.parkedNotFound, { id: String(id) }));
    this.log.info(say(S.parkedByAdmin, { id, action: say(S.actionDropped) }));
    return say(S.parkedDropped, { id });
  }
}

/** The id as given on the command line. */
export function parkedId(text: string | undefined): number {
  if (text === undefined || !/^\d{1,15}$/.test(text.trim())) throw usageError(say(S.parkedNotFound, { id: text ?? "" }));
  return Number(text.trim());
}

