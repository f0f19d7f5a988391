import { afterEach, describe, expect, test } from "bun:test";
import { chmodSync, chownSync, existsSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import { createConnection, createServer, type Server } from "node:net";
import { networkInterfaces } from "node:os";
import { join } from "node:path";
import Firebird from "node-firebird";
import { firebird } from "../helpers/firebird.ts";
import { firebirdFixture, type TestDb } from "../helpers/main-db.ts";
import { startService, type ServiceHarness } from "../helpers/service-harness.ts";
import { canMount, mountTmpfs } from "../helpers/tmpfs.ts";
import { tempDir } from "../helpers/temp-dir.ts";
import { fillDemo } from "../../src/clinic/demo/demo-writer.ts";
import { FirebirdEngine } from "../../src/clinic/firebird/firebird-engine.ts";
import { FirebirdServiceManager } from "../../src/clinic/firebird/service-manager.ts";
import { listSets } from "../../src/tasks/backup/backup-folder.ts";
import { sha256File } from "../../src/store/file-hash.ts";
import { DbCheckLog } from "../../src/store/db-checks.ts";

/**
 * The service jobs against the real Firebird 3 server: the server writes the
 * backup itself (services API), the copy is read back and restored, the
 * database is validated online, swept and its index statistics renewed.
 */
const fixture = firebirdFixture();

let cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c().catch(() => undefined);
  cleanup = [];
});

/** A temp folder is the test user's alone (0700): the server's user must be able to pass through it. */
function traversable(dir: string): string {
  chmodSync(dir, 0o711);
  return dir;
}

/** The Firebird server runs as its own user: a folder it may write into, as the README tells an administrator to make one. */
function serverWritableFolder(parent = traversable(tempDir("agent-fbbackup-"))): string {
  const folder = join(parent, "backups");
  mkdirSync(folder, { recursive: true });
  const gid = Number(/^firebird:[^:]*:(\d+):/m.exec(readFileSync("/etc/group", "utf8"))?.[1] ?? NaN);
  if (Number.isFinite(gid)) chownSync(folder, process.getuid?.() ?? 0, gid);
  chmodSync(folder, Number.isFinite(gid) ? 0o2770 : 0o777);
  return folder;
}

async function setup(o: { host?: string; port?: number; referrals?: number; folder?: string; options?: string[] } = {}): Promise<{ main: TestDb; s: ServiceHarness; folder: string }> {
  const main = await fixture.create();
  await fillDemo(main.engine, { referrals: o.referrals ?? 30, seed: 5, now: Date.UTC(2025, 4, 14) });
  const s = await startService({
    env: {
      AGENT_MAINDB_ENGINE: "firebird",
      AGENT_MAINDB_HOST: o.host ?? firebird!.host,
      AGENT_MAINDB_PORT: String(o.port ?? firebird!.port),
      AGENT_MAINDB_DATABASE: main.path,
      AGENT_MAINDB_USER: firebird!.user,
      AGENT_MAINDB_PASSWORD: firebird!.password,
    },
  });
  cleanup.push(async () => {
    await s.stop();
    await main.close();
  });
  const folder = o.folder ?? serverWritableFolder();
  s.setOptions("Бэкап", [`folder=${folder}`, ...(o.options ?? [])]);
  s.setOptions("Проверка восстановления из резервной копии", [`folder=${folder}`, ...(o.options ?? []).filter((x) => x.startsWith("server_folder="))]);
  return { main, s, folder };
}

async function openEngine(database: string, host = firebird!.host, port = firebird!.port): Promise<FirebirdEngine> {
  return FirebirdEngine.open({
    target: { host, port, database, user: firebird!.user, password: firebird!.password },
    charset: "auto",
    codepage: "WIN1251",
    zone: "Europe/Moscow",
    pool: { size: 1, connectTimeoutMs: 10_000, queryTimeoutMs: 60_000, lockTimeoutSeconds: 10 },
  });
}

async function userTables(engine: FirebirdEngine): Promise<string[]> {
  return engine.read(async (s) =>
    (await s.all("SELECT TRIM(RDB$RELATION_NAME) AS N FROM RDB$RELATIONS WHERE COALESCE(RDB$SYSTEM_FLAG, 0) = 0 AND RDB$VIEW_BLR IS NULL ORDER BY 1")).map((r) => String(r.N)),
  );
}

