import { closeSync, openSync, readSync } from "node:fs";
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
    const line = firstFlagsLine("/proc/cpuinfo");
    return line ? new Set(line.split(":")[1]!.trim().split(/\s+/)) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The first CPU's "flags" line, reading no further than it. The kernel builds
 * /proc/cpuinfo as it is read, asking every CPU for its clock: on a server with
 * dozens of cores the whole file costs milliseconds at every start.
 */
function firstFlagsLine(path: string): string | undefined {
  const fd = openSync(path, "r");
  try {
    // A page at a time: the kernel writes as many CPUs as fit, and the first one's flags come early.
    const chunk = Buffer.alloc(4096);
    let text = "";
    for (;;) {
      const n = readSync(fd, chunk, 0, chunk.length, null);
      text += chunk.toString("latin1", 0, n);
      const start = text.startsWith("flags") ? 0 : text.indexOf("\nflags") + 1;
      const end = text.indexOf("\n", start);
      if (start > 0 || text.startsWith("flags")) {
        if (end >= 0) return text.slice(start, end);
        if (n === 0) return text.slice(start);
      } else if (n === 0) {
        return undefined;
      }
    }
  } finally {
    closeSync(fd);
  }
}
