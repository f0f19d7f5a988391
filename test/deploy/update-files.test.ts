import { describe, expect, test } from "bun:test";
import { Database } from "bun:sqlite";
import { chmodSync, existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { compareVersions, signatureValid, signedText, signOffer, type UpdateOffer } from "../../src/deploy/update-offer.ts";
import { restoreBinary, switchBinary, type SwapStrategy } from "../../src/deploy/binary-swap.ts";
import { backupStores, restoreStores, schemaVersion } from "../../src/deploy/store-backup.ts";
import { updatePaths } from "../../src/deploy/update-transaction.ts";
import { DEV_UPDATE_PUBLIC_KEY, isDevelopmentKey, keyFingerprint, UPDATE_PUBLIC_KEY } from "../../src/platform/update-key.ts";
import { openSqliteFile } from "../../src/store/sqlite-file.ts";
import { tempDir } from "../helpers/temp-dir.ts";

const DEV_KEY = readFileSync("test/fixtures/dev-update-key.pem", "utf8");
const OTHER_KEY = readFileSync("test/fixtures/other-update-key.pem", "utf8");

function offer(fields: Partial<UpdateOffer> = {}, key = DEV_KEY): UpdateOffer {
  const base = { version: "0.2.0", platform: "linux-x64", cpu: "avx2" as const, size: 1234, sha256: "a".repeat(64), ...fields };
  return { ...base, signature: signOffer(base, key), download: "/api/v1/updates/linux-x64/avx2/0.2.0/binary" };
}

describe("update signatures (Ed25519)", () => {
  test("the signed text binds platform, CPU level, version, size and hash, one line each", () => {
    expect(signedText(offer())).toBe(`lab-agent update 1\nplatform=linux-x64\ncpu=avx2\nversion=0.2.0\nsize=1234\nsha256=${"a".repeat(64)}\n`);
  });

  test("a signature by the development key is valid for the key run from source; any change of a field breaks it", () => {
    expect(UPDATE_PUBLIC_KEY).toBe(DEV_UPDATE_PUBLIC_KEY);
    expect(isDevelopmentKey(UPDATE_PUBLIC_KEY)).toBe(true);
    const good = offer();
    expect(signatureValid(good, UPDATE_PUBLIC_KEY)).toBe(true);
    for (const change of [{ version: "0.3.0" }, { platform: "windows-x64" }, { cpu: "baseline" as const }, { size: 1235 }, { sha256: "b".repeat(64) }]) {
      expect({ change, valid: signatureValid({ ...good, ...change }, UPDATE_PUBLIC_KEY) }).toEqual({ change, valid: false });
    }
  });

  test("a signature by another key, or one that is not a signature, is refused", () => {
    expect(signatureValid(offer({}, OTHER_KEY), UPDATE_PUBLIC_KEY)).toBe(false);
    expect(signatureValid({ ...offer(), signature: "not base64 at all" }, UPDATE_PUBLIC_KEY)).toBe(false);
    expect(signatureValid({ ...offer(), signature: Buffer.alloc(64).toString("base64") }, UPDATE_PUBLIC_KEY)).toBe(false);
    expect(keyFingerprint(UPDATE_PUBLIC_KEY)).toMatch(/^[0-9a-f]{16}$/);
  });

  test("versions compare as numbers", () => {
    expect(compareVersions("0.10.0", "0.9.9")).toBeGreaterThan(0);
    expect(compareVersions("1.0.0", "1.0.0")).toBe(0);
    expect(compareVersions("0.1.2", "0.2.0")).toBeLessThan(0);
  });
});

describe("replacing the binary", () => {
  for (const strategy of ["link", "rename"] as SwapStrategy[]) {
    test(`${strategy}: the new binary takes the name and the old one's mode, the old one is kept, and can be put back`, () => {
      const dir = tempDir();
      const names = updatePaths({ root: join(dir, "data", "main") } as never, "main", join(dir, "agent"));
      expect([names.staged, names.previous]).toEqual([join(dir, "agent.new-main"), join(dir, "agent.prev-main")]);
      writeFileSync(join(dir, "agent"), "old");
      chmodSync(join(dir, "agent"), 0o750);
      writeFileSync(names.staged, "new", { mode: 0o600 });
      const n = { binary: join(dir, "agent"), staged: names.staged, previous: names.previous };
      switchBinary(n, strategy);
      expect([readFileSync(n.binary, "utf8"), readFileSync(n.previous, "utf8"), existsSync(n.staged)]).toEqual(["new", "old", false]);
      expect(statSync(n.binary).mode & 0o777).toBe(0o750);
      restoreBinary(n, strategy);
      expect([readFileSync(n.binary, "utf8"), existsSync(n.previous)]).toEqual(["old", false]);
    });
  }

  test("a staged binary that is missing is refused before anything is renamed", () => {
    const dir = tempDir();
    const n = { binary: join(dir, "agent.exe"), staged: join(dir, "agent.new-main.exe"), previous: join(dir, "agent.prev-main.exe") };
    expect(updatePaths({ root: dir } as never, "main", n.binary).staged).toBe(n.staged);
    writeFileSync(n.binary, "old");
    expect(() => switchBinary(n, "rename")).toThrow(/missing/);
    expect(readFileSync(n.binary, "utf8")).toBe("old");
  });
});

describe("store backups", () => {
  test("a copy of a live store (WAL included) is put back; the log DB only when its schema changed", () => {
    const dir = tempDir();
    const make = (name: string) => {
      const db = openSqliteFile(join(dir, name), { what: name });
      db.exec("CREATE TABLE schema_migrations (id INTEGER PRIMARY KEY); INSERT INTO schema_migrations VALUES (1); CREATE TABLE t (v TEXT); INSERT INTO t VALUES ('before');");
      return db;
    };
    const agent = make("agent.db");
    const log = make("log.db");
    const backups = backupStores(
      [
        { path: join(dir, "agent.db"), db: agent, restore: "always" },
        { path: join(dir, "log.db"), db: log, restore: "if-migrated" },
      ],
      join(dir, "backup"),
    );
    // The new version writes to both, and migrates only the agent's store.
    agent.exec("INSERT INTO t VALUES ('after'); INSERT INTO schema_migrations VALUES (2)");
    log.exec("INSERT INTO t VALUES ('after')");
    agent.close();
    log.close();
    expect(schemaVersion(join(dir, "agent.db"))).toBe(2);
    expect(restoreStores(backups)).toEqual([join(dir, "agent.db")]);
    const rows = (name: string) => new Database(join(dir, name), { readonly: true }).query<{ v: string }, []>("SELECT v FROM t").all().map((r) => r.v);
    expect([rows("agent.db"), schemaVersion(join(dir, "agent.db"))]).toEqual([["before"], 1]);
    expect(rows("log.db")).toEqual(["before", "after"]);
    expect(existsSync(join(dir, "agent.db-wal"))).toBe(false);
  });
});
