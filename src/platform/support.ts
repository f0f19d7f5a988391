import { platformTexts as T } from "../messages/areas/platform.ts";
import { say } from "../messages/text.ts";

/**
 * The support matrix, checked at start. Bun's own limits (see the README):
 * Linux x64 with glibc ≥ 2.17 (the loader refuses older ones before we run),
 * kernel ≥ 3.10 with 5.6+ recommended; Windows 10 1809 / Server 2019
 * (build 17763) or newer; the default builds need AVX2, the baseline ones not.
 */
export interface MachineFacts {
  platform: string;
  arch: string;
  /** `uname -r` on Linux; `10.0.17763` on Windows. */
  release: string;
  /** CPU feature flags when known (Linux: /proc/cpuinfo); undefined when unknown. */
  cpuFlags?: ReadonlySet<string>;
  /** Whether this binary was built for CPUs without AVX2. */
  baselineBuild: boolean;
}

export interface SupportVerdict {
  /** Reasons the agent must not run here (exit 4). */
  fatal: string[];
  /** Reasons to warn at start. */
  warnings: string[];
}

const versionParts = (release: string) => (release.match(/\d+/g) ?? []).map(Number);

function atLeast(release: string, minimum: number[]): boolean {
  const v = versionParts(release);
  for (let i = 0; i < minimum.length; i++) {
    const a = v[i] ?? 0;
    if (a !== minimum[i]) return a > minimum[i]!;
  }
  return true;
}

export function checkSupport(f: MachineFacts): SupportVerdict {
  const fatal: string[] = [];
  const warnings: string[] = [];
  if (f.platform !== "linux" && f.platform !== "win32") fatal.push(say(T.unsupportedOs, { os: f.platform }));
  if (f.arch !== "x64") fatal.push(say(T.unsupportedArch, { arch: f.arch }));
  if (f.platform === "linux") {
    if (!atLeast(f.release, [3, 10])) fatal.push(say(T.kernelTooOld, { release: f.release }));
    else if (!atLeast(f.release, [5, 6])) warnings.push(say(T.kernelOld, { release: f.release }));
  }
  if (f.platform === "win32") {
    // os.release() on Windows is "10.0.<build>"; 1809 is build 17763.
    const [major = 0, , build = 0] = versionParts(f.release);
    if (major < 10 || build < 17763) fatal.push(say(T.windowsTooOld, { release: f.release }));
  }
  if (!f.baselineBuild && f.cpuFlags && !f.cpuFlags.has("avx2")) {
    fatal.push(say(T.needsBaseline, { file: f.platform === "win32" ? "agent-baseline.exe" : "agent-baseline" }));
  }
  return { fatal, warnings };
}
