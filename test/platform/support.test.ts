import { describe, expect, test } from "bun:test";
import { checkSupport, type MachineFacts } from "../../src/platform/support.ts";
import { readMachineFacts } from "../../src/platform/machine-facts.ts";
import { setLanguage } from "../../src/messages/text.ts";

const linux: MachineFacts = { platform: "linux", arch: "x64", release: "6.1.0-18-amd64", cpuFlags: new Set(["avx2", "sse4_2"]), baselineBuild: false };

describe("the support matrix", () => {
  setLanguage("ru");

  test("a current Linux with AVX2 is supported without remarks", () => {
    expect(checkSupport(linux)).toEqual({ fatal: [], warnings: [] });
  });

  test("a kernel older than 3.10 is refused, older than 5.6 warned about", () => {
    expect(checkSupport({ ...linux, release: "2.6.32-754.el6.x86_64" }).fatal[0]).toContain("3.10");
    const old = checkSupport({ ...linux, release: "3.10.0-1160.el7.x86_64" });
    expect(old.fatal).toEqual([]);
    expect(old.warnings[0]).toContain("5.6");
  });

  test("a CPU without AVX2 needs the baseline build, which runs there", () => {
    const noAvx2 = { ...linux, cpuFlags: new Set(["sse4_2"]) };
    expect(checkSupport(noAvx2).fatal[0]).toContain("agent-baseline");
    expect(checkSupport({ ...noAvx2, baselineBuild: true }).fatal).toEqual([]);
    expect(checkSupport({ ...noAvx2, platform: "win32", release: "10.0.17763" }).fatal[0]).toContain("agent-baseline.exe");
  });

  test("Windows needs 10 1809 / Server 2019 (build 17763)", () => {
    const win: MachineFacts = { platform: "win32", arch: "x64", release: "10.0.17763", baselineBuild: false };
    expect(checkSupport(win).fatal).toEqual([]);
    expect(checkSupport({ ...win, release: "10.0.14393" }).fatal[0]).toContain("17763");
    expect(checkSupport({ ...win, release: "6.3.9600" }).fatal[0]).toContain("17763");
  });

  test("other systems and architectures are named", () => {
    expect(checkSupport({ ...linux, platform: "darwin" }).fatal[0]).toContain("darwin");
    expect(checkSupport({ ...linux, arch: "arm64" }).fatal[0]).toContain("arm64");
  });

  test("this machine's facts are read", () => {
    const facts = readMachineFacts();
    expect(facts.platform).toBe(process.platform);
    if (process.platform === "linux") expect(facts.cpuFlags?.size ?? 0).toBeGreaterThan(0);
  });
});
