import { existsSync, lstatSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { posix, win32 } from "node:path";
import { serviceName, windowsTaskName, type ServiceSpec } from "./service-spec.ts";
import { checkSystemdUnit, systemdUnit, unitFileName } from "./systemd-unit.ts";
import { ADMINISTRATORS_SID, checkWindowsTask, WINDOWS_ACCOUNTS, windowsTaskFile, windowsTaskXml } from "./windows-task.ts";

/** One step of installing or removing a service; `--dry-run` prints them, otherwise they are carried out in order. */
export type Step =
  | { kind: "write"; path: string; data: string | Uint8Array; text: string; mode: number }
  | { kind: "link"; path: string; target: string }
  | { kind: "remove"; path: string }
  /** A command; `tolerate` lists exit codes that are not a failure (a service that was not running). */
  | { kind: "run"; command: string[]; tolerate?: number[] }
  /** `systemd-analyze verify` of a unit file, where systemd-analyze exists. */
  | { kind: "verify"; unitPath: string };

export type ServiceSystem = "systemd" | "windows";

export interface Plan {
  system: ServiceSystem;
  /** The unit file or the task's XML, as written. */
  definitionPath: string;
  definition: string;
  /** Problems the agent's own check of the definition found (none for a definition it generated). */
  problems: string[];
  steps: Step[];
}

export interface PlanOptions {
  /** Write the system's files under this folder and change nothing else (images, tests). */
  root?: string;
  /** Linux: whether the service user exists already (otherwise the plan creates it). */
  userExists?: boolean;
  /** Linux: whether the data folder exists already (its owner is then changed). */
  dataDirExists?: boolean;
  /** Whether systemctl can be called (with --root it works offline). */
  haveSystemctl?: boolean;
}

export function systemFor(platform: string): ServiceSystem {
  return platform === "win32" ? "windows" : "systemd";
}

const UNIT_DIR = "/etc/systemd/system";

function unitPath(spec: ServiceSpec, root?: string): string {
  return root ? posix.join(root, UNIT_DIR, unitFileName(spec.instance)) : posix.join(UNIT_DIR, unitFileName(spec.instance));
}

function wantsLink(spec: ServiceSpec, root: string): string {
  return posix.join(root, UNIT_DIR, "multi-user.target.wants", unitFileName(spec.instance));
}

function taskFilePath(spec: ServiceSpec, root?: string): string {
  const name = `${serviceName(spec.instance)}.task.xml`;
  return root ? posix.join(root, name) : win32.join(spec.workingDir, name);
}

/** What `agent service install` does on this system. */
export function installPlan(spec: ServiceSpec, system: ServiceSystem, o: PlanOptions = {}): Plan {
  if (system === "windows") {
    const xml = windowsTaskXml(spec);
    const path = taskFilePath(spec, o.root);
    const steps: Step[] = [{ kind: "write", path, data: windowsTaskFile(xml), text: xml, mode: 0o644 }];
    if (!o.root) {
      // The binary's folder (renamed during updates) and the data folder: the service's account and Administrators only.
      const account = WINDOWS_ACCOUNTS[spec.user.toUpperCase()] ?? WINDOWS_ACCOUNTS.SYSTEM!;
      const grants = [...new Set([WINDOWS_ACCOUNTS.SYSTEM!, ADMINISTRATORS_SID, account])].flatMap((sid) => ["/grant:r", `*${sid}:(OI)(CI)F`]);
      for (const dir of [...new Set([spec.workingDir, spec.dataDir])]) steps.push({ kind: "run", command: ["icacls", dir, "/inheritance:r", ...grants, "/T", "/Q"] });
      steps.push({ kind: "run", command: ["schtasks", "/Create", "/TN", windowsTaskName(spec.instance), "/XML", path, "/F"] });
      steps.push({ kind: "run", command: ["schtasks", "/Run", "/TN", windowsTaskName(spec.instance)] });
    }
    return { system, definitionPath: path, definition: xml, problems: checkWindowsTask(xml), steps };
  }
  const unit = systemdUnit(spec);
  const path = unitPath(spec, o.root);
  const steps: Step[] = [];
  const owner = `${spec.user}:`;
  if (!o.root) {
    if (!o.userExists) {
      steps.push({ kind: "run", command: ["useradd", "--system", "--user-group", "--home-dir", spec.workingDir, "--no-create-home", "--shell", "/usr/sbin/nologin", spec.user] });
    }
    // The service renames its binary during updates, and owns its data and config.
    steps.push({ kind: "run", command: ["chown", owner, spec.workingDir, spec.binary, ...(spec.configFile ? [spec.configFile] : [])] });
    if (o.dataDirExists) steps.push({ kind: "run", command: ["chown", "-R", owner, spec.dataDir] });
  }
  steps.push({ kind: "write", path, data: unit, text: unit, mode: 0o644 });
  steps.push({ kind: "verify", unitPath: path });
  if (o.root) {
    if (o.haveSystemctl) steps.push({ kind: "run", command: ["systemctl", `--root=${o.root}`, "enable", unitFileName(spec.instance)] });
    else steps.push({ kind: "link", path: wantsLink(spec, o.root), target: posix.join(UNIT_DIR, unitFileName(spec.instance)) });
  } else {
    steps.push({ kind: "run", command: ["systemctl", "daemon-reload"] });
    steps.push({ kind: "run", command: ["systemctl", "enable", "--now", unitFileName(spec.instance)] });
  }
  return { system, definitionPath: path, definition: unit, problems: checkSystemdUnit(unit), steps };
}

/** What `agent service uninstall` does: stops and removes the service; the binary and the data stay. */
export function uninstallPlan(spec: ServiceSpec, system: ServiceSystem, o: PlanOptions = {}): Omit<Plan, "definition" | "problems"> {
  if (system === "windows") {
    const path = taskFilePath(spec, o.root);
    const steps: Step[] = [];
    if (!o.root) {
      steps.push({ kind: "run", command: ["schtasks", "/End", "/TN", windowsTaskName(spec.instance)], tolerate: [1] });
      steps.push({ kind: "run", command: ["schtasks", "/Delete", "/TN", windowsTaskName(spec.instance), "/F"] });
    }
    steps.push({ kind: "remove", path });
    return { system, definitionPath: path, steps };
  }
  const path = unitPath(spec, o.root);
  const steps: Step[] = [];
  if (o.root) {
    if (o.haveSystemctl) steps.push({ kind: "run", command: ["systemctl", `--root=${o.root}`, "disable", unitFileName(spec.instance)] });
    else steps.push({ kind: "remove", path: wantsLink(spec, o.root) });
  } else {
    // 5: the unit is not loaded (already stopped and disabled).
    steps.push({ kind: "run", command: ["systemctl", "disable", "--now", unitFileName(spec.instance)], tolerate: [1, 5] });
  }
  steps.push({ kind: "remove", path });
  if (!o.root) steps.push({ kind: "run", command: ["systemctl", "daemon-reload"] });
  return { system, definitionPath: path, steps };
}

/** Runs a program and answers how it ended; injectable for tests. */
export type CommandRunner = (command: readonly string[]) => { code: number; output: string };

export const runCommand: CommandRunner = (command) => {
  if (!Bun.which(command[0]!)) return { code: 127, output: `${command[0]}: not found` };
  const p = Bun.spawnSync([...command], { stdout: "pipe", stderr: "pipe", env: { ...process.env, SYSTEMD_COLORS: "0", SYSTEMD_PAGER: "" } });
  return { code: p.exitCode ?? 1, output: `${p.stdout.toString()}${p.stderr.toString()}`.trim() };
};

/** A command as a person would type it (for the dry run and the messages). */
export function shellLine(command: readonly string[]): string {
  return command.map((w) => (/^[\w@%+=:,./\\-]+$/.test(w) ? w : `"${w.replace(/(["\\$`])/g, "\\$1")}"`)).join(" ");
}

