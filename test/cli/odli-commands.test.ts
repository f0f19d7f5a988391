import { describe, expect, test } from "bun:test";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { cli } from "../helpers/cli-harness.ts";
import { tempDir } from "../helpers/temp-dir.ts";
import { loadConfig } from "../../src/config/load.ts";
import { AgentInstance } from "../../src/app/agent-instance.ts";
import { AgentService } from "../../src/app/agent-service.ts";
import { systemClock } from "../../src/kernel/clock.ts";
import { AgentApi } from "../../src/api/agent-api.ts";
import { ControlClient } from "../../src/control/control-client.ts";
import { setLanguage } from "../../src/messages/text.ts";
import { odliLines } from "../../src/presentation/odli-lines.ts";

/** `agent odli map …` as an administrator types it, on the embedded SQLite main DB with demo data. */
async function demoHome(): Promise<string> {
  const dir = tempDir();
  mkdirSync(join(dir, "data"));
  const demo = await cli(["db", "demo", "--size", "30", "--seed", "3"], { home: dir });
  expect(demo.code).toBe(0);
  return dir;
}

const MAP = "dictionary;local_code;odli_code;odli_name;version\nservices;A09.05.NEO;A09.05.023;Неоскрининг;124\nspecimens;DBS;37;;2.12\n";

