import type { Socket } from "bun";
import { readFileSync } from "node:fs";
import { AgentError } from "../kernel/agent-error.ts";
import type { ExitCodeValue } from "../kernel/exit-codes.ts";
import { LineDecoder, type ControlEvent, type ServerMessage, type TcpEndpointFile } from "./protocol.ts";

/**
 * A connection to a running service's control channel, used by the CLI and
 * the terminal UI. Requests answer with the handler's result or throw the
 * service's error with its exit code.
 */
export class ControlClient {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: unknown) => void }>();
  private readonly listeners = new Set<(e: ControlEvent) => void>();
  private closedHandlers = new Set<() => void>();

  private constructor(private readonly socket: Socket<undefined>) {}

  /** Connects to the endpoint of an instance; throws if nothing listens there. */
  static async connect(endpoint: string, kind: string, timeoutMs = 3_000): Promise<ControlClient> {
    let client: ControlClient | undefined;
    const decoder = new LineDecoder();
    const handlers = {
      data: (_s: Socket<undefined>, chunk: Uint8Array) => {
        for (const line of decoder.push(chunk)) client?.onMessage(JSON.parse(line) as ServerMessage);
      },
      close: () => client?.onClose(),
      error: () => client?.onClose(),
    };
    // The endpoint says which transport: a .json file (port + token) is loopback TCP, anything else a Unix socket.
    const connecting =
      endpoint.endsWith(".json")
        ? (() => {
            const file = JSON.parse(readFileSync(endpoint, "utf8")) as TcpEndpointFile;
            return Bun.connect({ hostname: "127.0.0.1", port: file.port, socket: handlers }).then((s) => {
              s.write(`${JSON.stringify({ token: file.token })}\n`);
              return s;
            });
          })()
        : Bun.connect({ unix: endpoint, socket: handlers });
    const socket = await withTimeout(connecting, timeoutMs);
    client = new ControlClient(socket);
    await withTimeout(client.request("hello", { kind }), timeoutMs);
    return client;
  }

  request<T = unknown>(method: string, params?: unknown): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.socket.write(`${JSON.stringify({ id, method, params })}\n`);
    });
  }

  /** Starts the event stream; returns a function that stops listening. */
  async subscribe(listener: (e: ControlEvent) => void): Promise<() => void> {
    this.listeners.add(listener);
    await this.request("subscribe");
    return () => this.listeners.delete(listener);
  }

  onClosed(handler: () => void): void {
    this.closedHandlers.add(handler);
  }

  close(): void {
    this.socket.end();
  }

  private onMessage(m: ServerMessage): void {
    if ("event" in m) {
      for (const l of this.listeners) l(m);
      return;
    }
    const waiter = this.pending.get(m.id);
    if (!waiter) return;
    this.pending.delete(m.id);
    if (m.ok) waiter.resolve(m.result);
    else waiter.reject(new AgentError(m.error.message, m.error.exitCode as ExitCodeValue));
  }

  private onClose(): void {
    for (const w of this.pending.values()) w.reject(new Error("the control channel closed"));
    this.pending.clear();
    for (const h of this.closedHandlers) h();
    this.closedHandlers.clear();
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    promise.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e) => {
        clearTimeout(timer);
        reject(e);
      },
    );
  });
}