export interface StepReport {
  step: Step;
  /** For `verify`: lines systemd-analyze printed about the unit; `undefined` when it is not installed. */
  verifyProblems?: string[];
  output?: string;
}

/** A step that failed: the command, its exit code and what it printed. */
export class StepFailed extends Error {
  constructor(
    readonly step: Step,
    readonly code: number,
    readonly output: string,
  ) {
    super(`${step.kind === "run" ? shellLine(step.command) : step.kind}: exit code ${code}${output ? `: ${output}` : ""}`);
  }
}

/** Carries out the steps in order; stops at the first that fails (StepFailed). */
export function applyPlan(steps: readonly Step[], run: CommandRunner = runCommand, onStep: (r: StepReport) => void = () => {}): void {
  for (const step of steps) {
    switch (step.kind) {
      case "write":
        mkdirSync(posix.dirname(step.path.replace(/\\/g, "/")) || ".", { recursive: true, mode: 0o755 });
        writeFileSync(step.path, step.data, { mode: step.mode });
        onStep({ step });
        break;
      case "link":
        mkdirSync(posix.dirname(step.path), { recursive: true, mode: 0o755 });
        if (existsOrLink(step.path)) rmSync(step.path);
        symlinkSync(step.target, step.path);
        onStep({ step });
        break;
      case "remove":
        rmSync(step.path, { force: true });
        onStep({ step });
        break;
      case "run": {
        const r = run(step.command);
        if (r.code !== 0 && !step.tolerate?.includes(r.code)) throw new StepFailed(step, r.code, r.output);
        onStep({ step, output: r.output });
        break;
      }
      case "verify": {
        const r = run(["systemd-analyze", "verify", step.unitPath]);
        if (r.code === 127) {
          onStep({ step });
          break;
        }
        // systemd-analyze also speaks about other units of the machine; only lines about ours count.
        const name = posix.basename(step.unitPath);
        const problems = r.output.split("\n").filter((l) => l.includes(name) || l.includes(step.unitPath));
        if (r.code !== 0 && problems.length === 0) problems.push(r.output || `exit code ${r.code}`);
        onStep({ step, verifyProblems: problems });
        if (problems.length > 0) throw new StepFailed(step, r.code, problems.join("\n"));
        break;
      }
    }
  }
}

function existsOrLink(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return existsSync(path);
  }
}
