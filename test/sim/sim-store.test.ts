/**
 * The ЦОД simulator's counts of a batch, straight on its store: `received`
 * counts every arrival of a batch id, `applied` every application of its
 * content. The exactly-once tests rely on both being real counts, so this
 * shows them moving (and not moving) for each way a batch arrives.
 */
import { afterEach, describe, expect, test } from "bun:test";
import { SimStore, type SimChange } from "../../src/sim/cod/sim-store.ts";
import { tempDir } from "../helpers/temp-dir.ts";

const AT = "2025-05-14T09:00:00.000Z";
const LATER = "2025-05-14T09:05:00.000Z";
const changes: SimChange[] = [
  { table: "DOC_ANALYSIS", key: { ID: 1 }, op: "upsert", row: { ID: 1, STATUS: 1 } },
  { table: "DOC_ANALYSIS", key: { ID: 2 }, op: "upsert", row: { ID: 2 } },
];
const sha = (c: readonly SimChange[]) => new Bun.CryptoHasher("sha256").update(JSON.stringify(c)).digest("hex");

let store: SimStore | undefined;
afterEach(() => {
  store?.close();
  store = undefined;
});

const open = () => (store = new SimStore(tempDir("sim-store-"), () => Date.parse(AT)));
const batch = (s: SimStore, id: string) =>
  (s.dump(new Set(["batches"])).batches as Array<{ batch_id: string; received: number; applied: number; conflicts: number; first_received_at: string; last_received_at: string }>).find(
    (b) => b.batch_id === id,
  )!;
const rowsApplied = (s: SimStore) => (s.dump(new Set(["rows"])).rows as Array<{ key: { ID: number }; applied: number }>).map((r) => [r.key.ID, r.applied]);

describe("a batch's counts at the simulator", () => {
  test("the first arrival is received once and applied once", () => {
    const s = open();
    expect(s.receiveBatch("1", "b1", sha(changes), changes, AT)).toEqual({ status: "applied" });
    expect(batch(s, "b1")).toMatchObject({ received: 1, applied: 1, conflicts: 0 });
    expect(rowsApplied(s)).toEqual([[1, 1], [2, 1]]);
  });

  test("a resend of the same id and content increments received, not applied: answered from the record", () => {
    const s = open();
    s.receiveBatch("1", "b1", sha(changes), changes, AT);
    expect(s.receiveBatch("1", "b1", sha(changes), changes, LATER)).toEqual({ status: "duplicate" });
    expect(s.receiveBatch("1", "b1", sha(changes), changes, LATER)).toEqual({ status: "duplicate" });
    expect(batch(s, "b1")).toMatchObject({ received: 3, applied: 1, conflicts: 0, first_received_at: AT, last_received_at: LATER });
    // The rows were not touched again either.
    expect(rowsApplied(s)).toEqual([[1, 1], [2, 1]]);
    expect(s.dump(new Set(["summary"])).summary).toMatchObject({ batches: 1, batches_received_more_than_once: 1, batches_applied_more_than_once: 0, batches_never_applied: 0, changes_applied: 2 });
  });

  test("a resend of the same id with other content is a conflict: received and counted as one, not applied", () => {
    const s = open();
    s.receiveBatch("1", "b1", sha(changes), changes, AT);
    const other: SimChange[] = [{ table: "DOC_ANALYSIS", key: { ID: 1 }, op: "upsert", row: { ID: 1, STATUS: 7 } }];
    expect(s.receiveBatch("1", "b1", sha(other), other, LATER)).toEqual({ status: "conflict" });
    expect(batch(s, "b1")).toMatchObject({ received: 2, applied: 1, conflicts: 1 });
    expect((s.dump(new Set(["rows"])).rows as Array<{ row: { STATUS?: number } }>)[0]!.row.STATUS).toBe(1);
    expect(s.dump(new Set(["summary"])).summary).toMatchObject({ batches_conflicted: 1, batches_applied_more_than_once: 0 });
  });

  test("batch ids are per МО: the same id from another МО is a batch of its own", () => {
    const s = open();
    s.receiveBatch("1", "b1", sha(changes), changes, AT);
    expect(s.receiveBatch("2", "b1", sha(changes), changes, AT)).toEqual({ status: "applied" });
    expect(s.dump(new Set(["summary"])).summary).toMatchObject({ batches: 2, batches_received_more_than_once: 0, changes_applied: 4 });
  });

  test("`applied` is counted where the content is applied, so a second application would show (what the exactly-once tests would catch)", () => {
    const s = open();
    s.receiveBatch("1", "b1", sha(changes), changes, AT);
    // As if the duplicate check had been bypassed: the apply path run again for the same batch.
    (s as unknown as { applyBatch(mo: string, id: string, c: readonly SimChange[], at: string): void }).applyBatch("1", "b1", changes, LATER);
    expect(batch(s, "b1")).toMatchObject({ received: 1, applied: 2 });
    expect(s.dump(new Set(["summary"])).summary).toMatchObject({ batches_applied_more_than_once: 1 });
  });
});
