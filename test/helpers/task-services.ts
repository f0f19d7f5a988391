import { CodClient } from "../../src/cod/cod-client.ts";
import type { TaskServices } from "../../src/tasks/task.ts";

const absent = (what: string) => () => {
  throw new Error(`${what}: not in this test`);
};

/** Task services for a test: what the test gives, a plain ЦОД client, and for the rest a clear "not in this test". */
export function taskServices(given: Partial<TaskServices> = {}): TaskServices {
  return {
    logStore: absent("logStore"),
    mainDb: () => Promise.reject(new Error("no main DB in this test")),
    mainDbConfigured: () => false,
    checks: absent("checks"),
    health: absent("health"),
    update: absent("update"),
    cod: (c) => CodClient.fromConfig(c.settings),
    ...given,
  };
}
