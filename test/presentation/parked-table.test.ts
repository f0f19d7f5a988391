import { beforeEach, describe, expect, test } from "bun:test";
import { setLanguage } from "../../src/messages/text.ts";
import { storeNotes } from "../../src/presentation/store-table.ts";
import { parkedLines, parkedPickItem } from "../../src/presentation/parked-table.ts";
import type { ParkedEntry, StoresInfo } from "../../src/api/agent-api.ts";

// Other test files switch the language; these read the Russian texts unless a test says otherwise.
beforeEach(() => setLanguage("ru"));

/** 14.05.2025 16:50:05 in Moscow. */
const T0 = Date.UTC(2025, 4, 14, 13, 50, 5);
const batch: ParkedEntry = { id: 12, kind: "push", ref: "b-7f3a", stream: null, parkedAt: T0, attempts: 3, status: 422, code: "invalid_row", reason: "DOC_NAPR_ANALYSIS.ID 5: value too long\n(***)", entries: 100 };
const item: ParkedEntry = { id: 11, kind: "pull", ref: "demo-5-status-napr-999999", stream: "referral-statuses", parkedAt: T0 - 3_600_000, attempts: 1, status: null, code: null, reason: "NOT NULL constraint failed", entries: 1 };

const info = (mainDb: StoresInfo["mainDb"]): StoresInfo => ({ stores: [], mainDb });
const base = { engine: "sqlite", where: "/d/main.db", connected: true, captureInstalled: true, journalBacklog: 0, openBatches: 0, leaseHolder: "agent" };

describe("the ЦОД sync's parked entries on the DB tab", () => {
  test("under the count: number, kind, batch or item id, when (the clinic's zone), attempts, records, the reason on one line; then how to act", () => {
    const notes = storeNotes(info({ ...base, parkedBatches: 2, parked: [batch, item] }), "Europe/Moscow");
    const at = notes.indexOf("  Отложенные пакеты: 2");
    expect(at).toBeGreaterThan(0);
    expect(notes.slice(at + 1, at + 4)).toEqual([
      "    № 12 · пакет в ЦОД b-7f3a · отложено 14.05.2025 16:50:05 · попыток: 3 · записей: 100 · 422 invalid_row: DOC_NAPR_ANALYSIS.ID 5: value too long (***)",
      "    № 11 · из ЦОД (referral-statuses) demo-5-status-napr-999999 · отложено 14.05.2025 15:50:05 · попыток: 1 · записей: 1 · NOT NULL constraint failed",
      "    Клавиша o или agent sync parked retry|drop № — вернуть в работу или отказаться",
    ]);
    expect(notes[at + 4]).toStartWith("  Аренда у: ");
  });

  test("more parked than the service listed: how many more, and where all of them are", () => {
    const lines = parkedLines([batch, item], 37, "UTC");
    expect(lines).toHaveLength(4);
    expect(lines[2]).toBe("    … и ещё 35 (все — agent sync parked)");
    setLanguage("en");
    const en = parkedLines([item], 2, "UTC");
    expect(en[0]).toBe("    No. 11 · from the ЦОД (referral-statuses) demo-5-status-napr-999999 · parked 14.05.2025 12:50:05 · attempts: 1 · records: 1 · NOT NULL constraint failed");
    expect(en[1]).toBe("    … and 1 more (all of them: agent sync parked)");
  });

  test("nothing parked, or a service that sends no list: the count alone, as before", () => {
    for (const mainDb of [{ ...base, parkedBatches: 0, parked: [] }, { ...base, parkedBatches: 4 }]) {
      const notes = storeNotes(info(mainDb), "UTC");
      const at = notes.findIndex((l) => l.startsWith("  Отложенные пакеты: "));
      expect(notes[at + 1]).toStartWith("  Аренда у: ");
      expect(notes.join("\n")).not.toContain("agent sync parked");
    }
    expect(parkedLines(undefined, undefined, "UTC")).toEqual([]);
  });

  test("the picker's line: number, kind, id and reason", () => {
    expect(parkedPickItem(item)).toBe("№ 11 · из ЦОД (referral-statuses) demo-5-status-napr-999999 · NOT NULL constraint failed");
  });
});
