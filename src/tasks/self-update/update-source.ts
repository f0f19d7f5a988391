import { codTexts as CT } from "../../messages/areas/cod.ts";
import { updateTexts as U } from "../../messages/areas/update.ts";
import { say } from "../../messages/text.ts";
import type { Config } from "../../config/schema.ts";
import { array, type Check, object, ShapeError, str } from "../../kernel/json-shape.ts";
import { UPDATE_FIELD_CHECKS, type UpdateFields } from "../../cod/wire.ts";
import { CodClient } from "../../cod/cod-client.ts";
import { HttpClient, type HttpDeps } from "../../net/http-client.ts";
import { NetError } from "../../net/net-error.ts";
import { remoteOptions } from "../../net/remote-options.ts";
import type { UpdateOffer } from "../../deploy/update-offer.ts";

/** Where the self-update job looks: the ЦОД (protocol 1.1) or a manifest at `update.url`. */
export interface UpdateSource {
  /** For the log: `ЦОД 10.0.0.5:30102`, or the manifest's address. */
  readonly name: string;
  /** The newest binary for this platform and CPU level, or null. */
  latest(signal: AbortSignal): Promise<UpdateOffer | null>;
  /** Streams an offer's binary to `onChunk`; answers its length. */
  download(offer: UpdateOffer, onChunk: (chunk: Uint8Array) => void | Promise<void>, signal: AbortSignal): Promise<number>;
  close(): void;
}

export interface Wanted {
  platform: string;
  cpu: "avx2" | "baseline";
  current: string;
}

export function updateSource(config: Config, wanted: Wanted, deps: HttpDeps = {}): UpdateSource {
  return config.update.url ? new ManifestSource(config, config.update.url, wanted, deps) : new CodSource(CodClient.fromConfig(config.cod, deps), config.cod.url, wanted);
}

class CodSource implements UpdateSource {
  readonly name: string;
  constructor(
    private readonly client: CodClient,
    url: string,
    private readonly wanted: Wanted,
  ) {
    this.name = say(U.sourceCod, { address: new URL(url).host });
  }

  async latest(signal: AbortSignal): Promise<UpdateOffer | null> {
    const u = await this.client.latestUpdate(this.wanted.platform, this.wanted.cpu, this.wanted.current, { signal });
    return u && { ...u };
  }

  download(offer: UpdateOffer, onChunk: (chunk: Uint8Array) => void | Promise<void>, signal: AbortSignal): Promise<number> {
    return this.client.downloadUpdate(offer.download, onChunk, offer.size, { signal });
  }

  close(): void {
    this.client.close();
  }
}

interface ManifestEntry extends UpdateFields {
  url: string;
}

/** A manifest at `update.url` (README, "Updates"): every binary the vendor offers, one entry each. */
const manifestShape: Check<{ updates: ManifestEntry[] }> = object({
  updates: array(
    object({ ...UPDATE_FIELD_CHECKS, url: str({ min: 1, max: 2000 }) }),
    { max: 1000 },
  ),
});

/**
 * A manifest on a plain web server, reached with the [cod] section's TLS,
 * proxy and retry settings (no token is sent: the binary's signature is the
 * proof). Binaries may lie beside it (a relative `url`) or elsewhere.
 */
class ManifestSource implements UpdateSource {
  readonly name: string;
  private readonly clients = new Map<string, HttpClient>();

  constructor(
    private readonly config: Config,
    private readonly manifest: string,
    private readonly wanted: Wanted,
    private readonly deps: HttpDeps,
  ) {
    this.name = manifest;
  }

  async latest(signal: AbortSignal): Promise<UpdateOffer | null> {
    const url = new URL(this.manifest);
    const answer = await this.client(url.origin).request({ method: "GET", path: url.pathname + url.search, retry: true, signal });
    let manifest: { updates: ManifestEntry[] };
    try {
      manifest = manifestShape(answer.json(), "");
    } catch (error) {
      if (error instanceof ShapeError) throw new Error(say(U.badManifest, { url: this.manifest, detail: error.message }), { cause: error });
      throw error;
    }
    const fitting = manifest.updates.filter((u) => u.platform === this.wanted.platform && u.cpu === this.wanted.cpu);
    const key = (v: string) => v.split(".").map((n) => n.padStart(6, "0")).join(".");
    const newest = fitting.sort((a, b) => (key(a.version) < key(b.version) ? 1 : -1))[0];
    if (!newest) return null;
    const { url: where, ...rest } = newest;
    return { ...rest, download: new URL(where, this.manifest).toString() };
  }

  async download(offer: UpdateOffer, onChunk: (chunk: Uint8Array) => void | Promise<void>, signal: AbortSignal): Promise<number> {
    const url = new URL(offer.download);
    const stream = await this.client(url.origin).stream({ path: url.pathname + url.search, signal });
    if (stream.status !== 200) {
      const text = await stream.text(500);
      throw new NetError({ kind: "http", method: "GET", address: url.host, path: url.pathname, detail: text.replace(/\s+/g, " ").trim().slice(0, 200) || say(CT.noReason), status: stream.status, setting: "update" });
    }
    return stream.pipe(onChunk, offer.size);
  }

  close(): void {
    for (const c of this.clients.values()) c.close();
  }

  private client(origin: string): HttpClient {
    let c = this.clients.get(origin);
    if (!c) {
      c = new HttpClient(remoteOptions("cod", { ...this.config.cod, url: origin }), this.deps);
      this.clients.set(origin, c);
    }
    return c;
  }
}
