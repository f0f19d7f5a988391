import { defineTexts, text } from "../text.ts";

/** Texts of the agent's SQLite files: the agent's store and the log store. */
export const storeTexts = defineTexts("store", {
  agentStore: text("хранилище агента", "the agent's store"),
  logStore: text("БД лога", "the log DB"),
  damaged: text<{ what: string; path: string; detail: string }>(
    (p) => `Файл ${p.path} (${p.what}) повреждён или не является базой SQLite (${p.detail}). Агент не заменяет его сам: восстановите файл из резервной копии или переименуйте его (mv ${p.path} ${p.path}.damaged), чтобы агент создал новый.`,
    (p) => `The file ${p.path} (${p.what}) is damaged or not a SQLite database (${p.detail}). The agent does not replace it by itself: restore it from a backup, or move it aside (mv ${p.path} ${p.path}.damaged) so that the agent creates a new one.`,
  ),
  unreadable: text<{ what: string; path: string; detail: string }>(
    (p) => `Не удалось открыть ${p.path} (${p.what}): ${p.detail}. Проверьте права доступа и что файл не открыт другой программой.`,
    (p) => `Could not open ${p.path} (${p.what}): ${p.detail}. Check its permissions and that no other program holds it.`,
  ),
  newerSchema: text<{ what: string; path: string; version: string; theirs: number; ours: number }>(
    (p) => `Файл ${p.path} (${p.what}) записан более новой версией агента (${p.version}, схема ${p.theirs}; эта версия знает схему до ${p.ours}). Файл не изменён. Запустите новую версию агента или восстановите копию, сделанную перед обновлением (файлы ${p.path}.pre-*.bak).`,
    (p) => `The file ${p.path} (${p.what}) was written by a newer agent (${p.version}, schema ${p.theirs}; this agent knows schemas up to ${p.ours}). It was left untouched. Run the newer agent, or restore the copy taken before the upgrade (files ${p.path}.pre-*.bak).`,
  ),
  migrationFailed: text<{ what: string; path: string; id: number; detail: string; backup: string }>(
    (p) => `Не удалось обновить схему ${p.path} (${p.what}) до версии ${p.id}: ${p.detail}. Изменения отменены${p.backup ? `; копия до обновления: ${p.backup}` : ""}.`,
    (p) => `Could not upgrade the schema of ${p.path} (${p.what}) to version ${p.id}: ${p.detail}. The change was rolled back${p.backup ? `; the copy from before: ${p.backup}` : ""}.`,
  ),
  migrationEdited: text<{ what: string; id: number }>(
    (p) => `Миграция ${p.id} (${p.what}) отличается от уже применённой: миграции нельзя менять после выпуска, только добавлять новые.`,
    (p) => `Migration ${p.id} (${p.what}) differs from the one applied: released migrations must never change, only new ones be added.`,
  ),
});
