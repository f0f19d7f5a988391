import { defineTexts, text } from "../text.ts";

/** Texts of the simulators (`agent sim …`). */
export const simTexts = defineTexts("sim", {
  cmdSim: text("симуляторы внешних систем для испытаний и демонстрации", "simulators of the remote systems, for tests and demos"),
  cmdSimCod: text(
    "симулятор ЦОД на 127.0.0.1: протокол ЦОД, свой SQLite, счётчики и включаемые на ходу сбои",
    "a ЦОД simulator on 127.0.0.1: the ЦОД protocol, its own SQLite, counters and faults switched at run time",
  ),
  optPort: text("порт API (по умолчанию 0 — любой свободный)", "the API port (default 0: any free one)"),
  optAdminPort: text("порт администрирования: сбои, наполнение, выгрузка счётчиков (по умолчанию 0 — любой свободный)", "the admin port: faults, seeding, dumps of the counters (default 0: any free one)"),
  optData: text("папка хранилища симулятора (по умолчанию data/sim-cod рядом с программой)", "the simulator's store folder (default data/sim-cod beside the binary)"),
  optDemoMo: text(
    "положить в потоки этой МО демо-данные, как agent demo: документы других МО, статусы направлений 1–15 и результатов 1–10 (они есть в демо-базе agent db demo), особые отметки, и перечни анализов МО-исполнителей; хранилище, где у МО уже есть элементы, не пополняется",
    "seed this МО's streams with the demo data, as agent demo does: documents from other МО, statuses of referrals 1–15 and results 1–10 (the demo main DB of agent db demo has them), special marks, and the catalogs of the executing МО; a store that already holds items for the МО is left as it is",
  ),
  badDemoMo: text<{ got: string }>(
    (p) => `--demo-mo: «${p.got}» — не код МО (1–64 знака: латинские буквы, цифры, «.», «_», «:», «-»).`,
    (p) => `--demo-mo: "${p.got}" is not an МО code (1–64 characters: Latin letters, digits, ".", "_", ":", "-").`,
  ),
  codDemoSeeded: text<{ mo: string; items: number; catalogs: number }>(
    (p) => `Для МО ${p.mo} в потоки положены демо-данные: документы и статусы (${p.items}); перечни анализов МО-исполнителей: ${p.catalogs}.`,
    (p) => `The streams of МО ${p.mo} hold the demo data: documents and statuses (${p.items}); catalogs of executing МО: ${p.catalogs}.`,
  ),
  codDemoKept: text<{ mo: string; items: number }>(
    (p) => `В хранилище уже есть элементы для МО ${p.mo} (${p.items}): демо-данные повторно не кладутся.`,
    (p) => `The store already holds items for МО ${p.mo} (${p.items}): the demo data is not seeded again.`,
  ),
  badPort: text<{ option: string; got: string }>(
    (p) => `${p.option}: «${p.got}» — не номер порта (0–65535).`,
    (p) => `${p.option}: "${p.got}" is not a port number (0–65535).`,
  ),
  portBusy: text<{ port: number; detail: string }>(
    (p) => `Порт ${p.port} на 127.0.0.1 занят или недоступен (${p.detail}). Укажите другой (--port) или 0 — любой свободный.`,
    (p) => `The port ${p.port} on 127.0.0.1 is taken or not allowed (${p.detail}). Choose another (--port), or 0 for any free one.`,
  ),
  codListening: text<{ url: string; admin: string; data: string }>(
    (p) => `Симулятор ЦОД слушает ${p.url} (администрирование: ${p.admin}, хранилище: ${p.data}). Остановка: Ctrl+C.`,
    (p) => `The ЦОД simulator listens on ${p.url} (admin: ${p.admin}, store: ${p.data}). Stop it with Ctrl+C.`,
  ),
  codStopped: text("Симулятор ЦОД остановлен.", "The ЦОД simulator stopped."),
  cmdSimSms: text(
    "симулятор SMS-шлюза на 127.0.0.1: HTTP API SMSC.ru (отправка, статус, баланс), запись сообщений и включаемые на ходу сбои",
    "an SMS gateway simulator on 127.0.0.1: SMSC.ru's HTTP API (send, status, balance), a record of the texts and faults switched at run time",
  ),
  smsListening: text<{ url: string }>(
    (p) => `Симулятор SMS-шлюза (API SMSC.ru) слушает ${p.url} (администрирование: ${p.url}/admin/…). Остановка: Ctrl+C.`,
    (p) => `The SMS gateway simulator (SMSC.ru's API) listens on ${p.url} (admin: ${p.url}/admin/…). Stop it with Ctrl+C.`,
  ),
  smsStopped: text("Симулятор SMS-шлюза остановлен.", "The SMS gateway simulator stopped."),
});
