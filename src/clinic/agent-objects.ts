/**
 * The agent's own objects in a main database, created only by
 * `agent db capture install` and removed by `agent db capture remove`:
 * - AGENT_JOURNAL: one row per captured change (table, key, operation); rows
 *   leave only when the batch that carried them is acknowledged.
 * - AGENT_BATCH: batches read but not yet acknowledged, with the exact
 *   journal ids each covers.
 * - AGENT_SYNC_STATE: named sync positions and the initial load's progress.
 * - AGENT_LEASE: one row saying which agent writes to this database.
 * - AGENT_PARKED: what the ЦОД sync set aside with its reason — a batch the
 *   ЦОД rejected as invalid, an item from the ЦОД that could not be applied —
 *   until an administrator retries or drops it (`agent sync parked`). It
 *   holds patient data, which is why it lives here and nowhere else.
 * Each engine adds what it needs besides (sequences, the no-echo table).
 */
export const AGENT_OBJECTS = ["AGENT_JOURNAL", "AGENT_BATCH", "AGENT_SYNC_STATE", "AGENT_LEASE", "AGENT_PARKED"] as const;

/** Prefix of the capture triggers' names. */
export const TRIGGER_PREFIX = "AGJ_";
