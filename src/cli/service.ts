import { existsSync, lstatSync, readFileSync, statSync } from "node:fs";
import { posix, win32 } from "node:path";
import { serviceTexts as S } from "../messages/areas/service.ts";
import { say } from "../messages/text.ts";
import { AgentError, unsupportedError, usageError } from "../kernel/agent-error.ts";
import { ExitCode } from "../kernel/exit-codes.ts";
import { formatManual } from "../kernel/zoned-time.ts";
import { isCompiledBinary } from "../platform/build-info.ts";
import { instancePaths } from "../platform/instance-paths.ts";
import { serviceName, windowsTaskName, type ServiceSpec } from "../deploy/service-spec.ts";
import { WINDOWS_ACCOUNTS } from "../deploy/windows-task.ts";
import { unitFileName } from "../deploy/systemd-unit.ts";
import { applyPlan, installPlan, runCommand, shellLine, StepFailed, systemFor, uninstallPlan, type CommandRunner, type Plan, type Step, type StepReport } from "../deploy/service-plan.ts";
import { Supervisor } from "../deploy/supervisor.ts";
import { readTransaction, updatePaths } from "../deploy/update-transaction.ts";
import type { CommandRun, ParsedArgs } from "./command.ts";
import type { CliContext } from "./context.ts";
import { connectToService } from "./service-connection.ts";

/** Folders the service must not own: its binary's folder is renamed into during updates. */
const SHARED_FOLDERS = ["/", "/bin", "/sbin", "/usr", "/etc", "/lib", "/lib64", "/boot", "/dev", "/proc", "/sys", "/tmp", "/var", "/home", "/root", "/opt"];

/** The commands the tests replace; the real ones otherwise. */
export const serviceRuntime: { run: CommandRunner; systemdRunning(): boolean; init(): string; uid(): number } = {
  run: runCommand,
  uid: () => process.getuid?.() ?? 0,
  systemdRunning: () => existsSync("/run/systemd/system"),
  init: () => {
    try {
      return readFileSync("/proc/1/comm", "utf8").trim();
    } catch {
      return "?";
    }
  },
};

interface Target {
  spec: ServiceSpec;
  platform: string;
  root: string | undefined;
}

