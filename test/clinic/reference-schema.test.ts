import { describe, expect, test } from "bun:test";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { referenceMigrations } from "../../src/clinic/migrations.ts";
import { statementsOf } from "../../src/clinic/reference-schema.ts";
import { DEMO_TABLE_ORDER } from "../../src/clinic/demo/generator.ts";
import type { TableInfo } from "../../src/clinic/catalog.ts";
import { firebirdFixture, sqliteFixture } from "../helpers/main-db.ts";

describe("the reference schema's migrations", () => {
  for (const engine of ["sqlite", "firebird"] as const) {
    test(`every file under migrations/maindb/${engine}/ is embedded, numbered in ascending order, unchanged`, () => {
      const folder = join("migrations", "maindb", engine);
      const files = readdirSync(folder).filter((f) => f.endsWith(".sql")).sort();
      const list = referenceMigrations[engine];
      expect(list.map((m) => `${m.name}.sql`)).toEqual(files);
      list.forEach((m, i) => {
        // Ascending, not necessarily contiguous: numbers are reserved per branch (0002 is another
        // branch's), and applyReferenceSchema applies what is missing by number.
        if (i > 0) expect(m.id).toBeGreaterThan(list[i - 1]!.id);
        expect(m.name.startsWith(String(m.id).padStart(4, "0"))).toBe(true);
        expect(m.sql).toBe(readFileSync(join(folder, `${m.name}.sql`), "utf8"));
      });
    });
  }

  test("both dialects have the same migrations, and statements split where they end", () => {
    expect(referenceMigrations.sqlite.map((m) => m.name)).toEqual(referenceMigrations.firebird.map((m) => m.name));
    expect(statementsOf("-- a comment; with a semicolon\nCREATE TABLE A (X INTEGER);\n\nCREATE TABLE B (\n  Y INTEGER\n);\n")).toEqual([
      "CREATE TABLE A (X INTEGER)",
      "CREATE TABLE B (\n  Y INTEGER\n)",
    ]);
  });
});

const fb = firebirdFixture();

describe.skipIf(Boolean(fb.skip))("the same schema on both engines", () => {
  test("every table has the same columns, kinds, scales and keys on SQLite and Firebird", async () => {
    const lite = await sqliteFixture.create({ capture: false });
    const bird = await fb.create({ capture: false });
    try {
      const shape = (t: TableInfo | undefined) =>
        t && {
          key: t.key,
          columns: t.columns.map((c) => ({ name: c.name, kind: c.kind === "textBlob" ? "text" : c.kind, scale: c.scale, nullable: c.nullable })),
        };
      for (const name of DEMO_TABLE_ORDER) {
        expect({ name, ...shape(await lite.engine.table(name)) }).toEqual({ name, ...shape(await bird.engine.table(name)) });
      }
    } finally {
      await lite.close();
      await bird.close();
    }
  }, 60_000);
});
