import pkg from "../../package.json" with { type: "json" };

// Replaced at compile time by `bun build --define` (src/build/build.ts); these
// fallbacks describe a run from source.
declare const AGENT_BUILD_TARGET: string | undefined;
declare const AGENT_BUILD_TIME: string | undefined;

const target = typeof AGENT_BUILD_TARGET === "string" ? AGENT_BUILD_TARGET : "source";

/** What this binary is: version, target, whether it is the baseline-CPU build. */
export const BUILD = {
  version: pkg.version,
  target,
  baseline: target.includes("baseline"),
  builtAt: typeof AGENT_BUILD_TIME === "string" ? AGENT_BUILD_TIME : "",
  bunVersion: Bun.version,
};

/** True inside a `bun build --compile` binary, where sources live in Bun's virtual FS. */
export function isCompiledBinary(): boolean {
  return Bun.isStandaloneExecutable;
}
