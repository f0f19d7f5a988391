/** Thrown at a thread's safe point once it has been asked to stop. */
export class CancelledError extends Error {
  override readonly name = "CancelledError";
  constructor(readonly reason: "administrator" | "shutdown") {
    super(reason === "shutdown" ? "stopped: the service is stopping" : "stopped at the administrator's request");
  }
}
