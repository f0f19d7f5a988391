import { describe, expect, test } from "bun:test";
import { defaultJobs } from "../../src/scheduler/default-jobs.ts";
import { mkdirSync, readFileSync, statSync, writeFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { Database } from "bun:sqlite";
import { cli, SUPPORTED_MACHINE } from "../helpers/cli-harness.ts";
import { tempDir } from "../helpers/temp-dir.ts";
import { COMMANDS } from "../../src/cli/commands.ts";
import { GLOBAL_OPTIONS } from "../../src/cli/global-options.ts";
import { InstanceLock } from "../../src/store/instance-lock.ts";
import { instancePaths } from "../../src/platform/instance-paths.ts";
import { loadConfig } from "../../src/config/load.ts";
import { LogStore } from "../../src/logs/log-store.ts";
import { restrictNewFiles } from "../../src/platform/private-files.ts";
import { TASK_NAMES } from "../../src/tasks/catalog.ts";
import { IMPLEMENTED_TASKS } from "../../src/tasks/registry.ts";

/** A home folder like the one beside the binary, with its data folder ready. */
function home(): string {
  const dir = tempDir();
  mkdirSync(join(dir, "data"));
  return dir;
}

describe("help and usage", () => {
  test("agent --help lists every visible command and the exit codes", async () => {
    const r = await cli(["--help"], { home: home() });
    expect(r.code).toBe(0);
    for (const c of COMMANDS.filter((c) => !c.hidden && c.path.length > 0 && c.path[0] !== "once")) expect(r.stdout).toContain(`agent ${c.path.join(" ")}`);
    expect(r.stdout).toContain("agent --once TASK|JOB");
    expect(r.stdout).toContain("4 — не поддерживается");
  });

  test("every command has --help with its usage and options", async () => {
    for (const c of COMMANDS.filter((c) => c.path.length > 0)) {
      const r = await cli([...c.path, "--help"], { home: home() });
      expect({ command: c.path.join(" "), code: r.code }).toEqual({ command: c.path.join(" "), code: 0 });
      expect(r.stdout).toContain(`agent ${c.path.join(" ")}`);
      for (const o of c.options) expect(r.stdout).toContain(`--${o.name}`);
    }
  });

  test("no option is a flag in one command and takes a value in another", () => {
    const kinds = new Map<string, boolean>();
    for (const o of [...GLOBAL_OPTIONS, ...COMMANDS.flatMap((c) => c.options)]) {
      const takes = o.arg !== undefined;
      expect({ option: o.name, takesValue: kinds.get(o.name) ?? takes }).toEqual({ option: o.name, takesValue: takes });
      kinds.set(o.name, takes);
    }
  });

  test("--once --help lists the tasks and which are built", async () => {
    const r = await cli(["--once", "--help"], { home: home() });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("analysis-sync");
    expect(r.stdout).toContain("self-update");
  });

  test("--version prints the version without touching the data folder", async () => {
    const dir = tempDir();
    const r = await cli(["--version"], { home: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/агент \d+\.\d+\.\d+/);
    expect(readdirSync(dir)).toEqual([]);
  });

  test("an unknown command suggests the close one, exit 2", async () => {
    const r = await cli(["jbos"], { home: home() });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("Неизвестная команда «jbos»");
    expect(r.stderr).toContain("agent jobs");
  });

  test("an unknown option names the command's options, exit 2", async () => {
    const r = await cli(["logs", "--greep", "x"], { home: home() });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--greep");
    expect(r.stderr).toContain("--grep");
  });

  test("a missing option value says which, exit 2", async () => {
    const r = await cli(["logs", "--since"], { home: home() });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--since");
  });

  test("English on request", async () => {
    const r = await cli(["jbos", "--lang", "en"], { home: home() });
    expect(r.stderr).toContain('Unknown command "jbos"');
  });
});

describe("--once", () => {
  test("an unknown name lists the tasks and the jobs, exit 2", async () => {
    const r = await cli(["--once", "sync-everything"], { home: home() });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("analysis-sync");
    expect(r.stderr).toContain("Синхронизация анализов");
  });

  test("every task of the manual is built: --once --help lists them all without a 'not built' mark", async () => {
    expect(TASK_NAMES.filter((t) => !IMPLEMENTED_TASKS.has(t))).toEqual([]);
    const r = await cli(["--once", "--help"], { home: home() });
    expect(r.code).toBe(0);
    for (const t of TASK_NAMES) expect(r.stdout).toContain(t);
    expect(r.stdout).not.toContain("ещё не реализована");
  });

  test("a job name selects its task; without a main DB its run fails saying what to do, exit 1", async () => {
    const r = await cli(["--once", "Рассылка"], { home: home() });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("Запуск задачи mailing (задание «Рассылка почты и смс»)");
    expect(r.stderr).toContain("Главной базы");
    expect(r.stderr).toContain("agent db demo");
  });
});

describe("agent jobs", () => {
  test("the manual's jobs exist after the first start, with the manual's columns", async () => {
    const r = await cli(["jobs"], { home: home() });
    expect(r.code).toBe(0);
    for (const column of ["Имя задания", "Время начала", "Периодичность", "Опции", "Выполняется по дням", "Запрещено выполнять с", "Запрещено выполнять по", "Следующий запуск"]) {
      expect(r.stdout).toContain(column);
    }
    expect(r.stdout).toContain("Синхронизация анализов");
    expect(r.stdout).toContain("Каждые 5 минут");
    expect(r.stdout).toMatch(/Обновление агента из облака.*6:00:00\s+21:00:00/);
  });

  test("add, edit, pause, resume and remove, each validated", async () => {
    const h = home();
    let r = await cli(["jobs", "add", "--name", "Ночной бэкап", "--task", "backup", "--start", "01.01.2025 2:00", "--daily", "--option", "folder=/srv/b"], { home: h });
    expect(r.code).toBe(0);
    // The default jobs come first; the new one takes the next number.
    const id = String(defaultJobs().length + 1);
    expect(r.stdout).toContain(`Задание ${id} «Ночной бэкап» добавлено`);
    expect(r.stdout).toContain("Следующий запуск: 15.05.2025 2:00:00");

    r = await cli(["jobs", "add", "--name", "Ночной бэкап", "--task", "backup", "--start", "01.01.2025 2:00", "--daily"], { home: h });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("уже есть");

    r = await cli(["jobs", "edit", "Ночной", "--every", "2h", "--forbid", "8:00-20:00"], { home: h });
    expect(r.code).toBe(0);
    r = await cli(["jobs", "--format", "json"], { home: h });
    const job = r.stdout.split("\n").map((l) => JSON.parse(l)).find((j) => j.name === "Ночной бэкап");
    expect(job.periodicity).toEqual({ kind: "minutes", every: 120 });
    expect(job.forbidden).toEqual({ from: 8 * 3600, to: 20 * 3600 });
    expect(job.options).toEqual({ folder: "/srv/b" });

    r = await cli(["jobs", "pause", id], { home: h });
    expect(r.stdout).toContain("приостановлено");
    r = await cli(["jobs"], { home: h });
    expect(r.stdout).toMatch(/Ночной бэкап.*приостановлено/);
    r = await cli(["jobs", "resume", id], { home: h });
    expect(r.stdout).toContain("возобновлено");

    r = await cli(["jobs", "rm", id], { home: h });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--yes");
    r = await cli(["jobs", "rm", id], { home: h, interactive: true, answers: ["да"] });
    expect(r.code).toBe(0);
    r = await cli(["jobs", "rm", id, "--yes"], { home: h });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("не найдено");
  });

  test("a bad job is refused with every problem named, and nothing is saved", async () => {
    const h = home();
    const r = await cli(["jobs", "add", "--name", "x", "--task", "bakup", "--start", "31.02.2025", "--every", "0"], { home: h });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("bakup");
    expect(r.stderr).toContain("31.02.2025");
    expect(r.stderr).toContain("«0»");
    const list = await cli(["jobs", "--format", "tsv"], { home: h });
    // The header, the default jobs, nothing else.
    expect(list.stdout.split("\n")).toHaveLength(defaultJobs().length + 1);
  });

  test("an ambiguous part of a name asks for the number", async () => {
    const r = await cli(["jobs", "pause", "Синхрон"], { home: home() });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("нескольким заданиям");
  });
});

describe("agent logs", () => {
  function seed(h: string) {
    const { config } = loadConfig({ home: h, machineTimeZone: "Europe/Moscow", env: {}, overrides: [], readFile: () => undefined });
    const store = LogStore.open(instancePaths(config).logStore, { what: "log", agentVersion: "t", now: 0 });
    const t = Date.UTC(2025, 4, 14, 13, 50, 0);
    store.insert([
      { ts: t, service: "TSwapDataAnalysisThread", thread: 7176, level: "info", message: "Поток создан" },
      { ts: t + 1000, service: "TSwapDataAnalysisThread", thread: 7176, level: "error", message: "Ответ Сервера ЦОД не получен", fields: { task: "analysis-sync" } },
      { ts: t + 2000, service: "TSynchronizeAnalysisThread", thread: 7644, level: "info", message: "Начата передача данных в ЦОД" },
      { ts: t + 3000, service: "TSynchronizeAnalysisThread", thread: 7644, level: "info", message: "строка с\tтабуляцией" },
    ]);
    store.close();
  }

  test("the manual's form in TSV, in the clinic's zone", async () => {
    const h = home();
    await cli(["jobs"], { home: h });
    seed(h);
    const r = await cli(["logs", "--service", "TSwapDataAnalysisThread", "--format", "tsv"], { home: h });
    expect(r.code).toBe(0);
    expect(r.stdout.split("\n")).toEqual([
      "14.05.2025 16:50:00\tTSwapDataAnalysisThread\t7176\tПоток создан",
      "14.05.2025 16:50:01\tTSwapDataAnalysisThread\t7176\tОтвет Сервера ЦОД не получен",
    ]);
  });

  test("filters by Cyrillic text in any case, level, time range and thread", async () => {
    const h = home();
    await cli(["jobs"], { home: h });
    seed(h);
    const grep = await cli(["logs", "--grep", "цод", "--format", "tsv"], { home: h });
    expect(grep.stdout.split("\n")).toHaveLength(2);
    const errors = await cli(["logs", "--level", "error", "--format", "tsv"], { home: h });
    expect(errors.stdout).toContain("Ответ Сервера ЦОД не получен");
    expect(errors.stdout.split("\n")).toHaveLength(1);
    const range = await cli(["logs", "--since", "14.05.2025 16:50:02", "--until", "14.05.2025 16:50:02", "--format", "tsv"], { home: h });
    expect(range.stdout).toBe("14.05.2025 16:50:02\tTSynchronizeAnalysisThread\t7644\tНачата передача данных в ЦОД");
    const thread = await cli(["logs", "--thread", "7644", "--format", "tsv", "--limit", "1"], { home: h });
    expect(thread.stdout).toBe("14.05.2025 16:50:03\tTSynchronizeAnalysisThread\t7644\tстрока с\\tтабуляцией");
  });

  test("JSON carries the UTC instant, the local time with its offset, and the fields", async () => {
    const h = home();
    await cli(["jobs"], { home: h });
    seed(h);
    const r = await cli(["logs", "--level", "error", "--format", "json"], { home: h });
    const line = JSON.parse(r.stdout);
    expect(line).toMatchObject({ ts: "2025-05-14T13:50:01.000Z", local: "2025-05-14T16:50:01.000+03:00", level: "error", fields: { task: "analysis-sync" } });
  });

  test("a time it cannot read is explained, exit 2", async () => {
    const r = await cli(["logs", "--since", "last tuesday"], { home: home() });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("30m");
  });

  test("--follow prints new lines until stopped", async () => {
    const h = home();
    await cli(["jobs"], { home: h });
    seed(h);
    let stop: () => void = () => {};
    const running = cli(["logs", "--follow", "--format", "tsv"], { home: h, onWaitingForSignal: (s) => (stop = s) });
    await Bun.sleep(100);
    const { config } = loadConfig({ home: h, machineTimeZone: "Europe/Moscow", env: {}, overrides: [], readFile: () => undefined });
    const store = LogStore.open(instancePaths(config).logStore, { what: "log", agentVersion: "t", now: 0 });
    store.insert([{ ts: Date.UTC(2025, 4, 14, 14, 0), service: "TLISThread", thread: 1, level: "info", message: "Отправлено направлений 25 из 100" }]);
    store.close();
    await Bun.sleep(600);
    stop();
    const r = await running;
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Поток создан");
    expect(r.stdout).toContain("Отправлено направлений 25 из 100");
  });
});

describe("agent config", () => {
  test("check shows values and origins, masks secrets", async () => {
    const h = home();
    writeFileSync(join(h, "agent.toml"), `[cod]\nurl = "http://10.0.0.5:30102"\n`, { mode: 0o600 });
    const r = await cli(["config", "check"], { home: h, env: { AGENT_COD_TOKEN: "tok-1234567" } });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/cod\.url\s+"http:\/\/10\.0\.0\.5:30102"\s+файл /);
    expect(r.stdout).toMatch(/cod\.token\s+задан \(скрыт\)\s+окружение AGENT_COD_TOKEN/);
    expect(r.stdout).not.toContain("tok-1234567");
  });

  test("malformed TOML: exit 2, the file and the line named, the stores untouched", async () => {
    const h = home();
    writeFileSync(join(h, "agent.toml"), `[cod\nurl = 1\n`);
    const r = await cli(["jobs"], { home: h });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(join(h, "agent.toml"));
    expect(r.stderr).toMatch(/1:\d+/);
    expect(readdirSync(join(h, "data"))).toEqual([]);
  });

  test("a setting of the wrong type: exit 2, named by its path", async () => {
    const h = home();
    writeFileSync(join(h, "agent.toml"), `[cod]\ntimeout_seconds = "long"\n`);
    const r = await cli(["run"], { home: h });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("cod.timeout_seconds");
  });

  test("example prints even when the current config is broken", async () => {
    const h = home();
    writeFileSync(join(h, "agent.toml"), `garbage = = =`);
    const r = await cli(["config", "example"], { home: h });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("[maindb]");
  });

  test("reload without a running service says so", async () => {
    const r = await cli(["config", "reload"], { home: home() });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("не запущена");
  });
});

describe("the data folder and the stores", () => {
  test("a configured data folder that does not exist: exit 2, what to do", async () => {
    const h = tempDir();
    const r = await cli(["jobs", "--data-dir", join(h, "nowhere")], { home: h });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("mkdir -p");
    expect(readdirSync(h)).toEqual([]);
  });

  test("the default data folder is created, readable by the agent's user only", async () => {
    restrictNewFiles();
    const h = tempDir();
    const r = await cli(["jobs"], { home: h });
    expect(r.code).toBe(0);
    const root = join(h, "data", "main");
    expect(statSync(root).mode & 0o777).toBe(0o700);
    for (const f of readdirSync(root)) expect({ f, mode: statSync(join(root, f)).mode & 0o077 }).toEqual({ f, mode: 0 });
  });

  test("a second agent on the same instance: exit 3, naming the holder", async () => {
    const h = home();
    await cli(["jobs"], { home: h });
    const { config } = loadConfig({ home: h, machineTimeZone: "Europe/Moscow", env: {}, overrides: [], readFile: () => undefined });
    const lock = InstanceLock.acquire(instancePaths(config), "main", "run", "Europe/Moscow");
    try {
      const r = await cli(["run"], { home: h });
      expect(r.code).toBe(3);
      expect(r.stderr).toContain(`процесс ${process.pid} (run)`);
      const other = await cli(["run", "--instance", "second"], { home: h, onWaitingForSignal: (stop) => setTimeout(stop, 50) });
      expect(other.code).toBe(0);
    } finally {
      lock.release();
    }
  });

  test("a store from a newer agent: exit 4, the file untouched", async () => {
    const h = home();
    await cli(["jobs"], { home: h });
    const path = join(h, "data", "main", "agent.db");
    const db = new Database(path);
    db.exec("INSERT INTO schema_migrations VALUES (99, '0099_future', 'x', 0, '9.0.0'); PRAGMA wal_checkpoint(TRUNCATE);");
    db.close();
    const before = readFileSync(path);
    const r = await cli(["jobs"], { home: h });
    expect(r.code).toBe(4);
    expect(r.stderr).toContain("9.0.0");
    expect(readFileSync(path).equals(before)).toBe(true);
  });

  test("an unsupported machine: exit 4 with the reason", async () => {
    const r = await cli(["jobs"], { home: home(), facts: { ...SUPPORTED_MACHINE, cpuFlags: new Set(["sse2"]) } });
    expect(r.code).toBe(4);
    expect(r.stderr).toContain("agent-baseline");
  });
});
