import { describe, expect, test } from "bun:test";
import { mkdirSync, writeFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { tempDir } from "../helpers/temp-dir.ts";
import { errorKind } from "../../src/kernel/error-kind.ts";
import { CodError } from "../../src/cod/cod-error.ts";
import { MainDbError } from "../../src/clinic/main-db-error.ts";
import { usageError } from "../../src/kernel/agent-error.ts";
import { fileProblem } from "../../src/store/file-problem.ts";
import { deepIndexes, gbakCounts, headerFacts, validationFindings } from "../../src/clinic/firebird/firebird-upkeep.ts";
import { buildReport, enumValue } from "../../src/tasks/statistics/report.ts";
import { listSets, newSetName, pruneSets, type Manifest } from "../../src/tasks/backup/backup-folder.ts";
import { setLanguage } from "../../src/messages/text.ts";

setLanguage("ru");

describe("error kinds: what the statistics count instead of texts", () => {
  test("a boundary's error is its area and kind; below them SQLite's and the file system's codes; else the exit code's kind", () => {
    expect(errorKind(new CodError("…", { kind: "refused", call: "push", address: "a:1", retryable: true }))).toBe("cod.refused");
    expect(errorKind(MainDbError.missingFile("/x"))).toBe("maindb.config");
    expect(errorKind(fileProblem(Object.assign(new Error("database or disk is full"), { code: "SQLITE_FULL" }), "/b"))).toBe("sqlite.full");
    expect(errorKind(fileProblem(Object.assign(new Error("EROFS: read-only file system"), { code: "EROFS" }), "/b"))).toBe("fs.erofs");
    expect(errorKind(usageError("Пациент Иванов Иван: плохая настройка"))).toBe("usage");
    expect(errorKind(new Error("Пациент Иванов Иван, тел. +79001234567"))).toBe("internal");
    expect(errorKind(new TypeError("x is undefined"))).toBe("internal");
  });
});

describe("Firebird tool output read by the upkeep", () => {
  test("gbak's verbose lines give rows per table", () => {
    const lines = ["gbak:    writing table T", "gbak:    writing data for table T", "gbak:100 records written", "gbak:    writing data for table EMPTY", "gbak:0 records written", "gbak:    writing data for table U", "gbak:1 record written"];
    expect(gbakCounts(lines, /writing data for table (.+)$/, /(\d+) records? written/)).toEqual({ T: 100, EMPTY: 0, U: 1 });
  });

  test("online validation: damage, warnings, and a table it could not lock (not damage)", () => {
    const lines = [
      "18:39:33.41 Validation started",
      "18:39:33.41 Relation 128 (T)",
      "18:39:33.41   process pointer page    0 of    1",
      "18:39:33.41 Relation 128 (T) is ok",
      "18:39:43.41 Relation 129 (BUSY)",
      "18:39:43.41 Acquire relation lock failed",
      "18:39:43.41 Relation 129 (BUSY) : 1 ERRORS found",
      "18:39:44.01 Relation 130 (BROKEN)",
      "18:39:44.01 Index 2 (BROKEN_IDX) : 3 ERRORS found",
      "18:39:44.01 Relation 130 (BROKEN) : 4 ERRORS found",
      "18:39:44.02 Relation 131 (OLD)",
      "18:39:44.02 Relation 131 (OLD) : 2 WARNINGS found",
      "18:39:44.02 Validation finished",
    ];
    expect(validationFindings(lines)).toEqual({
      relations: 3,
      problems: ["Index 2 (BROKEN_IDX) : 3 ERRORS found", "Relation 130 (BROKEN) : 4 ERRORS found"],
      warnings: ["Relation 131 (OLD) : 2 WARNINGS found"],
      busy: ["BUSY"],
    });
  });

  test("gstat: the header's transaction counters and the indexes deeper than 3", () => {
    expect(headerFacts(["\tOldest transaction\t104 ", "\tOldest active\t\t105 ", "\tNext transaction\t30200 "])).toEqual({ oit: 104, oat: 105, next: 30200 });
    const indexes = ["    Index RDB$PRIMARY1 (0)", "\tRoot page: 185, depth: 1, leaf buckets: 1, nodes: 100", "    Index BIG_IDX (1)", "\tRoot page: 190, depth: 4, leaf buckets: 9000, nodes: 9000000"];
    expect(deepIndexes(indexes)).toEqual([["BIG_IDX", 4]]);
  });
});

describe("the statistics report", () => {
  const base = {
    instance: "main",
    version: "0.1.0",
    platform: "linux-x64",
    cpu: "avx2" as const,
    startedAt: Date.UTC(2025, 4, 14, 6),
    now: Date.UTC(2025, 4, 14, 13, 50),
    from: Date.UTC(2025, 4, 14, 13, 35),
    backlog: { journal: 1, open_batches: 0, pdf_queue: null },
    parked: { batches: null },
    updates: [],
    mainDb: { engine: "sqlite", connected: true, size_bytes: 10, error_kind: null },
    checks: [],
  };

  test("counts runs per job by result and errors by kind; names the period's start in its id", () => {
    const r = buildReport({
      ...base,
      jobs: [{ id: 6, task: "backup", paused: false, built: true, lastRun: { startedAt: base.now - 1000, result: "failed", durationMs: 900 }, nextRun: base.now + 86_400_000 }],
      runs: [
        { jobId: 6, task: "backup", result: "failed", errorKinds: ["sqlite.full"] },
        { jobId: 6, task: "backup", result: "ok", errorKinds: [] },
        { jobId: null, task: "lis", result: "failed", errorKinds: ["cod.refused", "sqlite.full"] },
      ],
    });
    expect(r.report_id).toBe(`main-${base.from.toString(36)}`);
    expect(r.agent.uptime_seconds).toBe(7 * 3600 + 50 * 60);
    expect(r.jobs).toEqual([
      { job_id: 6, task: "backup", paused: false, built: true, last_result: "failed", last_run_at: new Date(base.now - 1000).toISOString(), last_duration_ms: 900, next_run_at: new Date(base.now + 86_400_000).toISOString(), runs: { failed: 1, ok: 1 } },
    ]);
    expect(r.errors).toEqual([
      { kind: "cod.refused", count: 1 },
      { kind: "sqlite.full", count: 2 },
    ]);
  });

  test("a value that is not a listed name never travels as it is", () => {
    expect(enumValue("checksum")).toBe("checksum");
    expect(enumValue("Иванов Иван")).toBe("other");
    expect(enumValue(null)).toBeNull();
  });
});

describe("the backup folder's sets", () => {
  const manifest = (): Manifest => ({ format: 1, createdAt: "2025-05-14T00:05:00Z", agentVersion: "0.1.0", instance: "main", files: [] });

  test("only complete sets count and are pruned, newest kept; a partial folder or a stranger's folder is never touched", () => {
    const folder = tempDir();
    for (const name of ["20250512T000500Z", "20250513T000500Z", "20250514T000500Z", "20250514T000500Z-2"]) {
      mkdirSync(join(folder, name));
      writeFileSync(join(folder, name, "manifest.json"), JSON.stringify(manifest()));
    }
    mkdirSync(join(folder, "20250515T000500Z.partial"));
    mkdirSync(join(folder, "20250501T000500Z")); // no manifest: not a set
    mkdirSync(join(folder, "my-own-copies"));
    expect(listSets(folder).map((s) => s.name)).toEqual(["20250514T000500Z-2", "20250514T000500Z", "20250513T000500Z", "20250512T000500Z"]);
    expect(pruneSets(folder, 2).deleted).toEqual(["20250513T000500Z", "20250512T000500Z"]);
    expect(readdirSync(folder).sort()).toEqual(["20250501T000500Z", "20250514T000500Z", "20250514T000500Z-2", "20250515T000500Z.partial", "my-own-copies"]);
  });

  test("a new set's name is its instant, made unique within the second", () => {
    const folder = tempDir();
    const at = Date.UTC(2025, 4, 14, 0, 5, 0, 123);
    expect(newSetName(folder, at)).toBe("20250514T000500Z");
    mkdirSync(join(folder, "20250514T000500Z.partial"));
    expect(newSetName(folder, at)).toBe("20250514T000500Z-2");
  });
});
