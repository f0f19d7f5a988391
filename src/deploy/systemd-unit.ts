import type { ServiceSpec } from "./service-spec.ts";
import { serviceName } from "./service-spec.ts";

/** One word of ExecStart as systemd reads it: quoted when it holds blanks; `%` and `$` escaped. */
function execWord(word: string): string {
  const escaped = word.replace(/%/g, "%%").replace(/\$/g, "$$$$");
  return /[\s"'\\;]/.test(escaped) ? `"${escaped.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"` : escaped;
}

/** A path value of a unit setting (WorkingDirectory=): quoted the same way. */
function pathValue(path: string): string {
  return /\s/.test(path) ? `"${path}"` : path;
}

export function unitFileName(instance: string): string {
  return `${serviceName(instance)}.service`;
}

/**
 * The systemd unit of an instance. systemd starts `agent service run` (the
 * supervisor) as the service's user in the binary's folder; the supervisor
 * runs the agent and switches binaries on updates. Both write to
 * stdout/stderr, which systemd keeps in the journal (`journalctl -u …`).
 *
 * - `Restart=on-failure` with no start limit: after a crash of the
 *   supervisor itself systemd starts it again, however often.
 * - `KillMode=mixed`: a stop sends SIGTERM to the supervisor only, which
 *   passes it on and waits for the agent to drain its threads (up to 60 s);
 *   whatever still runs after `TimeoutStopSec` is killed.
 * - `SupplementaryGroups=` the administrators' group, so the service may give
 *   its control socket to that group (admin_group, README "The control channel").
 */
export function systemdUnit(spec: ServiceSpec): string {
  const exec = [spec.binary, ...spec.args].map(execWord).join(" ");
  const lines = [
    "# Written by `agent service install`; `agent service uninstall` removes it.",
    "[Unit]",
    `Description=Lab-exchange agent (instance ${spec.instance})`,
    "After=network-online.target",
    "Wants=network-online.target",
    "StartLimitIntervalSec=0",
    "",
    "[Service]",
    "Type=simple",
    `User=${spec.user}`,
    ...(spec.adminGroup ? [`SupplementaryGroups=${spec.adminGroup}`, `Environment=AGENT_ADMIN_GROUP=${spec.adminGroup}`] : []),
    `WorkingDirectory=${pathValue(spec.workingDir)}`,
    `ExecStart=${exec}`,
    "ExecReload=/bin/kill -HUP $MAINPID",
    "Restart=on-failure",
    "RestartSec=5s",
    "KillMode=mixed",
    "TimeoutStopSec=90s",
    "UMask=0077",
    "NoNewPrivileges=yes",
    "PrivateTmp=yes",
    "StandardOutput=journal",
    "StandardError=journal",
    `SyslogIdentifier=${serviceName(spec.instance)}`,
    "",
    "[Install]",
    "WantedBy=multi-user.target",
    "",
  ];
  return lines.join("\n");
}

/** A unit file's settings by section, as systemd would read the simple cases (no continuation lines). */
export function parseUnit(text: string): Map<string, Map<string, string[]>> {
  const sections = new Map<string, Map<string, string[]>>();
  let current: Map<string, string[]> | undefined;
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#") || line.startsWith(";")) continue;
    const header = /^\[(.+)\]$/.exec(line);
    if (header) {
      current = sections.get(header[1]!) ?? new Map();
      sections.set(header[1]!, current);
      continue;
    }
    const eq = line.indexOf("=");
    if (!current || eq <= 0) continue;
    const key = line.slice(0, eq).trim();
    current.set(key, [...(current.get(key) ?? []), line.slice(eq + 1).trim()]);
  }
  return sections;
}

/**
 * Checks the fields the service depends on, independently of systemd (which
 * may be absent where the unit is written): answers the problems found.
 */
export function checkSystemdUnit(text: string): string[] {
  const unit = parseUnit(text);
  const problems: string[] = [];
  const get = (section: string, key: string) => unit.get(section)?.get(key)?.at(-1);
  const want = (section: string, key: string, test: (v: string) => boolean, what: string) => {
    const v = get(section, key);
    if (v === undefined) problems.push(`[${section}] ${key}= is missing (${what})`);
    else if (!test(v)) problems.push(`[${section}] ${key}=${v}: ${what}`);
  };
  want("Unit", "Description", (v) => v.length > 0, "a description");
  want("Service", "Type", (v) => v === "simple", "Type=simple");
  want("Service", "ExecStart", (v) => /^"?\//.test(v) && /\bservice run\b/.test(v), "an absolute path running `service run`");
  want("Service", "User", (v) => /^[a-z_][a-z0-9_-]*\$?$/i.test(v) && v !== "root", "a service user other than root");
  want("Service", "WorkingDirectory", (v) => /^"?\//.test(v), "an absolute folder");
  want("Service", "Restart", (v) => v === "on-failure" || v === "always", "restart after a crash");
  want("Service", "KillMode", (v) => v === "mixed", "KillMode=mixed: the supervisor stops the agent itself");
  want("Service", "StandardOutput", (v) => v === "journal", "logs to the journal");
  want("Service", "StandardError", (v) => v === "journal", "logs to the journal");
  want("Install", "WantedBy", (v) => v.split(/\s+/).includes("multi-user.target"), "started at boot (multi-user.target)");
  return problems;
}
