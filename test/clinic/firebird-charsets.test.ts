import { describe, expect, test } from "bun:test";
import { setLanguage } from "../../src/messages/text.ts";
import { MainDbError } from "../../src/clinic/main-db-error.ts";
import type { FirebirdEngine } from "../../src/clinic/firebird/firebird-engine.ts";
import { firebirdFixture, drain } from "../helpers/main-db.ts";

/**
 * Legacy character sets on a real Firebird server: a WIN1251 database, and
 * a NONE database holding CP1251 bytes as a Delphi program writes them.
 * Cyrillic must never turn into "�" and never be written back mangled: the
 * bytes on disk are checked, not only what the agent reads back.
 */

setLanguage("en");
const fixture = firebirdFixture();
const TEXT = "Ёлкина Щука Объёмовна — «анализ» №5, эритроциты 4,5×?";
const SAFE_TEXT = "Ёлкина Щука Объёмовна — «анализ» №5, эритроциты";
const cp1251 = (s: string) => {
  const decoder = new TextDecoder("windows-1251");
  const table = new Map<string, number>();
  for (let b = 0; b < 256; b++) table.set(decoder.decode(new Uint8Array([b])), b);
  return Buffer.from([...s].map((c) => table.get(c) ?? 0x3f));
};

/** The bytes the server stores for a text column (no transliteration on the way). */
async function storedBytes(mis: { all(sql: string, p?: unknown[]): Promise<Record<string, unknown>[]> }, table: string, column: string, id: number): Promise<Buffer> {
  const rows = await mis.all(`SELECT CAST(${column} AS VARCHAR(8000) CHARACTER SET OCTETS) AS B FROM ${table} WHERE ID = ?`, [id]);
  return rows[0]!.B as Buffer;
}

