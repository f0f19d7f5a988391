import { defineTexts, text } from "../text.ts";

/** The life of a worker thread, word for word as the manual's log shows it. */
export const threadTexts = defineTexts("thread", {
  created: text("Поток создан", "Thread created"),
  starting: text("Запускаю поток", "Starting thread"),
  finished: text("Завершил работу", "Finished its work"),
  destroyed: text("Поток разрушен", "Thread destroyed"),
  cancelled: text("Поток остановлен по требованию администратора", "Thread stopped at the administrator's request"),
  cancelledShutdown: text("Поток остановлен: служба останавливается", "Thread stopped: the service is stopping"),
  failed: text<{ reason: string }>((p) => `Поток завершился с ошибкой: ${p.reason}`, (p) => `The thread failed: ${p.reason}`),
  stateCreated: text("создан", "created"),
  stateRunning: text("работает", "running"),
  stateFinished: text("завершён", "finished"),
  stateFailed: text("ошибка", "failed"),
  stateCancelled: text("остановлен", "cancelled"),
  notFound: text<{ id: number }>(
    (p) => `Потока ${p.id} нет среди работающих. Список потоков: agent threads`,
    (p) => `No running thread ${p.id}. The list of threads: agent threads`,
  ),
  cancelRequested: text<{ id: number; name: string }>(
    (p) => `Потоку ${p.id} (${p.name}) отправлен запрос на остановку: он остановится в ближайшей безопасной точке.`,
    (p) => `Thread ${p.id} (${p.name}) was asked to stop: it stops at its next safe point.`,
  ),
  columnName: text("Имя потока", "Thread"),
  columnTask: text("Задача", "Task"),
  columnState: text("Состояние", "State"),
  columnProgress: text("Прогресс", "Progress"),
  columnStarted: text("Начат", "Started"),
  columnElapsed: text("Длится", "Elapsed"),
  columnMessage: text("Последнее сообщение", "Last message"),
  progress: text<{ done: number; total: number }>((p) => `${p.done} из ${p.total}`, (p) => `${p.done} of ${p.total}`),
});
