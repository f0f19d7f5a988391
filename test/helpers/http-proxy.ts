import { connect, createServer, type Server, type Socket } from "node:net";
import type { AddressInfo } from "node:net";

/**
 * A minimal forward proxy on 127.0.0.1 for tests: absolute-form requests for
 * http:// targets and CONNECT tunnels for https:// ones. It records each
 * request line and the Proxy-Authorization it carried.
 */
export class TestProxy {
  readonly seen: { line: string; auth: string | undefined }[] = [];
  private readonly sockets = new Set<Socket>();
  private constructor(private readonly server: Server) {}

  static async start(): Promise<TestProxy> {
    const server = createServer();
    const proxy = new TestProxy(server);
    server.on("connection", (client) => proxy.serve(client));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return proxy;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private serve(client: Socket): void {
    this.sockets.add(client);
    client.on("close", () => this.sockets.delete(client));
    client.on("error", () => client.destroy());
    let buffered = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      const end = buffered.indexOf("\r\n\r\n");
      if (end < 0) return;
      client.off("data", onData);
      const [line = "", ...headers] = buffered.subarray(0, end).toString("latin1").split("\r\n");
      const rest = buffered.subarray(end + 4);
      const auth = headers.find((h) => /^proxy-authorization:/i.test(h))?.replace(/^[^:]+:\s*/, "");
      this.seen.push({ line, auth });
      const [method = "", target = ""] = line.split(" ");
      const tunnel = (host: string, port: number, first: Buffer | string, replyFirst: boolean) => {
        const upstream = connect(port, host, () => {
          if (replyFirst) client.write("HTTP/1.1 200 Connection established\r\n\r\n");
          upstream.write(first);
          upstream.pipe(client);
          client.pipe(upstream);
        });
        this.sockets.add(upstream);
        upstream.on("close", () => this.sockets.delete(upstream));
        upstream.on("error", () => client.destroy());
      };
      if (method === "CONNECT") {
        const [host = "", port = "443"] = target.split(":");
        tunnel(host, Number(port), rest, true);
      } else {
        const url = new URL(target);
        const head = [`${method} ${url.pathname}${url.search} HTTP/1.1`, ...headers.filter((h) => !/^proxy-/i.test(h))].join("\r\n");
        tunnel(url.hostname, Number(url.port || 80), Buffer.concat([Buffer.from(`${head}\r\n\r\n`, "latin1"), rest]), false);
      }
    };
    client.on("data", onData);
  }
}
