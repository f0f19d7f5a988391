import { readFileSync } from "node:fs";
import { arch, platform, release } from "node:os";
import { BUILD } from "./build-info.ts";
import type { MachineFacts } from "./support.ts";

/** Reads the facts the support check needs from the machine it runs on. */
export function readMachineFacts(): MachineFacts {
  return {
    platform: platform(),
    arch: arch(),
    release: release(),
    cpuFlags: readCpuFlags(),
    baselineBuild: BUILD.baseline,
  };
}

function readCpuFlags(): ReadonlySet<string> | undefined {
  if (platform() !== "linux") return undefined;
  try {
    const line = readFileSync("/proc/cpuinfo", "utf8")
      .split("\n")
      .find((l) => l.startsWith("flags"));
    return line ? new Set(line.split(":")[1]!.trim().split(/\s+/)) : undefined;
  } catch {
    return undefined;
  }
}
