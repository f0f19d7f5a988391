import { afterEach, describe, expect, test } from "bun:test";
import { chmodSync, existsSync, lstatSync, readFileSync, readlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { cli, SUPPORTED_MACHINE } from "../helpers/cli-harness.ts";
import { loneBinary, runAgent } from "../helpers/binary.ts";
import { removeTempDir, tempDir } from "../helpers/temp-dir.ts";
import { serviceRuntime } from "../../src/cli/service.ts";
import { checkSystemdUnit, parseUnit } from "../../src/deploy/systemd-unit.ts";
import { checkWindowsTask } from "../../src/deploy/windows-task.ts";

const WINDOWS = { ...SUPPORTED_MACHINE, platform: "win32", release: "10.0.17763" };
const realRuntime = { ...serviceRuntime };
afterEach(() => Object.assign(serviceRuntime, realRuntime));

/** A stand-in for the agent binary, for the in-process CLI (run from source it has no binary of its own). */
function fakeBinary(): { home: string; binary: string } {
  const home = tempDir("agent-svc-");
  const binary = join(home, "agent");
  writeFileSync(binary, "#!/bin/sh\n", { mode: 0o755 });
  return { home, binary };
}

describe("agent service install --dry-run", () => {
  test("Linux: prints the unit and every command, and changes nothing", async () => {
    const { home, binary } = fakeBinary();
    const commands: string[][] = [];
    serviceRuntime.run = (c) => (commands.push([...c]), { code: 2, output: "" }); // getent: no such user
    const r = await cli(["service", "install", "--dry-run", "--binary", binary, "--admin-group", "labadmins"], { home });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Пробный запуск (--dry-run): ничего не изменено. Для systemd было бы сделано:");
    expect(r.stdout).toContain(`- выполнить: useradd --system --user-group --home-dir ${home} --no-create-home --shell /usr/sbin/nologin lab-agent`);
    expect(r.stdout).toContain(`- выполнить: chown lab-agent: ${home} ${binary}`);
    expect(r.stdout).toContain("- записать файл /etc/systemd/system/lab-agent-main.service:");
    expect(r.stdout).toContain(`    ExecStart=${binary} service run --instance main`);
    expect(r.stdout).toContain("    SupplementaryGroups=labadmins");
    expect(r.stdout).toContain("- выполнить: systemctl enable --now lab-agent-main.service");
    // Only the look-up of the user ran; nothing was written.
    expect(commands).toEqual([["getent", "passwd", "lab-agent"]]);
    expect(existsSync("/etc/systemd/system/lab-agent-main.service")).toBe(false);
  });

  test("Windows: prints the task's XML, the folder permissions and the schtasks commands; the XML has every required field", async () => {
    const home = tempDir("agent-svc-");
    const r = await cli(["service", "install", "--dry-run", "--binary", "C:\\LabAgent\\agent.exe", "--data-dir", "C:\\LabAgent\\data", "--instance", "mo2", "--lang", "en"], { home, facts: WINDOWS });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Dry run (--dry-run): nothing was changed. For Windows (Task Scheduler) this would be done:");
    expect(r.stdout).toContain("- write the file C:\\LabAgent\\lab-agent-mo2.task.xml:");
    expect(r.stdout).toContain('- run: icacls C:\\LabAgent /inheritance:r /grant:r "*S-1-5-18:(OI)(CI)F" /grant:r "*S-1-5-32-544:(OI)(CI)F" /T /Q');
    expect(r.stdout).toContain("- run: schtasks /Create /TN LabAgent\\mo2 /XML C:\\LabAgent\\lab-agent-mo2.task.xml /F");
    expect(r.stdout).toContain("- run: schtasks /Run /TN LabAgent\\mo2");
    const xml = r.stdout.slice(r.stdout.indexOf("    <?xml"), r.stdout.indexOf("    </Task>") + 11).replace(/^ {4}/gm, "");
    expect(checkWindowsTask(xml)).toEqual([]);
    expect(xml).toContain("<Arguments>service run --instance mo2 --data-dir C:\\LabAgent\\data --lang en</Arguments>");
    expect(xml).toContain("<WorkingDirectory>C:\\LabAgent</WorkingDirectory>");
  });

  test("bad accounts are refused with what is allowed", async () => {
    const { home, binary } = fakeBinary();
    const root = await cli(["service", "install", "--dry-run", "--binary", binary, "--user", "root"], { home });
    expect([root.code, root.stderr]).toEqual([2, expect.stringContaining("root не подходит")]);
    const win = await cli(["service", "install", "--dry-run", "--binary", "C:\\A\\agent.exe", "--user", "Administrator"], { home, facts: WINDOWS });
    expect([win.code, win.stderr]).toEqual([2, expect.stringContaining("SYSTEM, LOCAL SERVICE, NETWORK SERVICE")]);
    const missing = await cli(["service", "install", "--binary", join(home, "nothing")], { home });
    expect([missing.code, missing.stderr]).toEqual([2, expect.stringContaining("не найдена")]);
  });
});

describe("agent service install without --root", () => {
  test("on a machine where systemd does not run: exit 4 and what to do instead; nothing is changed", async () => {
    const { home, binary } = fakeBinary();
    const commands: string[][] = [];
    serviceRuntime.systemdRunning = () => false;
    serviceRuntime.init = () => "sysvinit";
    serviceRuntime.run = (c) => (commands.push([...c]), { code: 0, output: "" });
    const r = await cli(["service", "install", "--binary", binary], { home });
    expect(r.code).toBe(4);
    expect(r.stderr).toContain("На этой машине не работает systemd (процесс 1 — sysvinit)");
    expect(r.stderr).toContain(`«${binary} service run --instance main»`);
    expect(r.stderr).toContain("agent service install --root ПАПКА");
    expect(commands).toEqual([["getent", "passwd", "lab-agent"]]);
  });

  test("as a user other than root: says to use sudo, or --dry-run / --root; nothing but the user look-up is run", async () => {
    const { home, binary } = fakeBinary();
    const commands: string[][] = [];
    serviceRuntime.systemdRunning = () => true;
    serviceRuntime.uid = () => 1000;
    serviceRuntime.run = (c) => (commands.push([...c]), { code: 0, output: "" });
    const r = await cli(["service", "uninstall", "--binary", binary], { home });
    expect([r.code, r.stderr]).toEqual([2, expect.stringContaining("выполните команду от root (sudo agent service …)")]);
    expect(commands).toEqual([["getent", "passwd", "lab-agent"]]);
  });

  test("a binary in a shared system folder is refused: updates rename files beside it", async () => {
    const home = tempDir("agent-svc-");
    serviceRuntime.systemdRunning = () => true;
    serviceRuntime.run = () => ({ code: 0, output: "" });
    const r = await cli(["service", "install", "--binary", "/usr/bin/env"], { home });
    expect([r.code, r.stderr]).toEqual([2, expect.stringContaining("общей системной папке /usr/bin")]);
  });
});

describe("install into a temporary root (compiled binary)", () => {
  test("the unit is written, verified, enabled; status sees it; uninstall removes it", async () => {
    const { dir, agent } = loneBinary();
    const root = join(dir, "root");
    const install = await runAgent(agent, ["service", "install", "--root", root, "--user", "labagent"], { cwd: dir });
    expect(install.code).toBe(0);
    const unitPath = join(root, "etc/systemd/system/lab-agent-main.service");
    const unit = readFileSync(unitPath, "utf8");
    expect(checkSystemdUnit(unit)).toEqual([]);
    expect(parseUnit(unit).get("Service")!.get("ExecStart")).toEqual([`${agent} service run --instance main`]);
    expect(parseUnit(unit).get("Service")!.get("User")).toEqual(["labagent"]);
    const analyze = Bun.which("systemd-analyze");
    // CI installs systemd's tools (.ci/run); a developer's machine without them gets the agent's own check only, and the output says so.
    if (process.env.CI === "true") expect(analyze).not.toBeNull();
    expect(install.stdout).toContain(analyze ? `systemd-analyze verify ${unitPath}: замечаний нет` : "systemd-analyze не установлен");
    const wants = join(root, "etc/systemd/system/multi-user.target.wants/lab-agent-main.service");
    expect(lstatSync(wants).isSymbolicLink()).toBe(true);
    expect(readlinkSync(wants)).toBe("/etc/systemd/system/lab-agent-main.service");
    expect(install.stdout).toContain("Пользователь не создавался, владельцы не менялись, ничего не запускалось.");

    const status = await runAgent(agent, ["service", "status", "--root", root], { cwd: dir });
    expect(status.stdout).toContain(`Служба lab-agent-main (systemd): определение ${unitPath}`);
    expect(status.stdout).toContain("Запуск при загрузке: включён");
    expect(status.stdout).toContain("Агент не запущен");

    const uninstall = await runAgent(agent, ["service", "uninstall", "--root", root], { cwd: dir });
    expect(uninstall.code).toBe(0);
    expect([existsSync(unitPath), existsSync(wants)]).toEqual([false, false]);
    removeTempDir(dir);
  });

  test("systemd-analyze's remarks about the unit stop the install", async () => {
    // Needs systemd-analyze: CI installs it (.ci/run) and must have it; elsewhere this test has nothing to run against.
    if (!Bun.which("systemd-analyze")) {
      expect(process.env.CI).not.toBe("true");
      return;
    }
    const { home, binary } = fakeBinary();
    const root = join(home, "root");
    // A binary that systemd cannot execute: verify says so, and the install fails naming it.
    chmodSync(binary, 0o644);
    const r = await cli(["service", "install", "--binary", binary, "--root", root], { home });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("is not executable");
    expect(r.stderr).toContain(`Уже сделано: Записан ${join(root, "etc/systemd/system/lab-agent-main.service")}`);
  });
});
