import { dirname } from "node:path";
import { isCompiledBinary } from "./build-info.ts";

/**
 * The folder the agent calls home: where the binary lies when compiled (the
 * config file and data folder sit beside it by default), the working folder
 * when run from source.
 */
export function agentHome(): string {
  return isCompiledBinary() ? dirname(process.execPath) : process.cwd();
}
