import { beforeEach, describe, expect, test } from "bun:test";
import { setLanguage } from "../../src/messages/text.ts";
import { AgentApi, type ParkedEntry, type StoresInfo } from "../../src/api/agent-api.ts";
import type { ControlClient } from "../../src/control/control-client.ts";
import { StoresTab } from "../../src/tui/tabs/stores-tab.ts";
import type { UiContext } from "../../src/tui/tab.ts";
import type { LiveState } from "../../src/tui/live-state.ts";

// Other test files switch the language; these read the Russian texts.
beforeEach(() => setLanguage("ru"));

const T0 = Date.UTC(2025, 4, 14, 13, 50, 5);
const entry = (id: number, over: Partial<ParkedEntry> = {}): ParkedEntry => ({ id, kind: "push", ref: `b-${id}`, stream: null, parkedAt: T0 + id, attempts: 3, status: 422, code: "invalid", reason: `причина ${id}`, entries: 10, ...over });

/**
 * The DB tab against a stand-in for the service: what it asks over the
 * control channel, and the dialogs' answers given in advance.
 */
function harness(parked: ParkedEntry[], answers: { picks?: (number | null)[]; confirm?: boolean }) {
  const calls: Array<{ method: string; params: unknown }> = [];
  const messages: string[] = [];
  const questions: string[] = [];
  const picks = [...(answers.picks ?? [])];
  const picked: Array<{ title: string; items: readonly string[] }> = [];
  const client = {
    request: async (method: string, params: unknown) => {
      calls.push({ method, params });
      if (method === "stores.info") return { stores: [], mainDb: { engine: "sqlite", where: "/d/main.db", connected: true, parkedBatches: parked.length, parked: [...parked].reverse() } } satisfies StoresInfo;
      if (method === "odli.state") return { error: "нет" };
      if (method === "sync.parked.retry" || method === "sync.parked.drop") {
        const { id } = params as { id: number };
        parked = parked.filter((p) => p.id !== id);
        return { message: `${method} ${id}: готово` };
      }
      throw new Error(`unexpected ${method}`);
    },
  } as unknown as ControlClient;
  const ui: UiContext = {
    api: new AgentApi(client),
    state: {} as LiveState,
    zone: "Europe/Moscow",
    now: () => 0,
    message: (text) => void messages.push(text),
    confirm: async (question) => {
      questions.push(question);
      return answers.confirm ?? false;
    },
    prompt: async () => null,
    pick: async (title, items) => {
      picked.push({ title, items });
      return picks.shift() ?? null;
    },
    details: () => {},
    form: () => {},
    redraw: () => {},
    pageSize: () => 20,
    attempt: async (action) => {
      try {
        await action();
      } catch (error) {
        messages.push(`ошибка: ${(error as Error).message}`);
      }
    },
  };
  return { tab: new StoresTab(ui), calls, messages, questions, picked };
}

const changes = (calls: Array<{ method: string; params: unknown }>) => calls.filter((c) => c.method.startsWith("sync.parked"));

describe("the DB tab's parked entries (key o)", () => {
  test("shows the newest parked with the hint; o picks one, then retry, confirmed: the service retries it and the tab reads again", async () => {
    const h = harness([entry(1), entry(2, { kind: "pull", stream: "results", ref: "item-9", status: null, code: null })], { picks: [1, 0], confirm: true });
    await h.tab.activate();
    const rows = h.tab.view(200).rows;
    expect(rows).toContain("    № 2 · из ЦОД (results) item-9 · отложено 14.05.2025 16:50:05 · попыток: 3 · записей: 10 · причина 2");
    expect(rows).toContain("    Клавиша o или agent sync parked retry|drop № — вернуть в работу или отказаться");
    expect(h.tab.keymap.find((k) => k.keys.includes("o"))).toBeDefined();

    await h.tab.parkedAction();
    expect(h.picked[0]!.items).toEqual(["№ 2 · из ЦОД (results) item-9 · причина 2", "№ 1 · пакет в ЦОД b-1 · 422 invalid: причина 1"]);
    expect(h.picked[1]!.title).toBe("№ 1: что сделать?");
    expect(h.questions).toHaveLength(1);
    expect(h.questions[0]).toStartWith("Вернуть в работу № 1 (пакет в ЦОД)?");
    expect(changes(h.calls)).toEqual([{ method: "sync.parked.retry", params: { id: 1 } }]);
    expect(h.messages).toEqual(["sync.parked.retry 1: готово"]);
    // Read again: the retried entry is gone from the tab.
    expect(h.calls.filter((c) => c.method === "stores.info")).toHaveLength(2);
    expect(h.tab.view(200).rows.some((r) => r.includes("№ 1 ·"))).toBe(false);
  });

  test("drop, confirmed, goes to the service's drop", async () => {
    const h = harness([entry(5)], { picks: [0, 1], confirm: true });
    await h.tab.activate();
    await h.tab.parkedAction();
    expect(h.questions[0]).toStartWith("Отказаться от № 5 (пакет в ЦОД)?");
    expect(changes(h.calls)).toEqual([{ method: "sync.parked.drop", params: { id: 5 } }]);
  });

  test("nothing happens without a yes, or when a dialog is escaped; with nothing parked the tab says so", async () => {
    for (const answers of [{ picks: [0, 0], confirm: false }, { picks: [0, 1], confirm: false }, { picks: [null] }, { picks: [0, null], confirm: true }]) {
      const h = harness([entry(5)], answers);
      await h.tab.activate();
      await h.tab.parkedAction();
      expect(changes(h.calls)).toEqual([]);
    }
    const empty = harness([], { picks: [0, 0], confirm: true });
    await empty.tab.activate();
    await empty.tab.parkedAction();
    expect(empty.picked).toEqual([]);
    expect(empty.messages).toEqual(["Отложенного нет"]);
    expect(changes(empty.calls)).toEqual([]);
  });
});

test("/ on the DB tab says there is nothing to filter instead of ignoring the key", async () => {
  const h = harness([], {});
  await h.tab.filterPrompt();
  expect(h.messages).toEqual(["На этой вкладке фильтровать нечего: она показывает состояние баз целиком (r — обновить)"]);
  expect(h.tab.clearFilter()).toBe(false);
});
