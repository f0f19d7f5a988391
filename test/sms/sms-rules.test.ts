/** The pure rules of the SMS channel: numbers, parts, quiet hours; and the per-channel rate limit. */
import { describe, expect, test } from "bun:test";
import { normalizeMobilePhone } from "../../src/sms/phone-number.ts";
import { planSms } from "../../src/sms/sms-segments.ts";
import { quietHours, smsSendWindow } from "../../src/sms/quiet-hours.ts";
import { TokenBucket } from "../../src/kernel/token-bucket.ts";
import { ManualClock } from "../../src/kernel/clock.ts";
import { setLanguage } from "../../src/messages/text.ts";

setLanguage("ru");

describe("phone numbers", () => {
  test("the spellings a MIS holds become +7…", () => {
    for (const raw of ["+7 916 123-45-12", "8 (916) 123-45-12", "89161234512", "79161234512", "9161234512", " +7(916)123.45.12 "]) {
      expect({ raw, got: normalizeMobilePhone(raw) }).toEqual({ raw, got: { ok: true, e164: "+79161234512" } });
    }
  });

  test("a bad number is refused with a clear reason that never shows the whole number", () => {
    const cases: [string, RegExp][] = [
      ["", /не указан/],
      ["8 916 123-45-12 доб. 5", /знаки, которых в номере не бывает/],
      ["916 12345", /в номере телефона 8 цифр/],
      ["8 (4712) 51-23-45", /не мобильный/],
      ["+44 20 7946 0958", /не российский/],
      ["+7 916 123 45 123", /11/],
    ];
    for (const [raw, reason] of cases) {
      const got = normalizeMobilePhone(raw);
      expect(got.ok).toBe(false);
      const text = (got as { reason: string }).reason;
      expect({ raw, text }).toEqual({ raw, text: expect.stringMatching(reason) });
      expect(text).not.toContain("4712512345");
      expect(text).not.toContain("7946");
    }
    expect((normalizeMobilePhone("8 (4712) 51-23-45") as { reason: string }).reason).toContain("+7********45");
  });
});

describe("parts (GSM 7-bit and UCS-2)", () => {
  test("Latin: 160 in one, 153 per part beyond; extension characters count two", () => {
    expect(planSms("a".repeat(160))).toMatchObject({ encoding: "gsm7", units: 160, parts: ["a".repeat(160)] });
    const p = planSms("a".repeat(161));
    expect(p.parts.map((x) => x.length)).toEqual([153, 8]);
    expect(planSms("{".repeat(80)).units).toBe(160);
    expect(planSms("{".repeat(81)).parts.length).toBe(2);
  });

  test("Cyrillic: 70 in one, 67 per part; parts join back to the text", () => {
    expect(planSms("я".repeat(70)).parts.length).toBe(1);
    const text = "Результат анализа готов. ".repeat(6);
    const p = planSms(text);
    expect(p.encoding).toBe("ucs2");
    expect(p.parts.length).toBe(Math.ceil(text.length / 67));
    expect(p.parts.every((x) => x.length <= 67)).toBe(true);
    expect(p.parts.join("")).toBe(text);
  });

  test("a part never splits a surrogate pair or an escape", () => {
    const text = "я".repeat(66) + "😀" + "я".repeat(10);
    const p = planSms(text);
    expect(p.parts[0]).toBe("я".repeat(66));
    expect(p.parts.join("")).toBe(text);
    const g = planSms("a".repeat(152) + "€" + "a".repeat(20));
    expect(g.parts[0]).toBe("a".repeat(152));
  });
});

describe("quiet hours in the clinic's zone", () => {
  const moscow = quietHours("21:00-9:00", "Europe/Moscow");
  const at = (iso: string) => Date.parse(iso);

  test("inside the window (after 21:00 and before 9:00 Moscow time) the answer is the next 9:00", () => {
    expect(smsSendWindow(moscow, at("2025-03-10T19:30:00Z"))).toEqual({ allowed: false, nextAt: at("2025-03-11T06:00:00Z") });
    expect(smsSendWindow(moscow, at("2025-03-10T02:00:00Z"))).toEqual({ allowed: false, nextAt: at("2025-03-10T06:00:00Z") });
    expect(smsSendWindow(moscow, at("2025-03-10T06:00:00Z"))).toEqual({ allowed: true });
    expect(smsSendWindow(moscow, at("2025-03-10T17:59:59Z"))).toEqual({ allowed: true });
    expect(smsSendWindow(moscow, at("2025-03-10T18:00:00Z")).allowed).toBe(false);
  });

  test("the clinic's zone decides, not the machine's: 21:00 in Yekaterinburg is 19:00 in Moscow", () => {
    const yekaterinburg = quietHours("21:00-9:00", "Asia/Yekaterinburg");
    expect(smsSendWindow(yekaterinburg, at("2025-03-10T16:30:00Z")).allowed).toBe(false);
    expect(smsSendWindow(moscow, at("2025-03-10T16:30:00Z")).allowed).toBe(true);
  });

  test("a window within one day, none, and across a DST change", () => {
    const lunch = quietHours("13:00-14:00", "Europe/Moscow");
    expect(smsSendWindow(lunch, at("2025-03-10T10:30:00Z"))).toEqual({ allowed: false, nextAt: at("2025-03-10T11:00:00Z") });
    expect(smsSendWindow(quietHours("", "Europe/Moscow"), at("2025-03-10T23:00:00Z"))).toEqual({ allowed: true });
    expect(smsSendWindow(quietHours("0:00-0:00", "Europe/Moscow"), at("2025-03-10T23:00:00Z"))).toEqual({ allowed: true });
    const berlin = quietHours("22:00-8:00", "Europe/Berlin");
    // The night of 29–30 March 2025 the clocks jump 2:00 → 3:00: 8:00 is then UTC+2.
    expect(smsSendWindow(berlin, at("2025-03-29T23:00:00Z"))).toEqual({ allowed: false, nextAt: at("2025-03-30T06:00:00Z") });
  });
});

describe("the token bucket (per-channel rate limit)", () => {
  test("a burst up to its capacity, then one token per 60/rate seconds", async () => {
    const clock = new ManualClock(0);
    const bucket = new TokenBucket(60, clock, 3);
    expect([bucket.tryTake(), bucket.tryTake(), bucket.tryTake(), bucket.tryTake()]).toEqual([true, true, true, false]);
    expect(bucket.msUntilToken()).toBe(1000);
    clock.advance(500);
    expect(bucket.tryTake()).toBe(false);
    clock.advance(500);
    expect(bucket.tryTake()).toBe(true);
    const slept: number[] = [];
    await bucket.take(async (ms) => {
      slept.push(ms);
      clock.advance(ms);
    });
    expect(slept).toEqual([1000]);
  });
});
