/** The runner of external signers and verifiers, on its own: start failures, cancel, output kept safe and short. */
import { describe, expect, test } from "bun:test";
import { runTool } from "../../src/sign/run-tool.ts";
import { SignError } from "../../src/sign/sign-error.ts";
import { setLanguage } from "../../src/messages/text.ts";
import { rejectionOf } from "../helpers/rejection.ts";
import { tempDir } from "../helpers/temp-dir.ts";

setLanguage("en");
const base = { setting: "sign.verify_command", timeoutMs: 5000, secrets: ["Top-Secret-1"] };

describe("runTool", () => {
  test("a program that does not exist: a failure naming it and the setting, not a crash", async () => {
    const e = await rejectionOf(runTool({ ...base, argv: ["/nonexistent/cryptcp", "-verify"], cwd: tempDir() }), SignError);
    expect(e.kind).toBe("tool_failed");
    expect(e.message).toContain("sign.verify_command");
    expect(e.message).toContain("cryptcp");
  });

  test("stopping the task kills the program at once: cancelled, not a timeout", async () => {
    const stop = new AbortController();
    const started = Date.now();
    const run = runTool({ ...base, argv: ["sleep", "30"], cwd: tempDir(), signal: stop.signal });
    setTimeout(() => stop.abort(), 100);
    const e = await rejectionOf(run, SignError);
    expect(e.kind).toBe("cancelled");
    expect(Date.now() - started).toBeLessThan(3000);
  });

  test("what it prints is one short line, secrets cut out; stdout when stderr is empty; the agent's own variables are not passed on", async () => {
    const before = process.env.AGENT_COD_TOKEN;
    process.env.AGENT_COD_TOKEN = "tok-must-not-leak";
    const started = Date.now();
    const r = await runTool({
      ...base,
      argv: ["sh", "-c", 'printf "line one\\n  Top-Secret-1 token=%s\\n" "${AGENT_COD_TOKEN:-none}"; head -c 200000 /dev/zero | tr "\\0" x'],
      cwd: tempDir(),
    });
    if (before === undefined) delete process.env.AGENT_COD_TOKEN;
    else process.env.AGENT_COD_TOKEN = before;
    expect(r.exitCode).toBe(0);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(r.said.startsWith("line one *** token=none x")).toBe(true);
    expect(r.said.length).toBeLessThan(700);
    expect(r.said).not.toContain("Top-Secret-1");
  });
});
