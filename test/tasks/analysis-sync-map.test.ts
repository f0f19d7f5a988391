import { describe, expect, test } from "bun:test";
import { comparePositions, freshItems, fromWire, highestPosition, toWire } from "../../src/tasks/analysis-sync/map.ts";
import type { StreamItem } from "../../src/cod/cod-client.ts";

const item = (position: string, id = `i${position}`): StreamItem => ({ position, id, changes: [{ table: "DOC_ANALYSIS", key: { ID: Number(position) || 1 }, op: "upsert", row: { ID: 1 } }] });

describe("the ЦОД mapping of the analysis sync", () => {
  test("values go on the wire as the protocol says and come back as the port takes them", () => {
    const bytes = new Uint8Array([0, 1, 2, 250]);
    const wire = toWire({
      table: "DOC_ANALYSIS",
      key: { ID: "9007199254740993" },
      op: "upsert",
      values: { ID: "9007199254740993", RESULT_AT: new Date("2025-05-14T13:50:00.123Z"), NORM: "12.50", FLOAT: 1.5, OK: true, NONE: null, PDF: bytes, DATE: "2025-05-14" },
    });
    expect(wire).toEqual({
      table: "DOC_ANALYSIS",
      key: { ID: "9007199254740993" },
      op: "upsert",
      row: { ID: "9007199254740993", RESULT_AT: "2025-05-14T13:50:00.123Z", NORM: "12.50", FLOAT: 1.5, OK: true, NONE: null, PDF: { base64: "AAEC+g==" }, DATE: "2025-05-14" },
    });
    const back = fromWire(wire);
    expect(back.values!.PDF).toEqual(bytes);
    expect(back.values!.RESULT_AT).toBe("2025-05-14T13:50:00.123Z");
    expect(toWire({ table: "T", key: { A: 1, B: 2 }, op: "delete", values: null })).toEqual({ table: "T", key: { A: 1, B: 2 }, op: "delete" });
    expect(fromWire({ table: "T", key: { A: 1 }, op: "delete" })).toEqual({ table: "T", op: "delete", key: { A: 1 } });
  });

  test("positions order as numbers when they are, else by length then text", () => {
    expect(comparePositions("9", "10")).toBeLessThan(0);
    expect(comparePositions("100000000000000000001", "100000000000000000000")).toBeGreaterThan(0);
    expect(comparePositions("b", "ab")).toBeLessThan(0);
    expect(comparePositions("ab", "ac")).toBeLessThan(0);
    expect(comparePositions("7", "7")).toBe(0);
    expect(highestPosition([null, "9", "12", "3"])).toBe("12");
  });

  test("items at or before the stored position, and repeats within a page, are not fresh", () => {
    const page = [item("3"), item("4"), item("4"), item("5"), item("5"), item("6", "i4")];
    expect(freshItems(page, "3")).toEqual({ fresh: [item("4"), item("5")], repeats: 4, last: "5" });
    expect(freshItems([item("1"), item("2")], null)).toEqual({ fresh: [item("1"), item("2")], repeats: 0, last: "2" });
    expect(freshItems([], "8")).toEqual({ fresh: [], repeats: 0, last: "8" });
  });
});
