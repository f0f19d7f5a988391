import { jobTexts as J } from "../messages/areas/jobs.ts";
import { tuiTexts as T } from "../messages/areas/tui.ts";
import { LANGUAGES, say, type Text } from "../messages/text.ts";
import { formatTimeOfDay, formatWallClock, wallClockAt } from "../kernel/zoned-time.ts";
import type { Job, JobInput, TaskView } from "../api/agent-api.ts";
import type { Periodicity } from "../scheduler/job.ts";
import { daysText, optionsText, periodicityText } from "./job-table.ts";

export type JobFieldKey = "name" | "task" | "start" | "periodicity" | "days" | "forbid" | "options" | "paused";

/** One field of the job editor (the manual's job form): its label, current text and a hint of what it takes. */
export interface JobFormField {
  key: JobFieldKey;
  label: string;
  value: string;
  hint: string;
}

/** The editor's fields for a job, or for a new one (start: now, every 5 minutes, all days). */
export function jobFormFields(job: Job | undefined, tasks: readonly TaskView[], now: number, zone: string): JobFormField[] {
  const task = tasks.find((t) => t.name === job?.task);
  const taskNames = tasks.map((t) => `${t.name}${t.built ? "" : "*"}`).join(", ");
  const start = job ? formatWallClock(job.start) : formatWallClock({ ...wallClockAt(now, zone), second: 0 });
  return [
    { key: "name", label: say(T.fieldName), value: job?.name ?? "", hint: "" },
    { key: "task", label: say(T.fieldTask), value: job?.task ?? "", hint: taskNames },
    { key: "start", label: say(T.fieldStart), value: start, hint: say(T.hintStart) },
    { key: "periodicity", label: say(T.fieldPeriodicity), value: periodicityText(job?.periodicity ?? { kind: "minutes", every: 5 }), hint: say(T.hintPeriodicity) },
    { key: "days", label: say(T.fieldDays), value: daysText(job?.days ?? [1, 2, 3, 4, 5, 6, 7]), hint: say(T.hintDays) },
    { key: "forbid", label: say(T.fieldForbid), value: `${formatTimeOfDay(job?.forbidden.from ?? 0)}-${formatTimeOfDay(job?.forbidden.to ?? 0)}`, hint: say(T.hintForbid) },
    {
      key: "options",
      label: say(T.fieldOptions),
      value: optionsText(job?.options ?? {}),
      hint: task && task.options.length > 0 ? say(T.hintOptions, { names: task.options.join(", ") }) : say(T.hintNoOptions),
    },
    { key: "paused", label: say(T.fieldPaused), value: say(job?.paused ? T.yes : T.no), hint: say(T.hintPaused) },
  ];
}

/** Every spelling of a catalog text, in every language, folded for comparison. */
const spellings = (t: Text) => LANGUAGES.map((l) => say(t, undefined, l).toLowerCase());

/**
 * What the periodicity field says, as the job's input: the table's own words
 * (`Каждые 5 минут`, `Однократно`, `Один раз в день` …) in either language,
 * a number of minutes (`5`, `90m`, `2h`), `once` / `daily` / `weekly`, or a
 * cron expression (`*\/10 * * * *`, or `cron: …`).
 */
export function periodicityInput(text: string): Pick<JobInput, "every" | "once" | "daily" | "weekly" | "cron"> {
  const s = text.trim();
  const lower = s.toLowerCase();
  const every = /^(?:\S+\s+)?(\d+)\s*(m|min|мин|минут[аы]?|minutes?|h|ч|час(?:а|ов)?|hours?)?$/i.exec(s);
  if (every) {
    const hours = /^(h|ч|час|hour)/i.test(every[2] ?? "");
    return { every: hours ? every[1]! + "h" : every[1]! };
  }
  if (lower === "once" || spellings(J.once).includes(lower) || lower === "однократно") return { once: true };
  if (lower === "daily" || spellings(J.daily).includes(lower) || lower === "ежедневно") return { daily: true };
  if (lower === "weekly" || spellings(J.weekly).includes(lower) || lower === "еженедельно") return { weekly: true };
  const cron = /cron:\s*(.+)$/i.exec(s);
  return { cron: cron ? cron[1]!.trim() : s };
}

/** The same periodicity, whatever spelling: to tell whether the field was really changed. */
function samePeriodicity(a: Periodicity | undefined, input: ReturnType<typeof periodicityInput>): boolean {
  if (!a) return false;
  if (input.every !== undefined) return a.kind === "minutes" && String(a.every) === input.every;
  if (input.once) return a.kind === "once";
  if (input.daily) return a.kind === "daily";
  if (input.weekly) return a.kind === "weekly";
  return a.kind === "cron" && a.expression === input.cron;
}

/**
 * The job's input from the editor: for a new job every field, for an edit
 * only the fields that changed (the service validates and re-plans). Options
 * that disappeared from the field are sent as `key=` (removed).
 */
export function jobInputFromForm(fields: readonly JobFormField[], job: Job | undefined): JobInput {
  const value = (key: JobFieldKey) => fields.find((f) => f.key === key)?.value.trim() ?? "";
  const original = job ? jobFormFields(job, [], 0, "UTC") : undefined;
  const changed = (key: JobFieldKey) => !original || original.find((f) => f.key === key)!.value.trim() !== value(key);
  const input: JobInput = {};
  if (changed("name")) input.name = value("name");
  if (changed("task")) input.task = value("task");
  if (changed("start")) input.start = value("start");
  if (changed("periodicity")) {
    const p = periodicityInput(value("periodicity"));
    if (!samePeriodicity(job?.periodicity, p)) Object.assign(input, p);
  }
  if (changed("days")) {
    const days = value("days");
    input.days = spellings(J.allDays).includes(days.toLowerCase()) ? "all" : days;
  }
  if (changed("forbid")) input.forbid = value("forbid");
  if (changed("options")) {
    const pairs = value("options")
      .split(/;\s*/)
      .map((p) => p.trim())
      .filter(Boolean);
    const given = new Set(pairs.map((p) => p.split("=")[0]!.trim()));
    const removed = Object.keys(job?.options ?? {}).filter((k) => !given.has(k));
    input.options = [...pairs, ...removed.map((k) => `${k}=`)];
  }
  if (changed("paused")) input.paused = spellings(T.yes).includes(value("paused").toLowerCase()) || value("paused").toLowerCase() === "y";
  return input;
}
