import { defineTexts, text } from "../text.ts";

/** Texts of the scheduler: fires skipped, catch-up runs, tasks not built. */
export const schedulerTexts = defineTexts("scheduler", {
  started: text<{ active: number; paused: number }>(
    (p) => `Планировщик запущен: активных заданий ${p.active}, приостановленных ${p.paused}`,
    (p) => `Scheduler started: ${p.active} active jobs, ${p.paused} paused`,
  ),
  skippedOverlap: text<{ job: string }>(
    (p) => `Задание «${p.job}»: запуск пропущен — предыдущий запуск ещё выполняется (далее пропуски этого запуска не записываются)`,
    (p) => `Job "${p.job}": fire skipped, the previous run is still going (further skips during this run are not logged)`,
  ),
  catchUp: text<{ job: string; missed: string }>(
    (p) => `Задание «${p.job}»: пропущен запуск в ${p.missed}, пока агент не работал — выполняю один раз сейчас`,
    (p) => `Job "${p.job}": the run due at ${p.missed} was missed while the agent was down; running it once now`,
  ),
  catchUpForbidden: text<{ job: string; missed: string }>(
    (p) => `Задание «${p.job}»: пропущен запуск в ${p.missed}, но сейчас запрещённое время — следующий запуск по расписанию`,
    (p) => `Job "${p.job}": the run due at ${p.missed} was missed, but now is a forbidden time; the next run is as scheduled`,
  ),
  notBuilt: text<{ jobs: string }>(
    (p) => `Задания не запускаются: их задачи ещё не реализованы в этой версии агента — ${p.jobs}`,
    (p) => `Jobs not run: their tasks are not built in this version of the agent yet — ${p.jobs}`,
  ),
  fireFailed: text<{ job: string; reason: string }>(
    (p) => `Задание «${p.job}»: запуск не удался: ${p.reason}`,
    (p) => `Job "${p.job}": the run could not start: ${p.reason}`,
  ),
});
