import { afterEach, beforeAll, describe, expect, test } from "bun:test";
import { defaultJobs } from "../../src/scheduler/default-jobs.ts";
import { join } from "node:path";
import { statSync } from "node:fs";
import { loneBinary, runAgent, RunningAgent } from "../helpers/binary.ts";
import { oldLogLines } from "../helpers/old-log-lines.ts";
import { hasTmux, TmuxSession } from "../helpers/tmux.ts";

/**
 * The terminal UI as an administrator meets it: the compiled binary alone in
 * an empty folder, in tmux, attached to a running `agent run`. Keys are typed
 * with send-keys and the screen read with capture-pane; every wait polls the
 * screen against a deadline.
 */

const sessions: TmuxSession[] = [];
const services: RunningAgent[] = [];

afterEach(async () => {
  for (const s of sessions.splice(0)) s.kill();
  for (const s of services.splice(0)) {
    s.signal("SIGTERM");
    await s.exit();
  }
});

async function serviceAndUi(o: { oldLines?: number; term?: string; width?: number; height?: number } = {}) {
  const { dir, agent } = loneBinary();
  if (o.oldLines) {
    expect((await runAgent(agent, ["jobs"], { cwd: dir })).code).toBe(0);
    oldLogLines(dir, o.oldLines);
  }
  const service = new RunningAgent(agent, ["run"], { cwd: dir });
  services.push(service);
  await service.waitFor("Планировщик запущен");
  const ui = new TmuxSession("./agent", { cwd: dir, term: o.term, width: o.width, height: o.height });
  sessions.push(ui);
  await ui.waitFor("Статус сервера: Работает | Подключено клиентов: 1");
  return { dir, agent, service, ui };
}

/** Runs the log trimming job now and waits for its thread working in the thread manager. */
async function runTrimAndWatchItsThread(ui: TmuxSession): Promise<void> {
  await selectTrimJob(ui);
  ui.keys("r");
  await ui.waitFor("запущено");
  ui.keys("2");
  await ui.waitFor(/TTrimLogThread\s+log-trim\s+работает/);
}

/** Opens the selected job in the editor and types a new periodicity (the fourth field). */
async function typePeriodicity(ui: TmuxSession, shown: string, typed: string): Promise<void> {
  ui.keys("e");
  await ui.waitFor("Изменение задания");
  ui.keys("Down", "Down", "Down", "Enter");
  await ui.waitFor(`Периодичность: ${shown}`);
  ui.keys("C-u");
  ui.type(typed);
  ui.keys("Enter");
}

/** Narrows the job table to the log trimming job, so that it is the selected row. */
async function selectTrimJob(ui: TmuxSession): Promise<void> {
  ui.keys("1");
  await ui.answer("/", "Фильтр:", "Обрезка");
  await ui.waitFor((s) => s.includes("фильтр «Обрезка»") && !s.includes("ЛИС"));
}