async function allRows(engine: FirebirdEngine, table: string): Promise<unknown[][]> {
  return engine.read((s) => s.values(`SELECT * FROM "${table}" ORDER BY 1`));
}

describe.skipIf(Boolean(fixture.skip))("the service jobs on Firebird", () => {
  test("backup: the server writes the copy; its checksum, the metadata read back; restored, it equals the database row for row", async () => {
    const { main, s, folder } = await setup();
    const outcome = await s.run("Бэкап");
    expect(outcome.result).toBe("ok");
    const [set] = listSets(folder);
    const entry = set!.manifest.files[0]!;
    expect(entry).toMatchObject({ role: "main", engine: "firebird", file: "main.fbk" });
    expect(entry.host).toBeUndefined();
    expect((await sha256File(join(set!.dir, "main.fbk"))).sha256).toBe(entry.sha256!);
    expect(entry.verified).toMatch(/^метаданные копии прочитаны обратно \(восстановлены во временную базу\): таблиц \d+$/);
    // The metadata check's temporary database is gone.
    expect(readdirSync(set!.dir).sort()).toEqual(["agent.db", "log.db", "main.fbk", "manifest.json"]);

    const restoredPath = join(firebird!.dir, `restored_${process.pid}_${Date.now()}.fdb`);
    const svc = await FirebirdServiceManager.attach({ host: firebird!.host, port: firebird!.port, database: restoredPath, user: firebird!.user, password: firebird!.password, charset: "UTF8" });
    await svc.restore(join(set!.dir, "main.fbk"), restoredPath);
    await svc.detach();
    const restored = await openEngine(restoredPath);
    try {
      const liveTables = await userTables(main.engine as FirebirdEngine);
      expect(await userTables(restored)).toEqual(liveTables);
      for (const table of liveTables) {
        // The lease row is renewed by the service's heartbeat after the copy was taken.
        if (table === "AGENT_LEASE") continue;
        const live = await allRows(main.engine as FirebirdEngine, table);
        expect({ table, rows: await allRows(restored, table) }).toEqual({ table, rows: live });
        expect({ table, count: entry.tables[table] }).toEqual({ table, count: live.length });
      }
    } finally {
      await restored.close();
      const db = (await Firebird.attachAsync({ host: firebird!.host, port: firebird!.port, database: restoredPath, user: firebird!.user, password: firebird!.password } as never)) as unknown as { dropAsync(): Promise<void> };
      await db.dropAsync();
    }
    const checks = new DbCheckLog(s.instance.store.orm).latest(["main"]);
    expect(checks.find((c) => c.kind === "backup")?.ok).toBe(true);
  }, 120_000);

  test("the restore check restores the copy on the server in full, validates and counts it, and drops it", async () => {
    const { s, folder } = await setup();
    expect((await s.run("Бэкап")).result).toBe("ok");
    const outcome = await s.run("Проверка восстановления из резервной копии");
    expect(outcome.result).toBe("ok");
    const [set] = listSets(folder);
    expect(set!.manifest.restoreCheck?.ok).toBe(true);
    expect(readdirSync(set!.dir).sort()).toEqual(["agent.db", "log.db", "main.fbk", "manifest.json"]);
    expect(s.messages("TRestoreCheckThread").some((m) => /^Главная база \(firebird\): восстанавливается: копия восстановлена во временную базу; онлайн-валидация: проверено таблиц \d+, проблем 0; таблиц \d+, строк \d+$/.test(m))).toBe(true);
  }, 120_000);

  test("validation: the server's online validation while the agent and the MIS are attached; a table the MIS holds is reported not checked, not damaged", async () => {
    const { main, s } = await setup();
    const mis = await main.mis();
    const tx = await mis.begin();
    await tx.run("UPDATE REF_LAB_TYPE SET NAME = NAME WHERE ID = 1");
    const outcome = await s.run("Валидация БД. Главная база");
    await tx.rollback();
    expect(outcome.result).toBe("ok");
    const check = new DbCheckLog(s.instance.store.orm).latest(["main"]).find((c) => c.kind === "validate")!;
    expect(check.summary).toMatch(/^онлайн-валидация: проверено таблиц [1-9]\d*, проблем 0, не проверено \(заняты\) 2$/);
    expect(check.findings).toEqual([
      "таблица REF_LAB_TYPE не проверена: её держали другие транзакции дольше 10 с; проверится в следующий раз",
      // The capture trigger wrote the MIS's change into the journal in the same transaction.
      "таблица AGENT_JOURNAL не проверена: её держали другие транзакции дольше 10 с; проверится в следующий раз",
    ]);
    expect(check.ok).toBe(true);
    // With the MIS's transaction over, every table is checked.
    expect((await s.run("Валидация БД. Главная база")).result).toBe("ok");
    const again = new DbCheckLog(s.instance.store.orm).latest(["main"]).find((c) => c.kind === "validate")!;
    expect(again.summary).toMatch(/^онлайн-валидация: проверено таблиц [1-9]\d*, проблем 0$/);
    expect(again.findings).toEqual([]);
  }, 60_000);

  test("maintenance: sweep, and index statistics that were stale are renewed", async () => {
    const { main, s } = await setup({ referrals: 5 });
    await main.engine.write((x) => x.run("CREATE TABLE STALE_STATS (ID INTEGER NOT NULL PRIMARY KEY, CODE INTEGER)"));
    await main.engine.write((x) => x.run("CREATE INDEX STALE_STATS_CODE ON STALE_STATS (CODE)"));
    await main.engine.write(async (x) => {
      for (let i = 1; i <= 200; i++) await x.run("INSERT INTO STALE_STATS (ID, CODE) VALUES (?, ?)", [i, i]);
    });
    const selectivity = async () =>
      Number((await main.engine.read((x) => x.all("SELECT RDB$STATISTICS AS S FROM RDB$INDICES WHERE RDB$INDEX_NAME = 'STALE_STATS_CODE'")))[0]!.S);
    expect(await selectivity()).toBe(0);
    const outcome = await s.run("Сервисное обслуживание баз данных FireBird/RedDataBase");
    expect(outcome.result).toBe("ok");
    expect(await selectivity()).toBeCloseTo(1 / 200, 5);
    const check = new DbCheckLog(s.instance.store.orm).latest(["main"]).find((c) => c.kind === "maintenance")!;
    expect(check.summary).toMatch(/^sweep выполнен; статистика пересчитана для индексов: \d+; транзакции: OIT \d+, OAT \d+, следующая \d+$/);
  }, 60_000);

  test("a folder the server cannot write into fails loudly, names the fix, and deletes nothing", async () => {
    // The path is open to the server's user up to the folder, which is the agent's alone.
    const parent = traversable(tempDir("agent-fbprivate-"));
    const folder = join(parent, "backups");
    mkdirSync(folder, { mode: 0o700 });
    const { s } = await setup({ folder });
    const outcome = await s.run("Бэкап");
    expect(outcome.result).toBe("failed");
    expect(outcome.errorKinds).toEqual(["firebirdservice.cannot-write"]);
    expect(s.failure("TBackupThread")).toContain("Сервер пишет файлы от имени своего пользователя (обычно firebird)");
    expect(s.failure("TBackupThread")).toContain(`chmod 2770 ${folder}/`);
    expect(readdirSync(folder)).toEqual([]);
  }, 60_000);
});

