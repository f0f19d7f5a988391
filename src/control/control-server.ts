import type { Socket, TCPSocketListener, UnixSocketListener } from "bun";
import { chmodSync, existsSync, rmSync, writeFileSync } from "node:fs";
import { randomBytes, timingSafeEqual } from "node:crypto";
import { AgentError } from "../kernel/agent-error.ts";
import { ExitCode } from "../kernel/exit-codes.ts";
import { LineDecoder, type ControlEvent, type ControlRequest, type ControlResponse, type TcpEndpointFile } from "./protocol.ts";

export type ControlHandler = (params: unknown, client: ControlClientInfo) => unknown | Promise<unknown>;

export interface ControlClientInfo {
  id: number;
  /** Set by the `hello` request: `ui`, `cli`. */
  kind: string;
}

interface ClientState extends ControlClientInfo {
  decoder: LineDecoder;
  /** Bytes the socket did not take yet (a large answer, a slow reader); sent on `drain`, in order. */
  backlog: Uint8Array[];
  authenticated: boolean;
  subscribed: boolean;
  socket: Socket<ClientState>;
}

/**
 * The service side of the control channel. Listens only locally: a Unix
 * socket (Linux) whose file permissions decide who may connect, or loopback
 * TCP (Windows) where the client must first present the token from a file
 * only the service account and Administrators can read.
 */
export class ControlServer {
  private listener: UnixSocketListener<ClientState> | TCPSocketListener<ClientState> | undefined;
  private readonly clients = new Set<ClientState>();
  private readonly handlers = new Map<string, ControlHandler>();
  private nextClientId = 1;
  private token = "";
  private readonly clientListeners = new Set<() => void>();

  /**
   * `transport` defaults to the platform's (Unix socket on Linux, loopback
   * TCP + token on Windows); tests choose TCP on Linux to check the Windows path.
   */
  constructor(
    private readonly endpoint: string,
    private readonly transport: "unix" | "tcp" = process.platform === "win32" ? "tcp" : "unix",
  ) {}

  handle(method: string, handler: ControlHandler): void {
    this.handlers.set(method, handler);
  }

  /** Starts listening; the returned function stops it and removes the endpoint file. */
  start(o: { socketMode?: number; socketGroup?: (path: string) => void } = {}): () => void {
    const socket = {
      open: (s: Socket<ClientState>) => {
        const state: ClientState = {
          id: this.nextClientId++,
          kind: "unknown",
          decoder: new LineDecoder(),
          backlog: [],
          authenticated: this.transport === "unix",
          subscribed: false,
          socket: s,
        };
        s.data = state;
        this.clients.add(state);
      },
      data: (s: Socket<ClientState>, chunk: Uint8Array) => {
        for (const line of s.data.decoder.push(chunk)) void this.onLine(s.data, line);
      },
      drain: (s: Socket<ClientState>) => flushBacklog(s.data),
      close: (s: Socket<ClientState>) => this.forget(s.data),
      error: (s: Socket<ClientState>) => this.forget(s.data),
    };
    if (this.transport === "tcp") {
      this.token = randomBytes(32).toString("hex");
      this.listener = Bun.listen<ClientState>({ hostname: "127.0.0.1", port: 0, socket });
      const file: TcpEndpointFile = { port: this.listener.port, token: this.token, pid: process.pid };
      writeFileSync(this.endpoint, JSON.stringify(file), { mode: 0o600 });
    } else {
      // A socket file left by a service that died is stale: the instance lock proves nobody else listens.
      if (existsSync(this.endpoint)) rmSync(this.endpoint);
      this.listener = Bun.listen<ClientState>({ unix: this.endpoint, socket });
      chmodSync(this.endpoint, o.socketMode ?? 0o600);
      o.socketGroup?.(this.endpoint);
    }
    return () => this.stop();
  }

  /** Called when a client says hello or goes away (the status line's count changes). */
  onClientsChanged(listener: () => void): () => void {
    this.clientListeners.add(listener);
    return () => this.clientListeners.delete(listener);
  }

  private forget(client: ClientState): void {
    if (this.clients.delete(client)) for (const l of this.clientListeners) l();
  }

  /** The number of clients that said hello as the given kind (the status line's connected UIs). */
  clientCount(kind?: string): number {
    return [...this.clients].filter((c) => c.authenticated && (kind === undefined || c.kind === kind)).length;
  }

  /** Sends an event to every subscribed client. */
  broadcast(event: string, data: unknown): void {
    const line = `${JSON.stringify({ event, data } satisfies ControlEvent)}\n`;
    for (const c of this.clients) if (c.subscribed) send(c, line);
  }

  stop(): void {
    for (const c of this.clients) c.socket.end();
    this.clients.clear();
    this.listener?.stop(true);
    this.listener = undefined;
    rmSync(this.endpoint, { force: true });
  }

  private async onLine(client: ClientState, line: string): Promise<void> {
    let request: ControlRequest & { token?: string };
    try {
      request = JSON.parse(line);
    } catch {
      client.socket.end();
      return;
    }
    if (!client.authenticated) {
      const given = Buffer.from(String(request.token ?? ""));
      const expected = Buffer.from(this.token);
      if (given.length === expected.length && timingSafeEqual(given, expected)) client.authenticated = true;
      else client.socket.end();
      return;
    }
    const respond = (r: ControlResponse) => send(client, `${JSON.stringify(r)}\n`);
    if (request.method === "hello") {
      client.kind = String((request.params as { kind?: string } | undefined)?.kind ?? "cli");
      respond({ id: request.id, ok: true, result: { pid: process.pid } });
      for (const l of this.clientListeners) l();
      return;
    }
    if (request.method === "subscribe") {
      client.subscribed = true;
      respond({ id: request.id, ok: true, result: null });
      return;
    }
    const handler = this.handlers.get(request.method);
    if (!handler) {
      respond({ id: request.id, ok: false, error: { message: `unknown method ${request.method}`, exitCode: ExitCode.usage } });
      return;
    }
    try {
      respond({ id: request.id, ok: true, result: (await handler(request.params, client)) ?? null });
    } catch (error) {
      const exitCode = error instanceof AgentError ? error.exitCode : ExitCode.taskFailed;
      respond({ id: request.id, ok: false, error: { message: (error as Error).message ?? String(error), exitCode } });
    }
  }
}

const encoder = new TextEncoder();

/**
 * Writes a line to a client. A socket takes only what fits in its buffer
 * (`write` answers how many bytes): the rest waits in the client's backlog
 * and goes out on `drain`, so a large answer (a page of the log) arrives whole.
 */
function send(client: ClientState, line: string): void {
  client.backlog.push(encoder.encode(line));
  if (client.backlog.length === 1) flushBacklog(client);
}

function flushBacklog(client: ClientState): void {
  while (client.backlog.length > 0) {
    const chunk = client.backlog[0]!;
    const written = client.socket.write(chunk);
    if (written < 0) return;
    if (written < chunk.length) {
      client.backlog[0] = chunk.subarray(written);
      return;
    }
    client.backlog.shift();
  }
}
