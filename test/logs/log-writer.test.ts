import { describe, expect, test } from "bun:test";
import { LogWriter, type LogTarget } from "../../src/logs/log-writer.ts";
import type { LogRecord } from "../../src/logs/log-record.ts";
import { ManualClock } from "../../src/kernel/clock.ts";
import { setLanguage } from "../../src/messages/text.ts";

class FlakyTarget implements LogTarget {
  written: LogRecord[] = [];
  failWith: Error | undefined;
  insert(records: readonly LogRecord[]): void {
    if (this.failWith) throw this.failWith;
    this.written.push(...records);
  }
}

const rec = (message: string, level: LogRecord["level"] = "info"): LogRecord => ({ ts: Date.UTC(2025, 4, 14, 13, 50), service: "agent", thread: null, level, message });

function setup(o: { echo?: boolean; maxPending?: number } = {}) {
  const target = new FlakyTarget();
  const clock = new ManualClock(Date.UTC(2025, 4, 14, 13, 50));
  const stderr: string[] = [];
  const writer = new LogWriter(target, {
    clock,
    zone: "Europe/Moscow",
    flushMs: 200,
    batchSize: 100,
    maxPending: o.maxPending,
    stderr: (t) => stderr.push(t),
    echoesToStderr: () => o.echo ?? false,
  });
  return { target, clock, stderr, writer };
}

async function until(condition: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error("condition not met in time");
    await Bun.sleep(10);
  }
}

describe("LogWriter", () => {
  setLanguage("ru");

  test("batches lines and writes them within the flush interval", async () => {
    const { target, writer } = setup();
    writer.append(rec("a"));
    writer.append(rec("b"));
    expect(target.written).toHaveLength(0);
    const started = performance.now();
    await until(() => target.written.length === 2);
    // The writer's own timer, not this test, decides the moment; 200 ms plus scheduling slack.
    expect(performance.now() - started).toBeLessThan(1000);
    writer.close();
  });

  test("an error is written at once, with everything before it", () => {
    const { target, writer } = setup();
    writer.append(rec("a"));
    writer.append(rec("сбой", "error"));
    expect(target.written.map((r) => r.message)).toEqual(["a", "сбой"]);
    writer.close();
  });

  test("a full batch is written without waiting", () => {
    const { target, writer } = setup();
    for (let i = 0; i < 100; i++) writer.append(rec(`l${i}`));
    expect(target.written).toHaveLength(100);
    writer.close();
  });

  test("close() writes what is pending", () => {
    const { target, writer } = setup();
    writer.append(rec("last words"));
    writer.close();
    expect(target.written.map((r) => r.message)).toEqual(["last words"]);
  });

  test("a failing store never throws to the caller: lines go to stderr and are written after recovery", () => {
    const { target, writer, stderr, clock } = setup();
    target.failWith = Object.assign(new Error("database or disk is full"), { code: "SQLITE_FULL" });
    writer.append(rec("первая", "error"));
    clock.advance(11);
    writer.append(rec("вторая", "error"));
    expect(writer.failing).toBe(true);
    expect(stderr[0]).toContain("БД лога недоступна (database or disk is full)");
    expect(stderr.filter((l) => l.includes("первая"))).toHaveLength(1);
    expect(stderr.some((l) => l.includes("вторая"))).toBe(true);

    target.failWith = undefined;
    clock.advance(60_000);
    expect(writer.flush()).toBe(true);
    expect(target.written.map((r) => r.message)).toEqual(["первая", "вторая"]);
    writer.close();
    expect(target.written.at(-1)!.message).toContain("БД лога была недоступна");
    expect(target.written.at(-1)!.level).toBe("warn");
    expect(writer.failing).toBe(false);
  });

  test("a burst of errors is written in a few transactions, none later than 10 ms", async () => {
    const { target, writer } = setup();
    let transactions = 0;
    const insert = target.insert.bind(target);
    target.insert = (records) => {
      transactions++;
      insert(records);
    };
    const real = { now: () => Date.now(), monotonic: () => performance.now() };
    const burst = new LogWriter(target, { clock: real, zone: "UTC", stderr: () => {}, echoesToStderr: () => false });
    for (let i = 0; i < 50; i++) burst.append(rec(`e${i}`, "error"));
    expect(transactions).toBe(1);
    await until(() => target.written.length === 50, 500);
    expect(transactions).toBe(2);
    burst.close();
    writer.close();
  });

  test("while failing, retries wait and back off instead of hammering the disk", () => {
    const { target, writer, clock } = setup();
    let attempts = 0;
    target.insert = () => {
      attempts++;
      throw new Error("database is locked");
    };
    writer.append(rec("x", "error"));
    writer.append(rec("y", "error"));
    writer.append(rec("z", "error"));
    expect(attempts).toBe(1);
    clock.advance(1_001);
    writer.flush();
    expect(attempts).toBe(2);
    clock.advance(1_001);
    writer.flush();
    expect(attempts).toBe(2);
    writer.close();
  });

  test("when lines already go to stderr, a failure does not print them twice", () => {
    const { target, writer, stderr } = setup({ echo: true });
    target.failWith = new Error("disk I/O error");
    writer.append(rec("однажды", "error"));
    expect(stderr.filter((l) => l.includes("однажды"))).toHaveLength(0);
    expect(stderr).toHaveLength(1);
    writer.close();
  });

  test("a long outage keeps the newest lines and counts the ones given up", () => {
    const { target, writer, clock } = setup({ maxPending: 3 });
    target.failWith = new Error("database or disk is full");
    for (const m of ["1", "2", "3", "4", "5"]) {
      writer.append(rec(m, "error"));
      clock.advance(11);
    }
    target.failWith = undefined;
    clock.advance(120_000);
    writer.flush();
    expect(target.written.map((r) => r.message).slice(0, 3)).toEqual(["3", "4", "5"]);
    writer.close();
    expect(target.written.at(-1)!.message).toContain("2 строк не сохранено");
  });
});
