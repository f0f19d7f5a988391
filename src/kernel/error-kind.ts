import { ExitCode } from "./exit-codes.ts";

/**
 * What kind of failure an error is, as the run history keeps it and the
 * statistics upload counts it: `cod.refused`, `maindb.unreachable`,
 * `sqlite.full`, `fs.enospc`, `usage` … — an enumerable name, never the
 * error's text (which may quote a patient's data).
 *
 * The errors of each boundary carry a `kind` (CodError, NetError,
 * MainDbError, SignError, SmsError); their class names the area. Below those,
 * the codes of SQLite and of the file system are kinds of their own. Only
 * these characters ever leave: `[a-z0-9_.-]`.
 */
export function errorKind(error: unknown): string {
  let fallback: string | undefined;
  const seen = new Set<unknown>();
  for (let e = error; e !== null && e !== undefined && !seen.has(e); e = (e as { cause?: unknown }).cause) {
    seen.add(e);
    const kind = (e as { kind?: unknown }).kind;
    if (typeof kind === "string") return clean(`${area(e)}.${kind}`);
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && code.startsWith("SQLITE_")) return clean(`sqlite.${code.slice(7).split("_")[0]}`);
    if (typeof code === "string" && /^E[A-Z]+$/.test(code)) return clean(`fs.${code}`);
    const exitCode = (e as { exitCode?: unknown }).exitCode;
    fallback ??= typeof exitCode === "number" ? (EXIT_KINDS[exitCode] ?? "agent") : undefined;
  }
  return fallback ?? "internal";
}

/** The agent's exit codes (kernel/exit-codes.ts) as kinds, for AgentErrors that carry nothing finer. */
const EXIT_KINDS: Record<number, string> = {
  [ExitCode.taskFailed]: "failed",
  [ExitCode.usage]: "usage",
  [ExitCode.locked]: "locked",
  [ExitCode.unsupported]: "unsupported",
};

/** `CodError` → `cod`, `MainDbError` → `maindb`; the class, since some share AgentError's `name`. */
function area(e: unknown): string {
  const name = (e as { constructor?: { name?: unknown } }).constructor?.name;
  return typeof name === "string" && name.endsWith("Error") && name !== "Error" ? name.slice(0, -5) : "error";
}

function clean(kind: string): string {
  return kind.toLowerCase().replace(/[^a-z0-9_.-]/g, "_").slice(0, 64);
}
