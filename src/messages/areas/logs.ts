import { defineTexts, text } from "../text.ts";

/** Texts of the log itself: levels, the store falling over, `agent logs`. */
export const logTexts = defineTexts("logs", {
  levelDebug: text("отладка", "debug"),
  levelInfo: text("инфо", "info"),
  levelWarn: text("предупреждение", "warning"),
  levelError: text("ошибка", "error"),
  columnTime: text("Дата события", "Event time"),
  columnService: text("Имя сервиса", "Service"),
  columnId: text("ID", "ID"),
  columnLevel: text("Уровень", "Level"),
  columnComment: text("Комментарий", "Comment"),
  storeFailing: text<{ detail: string }>(
    (p) => `БД лога недоступна (${p.detail}): строки лога выводятся в stderr, запись в БД будет повторена.`,
    (p) => `The log DB is unavailable (${p.detail}): log lines go to stderr, writing to the DB will be retried.`,
  ),
  storeRecovered: text<{ from: string; to: string; late: number; lost: number }>(
    (p) => `БД лога была недоступна с ${p.from} по ${p.to}: ${p.late} строк записано с опозданием${p.lost > 0 ? `, ${p.lost} строк не сохранено в БД (они выведены в stderr)` : ""}.`,
    (p) => `The log DB was unavailable from ${p.from} to ${p.to}: ${p.late} lines were written late${p.lost > 0 ? `, ${p.lost} lines could not be kept in the DB (they went to stderr)` : ""}.`,
  ),
  badTime: text<{ option: string; got: string }>(
    (p) => `${p.option} ${p.got}: не понимаю время. Примеры: "14.05.2025 16:50", "2025-05-14T16:50", "30m", "2h", "3d", today, yesterday.`,
    (p) => `${p.option} ${p.got}: not a time I understand. Examples: "14.05.2025 16:50", "2025-05-14T16:50", "30m", "2h", "3d", today, yesterday.`,
  ),
  badLevel: text<{ got: string }>(
    (p) => `--level ${p.got}: допустимы debug, info, warn, error.`,
    (p) => `--level ${p.got}: use debug, info, warn or error.`,
  ),
  badFormat: text<{ got: string }>(
    (p) => `--format ${p.got}: допустимы table, tsv, json.`,
    (p) => `--format ${p.got}: use table, tsv or json.`,
  ),
  noLines: text("Строк, подходящих под условия, нет.", "No lines match."),
  noStoreYet: text<{ path: string }>(
    (p) => `БД лога ${p.path} ещё не создана: агент здесь не запускался.`,
    (p) => `The log DB ${p.path} does not exist yet: the agent has not run here.`,
  ),
});