describe.skipIf(Boolean(fixture.skip) || !canMount)("a Firebird backup onto a full disk (tmpfs)", () => {
  test("the server's write fails, the run says the disk is full, the older backup stays whole", async () => {
    const parent = traversable(tempDir("agent-fbfull-"));
    const folder = join(parent, "backups");
    const gid = Number(/^firebird:[^:]*:(\d+):/m.exec(readFileSync("/etc/group", "utf8"))?.[1] ?? NaN);
    if (!mountTmpfs(folder, `size=4m,mode=2770,gid=${gid}`)) return;
    const { main, s } = await setup({ folder, options: ["keep=1"] });
    expect((await s.run("Бэкап")).result).toBe("ok");
    const [good] = listSets(folder);
    await main.engine.write((x) => x.run("CREATE TABLE BIG (ID INTEGER NOT NULL PRIMARY KEY, DATA BLOB SUB_TYPE 0)"));
    await main.engine.write(async (x) => {
      for (let i = 1; i <= 60; i++) await x.run("INSERT INTO BIG (ID, DATA) VALUES (?, ?)", [i, Buffer.from(crypto.getRandomValues(new Uint8Array(65_536)))]);
    });
    const outcome = await s.run("Бэкап");
    expect(outcome.result).toBe("failed");
    expect(s.failure("TBackupThread")).toContain("Нет места на диске");
    expect(listSets(folder).map((x) => x.name)).toEqual([good!.name]);
    expect(readdirSync(folder)).toEqual([good!.name]);
    for (const f of good!.manifest.files) expect((await sha256File(join(good!.dir, f.file))).sha256).toBe(f.sha256!);
  }, 120_000);
});