describe.skipIf(!hasTmux() && process.env.CI !== "true")("the terminal UI (compiled binary in tmux, attached to agent run)", () => {
  beforeAll(() => {
    // CI installs tmux (.ci/run); there this suite must run, never skip.
    if (process.env.CI === "true") expect(hasTmux()).toBe(true);
  });

  test("a job run appears in the thread manager and in the log; the log filters by service and by Cyrillic text", async () => {
    const { ui } = await serviceAndUi({ oldLines: 300_000 });
    await ui.waitFor("Планировщик заданий");
    await selectTrimJob(ui);
    ui.keys("r");
    await ui.waitFor("Задание «Обрезка БД лога» запущено");
    ui.keys("2");
    await ui.waitFor(/TTrimLogThread\s+log-trim/);
    ui.keys("3");
    await ui.waitFor(/TTrimLogThread\s+\d+\s+Поток создан/);
    await ui.waitFor("Завершил работу", 30_000);

    // By service, picked from the list the log DB answers.
    ui.keys("s");
    await ui.waitFor("все службы");
    for (let i = 0; i < 5 && !/› TTrimLogThread/.test(ui.screen()); i++) {
      ui.keys("Down");
      await Bun.sleep(50);
    }
    ui.keys("Enter");
    const logRows = (screen: string) => screen.split("\n").filter((l) => /^\d\d\.\d\d\.\d{4} /.test(l));
    // The filter's summary may show a moment before the rows it selects replace the old ones.
    const byService = await ui.waitFor((s) => s.includes("служба: TTrimLogThread") && logRows(s).every((l) => l.includes("TTrimLogThread")));
    const rows = logRows(byService);
    expect(rows.length).toBeGreaterThan(3);
    expect(rows.every((l) => l.includes("TTrimLogThread"))).toBe(true);

    // By text: Cyrillic, another case than stored, over the whole log DB.
    ui.keys("c");
    await ui.waitFor("все строки");
    await ui.answer("/", "Фильтр:", "ОБРЕЗКА");
    const byText = await ui.waitFor("текст: «ОБРЕЗКА»");
    const textRows = byText.split("\n").filter((l) => /^\d\d\.\d\d\.\d{4} /.test(l));
    expect(textRows.length).toBeGreaterThan(0);
    // A row whose match lies beyond the screen's width ends cut with "…".
    expect(textRows.every((l) => /обрезк|Обрезк/.test(l) || l.trimEnd().endsWith("…"))).toBe(true);
    expect(textRows.some((l) => /обрезк|Обрезк/.test(l))).toBe(true);
  });

  test("follow mode pauses when the user moves up and resumes on End", async () => {
    const { dir, agent, ui } = await serviceAndUi();
    ui.keys("3");
    await ui.waitFor("слежение: новые строки внизу");
    ui.keys("Up");
    await ui.waitFor("слежение приостановлено");
    // A new line while paused: the view stays where the user is.
    expect((await runAgent(agent, ["jobs", "pause", "ЛИС"], { cwd: dir })).code).toBe(0);
    expect((await runAgent(agent, ["--once", "log-trim"], { cwd: dir })).code).toBe(0);
    await Bun.sleep(800);
    expect(ui.screen()).not.toContain("Поток разрушен");
    ui.keys("End");
    await ui.waitFor((s) => s.includes("слежение: новые строки внизу") && s.includes("Поток разрушен"));
    // Following again: the next run's lines arrive by themselves.
    expect((await runAgent(agent, ["--once", "log-trim"], { cwd: dir })).code).toBe(0);
    await ui.waitFor((s) => (s.match(/Поток разрушен/g) ?? []).length >= 2);
  });

  test("the log's other filters and actions: time range, level, next error, a line's details, TSV export", async () => {
    const { dir, agent, ui } = await serviceAndUi({ height: 40 });
    expect((await runAgent(agent, ["--once", "log-trim"], { cwd: dir })).code).toBe(0);
    // A problem in the log: the mailing job without a main DB fails, saying why.
    expect((await runAgent(agent, ["--once", "mailing"], { cwd: dir })).code).toBe(1);
    ui.keys("3");
    await ui.waitFor("Поток разрушен");
    await ui.answer("t", "Период:", "1h");
    await ui.waitFor(/с \d\d\.\d\d\.\d{4} \d{1,2}:\d\d:\d\d · слежение/);
    ui.keys("l");
    await ui.waitFor("Уровень не ниже");
    ui.keys("Down", "Down");
    await ui.waitFor("› предупреждение");
    ui.keys("Enter");
    await ui.waitFor("уровень: от «предупреждение»");
    // Only problems remain: the failed mailing run's lines.
    await ui.waitFor(/\[ошибка\] .*Главной базы/);
    expect(ui.screen()).not.toContain("Поток разрушен");
    ui.keys("n");
    await ui.waitFor("Дальше ошибок нет");
    ui.keys("Enter");
    await ui.waitFor("Строка лога");
    expect(ui.screen()).toMatch(/Уровень: (предупреждение|ошибка)/);
    ui.keys("Escape");
    await ui.waitFor((s) => !s.includes("Строка лога"));
    await Bun.sleep(60); // Escape alone, not the start of the next key's sequence
    ui.keys("c");
    await ui.waitFor("все строки");
    await ui.answer("x", "Выгрузить отфильтрованный лог (TSV) в файл:", "export.tsv");
    const done = await ui.waitFor(/Выгружено строк: \d+ в \S+export\.tsv/);
    const count = Number(/Выгружено строк: (\d+)/.exec(done)![1]);
    const file = Bun.file(join(dir, "export.tsv"));
    const lines = (await file.text()).split("\n").filter(Boolean);
    expect(lines).toHaveLength(count);
    expect(lines.some((l) => /\tTTrimLogThread\t\d+\tПоток создан$/.test(l))).toBe(true);
    expect(statSync(join(dir, "export.tsv")).mode & 0o777).toBe(0o600);
  });

  test("pause and resume a job; edit its schedule in the form and see the next run change", async () => {
    const { dir, agent, ui } = await serviceAndUi();
    await selectTrimJob(ui);
    await ui.waitFor(/Обрезка БД лога .*Один раз в день/);
    ui.keys("p");
    await ui.waitFor(/Обрезка БД лога .*приостановлено/);
    ui.keys("p");
    await ui.waitFor(/Обрезка БД лога .*активно/);

    await typePeriodicity(ui, "Один раз в день", "7");
    await ui.waitFor(/Изменение задания «Обрезка БД лога»[\s\S]*Периодичность\s+7/);
    ui.keys("F2");
    await ui.waitFor("Задание «Обрезка БД лога» сохранено");
    await ui.waitFor(/Обрезка БД лога .*Каждые 7 минут/);
    const jobs = (await runAgent(agent, ["jobs", "--format", "json"], { cwd: dir })).stdout.split("\n").filter(Boolean).map((l) => JSON.parse(l));
    const trim = jobs.find((j: { task: string }) => j.task === "log-trim");
    expect(trim.periodicity).toEqual({ kind: "minutes", every: 7 });
    expect(new Date(trim.nextRun).getTime() - Date.now()).toBeLessThanOrEqual(7 * 60_000);

    // A bad value is refused by the service; the form stays open and says why.
    await typePeriodicity(ui, "Каждые 7 минут", "0");
    ui.keys("F2");
    await ui.waitFor("Задание не сохранено:");
    ui.keys("Escape");
    await ui.waitFor((s) => !s.includes("Задание не сохранено:"));
  });

  test("add a job in the form, then delete it with confirmation", async () => {
    const { dir, agent, ui } = await serviceAndUi({ height: 40 });
    ui.keys("a");
    await ui.waitFor("Новое задание");
    ui.keys("Enter");
    await ui.waitFor("Имя задания: ");
    ui.type("Ночная обрезка");
    ui.keys("Enter", "Down", "Enter");
    await ui.waitFor("Задача: ");
    ui.type("log-trim");
    ui.keys("Enter", "C-s");
    await ui.waitFor("Задание «Ночная обрезка» сохранено");
    await ui.waitFor(/Ночная обрезка\s+Каждые 5 минут\s+активно/);
    expect((await runAgent(agent, ["jobs"], { cwd: dir })).stdout).toContain("Ночная обрезка");
    await ui.answer("/", "Фильтр:", "Ночная");
    await ui.waitFor((s) => s.includes("фильтр «Ночная»") && !s.includes("Обрезка БД лога"));
    ui.keys("d");
    await ui.waitFor("Удалить задание «Ночная обрезка»? y — да, n — нет");
    ui.keys("n");
    await ui.waitFor((s) => !s.includes("Удалить задание"));
    ui.keys("d");
    await ui.waitFor("Удалить задание «Ночная обрезка»?");
    ui.type("н"); // y in the Russian layout
    await ui.waitFor("Задание «Ночная обрезка» удалено");
    expect((await runAgent(agent, ["jobs"], { cwd: dir })).stdout).not.toContain("Ночная обрезка");
  });

  test("cancel a running thread from the thread manager", async () => {
    const { ui } = await serviceAndUi({ oldLines: 1_500_000 });
    await runTrimAndWatchItsThread(ui);
    ui.keys("c");
    await ui.waitFor(/Остановить поток \d+ \(TTrimLogThread\)\?/);
    ui.keys("y");
    await ui.waitFor(/TTrimLogThread\s+log-trim\s+остановлен/, 20_000);
    ui.keys("3");
    await ui.waitFor("Поток остановлен по требованию");
  });

  test("redraws on resize, from 80×24 up", async () => {
    const { ui } = await serviceAndUi({ width: 120, height: 30 });
    await ui.waitFor("1 Планировщик заданий │ 2 Менеджер потоков");
    ui.resize(80, 24);
    const small = await ui.waitFor((s) => s.split("\n")[0]!.includes("2 Потоки"));
    const lines = small.split("\n");
    expect(lines.every((l) => [...l].length <= 80)).toBe(true);
    expect(lines.some((l) => l.startsWith("Статус сервера: Работает | Подключено клиентов: 1"))).toBe(true);
    expect(small).toContain("Обрезка БД ло");
    ui.resize(160, 40);
    await ui.waitFor((s) => s.includes("4 Текущая конфигурация") && s.includes("Следующий запуск"));
  });

  test("hotkeys work in the Russian layout; quitting leaves the service running", async () => {
    const { dir, agent, ui, service } = await serviceAndUi({ height: 45 });
    ui.type("3"); // the number row is the same in both layouts
    await ui.waitFor("слежение: новые строки внизу");
    ui.type(","); // the key of «?» in the Russian layout
    await ui.waitFor("Клавиши: Логи");
    expect(ui.screen()).toContain("й = q");
    ui.keys("Escape");
    await ui.waitFor((s) => !s.includes("Клавиши: Логи"));
    ui.type("й");
    await ui.waitFor("[exited 0]");
    const status = await runAgent(agent, [], { cwd: dir });
    expect(status.stdout).toContain("Статус сервера: Работает | Подключено клиентов: 0");
    expect(service.stderr).not.toContain("Служба остановлена");
  });

  test("in English with --lang en; a service that stops is shown as gone, and q still quits", async () => {
    const { dir, service } = await serviceAndUi();
    const en = new TmuxSession("./agent --lang en", { cwd: dir });
    sessions.push(en);
    await en.waitFor("Server status: Running | Connected clients: 2 | attached to the service");
    await en.waitFor("1 Job scheduler │ 2 Thread manager │ 3 Logs");
    services.splice(services.indexOf(service), 1);
    service.signal("SIGTERM");
    expect(await service.exit()).toBe(0);
    await en.waitFor("Server status: No connection");
    await en.waitFor("The connection to the service was lost. q quits");
    en.keys("q");
    await en.waitFor("[exited 0]");
  });

  for (const term of ["xterm", "xterm-256color", "screen", "tmux-256color", "linux"]) {
    test(`renders Cyrillic and box drawing under TERM=${term}`, async () => {
      const { ui } = await serviceAndUi({ term });
      await ui.waitFor("1 Планировщик заданий │ 2 Менеджер потоков");
      ui.keys("?");
      const help = await ui.waitFor("Клавиши: Планировщик заданий");
      expect(help).toMatch(/┌─ \? ─+┐/);
      expect(help).toContain("запустить задание сейчас");
      ui.keys("Escape");
    await ui.waitFor((s) => !s.includes("Клавиши:"));
    ui.keys("5");
      await ui.waitFor("Хранилище агента (задания, запуски)");
      ui.keys("q");
      await ui.waitFor("[exited 0]");
    });
  }
});

