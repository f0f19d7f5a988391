import { Cron } from "croner";
import { jobTexts as J } from "../messages/areas/jobs.ts";
import { say } from "../messages/text.ts";
import { closestMatch } from "../kernel/closest-match.ts";
import { parseTimeOfDay, parseWallClock } from "../kernel/zoned-time.ts";
import { isTaskName, TASK_NAMES, TASKS, type TaskName } from "../tasks/catalog.ts";
import { ALL_DAYS, type ForbiddenWindow, type JobDefinition, type Periodicity, type Weekday } from "./job.ts";

/** A job as typed on the command line or in the UI's editor: every field text, every field optional. */
export interface JobInput {
  name?: string;
  task?: string;
  start?: string;
  /** `5`, `5m`, `2h`: every N minutes. */
  every?: string;
  once?: boolean;
  daily?: boolean;
  weekly?: boolean;
  cron?: string;
  days?: string;
  forbid?: string;
  /** `key=value` pairs; an empty value removes the option. */
  options?: readonly string[];
  paused?: boolean;
}

export type JobInputResult = { ok: true; job: JobDefinition } | { ok: false; errors: string[] };

/**
 * Validates a job's input, on top of an existing job when editing. Every
 * problem is reported at once, each naming the field to fix.
 */
export function buildJobDefinition(input: JobInput, base: JobDefinition | undefined): JobInputResult {
  const errors: string[] = [];
  const name = input.name?.trim() ?? base?.name ?? "";
  if (!name) errors.push(say(J.emptyName));

  let task: TaskName | undefined = base?.task;
  if (input.task !== undefined) {
    if (isTaskName(input.task)) task = input.task;
    else errors.push(say(J.unknownTask, { got: input.task, known: TASK_NAMES.join(", ") }));
  } else if (!task) errors.push(say(J.missingField, { option: "--task" }));

  let start = base?.start;
  if (input.start !== undefined) {
    const parsed = parseWallClock(input.start);
    if (parsed) start = parsed;
    else errors.push(say(J.badStart, { got: input.start }));
  } else if (!start) errors.push(say(J.missingField, { option: "--start" }));

  let periodicity: Periodicity | undefined = base?.periodicity;
  const chosen = [input.every !== undefined, input.once, input.daily, input.weekly, input.cron !== undefined].filter(Boolean).length;
  if (chosen > 1) errors.push(say(J.badEvery, { got: "--every/--once/--daily/--weekly/--cron" }));
  else if (input.every !== undefined) {
    const every = parseEvery(input.every);
    if (every) periodicity = { kind: "minutes", every };
    else errors.push(say(J.badEvery, { got: input.every }));
  } else if (input.once) periodicity = { kind: "once" };
  else if (input.daily) periodicity = { kind: "daily" };
  else if (input.weekly) periodicity = { kind: "weekly" };
  else if (input.cron !== undefined) {
    try {
      new Cron(input.cron, { paused: true });
      periodicity = { kind: "cron", expression: input.cron.trim() };
    } catch (error) {
      errors.push(say(J.badCron, { got: input.cron, detail: (error as Error).message }));
    }
  }
  if (!periodicity && chosen === 0) errors.push(say(J.missingField, { option: "--every / --once / --daily / --weekly / --cron" }));

  let days = base?.days ?? ALL_DAYS;
  if (input.days !== undefined) {
    const parsed = parseDays(input.days);
    if (parsed) days = parsed;
    else errors.push(say(J.badDays, { got: input.days }));
  }

  let forbidden = base?.forbidden ?? { from: 0, to: 0 };
  if (input.forbid !== undefined) {
    const parsed = parseForbidden(input.forbid);
    if (parsed) forbidden = parsed;
    else errors.push(say(J.badForbid, { got: input.forbid }));
  }

  let options: Record<string, unknown> = { ...(task === base?.task ? base?.options : {}) };
  if (task) {
    const result = parseOptions(task, options, input.options ?? []);
    if (result.ok) options = result.options;
    else errors.push(...result.errors);
  }

  if (errors.length > 0 || !task || !start || !periodicity) return { ok: false, errors };
  return { ok: true, job: { name, task, start, periodicity, days, forbidden, options, paused: input.paused ?? base?.paused ?? false } };
}

