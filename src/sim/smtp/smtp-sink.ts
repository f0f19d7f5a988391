import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

/** One message the sink took, as far as a demo needs to say what arrived. */
export interface SinkMessage {
  to: string[];
  messageId: string;
  /** The message carries a PDF attachment. */
  withPdf: boolean;
  bytes: number;
  at: number;
}

export interface SmtpSinkOptions {
  /** PEM certificate and key offered on STARTTLS. */
  cert: string;
  key: string;
  user: string;
  password: string;
  /** 0 (default): a free port. Always 127.0.0.1. */
  port?: number;
  /** Called for every message taken. */
  onMessage?: (m: SinkMessage) => void;
}

/**
 * An SMTP server on loopback that takes every message and keeps a note of it
 * (for `agent demo`): STARTTLS with the given certificate, login required
 * (PLAIN/LOGIN, only after STARTTLS), messages up to 20 MB. It delivers
 * nothing anywhere. Built on `smtp-server`, the SMTP server of nodemailer's
 * authors; it shares no code with the agent's mail client.
 */
export class SmtpSink {
  readonly received: SinkMessage[] = [];
  private port_ = 0;

  private constructor(private readonly server: SMTPServer) {}

  static async start(o: SmtpSinkOptions): Promise<SmtpSink> {
    let sink: SmtpSink;
    const server = new SMTPServer({
      secure: false,
      key: o.key,
      cert: o.cert,
      authMethods: ["PLAIN", "LOGIN"],
      size: 20 * 1024 * 1024,
      logger: false,
      disableReverseLookup: true,
      onAuth(auth, _session, cb) {
        if (auth.username === o.user && auth.password === o.password) return cb(null, { user: o.user });
        cb(Object.assign(new Error("5.7.8 Authentication credentials invalid"), { responseCode: 535 }));
      },
      onData(stream, session, cb) {
        const chunks: Buffer[] = [];
        stream.on("data", (c: Buffer) => chunks.push(c));
        stream.on("end", () => {
          const raw = Buffer.concat(chunks).toString("latin1");
          const message: SinkMessage = {
            to: session.envelope.rcptTo.map((r) => r.address),
            messageId: /^Message-ID:\s*(<[^>\r\n]*>)/im.exec(raw)?.[1] ?? "",
            withPdf: /^Content-Type:\s*application\/pdf/im.test(raw),
            bytes: raw.length,
            at: Date.now(),
          };
          sink.received.push(message);
          o.onMessage?.(message);
          cb(null, "2.0.0 Ok: taken by the demo's SMTP sink");
        });
      },
    });
    sink = new SmtpSink(server);
    // A client that gives up mid-handshake is the client's business, not the sink's.
    server.on("error", () => {});
    await new Promise<void>((resolve, reject) => {
      const net = server.listen(o.port ?? 0, "127.0.0.1", () => resolve());
      net.once("error", reject);
    });
    sink.port_ = ((server as unknown as { server: { address(): AddressInfo } }).server.address() as AddressInfo).port;
    return sink;
  }

  get port(): number {
    return this.port_;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
