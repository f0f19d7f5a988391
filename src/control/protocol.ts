/**
 * The local control channel's wire format: one JSON object per line.
 * A client sends requests and gets one response per request; after
 * `subscribe` it also gets events (`thread:progress`, `log:appended` …).
 * On Windows, where the channel is loopback TCP, the first line a client
 * sends is `{"token": "…"}` from the endpoint file only the service account
 * and Administrators can read.
 */
export const CONTROL_PROTOCOL_VERSION = 1;

export interface ControlRequest {
  id: number;
  method: string;
  params?: unknown;
}

export type ControlResponse =
  | { id: number; ok: true; result: unknown }
  | { id: number; ok: false; error: { message: string; exitCode: number } };

export interface ControlEvent {
  event: string;
  data: unknown;
}

export type ServerMessage = ControlResponse | ControlEvent;

/** What a Windows client reads to find and prove itself to the service. */
export interface TcpEndpointFile {
  port: number;
  token: string;
  pid: number;
}

/** Splits a byte stream into JSON lines, keeping a partial line for the next chunk. */
export class LineDecoder {
  private buffer = "";
  private readonly decoder = new TextDecoder();

  push(chunk: Uint8Array | string): string[] {
    this.buffer += typeof chunk === "string" ? chunk : this.decoder.decode(chunk, { stream: true });
    const lines = this.buffer.split("\n");
    this.buffer = lines.pop() ?? "";
    return lines.filter((l) => l.trim() !== "");
  }
}