/** Applies `key=value` edits to a task's options, validating each like a config setting. */
export function parseOptions(
  task: TaskName,
  current: Readonly<Record<string, unknown>>,
  pairs: readonly string[],
): { ok: true; options: Record<string, unknown> } | { ok: false; errors: string[] } {
  const spec = TASKS[task].options;
  const options: Record<string, unknown> = {};
  const errors: string[] = [];
  // Options kept from before must still be valid for this task (the task may have changed).
  for (const [k, v] of Object.entries(current)) if (k in spec) options[k] = v;
  for (const pair of pairs) {
    const eq = pair.indexOf("=");
    const key = (eq < 0 ? pair : pair.slice(0, eq)).trim();
    const value = eq < 0 ? "" : pair.slice(eq + 1);
    const setting = spec[key];
    if (!setting) {
      const known = Object.keys(spec);
      const suggestion = closestMatch(key, known);
      errors.push(say(J.unknownOption, { task, got: key, known: suggestion ?? known.join(", ") }));
      continue;
    }
    if (value === "") {
      delete options[key];
      continue;
    }
    const parsed = setting.parse(value, true);
    if (parsed.ok) options[key] = parsed.value;
    else errors.push(say(J.badOption, { name: key, detail: parsed.error }));
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, options };
}

/** `5`, `5m`, `90min`, `2h`, `1d` → minutes. */
export function parseEvery(text: string): number | undefined {
  const m = /^\s*(\d+)\s*(m|min|мин|h|ч|d|д)?\s*$/i.exec(text);
  if (!m) return undefined;
  const n = Number(m[1]);
  const unit = (m[2] ?? "m").toLowerCase();
  const minutes = unit.startsWith("h") || unit === "ч" ? n * 60 : unit === "d" || unit === "д" ? n * 1440 : n;
  return minutes >= 1 && minutes <= 10080 ? minutes : undefined;
}

const DAY_NAMES: Record<string, Weekday> = {
  mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6, sun: 7,
  пн: 1, вт: 2, ср: 3, чт: 4, пт: 5, сб: 6, вс: 7,
};

/** `all`, `1-5`, `пн-пт`, `mon,wed,fri`, `1,3,5`. */
export function parseDays(text: string): Weekday[] | undefined {
  const s = text.trim().toLowerCase();
  if (s === "all" || s === "все" || s === "*") return [...ALL_DAYS];
  const day = (t: string): Weekday | undefined => {
    if (/^[1-7]$/.test(t)) return Number(t) as Weekday;
    return DAY_NAMES[t.slice(0, t.length >= 3 && /^[a-z]/.test(t) ? 3 : 2)];
  };
  const out = new Set<Weekday>();
  for (const part of s.split(/[,\s]+/).filter(Boolean)) {
    const range = part.split("-");
    if (range.length === 1) {
      const d = day(range[0]!);
      if (!d) return undefined;
      out.add(d);
    } else if (range.length === 2) {
      const a = day(range[0]!);
      const b = day(range[1]!);
      if (!a || !b) return undefined;
      // A range may wrap the week: сб-вт.
      for (let d = a; ; d = ((d % 7) + 1) as Weekday) {
        out.add(d);
        if (d === b) break;
      }
    } else return undefined;
  }
  return out.size > 0 ? [...out].sort() : undefined;
}

/** `6:00-21:00`, `22:00-6:00`, `none`, `0:00-0:00`. */
export function parseForbidden(text: string): ForbiddenWindow | undefined {
  const s = text.trim().toLowerCase();
  if (s === "none" || s === "нет" || s === "") return { from: 0, to: 0 };
  const m = /^(\d{1,2}:\d{2}(?::\d{2})?)\s*[-–—]\s*(\d{1,2}:\d{2}(?::\d{2})?)$/.exec(s);
  if (!m) return undefined;
  const from = parseTimeOfDay(m[1]!);
  const to = parseTimeOfDay(m[2]!);
  return from === undefined || to === undefined ? undefined : { from, to };
}
