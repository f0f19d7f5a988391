import { defineTexts, text } from "../text.ts";

/** The job «Отправка статистики» (TStatisticsThread). */
export const statisticsTexts = defineTexts("statistics", {
  started: text<{ address: string; since: string }>(
    (p) => `Отправка статистики в ЦОД (${p.address}) за период с ${p.since}`,
    (p) => `Sending statistics to the ЦОД (${p.address}) for the period since ${p.since}`,
  ),
  sent: text<{ jobs: number; errors: number; kinds: number; updates: number; status: string }>(
    (p) => `Статистика отправлена: заданий ${p.jobs}, ошибок ${p.errors} (видов ${p.kinds}), исходов обновлений ${p.updates}; ЦОД: ${p.status}`,
    (p) => `Statistics sent: ${p.jobs} jobs, ${p.errors} errors (${p.kinds} kinds), ${p.updates} update outcomes; the ЦОД: ${p.status}`,
  ),
  mainDbDown: text<{ kind: string }>(
    (p) => `Главная база недоступна (${p.kind}): в статистике её очереди не указаны`,
    (p) => `The main DB is unavailable (${p.kind}): the statistics leave its queues out`,
  ),
  summary: text<{ errors: number; updates: number }>(
    (p) => `отправлено; ошибок за период ${p.errors}, исходов обновлений ${p.updates}`,
    (p) => `sent; ${p.errors} errors in the period, ${p.updates} update outcomes`,
  ),
});
