import { defineTexts, text } from "../text.ts";

/** The job «Обрезка БД лога». */
export const logTrimTexts = defineTexts("logTrim", {
  started: text<{ days: number; mb: number }>(
    (p) => `Начата обрезка БД лога: хранить ${p.days} дн., не более ${p.mb} МБ`,
    (p) => `Log DB trimming started: keep ${p.days} days, at most ${p.mb} MB`,
  ),
  finished: text<{ old: number; excess: number; texts: number; before: string; after: string }>(
    (p) => `Обрезка БД лога закончена. Удалено строк старше срока: ${p.old}, сверх размера: ${p.excess}; неиспользуемых текстов: ${p.texts}. Размер файла: ${p.before} МБ → ${p.after} МБ`,
    (p) => `Log DB trimming finished. Lines deleted for age: ${p.old}, for size: ${p.excess}; unused texts: ${p.texts}. File size: ${p.before} MB → ${p.after} MB`,
  ),
  summary: text<{ deleted: number; after: string }>(
    (p) => `удалено строк: ${p.deleted}, размер ${p.after} МБ`,
    (p) => `${p.deleted} lines deleted, size ${p.after} MB`,
  ),
});
