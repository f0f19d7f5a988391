import { defineTexts, text } from "../text.ts";

/** The service's hold on the main database: opening it, the lease, losing it. */
export const mainDbAccessTexts = defineTexts("mainDbAccess", {
  opened: text<{ engine: string; where: string; lease: string }>(
    (p) => `Главная база открыта: ${p.engine}, ${p.where}; ${p.lease}`,
    (p) => `Main DB opened: ${p.engine}, ${p.where}; ${p.lease}`,
  ),
  leaseTaken: text("аренда главной базы получена: другой агент на этой базе будет остановлен", "main DB lease taken: another agent on this database will be refused"),
  noCapture: text(
    "журнал изменений не установлен (agent db capture install): синхронизация анализов с ЦОД не пойдёт, аренда не берётся",
    "the change journal is not installed (agent db capture install): analysis sync with the ЦОД cannot run, no lease is taken",
  ),
  missing: text<{ where: string }>(
    (p) => `Главной базы ${p.where} нет. Для пробы: agent db demo; для работы укажите базу МИС в разделе [maindb] настроек.`,
    (p) => `There is no main DB at ${p.where}. To try the agent: agent db demo; for real work point [maindb] at the MIS database.`,
  ),
  unavailable: text<{ detail: string }>(
    (p) => `Главная база недоступна: ${p.detail}. Задачи, которым она нужна, попробуют снова при следующем запуске.`,
    (p) => `The main DB is unavailable: ${p.detail}. The tasks that need it will try again at their next run.`,
  ),
  connecting: text(
    "подключение ещё идёт (сервер не ответил за несколько секунд); обновите вкладку позже",
    "still connecting (the server did not answer within a few seconds); refresh the tab later",
  ),
  leaseLost: text<{ detail: string }>(
    (p) => `Аренда главной базы потеряна: ${p.detail}. Служба останавливается, чтобы не писать в базу вдвоём.`,
    (p) => `The main DB lease was lost: ${p.detail}. The service stops so that two agents never write to the database.`,
  ),
});
