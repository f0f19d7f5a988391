import { LogHub } from "../../src/logs/logger.ts";
import type { LogRecord } from "../../src/logs/log-record.ts";
import { SecretScrubber } from "../../src/privacy/secret-scrubber.ts";
import type { Clock } from "../../src/kernel/clock.ts";
import { systemClock } from "../../src/kernel/clock.ts";

/** A LogHub that keeps its lines in memory, for tests of what was logged and in what order. */
export function memoryLog(clock: Clock = systemClock): { hub: LogHub; lines: LogRecord[] } {
  const hub = new LogHub({ clock, zone: "Europe/Moscow", minLevel: "debug", scrubber: new SecretScrubber() });
  const lines: LogRecord[] = [];
  hub.subscribe((r) => lines.push(r));
  return { hub, lines };
}
