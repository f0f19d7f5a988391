import { defineTexts, text } from "../text.ts";

/** Texts of runs: start, end, failures that belong to no thread. */
export const runnerTexts = defineTexts("runner", {
  runStarted: text<{ task: string; job: string; trigger: string }>(
    (p) => `Запуск задачи ${p.task}${p.job ? ` (задание «${p.job}»)` : ""}: ${p.trigger}`,
    (p) => `Run of the task ${p.task}${p.job ? ` (job "${p.job}")` : ""}: ${p.trigger}`,
  ),
  runFinished: text<{ task: string; result: string; seconds: string; summary: string }>(
    (p) => `Задача ${p.task} завершена (${p.result}) за ${p.seconds} с${p.summary ? `: ${p.summary}` : ""}`,
    (p) => `The task ${p.task} ended (${p.result}) in ${p.seconds} s${p.summary ? `: ${p.summary}` : ""}`,
  ),
  runFailed: text<{ task: string; reason: string }>(
    (p) => `Задача ${p.task} завершилась с ошибкой: ${p.reason}`,
    (p) => `The task ${p.task} failed: ${p.reason}`,
  ),
  resultOk: text("успешно", "ok"),
  resultFailed: text("с ошибкой", "failed"),
  resultCancelled: text("отменена", "cancelled"),
  triggerSchedule: text("по расписанию", "on schedule"),
  triggerCatchUp: text("догоняющий запуск после простоя", "catch-up after downtime"),
  triggerManual: text("запуск вручную", "started by hand"),
  triggerOnce: text("agent --once", "agent --once"),
  interrupted: text<{ count: number }>(
    (p) => `Запусков, прерванных остановкой или сбоем прежней службы: ${p.count}`,
    (p) => `Runs interrupted when the previous service stopped or crashed: ${p.count}`,
  ),
  alreadyRunning: text<{ job: string }>(
    (p) => `Задание «${p.job}» уже выполняется: дождитесь конца запуска или остановите его поток.`,
    (p) => `The job "${p.job}" is already running: wait for the run to end or cancel its thread.`,
  ),
  threadsFailed: text<{ names: string }>(
    (p) => `Потоки с ошибкой: ${p.names}`,
    (p) => `Threads that failed: ${p.names}`,
  ),
});
