import type { AddressInfo } from "node:net";
import { SMTPServer, type SMTPServerOptions } from "smtp-server";

/** One message the test server took: the envelope and the raw bytes, as they arrived. */
export interface ReceivedMail {
  from: string;
  to: string[];
  user: string | undefined;
  secure: boolean;
  raw: Buffer;
}

/** How the test server answers; switchable between tests. */
export interface SmtpBehaviour {
  /** RCPT TO replies for addresses that match: `[pattern, code, text]`. */
  rcpt?: [RegExp, number, string][];
  /** A reply to the end of DATA instead of 250. */
  data?: [number, string];
  /** Close the connection after the whole message arrived, before answering it. */
  dropAfterData?: boolean;
  /** MAIL FROM reply. */
  mailFrom?: [number, string];
  /** For a recipient that matches: take the whole message, then never answer it (a server that hangs while the client dies). */
  holdAfterData?: RegExp;
}

/**
 * A real SMTP server (the `smtp-server` package) on 127.0.0.1 for the tests:
 * STARTTLS or implicit TLS with a certificate from the test CA, login
 * required (PLAIN/LOGIN, only over TLS), and replies chosen per test.
 */
export class TestSmtpServer {
  readonly received: ReceivedMail[] = [];
  behaviour: SmtpBehaviour = {};
  connections = 0;
  /** RCPT TO commands seen, accepted or not. */
  rcpts = 0;
  readonly errors: string[] = [];
  port = 0;

  private constructor(private readonly server: SMTPServer) {}

  static async start(o: { secure: boolean; cert: string; key: string; user?: string; password?: string; extra?: Partial<SMTPServerOptions> }): Promise<TestSmtpServer> {
    const user = o.user ?? "clinic";
    const password = o.password ?? "s3cret-pass";
    let self: TestSmtpServer;
    const reply = (code: number, message: string) => Object.assign(new Error(message), { responseCode: code });
    const server = new SMTPServer({
      secure: o.secure,
      key: o.key,
      cert: o.cert,
      authMethods: ["PLAIN", "LOGIN"],
      logger: false,
      disableReverseLookup: true,
      onConnect(_session, cb) {
        self.connections++;
        cb();
      },
      onAuth(auth, _session, cb) {
        if (auth.username === user && auth.password === password) return cb(null, { user });
        cb(reply(535, "5.7.8 Authentication credentials invalid"));
      },
      onMailFrom(_address, _session, cb) {
        const r = self.behaviour.mailFrom;
        cb(r ? reply(r[0], r[1]) : null);
      },
      onRcptTo(address, _session, cb) {
        self.rcpts++;
        const rule = self.behaviour.rcpt?.find(([re]) => re.test(address.address));
        cb(rule ? reply(rule[1], rule[2]) : null);
      },
      onData(stream, session, cb) {
        const chunks: Buffer[] = [];
        stream.on("data", (c: Buffer) => chunks.push(c));
        stream.on("end", () => {
          const hold = self.behaviour.holdAfterData;
          if (hold && session.envelope.rcptTo.some((r) => hold.test(r.address))) {
            self.received.push(mailOf(session, Buffer.concat(chunks)));
            return;
          }
          if (self.behaviour.dropAfterData) {
            self.received.push(mailOf(session, Buffer.concat(chunks)));
            findSocket(server, session.id)?.destroy();
            return;
          }
          const r = self.behaviour.data;
          if (r) return cb(reply(r[0], r[1]));
          self.received.push(mailOf(session, Buffer.concat(chunks)));
          cb(null, "2.0.0 Ok: queued as TEST1");
        });
      },
      ...o.extra,
    });
    self = new TestSmtpServer(server);
    // A client that refuses our certificate hangs up mid-handshake: expected in the TLS tests.
    server.on("error", (error: Error) => self.errors.push(error.message));
    await new Promise<void>((resolve, reject) => {
      const net = server.listen(0, "127.0.0.1", () => resolve());
      net.once("error", reject);
    });
    self.port = ((server as unknown as { server: { address(): AddressInfo } }).server.address() as AddressInfo).port;
    return self;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

function mailOf(session: { envelope: { mailFrom: false | { address: string }; rcptTo: { address: string }[] }; user?: unknown; secure: boolean }, raw: Buffer): ReceivedMail {
  return {
    from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
    to: session.envelope.rcptTo.map((r) => r.address),
    user: session.user as string | undefined,
    secure: session.secure,
    raw,
  };
}

/** The socket of a session, to cut it like a crashing server would. */
function findSocket(server: SMTPServer, id: string): { destroy(): void } | undefined {
  const connections = (server as unknown as { connections: Set<{ id: string; _socket: { destroy(): void } }> }).connections;
  for (const c of connections ?? []) if (c.id === id) return c._socket;
  return undefined;
}