function target(ctx: CliContext, args: ParsedArgs): Target {
  const platform = ctx.deps.machineFacts().platform;
  const windows = platform === "win32";
  const path = windows ? win32 : posix;
  const loaded = ctx.config();
  const { config } = loaded;
  const given = args.get("binary");
  if (given === undefined && !isCompiledBinary()) throw usageError(say(S.fromSource));
  const binary = path.resolve(given ?? process.execPath);
  // A binary for another system (a Windows dry run on Linux) cannot be looked at here.
  if (path === (process.platform === "win32" ? win32 : posix) && !isFile(binary)) throw usageError(say(S.binaryMissing, { path: binary }));
  const user = args.get("user") ?? (windows ? "SYSTEM" : "lab-agent");
  if (windows && !(user.toUpperCase() in WINDOWS_ACCOUNTS)) throw usageError(say(S.badWindowsUser, { user, allowed: Object.keys(WINDOWS_ACCOUNTS).join(", ") }));
  if (!windows && (!/^[a-z_][a-z0-9_-]{0,31}$/.test(user) || user === "root")) throw usageError(say(S.badUser, { user }));
  // The service reads the same config and data as this command: the options that chose them go along.
  const forwarded: string[] = ["--instance", config.instance];
  const configFile = ctx.globals.get("config");
  if (configFile !== undefined) forwarded.push("--config", path.resolve(configFile));
  const dataDir = ctx.globals.get("data-dir");
  if (dataDir !== undefined) forwarded.push("--data-dir", path.resolve(dataDir));
  const lang = ctx.globals.get("lang");
  if (lang !== undefined) forwarded.push("--lang", lang);
  for (const pair of ctx.globals.all("set")) forwarded.push("--set", pair);
  const root = args.get("root");
  return {
    platform,
    root: root === undefined ? undefined : posix.resolve(root),
    spec: {
      instance: config.instance,
      binary,
      workingDir: path.dirname(binary),
      args: ["service", "run", ...forwarded],
      user,
      adminGroup: args.get("admin-group") ?? config.admin_group,
      dataDir: path.resolve(config.data_dir),
      configFile: loaded.file.path && existsSync(loaded.file.path) ? path.resolve(loaded.file.path) : undefined,
    },
  };
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** Where installing for real is possible at all; a clear message otherwise. */
function requireSystem(t: Target): void {
  if (t.root) return;
  if (t.platform === "win32") {
    if (!Bun.which("schtasks")) throw unsupportedError(say(S.noSchtasks));
    return;
  }
  if (!serviceRuntime.systemdRunning()) throw unsupportedError(say(S.noSystemd, { init: serviceRuntime.init(), binary: t.spec.binary, instance: t.spec.instance }));
  if (serviceRuntime.uid() !== 0) throw usageError(say(S.needRoot));
  const dir = t.spec.workingDir;
  if (SHARED_FOLDERS.includes(dir) || ["/usr/", "/bin/", "/sbin/", "/etc/", "/lib/", "/boot/"].some((p) => dir.startsWith(p))) {
    throw usageError(say(S.systemFolder, { dir }));
  }
}

function systemName(platform: string): string {
  return platform === "win32" ? "Windows (Task Scheduler)" : "systemd";
}

function printSteps(ctx: CliContext, steps: readonly Step[]): void {
  for (const step of steps) {
    switch (step.kind) {
      case "write":
        ctx.out(`- ${say(S.wouldWrite, { path: step.path })}`);
        ctx.out(step.text.replace(/\n$/, "").split("\n").map((l) => `    ${l}`).join("\n"));
        break;
      case "run":
        ctx.out(`- ${say(S.wouldRun, { command: shellLine(step.command) })}`);
        break;
      case "link":
        ctx.out(`- ${say(S.wouldLink, { path: step.path, target: step.target })}`);
        break;
      case "remove":
        ctx.out(`- ${say(S.wouldRemove, { path: step.path })}`);
        break;
      case "verify":
        ctx.out(`- ${say(S.wouldVerify, { path: step.unitPath })}`);
        break;
    }
  }
}

function report(ctx: CliContext, done: string[]): (r: StepReport) => void {
  return ({ step, verifyProblems }) => {
    let line: string;
    if (step.kind === "write") line = say(S.wrote, { path: step.path });
    else if (step.kind === "run") line = say(S.ran, { command: shellLine(step.command) });
    else if (step.kind === "link") line = say(S.linked, { path: step.path });
    else if (step.kind === "remove") line = say(S.removed, { path: step.path });
    else line = verifyProblems === undefined ? say(S.notVerified, { path: step.unitPath }) : say(S.verified, { path: step.unitPath });
    done.push(line);
    ctx.out(line);
  };
}

function carryOut(ctx: CliContext, steps: readonly Step[]): void {
  const done: string[] = [];
  try {
    applyPlan(steps, serviceRuntime.run, report(ctx, done));
  } catch (error) {
    const detail = error instanceof StepFailed ? error.message : (error as Error).message;
    throw new AgentError(say(S.stepFailed, { detail, done: done.join("; ") }), ExitCode.taskFailed, { cause: error });
  }
}

function planOptions(t: Target) {
  const linux = t.platform !== "win32";
  return {
    root: t.root,
    haveSystemctl: Bun.which("systemctl") !== null,
    userExists: linux && !t.root ? serviceRuntime.run(["getent", "passwd", t.spec.user]).code === 0 : true,
    dataDirExists: existsSync(t.spec.dataDir),
  };
}

/** Prints the steps (`--dry-run`) or carries them out where the system allows; answers whether they were carried out. */
function dryRunOrApply(ctx: CliContext, args: ParsedArgs, t: Target, steps: readonly Step[]): boolean {
  if (args.has("dry-run")) {
    ctx.out(say(S.dryRunTitle, { system: systemName(t.platform) }));
    printSteps(ctx, steps);
    return false;
  }
  requireSystem(t);
  carryOut(ctx, steps);
  return true;
}

/** `agent service install`. */
export const installService: CommandRun = (ctx, args) => {
  const t = target(ctx, args);
  const plan: Plan = installPlan(t.spec, systemFor(t.platform), planOptions(t));
  if (plan.problems.length > 0) throw usageError(say(S.definitionProblems, { path: plan.definitionPath, problems: plan.problems.map((p) => `  ${p}`).join("\n") }));
  if (!dryRunOrApply(ctx, args, t, plan.steps)) return ExitCode.ok;
  const name = serviceName(t.spec.instance);
  if (t.root) ctx.out(say(S.installedRoot, { name, root: t.root }));
  else ctx.out(say(S.installed, { name, journal: t.platform === "win32" ? "agent logs" : `journalctl -u ${name}` }));
  return ExitCode.ok;
};

/** `agent service uninstall`. */
export const uninstallService: CommandRun = (ctx, args) => {
  const t = target(ctx, args);
  const plan = uninstallPlan(t.spec, systemFor(t.platform), planOptions(t));
  if (!dryRunOrApply(ctx, args, t, plan.steps)) return ExitCode.ok;
  ctx.out(say(S.uninstalled, { name: serviceName(t.spec.instance) }));
  return ExitCode.ok;
};

/** `agent service status`: the definition, the system's view, the agent's own answer, the last updates. */
export const serviceStatus: CommandRun = async (ctx, args) => {
  const t = target(ctx, args);
  const system = systemFor(t.platform);
  const plan = uninstallPlan(t.spec, system, { root: t.root });
  const name = serviceName(t.spec.instance);
  ctx.out(say(S.statusDefinition, { system: systemName(t.platform), name, path: plan.definitionPath, present: existsSync(plan.definitionPath) }));
  if (system === "systemd") {
    const wants = posix.join(t.root ?? "/", "etc/systemd/system/multi-user.target.wants", unitFileName(t.spec.instance));
    ctx.out(say(S.statusEnabled, { enabled: isLink(wants) }));
    if (!t.root) {
      if (serviceRuntime.systemdRunning()) ctx.out(say(S.statusSystemd, { state: serviceRuntime.run(["systemctl", "is-active", unitFileName(t.spec.instance)]).output || "?" }));
      else ctx.out(say(S.statusNoSystemd));
    }
  } else if (!t.root) {
    ctx.out(say(S.statusTask, { output: serviceRuntime.run(["schtasks", "/Query", "/TN", windowsTaskName(t.spec.instance), "/FO", "LIST"]).output }));
  }
  const api = await connectToService(ctx);
  if (api) {
    const status = await api.call("status").finally(() => api.close());
    ctx.out(say(S.statusAgent, { pid: status.pid, version: status.version, supervised: status.supervised, since: formatManual(status.startedAt, ctx.config().config.timezone) }));
  } else {
    ctx.out(say(S.statusNoAgent));
  }
  const paths = instancePaths(ctx.config().config);
  const pending = readTransaction(updatePaths(paths, t.spec.instance, t.spec.binary).transaction);
  if (pending && !("unreadable" in pending)) ctx.out(say(S.statusPending, { state: pending.state, from: pending.from, to: pending.to }));
  const instance = await ctx.openInstance();
  const { UpdateHistory } = await import("../store/update-history.ts");
  const rows = new UpdateHistory(instance.store.orm).latest(5);
  ctx.out(rows.length === 0 ? say(S.statusNoUpdates) : say(S.statusUpdatesTitle));
  for (const r of rows) {
    const when = formatManual(r.at, instance.config.timezone);
    ctx.out(`  ${when}  ${r.fromVersion} → ${r.toVersion}  ${r.result}${r.reason ? ` (${r.reason})` : ""}${r.detail ? `: ${r.detail}` : ""}`);
  }
  return ExitCode.ok;
};

function isLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

/** `agent service run`: the supervisor (src/deploy/supervisor.ts). */
export const runSupervised: CommandRun = async (ctx) => {
  const { config } = ctx.config();
  const binary = isCompiledBinary() ? process.execPath : undefined;
  if (!binary) throw usageError(say(S.fromSource));
  const forwarded: string[] = [];
  for (const name of ["config", "instance", "data-dir", "lang"]) {
    const v = ctx.globals.get(name);
    if (v !== undefined) forwarded.push(`--${name}`, v);
  }
  for (const pair of ctx.globals.all("set")) forwarded.push("--set", pair);
  const paths = instancePaths(config);
  const supervisor = new Supervisor({
    command: [binary, "run", ...forwarded],
    env: ctx.deps.env,
    binary,
    update: updatePaths(paths, config.instance, binary),
    controlEndpoint: paths.controlEndpoint,
    healthSeconds: config.update.health_seconds,
    platform: process.platform,
    log: { info: (m) => ctx.err(m), warn: (m) => ctx.err(m), error: (m) => ctx.err(m) },
    onStopSignal: (h) => ctx.deps.onStopSignal(h),
    onReloadSignal: (h) => ctx.deps.onReloadSignal(h),
  });
  return supervisor.run();
};

/** `agent service`: the group's help. */
export const listServiceCommands: CommandRun = async (ctx) => {
  const { COMMANDS } = await import("./commands.ts");
  const { renderCommandHelp } = await import("./help.ts");
  ctx.out(await renderCommandHelp(COMMANDS.find((c) => c.path.length === 1 && c.path[0] === "service")!, COMMANDS));
  return 0;
};