describe.skipIf(Boolean(fixture.skip))("Firebird character sets", () => {
  test("WIN1251 database: Cyrillic round trip through the agent, stored as CP1251 bytes; what CP1251 cannot hold is refused, not mangled", async () => {
    const t = await fixture.create({ charset: "WIN1251" });
    try {
      expect((t.engine as FirebirdEngine).databaseCharset).toBe("WIN1251");
      expect((t.engine as FirebirdEngine).connectionCharset).toBe("UTF8");
      await t.db.applyIncoming([{ table: "DOC_NAPR_ANALYSIS", op: "upsert", values: { ID: 1, NUM: "Н-1", DOC_DATE: "2025-05-14", CREATED_AT: new Date(), PATIENT_FIO: SAFE_TEXT, COMMENT_TEXT: SAFE_TEXT } }]);
      const [row] = await t.db.readRows("DOC_NAPR_ANALYSIS", [{ ID: 1 }]);
      expect(row!.PATIENT_FIO).toBe(SAFE_TEXT);
      const mis = await t.mis();
      expect(await storedBytes(mis, "DOC_NAPR_ANALYSIS", "PATIENT_FIO", 1)).toEqual(cp1251(SAFE_TEXT));

      // The MIS writes through its own WIN1251 connection; the agent reads it through the journal.
      const delphi = await t.mis({ charset: "WIN1251" });
      await delphi.run("INSERT INTO REG_MAILING (ID, CHANNEL, ADDRESS, BODY, CREATED_AT) VALUES (?, ?, ?, ?, CAST(? AS VARCHAR(24)))", [7, "sms", "+79161234567", SAFE_TEXT, "2025-05-14 10:00:00"]);
      await delphi.run("INSERT INTO DOC_NAPR_ANALYSIS (ID, NUM, DOC_DATE, CREATED_AT, PATIENT_FIO) VALUES (2, 'Н-2', CAST('2025-05-14' AS VARCHAR(10)), CAST('2025-05-14 10:00:00' AS VARCHAR(24)), ?)", [SAFE_TEXT]);
      const changes = await drain(t.db);
      expect(changes.map((c) => c.values!.PATIENT_FIO)).toEqual([SAFE_TEXT]);
      expect((await t.db.mailing.pending(5))[0]!.body).toBe(SAFE_TEXT);

      // The same with the connection in WIN1251 (maindb.charset = "WIN1251").
      const win = await t.reopen({ connectionCharset: "WIN1251" });
      expect((await win.readRows("DOC_NAPR_ANALYSIS", [{ ID: 2 }]))[0]!.PATIENT_FIO).toBe(SAFE_TEXT);
      await win.close();

      // "×" has no CP1251 byte: the server refuses it; nothing is written, nothing is mangled.
      const refused = await t.db.applyIncoming([{ table: "DOC_NAPR_ANALYSIS", op: "upsert", values: { ID: 1, PATIENT_FIO: TEXT } }]).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(MainDbError);
      expect((refused as MainDbError).message).toMatch(/transliterate/i);
      expect(await storedBytes(mis, "DOC_NAPR_ANALYSIS", "PATIENT_FIO", 1)).toEqual(cp1251(SAFE_TEXT));
      await mis.close();
      await delphi.close();
    } finally {
      await t.close();
    }
  }, 60_000);

  test("NONE database with CP1251 bytes: read and written in the code page, whatever the connection's charset", async () => {
    const t = await fixture.create({ charset: "NONE" });
    try {
      // auto: a NONE database is read in the code page (WIN1251).
      expect((t.engine as FirebirdEngine).connectionCharset).toBe("WIN1251");
      const delphi = await t.mis({ charset: "WIN1251" });
      const plain = await t.mis({ charset: "NONE" });
      await delphi.run("INSERT INTO DOC_NAPR_ANALYSIS (ID, NUM, DOC_DATE, CREATED_AT, PATIENT_FIO) VALUES (1, 'Н-1', CAST('2025-05-14' AS VARCHAR(10)), CAST('2025-05-14 10:00:00' AS VARCHAR(24)), ?)", [SAFE_TEXT]);
      expect(await storedBytes(plain, "DOC_NAPR_ANALYSIS", "PATIENT_FIO", 1)).toEqual(cp1251(SAFE_TEXT));

      const [change] = await drain(t.db);
      expect(change!.values!.PATIENT_FIO).toBe(SAFE_TEXT);
      await t.db.applyIncoming([
        { table: "DOC_NAPR_ANALYSIS", op: "upsert", values: { ID: 2, NUM: "Ц-2", DOC_DATE: "2025-05-14", CREATED_AT: new Date(), PATIENT_FIO: "Щукин Ёжик", COMMENT_TEXT: SAFE_TEXT } },
        { table: "REG_MAILING", op: "upsert", values: { ID: 1, CHANNEL: "email", ADDRESS: "a@example.ru", BODY: `Текст письма: ${SAFE_TEXT}`, CREATED_AT: new Date() } },
      ]);
      expect(await storedBytes(plain, "DOC_NAPR_ANALYSIS", "COMMENT_TEXT", 2)).toEqual(cp1251(SAFE_TEXT));
      // A text BLOB in NONE, read back in the code page.
      expect((await t.db.mailing.pending(5))[0]!.body).toBe(`Текст письма: ${SAFE_TEXT}`);

      // Connected in UTF8 instead (maindb.charset = "UTF8"), the catalog-driven paths — push, rows by
      // key, apply — still read and write NONE columns as CP1251 bytes. (The tasks' named queries read
      // text through the connection's charset: on a NONE database leave maindb.charset at auto; README.)
      const utf8 = await t.reopen({ connectionCharset: "UTF8" });
      expect((utf8.backend as FirebirdEngine).connectionCharset).toBe("UTF8");
      expect((await utf8.readRows("DOC_NAPR_ANALYSIS", [{ ID: 1 }]))[0]!.PATIENT_FIO).toBe(SAFE_TEXT);
      expect((await utf8.readRows("REG_MAILING", [{ ID: 1 }]))[0]!.BODY).toBe(`Текст письма: ${SAFE_TEXT}`);
      await utf8.applyIncoming([{ table: "DOC_NAPR_ANALYSIS", op: "upsert", values: { ID: 3, NUM: "Ц-3", DOC_DATE: "2025-05-14", CREATED_AT: new Date(), PATIENT_FIO: "Объёмов Пётр" } }]);
      expect(await storedBytes(plain, "DOC_NAPR_ANALYSIS", "PATIENT_FIO", 3)).toEqual(cp1251("Объёмов Пётр"));
      // Rows the agent applied are not journalled (no echo); the MIS touching them is.
      expect(await drain(utf8)).toEqual([]);
      await delphi.run("UPDATE DOC_NAPR_ANALYSIS SET STATUS = 1 WHERE ID IN (2, 3)");
      const changes = await drain(utf8);
      expect(changes.map((c) => c.values?.PATIENT_FIO)).toEqual(["Щукин Ёжик", "Объёмов Пётр"]);
      await utf8.close();
      await delphi.close();
      await plain.close();
    } finally {
      await t.close();
    }
  }, 60_000);

  test("a NONE column in a UTF8 database (a legacy column kept by a migration) is read in the code page", async () => {
    const t = await fixture.create({ charset: "UTF8" });
    try {
      const plain = await t.mis({ charset: "NONE" });
      await plain.run("ALTER TABLE REF_LAB_TYPE ADD OLD_NAME VARCHAR(100) CHARACTER SET NONE");
      t.engine.forgetCatalog();
      // The legacy program wrote CP1251 bytes into it.
      await plain.run("INSERT INTO REF_LAB_TYPE (ID, NAME, OLD_NAME) VALUES (1, 'x', ?)", [cp1251(SAFE_TEXT)]);
      const [change] = await drain(t.db);
      expect(change!.values!.OLD_NAME).toBe(SAFE_TEXT);
      await t.db.applyIncoming([{ table: "REF_LAB_TYPE", op: "upsert", values: { ID: 2, NAME: "Лаборатория", OLD_NAME: "Лаборатория №2" } }]);
      expect(await storedBytes(plain, "REF_LAB_TYPE", "OLD_NAME", 2)).toEqual(cp1251("Лаборатория №2"));
      await plain.close();
    } finally {
      await t.close();
    }
  }, 60_000);
});
