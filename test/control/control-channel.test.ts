import { describe, expect, test } from "bun:test";
import { readFileSync, statSync, existsSync } from "node:fs";
import { join } from "node:path";
import { ControlServer } from "../../src/control/control-server.ts";
import { ControlClient } from "../../src/control/control-client.ts";
import { AgentError } from "../../src/kernel/agent-error.ts";
import { tempDir } from "../helpers/temp-dir.ts";

function serve(transport: "unix" | "tcp") {
  const dir = tempDir();
  const endpoint = join(dir, transport === "unix" ? "control.sock" : "control.json");
  const server = new ControlServer(endpoint, transport);
  server.handle("echo", (params) => params);
  server.handle("fail", () => {
    throw new AgentError("неверно", 2);
  });
  const stop = server.start();
  return { server, endpoint, stop };
}

describe("the control channel", () => {
  for (const transport of ["unix", "tcp"] as const) {
    test(`${transport}: requests, errors with their exit code, events to subscribers only`, async () => {
      const { server, endpoint, stop } = serve(transport);
      const a = await ControlClient.connect(endpoint, "ui");
      const b = await ControlClient.connect(endpoint, "cli");
      expect(await a.request("echo", { x: "привет" })).toEqual({ x: "привет" });
      const error = (await a.request("fail").catch((e: unknown) => e)) as AgentError;
      expect(error).toBeInstanceOf(AgentError);
      expect(error.exitCode).toBe(2);
      expect(await a.request("missing").catch((e: Error) => e.message)).toContain("unknown method");
      const seenA: unknown[] = [];
      const seenB: unknown[] = [];
      await a.subscribe((e) => seenA.push(e));
      // b does not subscribe: it gets no events.
      server.broadcast("thread:progress", { id: 1 });
      await Bun.sleep(50);
      expect(seenA).toEqual([{ event: "thread:progress", data: { id: 1 } }]);
      expect(seenB).toEqual([]);
      expect(server.clientCount("ui")).toBe(1);
      expect(server.clientCount()).toBe(2);
      a.close();
      b.close();
      stop();
      expect(existsSync(endpoint)).toBe(false);
    });
  }

  test("unix: the socket is the service user's only", () => {
    const { endpoint, stop } = serve("unix");
    expect(statSync(endpoint).mode & 0o777).toBe(0o600);
    stop();
  });

  test("tcp (the Windows path): loopback only, a wrong token is disconnected without an answer", async () => {
    const { endpoint, stop } = serve("tcp");
    const file = JSON.parse(readFileSync(endpoint, "utf8"));
    expect(statSync(endpoint).mode & 0o077).toBe(0);
    let answered = false;
    let closed = false;
    const socket = await Bun.connect({
      hostname: "127.0.0.1",
      port: file.port,
      socket: {
        data: () => {
          answered = true;
        },
        close: () => {
          closed = true;
        },
      },
    });
    socket.write(`${JSON.stringify({ token: "0".repeat(64) })}\n${JSON.stringify({ id: 1, method: "echo", params: 1 })}\n`);
    await Bun.sleep(100);
    expect(answered).toBe(false);
    expect(closed).toBe(true);
    stop();
  });
});
