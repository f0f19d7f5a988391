import { afterAll, afterEach, beforeAll, describe, expect, test } from "bun:test";
import { storeMigrations } from "../../src/store/migrations.ts";
import { Database } from "bun:sqlite";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { CodSimulator } from "../../src/sim/cod/cod-simulator.ts";
import { signBinary } from "../../src/build/sign-update.ts";
import { signOffer } from "../../src/deploy/update-offer.ts";
import { ControlClient } from "../../src/control/control-client.ts";
import { loneBinary, runAgent, RunningAgent } from "../helpers/binary.ts";
import { buildAgent, sha256Of } from "../helpers/agent-builds.ts";
import { removeTempDir, tempDir } from "../helpers/temp-dir.ts";

/**
 * Self-update with real binaries: the agent under test (0.1.0, dist/agent)
 * runs as the installed service would (`agent service run`: the supervisor
 * and the agent it starts) against the ЦОД simulator, which offers binaries
 * built by the test: a good 0.2.0, and a 0.3.0 that migrates the store and
 * then never opens its control channel.
 */
const DEV_KEY = readFileSync("test/fixtures/dev-update-key.pem", "utf8");
const OTHER_KEY = readFileSync("test/fixtures/other-update-key.pem", "utf8");

let sim: CodSimulator;
let good: string;
let broken: string;

beforeAll(async () => {
  sim = await CodSimulator.start({ dataDir: tempDir("sim-update-") });
  good = await buildAgent({ version: "0.2.0" });
  // The broken version adds one migration after this build's last: the store it touches must come back as it was.
  const last = storeMigrations.at(-1)!;
  const next = String(last.id + 1).padStart(4, "0");
  broken = await buildAgent({
    version: "0.3.0",
    newFiles: { [`migrations/store/${next}_broken_version.sql`]: "CREATE TABLE broken_version_marker (x INTEGER);\n" },
    patches: [
      {
        file: "src/store/migrations.ts",
        find: `  { id: ${last.id}, name: "${last.name}", sql: m${last.name.slice(0, 4)} },`,
        replace: `  { id: ${last.id}, name: "${last.name}", sql: m${last.name.slice(0, 4)} },\n  { id: ${last.id + 1}, name: "${next}_broken_version", sql: mBroken },`,
      },
      {
        file: "src/store/migrations.ts",
        find: `import type { Migration } from "./migrator.ts";`,
        replace: `import type { Migration } from "./migrator.ts";\nimport mBroken from "../../migrations/store/${next}_broken_version.sql" with { type: "text" };`,
      },
      // The defect: the service comes up and migrates its store, but its control channel never opens.
      { file: "src/app/agent-service.ts", find: "    if (this.o.control !== false) {\n      this.stops.push(", replace: "    if (false) {\n      this.stops.push(" },
    ],
  });
}, 120_000);

afterAll(async () => {
  await sim.stop();
  for (const binary of [good, broken]) if (binary) removeTempDir(dirname(binary));
});

// Each test's folder holds two or three copies of a 100 MB binary: gone as soon as the test is.
const folders: string[] = [];
afterEach(() => {
  for (const dir of folders.splice(0)) removeTempDir(dir);
});

function lone(): { dir: string; agent: string } {
  const made = loneBinary();
  folders.push(made.dir);
  return made;
}

