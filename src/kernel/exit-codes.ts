/** The agent's exit codes, documented in the README's CLI reference. */
export const ExitCode = {
  /** It worked. */
  ok: 0,
  /** The task ran and failed. */
  taskFailed: 1,
  /** Bad usage, config, or data folder: the message says which. */
  usage: 2,
  /** Another agent already owns this instance's stores or main database. */
  locked: 3,
  /** Not supported here: OS, CPU, or a store written by a newer agent. */
  unsupported: 4,
  /**
   * Between the service and its supervisor only: an update is prepared, switch
   * to it and restart (EX_TEMPFAIL of sysexits.h).
   */
  restartForUpdate: 75,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];
