import { basename } from "node:path";
import { signTexts as S } from "../messages/areas/sign.ts";
import { say } from "../messages/text.ts";
import { redactPersonalData } from "../privacy/redact.ts";
import { SignError } from "./sign-error.ts";

export interface ToolRun {
  argv: string[];
  /** The setting the command came from (`sign.sign_command`), named in errors. */
  setting: string;
  timeoutMs: number;
  cwd: string;
  /** Extra environment of the child (the key password as SIGN_KEY_PASSWORD). */
  env?: Record<string, string>;
  /** Values cut out of anything the tool prints before it is kept (the key password). */
  secrets: readonly string[];
  signal?: AbortSignal;
}

export interface ToolResult {
  exitCode: number;
  /** The tool's stderr (and stdout when stderr is empty), redacted and shortened: safe to log and store. */
  said: string;
}

/** How much of a tool's output is read; the rest is dropped. */
const OUTPUT_LIMIT = 64 * 1024;
/** How much of it a message keeps. */
const SAID_LIMIT = 600;

/**
 * Runs an external signer or verifier: directly (no shell), with stdin
 * closed (a tool that asks for a PIN gets end of input instead of waiting),
 * with the agent's own `AGENT_*` variables (tokens, passwords) removed from
 * its environment, killed (SIGKILL) when it outlives the timeout or the task
 * is stopped. Its output is captured, cut to size, and redacted of patient
 * data and secrets before anyone sees it.
 */
export async function runTool(r: ToolRun): Promise<ToolResult> {
  const program = basename(r.argv[0]!);
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith("AGENT_")) env[k] = v;
  Object.assign(env, r.env);
  let proc: ReturnType<typeof Bun.spawn>;
  try {
    // Its own process group (POSIX), so that a timeout also kills what it started (a shell script's children).
    proc = Bun.spawn(r.argv, { cwd: r.cwd, env, stdin: "ignore", stdout: "pipe", stderr: "pipe", detached: process.platform !== "win32" });
  } catch (error) {
    const detail = clean((error as NodeJS.ErrnoException).code ?? String((error as Error).message ?? error), r.secrets);
    throw new SignError("tool_failed", say(S.toolNotStarted, { setting: r.setting, program, detail }), { cause: error });
  }
  let stopped: "timeout" | "cancelled" | null = null;
  let release: () => void = () => {};
  const killed = new Promise<void>((resolve) => (release = resolve));
  const stop = (why: "timeout" | "cancelled") => {
    stopped ??= why;
    killTree(proc);
    // A grandchild that escaped the group may still hold the pipes: stop waiting for them soon after.
    setTimeout(release, 2000);
  };
  const timer = setTimeout(() => stop("timeout"), r.timeoutMs);
  const onAbort = () => stop("cancelled");
  r.signal?.addEventListener("abort", onAbort, { once: true });
  if (r.signal?.aborted) onAbort();
  try {
    const finished = Promise.all([readLimited(proc.stdout as ReadableStream<Uint8Array>), readLimited(proc.stderr as ReadableStream<Uint8Array>), proc.exited]);
    const outcome = await Promise.race([finished, killed.then(() => null)]);
    if (stopped === "cancelled") throw new SignError("cancelled", say(S.cancelled));
    if (stopped === "timeout" || outcome === null) throw new SignError("timeout", say(S.toolTimeout, { setting: r.setting, program, seconds: Math.round(r.timeoutMs / 1000) }));
    const [stdout, stderr, exitCode] = outcome;
    const said = clean(stderr.trim() !== "" ? stderr : stdout, r.secrets);
    return { exitCode, said };
  } finally {
    clearTimeout(timer);
    r.signal?.removeEventListener("abort", onAbort);
  }
}

function killTree(proc: ReturnType<typeof Bun.spawn>): void {
  try {
    if (process.platform !== "win32" && proc.pid > 0) process.kill(-proc.pid, "SIGKILL");
    else proc.kill("SIGKILL");
  } catch {
    proc.kill("SIGKILL"); // the group is gone already; make sure of the child itself
  }
}

/** A tool's words made safe to keep: secrets and patient data cut out, one line, short. */
export function clean(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) if (s.length > 0) out = out.split(s).join("***");
  // Cut well past what is kept before redacting (its patterns are slow on long text); the tail of
  // a value cut at this edge lies beyond SAID_LIMIT and is dropped below.
  out = redactPersonalData(out.replace(/\s+/g, " ").trim().slice(0, SAID_LIMIT * 3));
  return out.length > SAID_LIMIT ? `${out.slice(0, SAID_LIMIT)}…` : out;
}

async function readLimited(stream: ReadableStream<Uint8Array>): Promise<string> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  // Read to the end even past the limit, so that a chatty tool never blocks on a full pipe.
  for await (const chunk of stream) {
    if (size < OUTPUT_LIMIT) chunks.push(chunk.subarray(0, OUTPUT_LIMIT - size));
    size += chunk.length;
  }
  return new TextDecoder().decode(Buffer.concat(chunks));
}
