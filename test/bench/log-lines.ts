import type { LogRecord } from "../../src/logs/log-record.ts";

const SERVICES = ["TSynchronizeAnalysisThread", "TSwapDataAnalysisThread", "TLISThread", "TSendRasThread", "TSyncPDFThread", "agent", "TStatisticsThread"];

/**
 * A realistic mix of the manual's log lines: mostly fixed texts, some with
 * counts and durations, some with ids (referrals, batches) that make every
 * line distinct — about a fifth of all lines carry a text never seen before.
 */
export function* logLines(count: number, startTs: number, stepMs: number, seed = 42): Generator<LogRecord> {
  let state = seed;
  const rnd = (n: number) => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state % n;
  };
  for (let i = 0; i < count; i++) {
    const service = SERVICES[i % SERVICES.length]!;
    const kind = rnd(20);
    let message: string;
    let level: LogRecord["level"] = "info";
    switch (kind) {
      case 0: message = "Поток создан"; break;
      case 1: message = "Запускаю поток"; break;
      case 2: message = "Завершил работу"; break;
      case 3: message = "Поток разрушен"; break;
      case 4: message = "Начата передача данных в ЦОД"; break;
      case 5: message = `Закончена передача анализов в ЦОД. Всего передано [${rnd(500)}] записей, за время[${rnd(30)} с]`; break;
      case 6: message = `Получено [${rnd(20)}] статусов направлений на анализы`; break;
      case 7: message = "[Сервер ЦОД]: Новых направлений на анализы не найдено"; break;
      case 8: message = `[Сервер ЦОД]: Документов передано - ${rnd(50)}, обновлено статусов - ${rnd(50)}`; break;
      case 9: message = "Ответ Сервера ЦОД не получен"; level = "warn"; break;
      case 10: message = "[POST][10.0.0.5:30102]: соединение отклонено (ECONNREFUSED)"; level = "error"; break;
      case 11: message = `Ошибка отправки направления ${100000 + i}: OperationOutcome: не указан СНИЛС`; level = "error"; break;
      case 12: message = `Отправлено направлений ${rnd(100)} из 100`; break;
      case 13: message = `Пакет ${i} подтверждён ЦОД`; break;
      case 14: message = `Направление ${200000 + i} отправлено в ОДЛИ`; break;
      case 15: message = `Результат ${300000 + i} записан`; break;
      case 16: message = "Изменений таблиц не найдено или их количество меньше 1."; break;
      case 17: message = "[Сервер ЦОД]: Новых особых отметок на анализы не найдено!"; break;
      case 18: message = "Начата рассылка почты!"; break;
      default: message = "Остановка рассылки почты!"; break;
    }
    yield { ts: startTs + i * stepMs, service, thread: 1000 + (i % 97), level, message, fields: { task: "analysis-sync", run: i >> 8 } };
  }
}
