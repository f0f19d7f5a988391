import { beforeEach, describe, expect, test } from "bun:test";
import { setLanguage } from "../../src/messages/text.ts";
import { findBinding, helpLines, keyLabel, keyName, type Keymap } from "../../src/tui/keymap.ts";
import { latinKey, RUSSIAN_TO_LATIN } from "../../src/tui/keyboard-layout.ts";
import { tuiTexts as T } from "../../src/messages/areas/tui.ts";
import { LiveState, THREAD_LINGER_MS, elapsedNow } from "../../src/tui/live-state.ts";
import type { ThreadInfo } from "../../src/api/agent-api.ts";

// Other test files switch the language; these read the Russian texts.
beforeEach(() => setLanguage("ru"));

describe("keymaps as data", () => {
  const calls: string[] = [];
  const tab: Keymap = [
    { keys: ["r"], description: T.keyRunNow, handler: () => void calls.push("run") },
    { keys: ["e", "enter"], description: T.keyEdit, handler: () => void calls.push("edit") },
  ];
  const global: Keymap = [
    { keys: ["q", "C-c"], description: T.keyQuit, handler: () => void calls.push("quit") },
    { keys: ["r"], description: T.keyRefresh, handler: () => void calls.push("global r") },
  ];

  test("the inner keymap wins; unknown keys find nothing", () => {
    findBinding([tab, global], "r")!.handler();
    findBinding([tab, global], "q")!.handler();
    expect(calls).toEqual(["run", "quit"]);
    expect(findBinding([tab, global], "z")).toBeUndefined();
  });

  test("the help is generated from the keymaps", () => {
    expect(helpLines([{ title: "Планировщик", keymap: tab }, { title: "Везде", keymap: global }])).toEqual([
      "Планировщик",
      "  r         запустить задание сейчас",
      "  e, Enter  изменить задание",
      "",
      "Везде",
      "  q, Ctrl+C  выйти из интерфейса (служба продолжает работать)",
      "  r          обновить",
    ]);
    expect(keyLabel("pageup")).toBe("PgUp");
    expect(keyLabel("S-tab")).toBe("Shift+Tab");
  });

  test("the Russian layout: the same physical key", () => {
    expect(keyName("й", undefined)).toBe("q");
    expect(keyName("ф", undefined)).toBe("a");
    expect(keyName("к", "к")).toBe("r");
    expect(keyName("Т", "S-т")).toBe("N");
    expect(keyName(".", ".")).toBe("/");
    expect(keyName(",", ",")).toBe("?");
    expect(latinKey("ё")).toBe("`");
    // Every letter of the alphabet has its key, in both cases.
    for (const c of "абвгдеёжзийклмнопрстуфхцчшщъыьэюя") {
      expect(RUSSIAN_TO_LATIN.has(c)).toBe(true);
      expect(RUSSIAN_TO_LATIN.has(c.toUpperCase())).toBe(true);
    }
  });

  test("named keys keep blessed's names; Enter counts once", () => {
    expect(keyName(undefined, "up")).toBe("up");
    expect(keyName("\r", "return")).toBe("");
    expect(keyName("\r", "enter")).toBe("enter");
    expect(keyName("\x1b", "escape")).toBe("escape");
    expect(keyName("\t", "tab")).toBe("tab");
    expect(keyName(" ", "space")).toBe("space");
    expect(keyName(undefined, "C-s")).toBe("C-s");
  });
});

describe("the UI's live state", () => {
  const thread = (id: number, state: ThreadInfo["state"], elapsedMs = 0): ThreadInfo => ({ id, name: "TTrimLogThread", task: "log-trim", runId: 1, state, startedAt: 0, elapsedMs });

  test("threads come and go by events; ended ones linger, then leave; the job table is refetched on run events", () => {
    let now = 0;
    const s = new LiveState(() => now);
    s.load({ status: { pid: 1, version: "v", instance: "main", startedAt: 0, clients: 1, zone: "UTC", mainDbEngine: "sqlite", codUrl: "", stores: "ok", supervised: false }, jobs: [], threads: [], runs: [] });
    expect(s.apply("thread:created", thread(5, "created"))).toEqual({ threads: true, jobs: true });
    s.apply("thread:started", thread(6, "running", 1000));
    expect(s.threads().map((t) => t.id)).toEqual([6, 5]);
    now = 500;
    expect(elapsedNow(s.threads()[0]!, now)).toBe(1500);
    s.apply("thread:destroyed", thread(5, "finished"));
    expect(s.threads().map((t) => [t.id, t.endedAt])).toEqual([[6, undefined], [5, 500]]);
    expect(s.runningThreads()).toBe(1);
    now = 500 + THREAD_LINGER_MS + 1;
    expect(s.threads().map((t) => t.id)).toEqual([6]);
    expect(s.apply("run:finished", { runId: 1, task: "log-trim", result: "ok", summary: "", durationMs: 1 })).toEqual({ jobs: true });
    expect(s.apply("clients:changed", { clients: 3 })).toEqual({ status: true });
    expect(s.status?.clients).toBe(3);
  });
});