/** An address of this machine that is not loopback: through it, the local server looks like a server on another host. */
const otherAddress = Object.values(networkInterfaces())
  .flat()
  .find((a) => a && a.family === "IPv4" && !a.internal)?.address;
if (!otherAddress && !fixture.skip) console.warn("\n*** SKIPPED: Firebird on another host: this machine has no address but loopback to reach the server through ***\n");

describe.skipIf(Boolean(fixture.skip) || !otherAddress)("Firebird on another host", () => {
  /** A TCP forwarder on this machine's other address to the server on loopback. */
  async function forwarder(): Promise<{ port: number; server: Server }> {
    const server = createServer((client) => {
      const upstream = createConnection(firebird!.port, firebird!.host);
      client.pipe(upstream).pipe(client);
      client.on("error", () => upstream.destroy());
      upstream.on("error", () => client.destroy());
    });
    await new Promise<void>((resolve) => server.listen(0, otherAddress, resolve));
    cleanup.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
    return { port: (server.address() as { port: number }).port, server };
  }

  test("the copy is written on the server's host into server_folder; the log says so; the restore check goes through the server", async () => {
    const { port } = await forwarder();
    const serverFolder = serverWritableFolder();
    const { s, folder } = await setup({ host: otherAddress, port, options: [`server_folder=${serverFolder}`, "keep=1"] });
    expect((await s.run("Бэкап")).result).toBe("ok");
    const [set] = listSets(folder);
    const entry = set!.manifest.files[0]!;
    expect(entry).toMatchObject({ role: "main", engine: "firebird", host: otherAddress, sha256: null, bytes: null });
    expect(entry.file).toBe(`${serverFolder}/${set!.name}-main.fbk`);
    // The server is on this machine after all: the file is where the server was told to write it, and only the server's files are there.
    expect(readdirSync(serverFolder)).toEqual([`${set!.name}-main.fbk`]);
    expect(existsSync(join(set!.dir, "main.fbk"))).toBe(false);
    expect(s.lines.some((l) => l.service === "TBackupThread" && l.level === "warn" && l.message.startsWith(`Главную базу копирует сервер Firebird на ${otherAddress} в свою файловую систему`))).toBe(true);

    expect((await s.run("Проверка восстановления из резервной копии")).result).toBe("ok");
    expect(readdirSync(serverFolder)).toEqual([`${set!.name}-main.fbk`]);

    // keep=1: the next set replaces this one here; the old copy on the server's host is named, not deleted.
    await Bun.sleep(1_100);
    expect((await s.run("Бэкап")).result).toBe("ok");
    expect(listSets(folder)).toHaveLength(1);
    expect(existsSync(entry.file)).toBe(true);
    expect(s.messages("TBackupThread")).toContain(`Файл старой копии ${entry.file} на ${otherAddress} агент не удаляет: удалите его на сервере сами (или заданием на сервере).`);
  }, 120_000);

  test("without server_folder the job says where to set it", async () => {
    const { port } = await forwarder();
    const { s } = await setup({ host: otherAddress, port });
    const outcome = await s.run("Бэкап");
    expect(outcome.result).toBe("failed");
    expect(outcome.errorKinds).toEqual(["findings.config"]);
    expect(s.failure("TBackupThread")).toContain(`Firebird работает на другом компьютере (${otherAddress}): укажите в опции server_folder`);
  }, 60_000);
});
