import { ExitCode, type ExitCodeValue } from "./exit-codes.ts";

/**
 * An error meant for the person at the console: its message is already in
 * their language, names what is wrong and what to do, and carries the exit
 * code the CLI ends with. Lower layers wrap their own errors in one of these
 * at the boundary, keeping the original as `cause`.
 */
export class AgentError extends Error {
  override readonly name = "AgentError";
  constructor(
    message: string,
    readonly exitCode: ExitCodeValue,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export const usageError = (message: string, cause?: unknown) => new AgentError(message, ExitCode.usage, { cause });
export const lockedError = (message: string, cause?: unknown) => new AgentError(message, ExitCode.locked, { cause });
export const unsupportedError = (message: string, cause?: unknown) =>
  new AgentError(message, ExitCode.unsupported, { cause });

/** The message of any thrown value, for the rare place that must print it. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