describe.skipIf(!hasTmux() && process.env.CI !== "true")("the terminal UI without a running service (compiled binary in tmux)", () => {
  test("runs the service in this window, says so, and on quit asks what to do with running threads", async () => {
    const { dir, agent } = loneBinary();
    expect((await runAgent(agent, ["jobs"], { cwd: dir })).code).toBe(0);
    oldLogLines(dir, 1_500_000);
    const ui = new TmuxSession("./agent", { cwd: dir, width: 140 });
    sessions.push(ui);
    await ui.waitFor("служба запущена в этом окне");
    // A second agent run cannot start: this window holds the instance.
    const second = await runAgent(agent, ["run"], { cwd: dir });
    expect(second.code).toBe(3);
    expect(second.stderr).toContain("(ui)");
    // Another UI attaches to this window's service.
    const other = new TmuxSession("./agent", { cwd: dir, width: 140 });
    sessions.push(other);
    await other.waitFor("Подключено клиентов: 2 | подключено к службе");
    other.keys("q");
    await other.waitFor("[exited 0]");

    await runTrimAndWatchItsThread(ui);
    ui.keys("q");
    await ui.waitFor("Работает потоков: 1. w — дождаться их завершения и выйти, c — остановить их и выйти");
    ui.keys("Escape");
    await ui.waitFor((s) => !s.includes("Работает потоков"));
    ui.keys("q");
    await ui.waitFor("Работает потоков: 1");
    ui.keys("c");
    await ui.waitFor("[exited 0]", 20_000);
    // The lock is released and the log tells how the run ended.
    const logs = await runAgent(agent, ["logs", "--service", "TTrimLogThread", "--limit", "5"], { cwd: dir });
    expect(logs.stdout).toContain("Поток остановлен");
    const service = new RunningAgent(agent, ["run"], { cwd: dir });
    services.push(service);
    await service.waitFor("Планировщик запущен");
  });

  test("a terminal that goes away (SSH dropped) stops this window's service cleanly", async () => {
    const { dir, agent } = loneBinary();
    const ui = new TmuxSession("./agent", { cwd: dir });
    await ui.waitFor("служба запущена в этом окне");
    ui.kill();
    const deadline = performance.now() + 15_000;
    let logs = "";
    while (!logs.includes("Служба остановлена") && performance.now() < deadline) {
      await Bun.sleep(100);
      logs = (await runAgent(agent, ["logs", "--service", "agent", "--limit", "3"], { cwd: dir })).stdout;
    }
    expect(logs).toContain("Служба остановлена");
    expect(logs).not.toContain("аварийно");
    const service = new RunningAgent(agent, ["run"], { cwd: dir });
    services.push(service);
    await service.waitFor("Планировщик запущен");
  });

  test("agent demo: the main DB with demo data, the ЦОД simulator seeded, the jobs every minute — in the log; quits cleanly", async () => {
    const { dir } = loneBinary();
    const ui = new TmuxSession("./agent demo --dir show", { cwd: dir, width: 200, height: 40 });
    sessions.push(ui);
    await ui.waitFor("служба запущена в этом окне");
    await ui.waitFor(/ЦОД: http:\/\/127\.0\.0\.1:\d+ \(нет данных\)/);
    ui.keys("3");
    await ui.waitFor(/Демо: создана встроенная главная БД \//);
    await ui.waitFor(/Демо: в симулятор ЦОД положены для этой МО документы и статусы \(\d+\)/);
    await ui.waitFor(`Демо: задания (${defaultJobs().length}) переведены на запуск каждую минуту`);
    // Every task is built: the demo names none as missing.
    expect(ui.screen()).not.toContain("ещё не реализованы");
    ui.keys("1");
    await ui.waitFor(/Обрезка БД лога\s.*Каждые 1 минут/);
    ui.keys("q");
    // A job may be running (the demo fires every job each minute): then the UI asks, and "w" waits for it.
    const screen = await ui.waitFor((s) => s.includes("[exited 0]") || s.includes("w — дождаться их завершения и выйти"), 20_000);
    if (!screen.includes("[exited 0]")) ui.keys("w");
    await ui.waitFor("[exited 0]", 30_000);
  });
});
