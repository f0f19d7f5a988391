import type { Config } from "../config/schema.ts";
import type { TaskContext } from "./task.ts";

/** The `[cod]` settings of a run: the job's `cod_url` (the manual's editor sets it per job) over the config's. */
export function codSettingsOf(ctx: Pick<TaskContext, "config" | "options">): Config["cod"] {
  const url = typeof ctx.options.cod_url === "string" ? ctx.options.cod_url.trim() : "";
  return url ? { ...ctx.config.cod, url } : ctx.config.cod;
}