async function admin(method: string, path: string, body?: unknown): Promise<any> {
  const r = await fetch(`${sim.adminUrl}${path}`, { method, body: body === undefined ? undefined : JSON.stringify(body) });
  const json = await r.json();
  if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${JSON.stringify(json)}`);
  return json;
}

/** Offers a binary; `claimSha256` plays a mirror that announces another hash (signed, so that only the checksum is wrong). */
async function publish(binary: string, version: string, o: { key?: string; claimSha256?: string } = {}): Promise<void> {
  await admin("DELETE", "/admin/updates");
  const entry = await signBinary({ keyPem: o.key ?? DEV_KEY, binary, version, platform: "linux-x64", cpu: "avx2" });
  let { signature, sha256 } = entry;
  if (o.claimSha256) {
    sha256 = o.claimSha256;
    signature = signOffer({ ...entry, sha256 }, o.key ?? DEV_KEY);
  }
  await admin("PUT", "/admin/updates", { platform: "linux-x64", cpu: "avx2", version, file: binary, signature, sha256 });
}

async function offerCounts(): Promise<{ offered: number; downloaded: number }> {
  const [u] = (await admin("GET", "/admin/dump?what=updates")).updates;
  return { offered: u.offered, downloaded: u.downloaded };
}

/** The agent under test in a folder of its own, configured for the simulator, started as the service. */
async function installed(healthSeconds = 30): Promise<{ dir: string; agent: string; service: RunningAgent; original: string }> {
  const { dir, agent } = lone();
  writeFileSync(join(dir, "agent.toml"), `[cod]\nurl = "${sim.url}"\nmo_id = "1234"\ntoken = "t"\n\n[update]\nhealth_seconds = ${healthSeconds}\n`, { mode: 0o600 });
  const service = new RunningAgent(agent, ["service", "run"], { cwd: dir });
  await service.waitFor("Планировщик запущен");
  return { dir, agent, service, original: sha256Of(agent) };
}

async function status(dir: string): Promise<{ version: string; pid: number; supervised: boolean; stores: string } | undefined> {
  try {
    const client = await ControlClient.connect(join(dir, "data", "main", "control.sock"), "cli", 1000);
    try {
      return await client.request("status");
    } finally {
      client.close();
    }
  } catch {
    return undefined;
  }
}

async function waitForVersion(dir: string, version: string, timeoutMs = 30_000): Promise<{ pid: number; supervised: boolean; stores: string }> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const s = await status(dir);
    if (s?.version === version) return s;
    if (performance.now() > deadline) throw new Error(`version ${version} did not answer within ${timeoutMs} ms (last: ${JSON.stringify(s)})`);
    await Bun.sleep(100);
  }
}

function history(dir: string): { from_version: string; to_version: string; result: string; reason: string | null; detail: string | null }[] {
  const db = new Database(join(dir, "data", "main", "agent.db"), { readonly: true });
  try {
    return db.query<any, []>("SELECT from_version, to_version, result, reason, detail FROM update_history ORDER BY id").all();
  } finally {
    db.close();
  }
}

function schemaOf(dir: string): { newest: number; marker: boolean } {
  const db = new Database(join(dir, "data", "main", "agent.db"), { readonly: true });
  try {
    const newest = db.query<{ id: number }, []>("SELECT max(id) AS id FROM schema_migrations").get()!.id;
    const marker = db.query("SELECT 1 FROM sqlite_master WHERE name = 'broken_version_marker'").get() !== null;
    return { newest, marker };
  } finally {
    db.close();
  }
}

async function stop(service: RunningAgent): Promise<void> {
  service.signal("SIGTERM");
  expect(await service.exit(30_000)).toBe(0);
}

describe("self-update with real binaries under the supervisor", () => {
  test("a correct update is applied: the new binary in place, the service back on it, the outcome recorded; a crash after it is restarted", async () => {
    const { dir, agent, service, original } = await installed();
    expect((await waitForVersion(dir, "0.1.0")).supervised).toBe(true);
    await publish(good, "0.2.0");
    const once = await runAgent(agent, ["--once", "self-update"], { cwd: dir, timeoutMs: 60_000 });
    expect(once.code).toBe(0);
    expect(once.stderr).toContain("Доступна версия 0.2.0");
    expect(once.stderr).toContain("Обновление 0.1.0 → 0.2.0 подготовлено, хранилища скопированы.");
    const after = await waitForVersion(dir, "0.2.0");
    expect(after.stores).toBe("ok");
    await service.waitFor("Обновление 0.1.0 → 0.2.0 прошло проверку");
    await service.waitFor("Обновление 0.1.0 → 0.2.0 установлено: новая версия запустилась и прошла проверку.");
    expect(sha256Of(agent)).toBe(sha256Of(good));
    expect(sha256Of(join(dir, "agent.prev-main"))).toBe(original);
    expect(existsSync(join(dir, "agent.new-main"))).toBe(false);
    expect(existsSync(join(dir, "data", "main", "update", "backup", "agent.db"))).toBe(true);
    expect(history(dir)).toEqual([{ from_version: "0.1.0", to_version: "0.2.0", result: "applied", reason: null, detail: null }]);
    const shown = await runAgent(agent, ["service", "status"], { cwd: dir });
    expect(shown.stdout).toContain("Агент работает: процесс");
    expect(shown.stdout).toContain("версия 0.2.0");
    expect(shown.stdout).toMatch(/0\.1\.0 → 0\.2\.0 {2}applied/);
    // Now up to date: the next run finds nothing to do.
    const again = await runAgent(agent, ["--once", "self-update"], { cwd: dir, timeoutMs: 30_000 });
    expect([again.code, again.stderr]).toEqual([0, expect.stringContaining("установлена последняя версия 0.2.0")]);
    // A crash of the agent: the supervisor starts it again.
    process.kill(after.pid, "SIGKILL");
    await service.waitFor("Агент завершился с кодом");
    const restarted = await waitForVersion(dir, "0.2.0");
    expect(restarted.pid).not.toBe(after.pid);
    await stop(service);
  }, 120_000);

  test("a wrong checksum is refused: the file is deleted, nothing switched, the refusal recorded", async () => {
    const { dir, agent, service, original } = await installed();
    await publish(good, "0.2.0", { claimSha256: "0".repeat(64) });
    const once = await runAgent(agent, ["--once", "self-update"], { cwd: dir, timeoutMs: 60_000 });
    expect(once.code).toBe(1);
    expect(once.stderr).toContain(`контрольная сумма SHA-256 загруженного файла ${sha256Of(good)} не совпадает с заявленной ${"0".repeat(64)}`);
    expect((await offerCounts()).downloaded).toBe(1);
    expect(sha256Of(agent)).toBe(original);
    expect(existsSync(join(dir, "agent.new-main"))).toBe(false);
    expect((await status(dir))?.version).toBe("0.1.0");
    expect(history(dir).map((h) => [h.to_version, h.result, h.reason])).toEqual([["0.2.0", "refused", "checksum"]]);
    await stop(service);
  }, 120_000);

  test("a wrong signature is refused before anything is downloaded", async () => {
    const { dir, agent, service, original } = await installed();
    await publish(good, "0.2.0", { key: OTHER_KEY });
    const once = await runAgent(agent, ["--once", "self-update"], { cwd: dir, timeoutMs: 60_000 });
    expect(once.code).toBe(1);
    expect(once.stderr).toContain("подпись не подходит к ключу обновлений, встроенному в агент");
    expect(await offerCounts()).toEqual({ offered: 1, downloaded: 0 });
    expect(sha256Of(agent)).toBe(original);
    expect(history(dir).map((h) => [h.to_version, h.result, h.reason])).toEqual([["0.2.0", "refused", "signature"]]);
    await stop(service);
  }, 120_000);

  test("a binary that fails its health check is rolled back with the store restored, and not tried again", async () => {
    // The broken version never answers: the shortest deadline keeps the test short.
    const { dir, agent, service, original } = await installed(5);
    await publish(broken, "0.3.0");
    const once = await runAgent(agent, ["--once", "self-update"], { cwd: dir, timeoutMs: 60_000 });
    expect(once.code).toBe(0);
    await service.waitFor("Версия 0.3.0 не прошла проверку запуска: за 5 с канал управления не ответил", 30_000);
    await service.waitFor("Версия 0.3.0 откачена", 30_000);
    await waitForVersion(dir, "0.1.0");
    // The broken version did migrate the store (its one migration more) before failing; the copy from before is back.
    expect(service.stderr).toContain("Служба запущена: агент 0.3.0");
    expect(schemaOf(dir)).toEqual({ newest: storeMigrations.at(-1)!.id, marker: false });
    expect(sha256Of(agent)).toBe(original);
    await service.waitFor("Обновление до версии 0.3.0 откачено");
    const rows = history(dir);
    expect(rows.map((h) => [h.from_version, h.to_version, h.result, h.reason])).toEqual([["0.1.0", "0.3.0", "rolled_back", "health"]]);
    expect(rows[0]!.detail).toContain("канал управления не ответил");
    const logged = await runAgent(agent, ["logs", "--grep", "откачено", "--format", "tsv"], { cwd: dir });
    expect(logged.stdout).toContain("Обновление до версии 0.3.0 откачено");
    // The same version is offered again: skipped, the service keeps running.
    const again = await runAgent(agent, ["--once", "self-update"], { cwd: dir, timeoutMs: 30_000 });
    expect([again.code, again.stderr]).toEqual([0, expect.stringContaining("Версия 0.3.0 уже откатывалась")]);
    expect((await status(dir))?.version).toBe("0.1.0");
    await stop(service);
  }, 120_000);

  test("a build given the release key trusts that key only: an update signed with the development key is refused", async () => {
    const { createPublicKey } = await import("node:crypto");
    const { keyFingerprint } = await import("../../src/platform/update-key.ts");
    const pub = join(tempDir(), "release.pub.pem");
    writeFileSync(pub, createPublicKey(OTHER_KEY).export({ type: "spki", format: "pem" }) as string);
    const release = await buildAgent({ version: "0.1.0", updateKeyFile: pub });
    folders.push(dirname(release));
    const { dir } = lone();
    const agent = join(dir, "agent");
    writeFileSync(agent, readFileSync(release), { mode: 0o755 });
    const version = await runAgent(agent, ["version"], { cwd: dir });
    expect(version.stdout).toContain(`ключ подписи обновлений: ${keyFingerprint(readFileSync(pub, "utf8"))}\n`.trim());
    expect(version.stdout).not.toContain("разработческий");
    writeFileSync(join(dir, "agent.toml"), `[cod]\nurl = "${sim.url}"\nmo_id = "1234"\ntoken = "t"\n`, { mode: 0o600 });
    await publish(good, "0.2.0");
    const once = await runAgent(agent, ["--once", "self-update"], { cwd: dir, timeoutMs: 30_000 });
    expect(once.code).toBe(1);
    expect(once.stderr).toContain("подпись не подходит к ключу обновлений");
  }, 60_000);

  test("without the supervisor (agent run in a console) an update is found but not applied, and says why", async () => {
    const { dir, agent } = lone();
    writeFileSync(join(dir, "agent.toml"), `[cod]\nurl = "${sim.url}"\nmo_id = "1234"\ntoken = "t"\n`, { mode: 0o600 });
    await publish(good, "0.2.0");
    const once = await runAgent(agent, ["--once", "self-update"], { cwd: dir, timeoutMs: 30_000 });
    expect(once.code).toBe(1);
    expect(once.stderr).toContain("агент запущен не как установленная служба");
    expect((await offerCounts()).downloaded).toBe(0);
  }, 60_000);
});
