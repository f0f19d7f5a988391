/**
 * An error and its causes in one line for the log: `what failed ← why`. The
 * texts are those of the errors themselves; an error built from a remote
 * server's answer must already be redacted where it entered the agent.
 */
export function describeError(error: unknown): string {
  const parts: string[] = [];
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (current !== undefined && current !== null && !seen.has(current) && parts.length < 6) {
    seen.add(current);
    const message = current instanceof Error ? current.message : String(current);
    if (message && !parts.includes(message)) parts.push(message);
    current = current instanceof Error ? current.cause : undefined;
  }
  return parts.join(" ← ") || String(error);
}
