/**
 * A crash in the middle of a batch: the mailing job runs in a process of its
 * own (test/tasks/fixtures/mailing-run.ts) and is killed with SIGKILL while
 * an e-mail has reached the SMTP server unanswered and a text is on its way
 * to the gateway. The next run must lose nothing and send nothing twice where
 * the channel can tell: the text is asked about by the status call, the
 * e-mail goes again with the same Message-ID (README, "Never twice").
 * On SQLite and on a real Firebird server.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import PostalMime from "postal-mime";
import { mailingTask } from "../../src/tasks/mailing/task.ts";
import type { IncomingRow } from "../../src/clinic/port.ts";
import { setLanguage } from "../../src/messages/text.ts";
import { firebird } from "../helpers/firebird.ts";
import { ENGINES, type TestDb } from "../helpers/main-db.ts";
import { mailingServers } from "../helpers/mailing-servers.ts";
import { taskHarness } from "../helpers/task-harness.ts";
import { tempDir } from "../helpers/temp-dir.ts";

setLanguage("ru");

const servers = mailingServers();
const { simAdmin } = servers;

async function until(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!(await check())) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await Bun.sleep(20);
  }
}

for (const fixture of ENGINES) {
  // Skipped only where no Firebird server runs (the reason is printed by test/helpers/firebird.ts); under CI=true a missing server fails instead.
  describe.skipIf(Boolean(fixture.skip))(`the mailing job killed in the middle of a batch, on ${fixture.name}`, () => {
    let t: TestDb;
    beforeAll(async () => {
      t = await fixture.create({ capture: false });
    }, 60_000);
    afterAll(async () => {
      await t?.close();
    }, 60_000);

    test("after SIGKILL nothing is lost; the next run asks the gateway about the text in flight and resends the e-mail with its Message-ID", async () => {
      servers.smtp.behaviour = { holdAfterData: /^c303@/ };
      await simAdmin("DELETE", "/admin/messages");
      const now = new Date();
      const rows: IncomingRow[] = [];
      const items: Array<[number, "email" | "sms", string]> = [
        [301, "email", "a301@mail.example"],
        [302, "email", "b302@mail.example"],
        [303, "email", "c303@mail.example"],
        [304, "email", "d304@mail.example"],
        [305, "sms", "+79160000305"],
        [306, "sms", "+79160000306"],
        [307, "sms", "+79160000307"],
      ];
      for (const [id, channel, address] of items) {
        rows.push({ table: "PATIENT", op: "upsert", values: { ID: id, LAST_NAME: "Тестов", FIRST_NAME: "Пётр", MAILING_CONSENT: 1 } });
        rows.push({ table: "REG_MAILING", op: "upsert", values: { ID: id, PATIENT_ID: id, CHANNEL: channel, ADDRESS: address, STATUS: 0, ATTEMPTS: 0, CREATED_AT: now } });
      }
      await t.db.applyIncoming(rows);

      const settings = servers.settings({
        ...(fixture.name === "sqlite"
          ? { "maindb.engine": "sqlite", "maindb.path": t.path }
          : { "maindb.engine": "firebird", "maindb.host": firebird!.host, "maindb.port": firebird!.port, "maindb.database": t.path, "maindb.user": firebird!.user, "maindb.password": firebird!.password }),
      });
      // Six texts a minute: the first at once, the second ten seconds later — time to make the gateway hang before it;
      // and a minute for the SMTP server's answer, so the held e-mail is still "sending" when the process dies.
      const child = Bun.spawn([process.execPath, "test/tasks/fixtures/mailing-run.ts"], {
        env: { ...process.env, MAILING_RUN: JSON.stringify({ dir: tempDir("agent-crash-"), settings: { ...settings, "sms.per_minute": 6, "mail.timeout_seconds": 60 } }) },
        stdout: "pipe",
        stderr: "pipe",
      });
      try {
        await until("the first text", async () => (await simAdmin("GET", "/admin/messages")).messages.length === 1);
        await simAdmin("PUT", "/admin/faults", { rules: [{ kind: "slow", calls: ["send"], delay_ms: 600_000 }] });
        const status = async (id: number) => Number((await t.db.readRows("REG_MAILING", [{ ID: id }]))[0]!.STATUS);
        await until("the e-mail held by the server", () => servers.smtp.received.some((m) => m.to.includes("c303@mail.example")));
        await until("the second text in flight", async () => (await status(306)) === 3);
        await until("the held e-mail marked sending", async () => (await status(303)) === 3);
      } finally {
        child.kill("SIGKILL");
        await child.exited;
      }
      expect(child.signalCode).toBe("SIGKILL");
      const statuses = async () => Object.fromEntries(await Promise.all(items.map(async ([id]) => [id, Number((await t.db.readRows("REG_MAILING", [{ ID: id }]))[0]!.STATUS)])));
      expect(await statuses()).toEqual({ 301: 1, 302: 1, 303: 3, 304: 0, 305: 1, 306: 3, 307: 0 });

      // The next run, with the servers well again.
      servers.smtp.behaviour = {};
      await simAdmin("DELETE", "/admin/faults");
      const h = taskHarness({ task: mailingTask, settings, mainDb: async () => t.db });
      const outcome = await h.run();
      expect(outcome.result).toBe("ok");
      expect(await statuses()).toEqual({ 301: 1, 302: 1, 303: 1, 304: 1, 305: 1, 306: 1, 307: 1 });

      // Each text exactly once; the e-mail that was in flight twice with one Message-ID, every other once.
      const texts = (await simAdmin("GET", "/admin/messages")).messages as Array<{ id: string }>;
      expect(texts.map((x) => x.id).sort()).toEqual(["305", "306", "307"]);
      const byRecipient = new Map<string, string[]>();
      for (const m of servers.smtp.received) {
        const parsed = await PostalMime.parse(m.raw);
        byRecipient.set(m.to[0]!, [...(byRecipient.get(m.to[0]!) ?? []), parsed.messageId!]);
      }
      expect(Object.fromEntries(byRecipient)).toEqual({
        "a301@mail.example": ["<main-q301@clinic.example>"],
        "b302@mail.example": ["<main-q302@clinic.example>"],
        "c303@mail.example": ["<main-q303@clinic.example>", "<main-q303@clinic.example>"],
        "d304@mail.example": ["<main-q304@clinic.example>"],
      });
      const lines = h.messages("TSendRasThread");
      expect(lines).toContain("SMS № 306 на +7********06 осталось в состоянии «отправляется», но шлюз его не получал — будет отправлено сейчас.");
      expect(lines.some((l) => l.startsWith("Письмо № 303 на c***@mail.example осталось в состоянии «отправляется»"))).toBe(true);
      servers.smtp.received.length = 0;
    }, 90_000);
  });
}
