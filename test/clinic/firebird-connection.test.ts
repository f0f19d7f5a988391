import { afterAll, describe, expect, test } from "bun:test";
import { setLanguage } from "../../src/messages/text.ts";
import { MainDbError } from "../../src/clinic/main-db-error.ts";
import { FirebirdEngine } from "../../src/clinic/firebird/firebird-engine.ts";
import { firebird, createTestDatabase } from "../helpers/firebird.ts";
import { firebirdFixture, drain } from "../helpers/main-db.ts";
import { PrivateFirebird, privateServerMissing } from "../helpers/firebird-private-server.ts";

/**
 * The connection to a Firebird server: it fails with a clear message, never
 * hangs, and comes back by itself — after the server restarts, the next run
 * works with no one touching the agent.
 */

setLanguage("en");
const fixture = firebirdFixture();
const pool = { size: 2, connectTimeoutMs: 3_000, queryTimeoutMs: 30_000, lockTimeoutSeconds: 30 };
/** Opens the engine against a target as `openMainDb` would, answering the error it fails with. */
const failOpening = (target: { host: string; port: number; database: string; user: string; password: string }) =>
  FirebirdEngine.open({ target, charset: "auto", codepage: "WIN1251", zone: "Europe/Moscow", pool }).then(
    (engine) => engine.close().then(() => undefined),
    (e: unknown) => e as MainDbError,
  ) as Promise<MainDbError>;
const referral = (id: number) => ({ ID: id, NUM: `Ц-${id}`, DOC_DATE: "2025-05-14", CREATED_AT: new Date("2025-05-14T07:00:00Z") });

const missing = privateServerMissing();
if (missing && process.env.CI === "true") throw new Error(`the server-restart test needs a private Firebird server: ${missing}`);
if (missing && !fixture.skip) console.warn(`\n*** SKIPPED: the server-restart test needs a private Firebird server: ${missing} ***\n`);

describe.skipIf(Boolean(fixture.skip) || Boolean(missing))("Firebird server restart", () => {
  let server: PrivateFirebird | undefined;
  afterAll(async () => {
    await server?.stop();
  });

  test("a run that loses the server fails with a clear message; after the restart the next run works", async () => {
    server = await PrivateFirebird.started();
    const t = await fixture.create({ server: server.server });
    try {
      const mis = await t.mis();
      await mis.run("INSERT INTO DOC_NAPR_ANALYSIS (ID, NUM, DOC_DATE, CREATED_AT) VALUES (1, 'Н-1', CAST('2025-05-14' AS VARCHAR(10)), CAST('2025-05-14 10:00:00' AS VARCHAR(24)))");
      await mis.close();

      // A statement waiting on the server (for a row the MIS has locked) when the server goes away.
      const locker = await t.mis();
      const lock = await locker.begin();
      await lock.run("UPDATE DOC_NAPR_ANALYSIS SET STATUS = 9 WHERE ID = 1");
      const waiting = t.db.applyIncoming([{ table: "DOC_NAPR_ANALYSIS", op: "upsert", values: { ID: 1, STATUS: 2 } }]).catch((e: unknown) => e);
      await Bun.sleep(300);
      await server.stop();
      const lost = (await waiting) as MainDbError;
      expect(lost).toBeInstanceOf(MainDbError);
      expect(lost.kind).toBe("lost");
      expect(lost.retryable).toBe(true);
      expect(lost.exitCode).toBe(1);
      expect(lost.message).toContain(`127.0.0.1:${server.port}`);
      expect(lost.message).toContain("the next run connects again");

      // While it is down: a clear refusal, promptly, not a hang.
      const down = (await t.db.readChanges({ limit: 10 }).catch((e: unknown) => e)) as MainDbError;
      expect(down).toBeInstanceOf(MainDbError);
      expect(["unreachable", "lost"]).toContain(down.kind);
      expect(down.message).not.toContain(server.server.password);

      await server.start();
      // The same agent, no restart: the next run works, and nothing was lost.
      const changes = await drain(t.db);
      expect(changes.map((c) => c.key.ID)).toEqual([1]);
      expect(changes[0]!.values!.STATUS).toBe(0);
      await t.db.applyIncoming([{ table: "DOC_NAPR_ANALYSIS", op: "upsert", values: { ID: 1, STATUS: 2 } }]);
      expect((await t.db.readRows("DOC_NAPR_ANALYSIS", [{ ID: 1 }]))[0]!.STATUS).toBe(2);
    } finally {
      await t.close();
    }
  }, 90_000);
});

describe.skipIf(Boolean(fixture.skip))("Firebird connection failures", () => {
  test("a server that does not answer: unreachable, exit 1, no password in the message", async () => {
    const error = await failOpening({ host: "127.0.0.1", port: 1, database: "/nowhere.fdb", user: "SYSDBA", password: "s3cret-pass" });
    expect(error).toBeInstanceOf(MainDbError);
    expect(error.kind).toBe("unreachable");
    expect(error.exitCode).toBe(1);
    expect(error.message).toContain("127.0.0.1:1");
    expect(error.message).not.toContain("s3cret-pass");
  });

  test("a wrong password or a missing database: what to fix, exit 2, no password in the message", async () => {
    const path = await createTestDatabase(firebird!, "UTF8");
    const wrong = await failOpening({ host: firebird!.host, port: firebird!.port, database: path, user: "SYSDBA", password: "not-the-password" });
    expect(wrong.reason).toBe("loginFailed");
    expect(wrong.exitCode).toBe(2);
    expect(wrong.message).toContain("AGENT_MAINDB_PASSWORD");
    expect(wrong.message).not.toContain("not-the-password");

    const absent = await failOpening({ host: firebird!.host, port: firebird!.port, database: `${firebird!.dir}/no-such.fdb`, user: firebird!.user, password: firebird!.password });
    expect(absent.reason).toBe("databaseNotFound");
    expect(absent.exitCode).toBe(2);
    expect(absent.message).toContain("maindb.database");
    expect(absent.message).not.toContain(firebird!.password);
  });

  test("a statement that outlives the query timeout fails as a timeout; the connection is dropped and the next call works", async () => {
    const t = await fixture.create({ queryTimeoutMs: 1_500 });
    try {
      await t.db.applyIncoming([{ table: "DOC_NAPR_ANALYSIS", op: "upsert", values: referral(1) }]);
      const locker = await t.mis();
      const lock = await locker.begin();
      await lock.run("UPDATE DOC_NAPR_ANALYSIS SET STATUS = 9 WHERE ID = 1");
      const error = (await t.db.applyIncoming([{ table: "DOC_NAPR_ANALYSIS", op: "upsert", values: { ID: 1, STATUS: 2 } }]).catch((e: unknown) => e)) as MainDbError;
      expect(error).toBeInstanceOf(MainDbError);
      expect(error.kind).toBe("timeout");
      expect(error.message).toContain("maindb.query_timeout_seconds");
      await lock.rollback();
      await locker.close();
      await t.db.applyIncoming([{ table: "DOC_NAPR_ANALYSIS", op: "upsert", values: { ID: 1, STATUS: 2 } }]);
      expect((await t.db.readRows("DOC_NAPR_ANALYSIS", [{ ID: 1 }]))[0]!.STATUS).toBe(2);
    } finally {
      await t.close();
    }
  }, 60_000);
});
