import { configTexts as T } from "../messages/areas/config.ts";
import { say } from "../messages/text.ts";
import type { Config } from "./schema.ts";

/** Rules that involve more than one setting; each message names the setting to fix. */
export function crossCheck(config: Config): string[] {
  const errors: string[] = [];
  if (config.maindb.engine === "firebird" && config.maindb.database.trim() === "") {
    errors.push(`maindb.database: ${say(T.requiredFor, { other: "maindb.engine", value: "firebird" })}`);
  }
  return errors;
}