describe("agent odli map", () => {
  test("unmapped lists the demo's unmapped codes; export writes a CSV that imports back; an import fills the gaps", async () => {
    const dir = await demoHome();
    const unmapped = await cli(["odli", "map", "unmapped"], { home: dir });
    expect(unmapped.code).toBe(0);
    expect(unmapped.stdout).toContain("A09.05.NEO");
    expect(unmapped.stdout).toContain("DBS");
    expect(unmapped.stdout).toContain("agent odli map import map.csv");
    const json = (await cli(["odli", "map", "unmapped", "--format", "json"], { home: dir })).stdout.split("\n").map((l) => JSON.parse(l));
    expect(json.map((u) => `${u.kind} ${u.localCode}`)).toEqual(["services A09.05.NEO", "specimens DBS", "tests PHE", "tests TSH"]);

    const exported = await cli(["odli", "map", "export"], { home: dir });
    expect(exported.code).toBe(0);
    const lines = exported.stdout.split("\n");
    expect(lines[0]).toBe("dictionary;local_code;odli_code;odli_name;version");
    expect(lines).toContain("1.2.643.5.1.13.13.11.1080;HGB;1015010;Гемоглобин;3.37");
    expect((await cli(["odli", "map", "export", "--dictionary", "units"], { home: dir })).stdout.split("\n")).toHaveLength(13);
    writeFileSync(join(dir, "exported.csv"), exported.stdout);
    expect((await cli(["odli", "map", "import", join(dir, "exported.csv")], { home: dir })).stdout).toMatch(/добавлено 0, изменено \d+$/);

    writeFileSync(join(dir, "map.csv"), MAP);
    const imported = await cli(["odli", "map", "import", join(dir, "map.csv")], { home: dir });
    expect(imported.code).toBe(0);
    expect(imported.stdout).toContain("добавлено 2, изменено 0");
    expect((await cli(["odli", "map", "unmapped", "--format", "tsv"], { home: dir })).stdout).not.toContain("A09.05.NEO");
    const logged = await cli(["logs", "--grep", "Таблица сопоставления кодов ОДЛИ"], { home: dir });
    expect(logged.stdout).toContain("добавлено 2");
  });

  test("a file with a bad line changes nothing and names every bad line; a missing file and a bad dictionary say so", async () => {
    const dir = await demoHome();
    const before = (await cli(["odli", "map", "export"], { home: dir })).stdout;
    writeFileSync(join(dir, "bad.csv"), `${MAP}nonsense;X;1\ntests;HGB;\n`);
    const bad = await cli(["odli", "map", "import", join(dir, "bad.csv")], { home: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("не импортирован — ошибок: 2 (ничего не изменено)");
    expect(bad.stderr).toContain("строка 4: справочник «nonsense»");
    expect(bad.stderr).toContain("строка 5: пустое поле odli_code");
    expect((await cli(["odli", "map", "export"], { home: dir })).stdout).toBe(before);
    const missing = await cli(["odli", "map", "import", join(dir, "none.csv")], { home: dir });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("не прочитан");
    expect((await cli(["odli", "map", "export", "--dictionary", "nope"], { home: dir })).code).toBe(2);
  });

  test("with the service running (and holding the main DB's lease) import and unmapped go through it; the UI gets the same state", async () => {
    const dir = await demoHome();
    expect((await cli(["db", "capture", "install"], { home: dir })).code).toBe(0);
    const loaded = loadConfig({ home: dir, machineTimeZone: "UTC", env: {}, overrides: [{ path: "log.stderr", value: "false", arg: "test" }], readFile: () => undefined });
    const instance = AgentInstance.open(loaded, { clock: systemClock, lockMode: "run", stderr: () => {} });
    const service = new AgentService(instance, { rereadConfig: () => loaded });
    await service.openMainDb();
    service.start();
    const api = new AgentApi(await ControlClient.connect(instance.paths.controlEndpoint, "ui"));
    try {
      const state = await api.call("odli.state");
      expect(state.error).toBeUndefined();
      expect(state.unmapped!.map((u) => u.localCode)).toEqual(["A09.05.NEO", "DBS", "PHE", "TSH"]);
      expect(state.queue).toMatchObject({ sending: 0, parked: 0 });
      writeFileSync(join(dir, "map.csv"), MAP);
      const imported = await cli(["odli", "map", "import", join(dir, "map.csv")], { home: dir });
      expect(imported.stderr).toBe("");
      expect(imported.code).toBe(0);
      expect((await api.call("odli.state")).unmapped!.map((u) => u.localCode)).toEqual(["PHE", "TSH"]);
      expect((await cli(["odli", "map", "unmapped", "--format", "tsv"], { home: dir })).stdout).toContain("PHE");
      setLanguage("ru");
      expect(odliLines(await api.call("odli.state"))).toEqual([
        "ЛИС (ОДЛИ, Нетрика)",
        "  не сопоставлено кодов: 2 (tests PHE, tests TSH); задерживают направлений: 0 — agent odli map unmapped",
        expect.stringMatching(/^ {2}направления: ждут отправки \d+, отправляются 0, ждут результата 0, отложено 0$/),
      ]);
    } finally {
      api.close();
      await service.stop();
      instance.close();
    }
  });
});

describe("the DB tab's ОДЛИ lines", () => {
  test("codes, queue and parked referrals; an error in words; nothing from an older service", () => {
    setLanguage("en");
    try {
      expect(odliLines(undefined)).toEqual([]);
      expect(odliLines({ error: "no main DB" })).toEqual(["LIS (ОДЛИ, Netrika)", "  no data: no main DB"]);
      const many = ["A", "B", "C", "D", "E"].map((c) => ({ kind: "tests" as const, dictionary: "1.2", localCode: c, localName: null, waitingReferrals: 1 }));
      expect(
        odliLines({ unmapped: many, queue: { waiting: 3, sending: 1, sent: 9, parked: 1, awaitingResults: 2 }, parked: [{ referralId: 42, attempts: 5, reason: "error code-invalid: X" }] }),
      ).toEqual([
        "LIS (ОДЛИ, Netrika)",
        "  codes not mapped: 5 (tests A, tests B, tests C, tests D, …); referrals held back: 5; see agent odli map unmapped",
        "  referrals: 3 waiting, 1 being sent, 2 awaiting results, 1 parked",
        "  parked 42: error code-invalid: X",
      ]);
      expect(odliLines({ unmapped: [], queue: { waiting: 0, sending: 0, sent: 0, parked: 0, awaitingResults: 0 } })[1]).toBe("  every code is mapped");
    } finally {
      setLanguage("ru");
    }
  });
});
