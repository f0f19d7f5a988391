import pkg from "../../package.json" with { type: "json" };

// Replaced at compile time by `bun build --define` (src/build/compile.ts); these
// fallbacks describe a run from source.
declare const AGENT_BUILD_TARGET: string | undefined;
declare const AGENT_BUILD_TIME: string | undefined;
declare const AGENT_BUILD_VERSION: string | undefined;

const target = typeof AGENT_BUILD_TARGET === "string" ? AGENT_BUILD_TARGET : "source";
const baseline = target.includes("baseline");

/** What this binary is: version, target, whether it is the baseline-CPU build. */
export const BUILD = {
  // A build may be given its version (`compile.ts --version`); by default package.json's.
  version: typeof AGENT_BUILD_VERSION === "string" ? AGENT_BUILD_VERSION : pkg.version,
  target,
  baseline,
  builtAt: typeof AGENT_BUILD_TIME === "string" ? AGENT_BUILD_TIME : "",
  bunVersion: Bun.version,
  /** The platform an update for this binary must be built for: `linux-x64`, `windows-x64`. */
  updatePlatform: target === "source" ? `${process.platform === "win32" ? "windows" : process.platform}-${process.arch}` : target.replace(/-baseline$/, ""),
  /** The CPU level an update must keep: `baseline` (any x86-64) or `avx2`. */
  updateCpu: (baseline ? "baseline" : "avx2") as "baseline" | "avx2",
};

/** True inside a `bun build --compile` binary, where sources live in Bun's virtual FS. */
export function isCompiledBinary(): boolean {
  return Bun.isStandaloneExecutable;
}
