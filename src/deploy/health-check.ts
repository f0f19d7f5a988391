import { ControlClient } from "../control/control-client.ts";

/** What the supervisor learnt about a freshly started service. */
export type HealthResult =
  | { ok: true; version: string; pid: number }
  | { ok: false; reason: "exited" | "timeout" | "version" | "stores"; detail: string };

export interface HealthCheckOptions {
  /** The instance's control endpoint (socket, or the Windows endpoint file). */
  endpoint: string;
  /** The version the service must answer with. */
  version: string;
  deadlineMs: number;
  /** The exit code if the service process has already ended. */
  exitCode(): number | undefined;
  now?: () => number;
  pauseMs?: number;
}

/**
 * Waits until the service answers `status` on its control channel with the
 * expected version and its stores open, or until the deadline. The channel
 * starts only after the instance opened and migrated its stores and took its
 * lock, so an answer means the service really came up; `stores: "ok"` says
 * both stores still answer a query.
 */
export async function awaitHealthy(o: HealthCheckOptions): Promise<HealthResult> {
  const now = o.now ?? (() => performance.now());
  const deadline = now() + o.deadlineMs;
  let last = "no answer";
  for (;;) {
    const code = o.exitCode();
    if (code !== undefined) return { ok: false, reason: "exited", detail: `exit code ${code}` };
    const left = deadline - now();
    if (left <= 0) return { ok: false, reason: "timeout", detail: last };
    try {
      const client = await ControlClient.connect(o.endpoint, "supervisor", Math.min(2_000, Math.max(100, left)));
      try {
        const status = await client.request<{ version: string; pid: number; stores?: string }>("status");
        if (status.version !== o.version) return { ok: false, reason: "version", detail: `answered version ${status.version}, expected ${o.version}` };
        if (status.stores !== "ok") return { ok: false, reason: "stores", detail: `stores: ${status.stores ?? "not reported"}` };
        return { ok: true, version: status.version, pid: status.pid };
      } finally {
        client.close();
      }
    } catch (error) {
      last = (error as Error).message;
    }
    await Bun.sleep(o.pauseMs ?? 250);
  }
}
