import type { ServiceSpec } from "./service-spec.ts";
import { childAt, parseXml } from "./xml-reader.ts";

/** The accounts a scheduled task can run as without a stored password, by their well-known SIDs (the same in every language of Windows). */
export const WINDOWS_ACCOUNTS: Readonly<Record<string, string>> = {
  SYSTEM: "S-1-5-18",
  "LOCAL SERVICE": "S-1-5-19",
  "NETWORK SERVICE": "S-1-5-20",
};
export const ADMINISTRATORS_SID = "S-1-5-32-544";

const escapeXml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** One argument on a Windows command line (CommandLineToArgvW's rules, for the paths the agent meets). */
export function windowsArg(arg: string): string {
  if (arg !== "" && !/[\s"]/.test(arg)) return arg;
  return `"${arg.replace(/(\\*)"/g, '$1$1\\"').replace(/(\\+)$/, "$1$1")}"`;
}

/**
 * The Task Scheduler definition (schema 1.2, Windows 7 / Server 2008 R2 and
 * later) that runs `agent.exe service run` at boot, before anyone logs on:
 *
 * - `BootTrigger` with a 5-minute repetition and `IgnoreNew`: if the
 *   supervisor is ever gone, the next repetition starts it again, while one
 *   that runs is never doubled;
 * - `RestartOnFailure` (every minute, up to 999 times) for a start that fails;
 * - no time limit, no idle or battery conditions, normal priority (5; the
 *   default 7 is "below normal");
 * - the account by its SID, with no password stored.
 *
 * The supervisor restarts a crashed agent within seconds on its own; the
 * task only has to keep the supervisor running.
 */
export function windowsTaskXml(spec: ServiceSpec): string {
  const sid = WINDOWS_ACCOUNTS[spec.user.toUpperCase()] ?? WINDOWS_ACCOUNTS.SYSTEM!;
  const runLevel = sid === WINDOWS_ACCOUNTS.SYSTEM ? "HighestAvailable" : "LeastPrivilege";
  const args = spec.args.map(windowsArg).join(" ");
  return `<?xml version="1.0" encoding="UTF-16"?>
<!-- Written by "agent service install"; "agent service uninstall" removes the task. -->
<Task version="1.2" xmlns="http://schemas.microsoft.com/windows/2004/02/mit/task">
  <RegistrationInfo>
    <Description>${escapeXml(`Lab-exchange agent (instance ${spec.instance})`)}</Description>
    <URI>\\LabAgent\\${escapeXml(spec.instance)}</URI>
  </RegistrationInfo>
  <Triggers>
    <BootTrigger>
      <Enabled>true</Enabled>
      <Repetition>
        <Interval>PT5M</Interval>
        <StopAtDurationEnd>false</StopAtDurationEnd>
      </Repetition>
    </BootTrigger>
  </Triggers>
  <Principals>
    <Principal id="Service">
      <UserId>${sid}</UserId>
      <LogonType>ServiceAccount</LogonType>
      <RunLevel>${runLevel}</RunLevel>
    </Principal>
  </Principals>
  <Settings>
    <MultipleInstancesPolicy>IgnoreNew</MultipleInstancesPolicy>
    <DisallowStartIfOnBatteries>false</DisallowStartIfOnBatteries>
    <StopIfGoingOnBatteries>false</StopIfGoingOnBatteries>
    <AllowHardTerminate>true</AllowHardTerminate>
    <StartWhenAvailable>true</StartWhenAvailable>
    <RunOnlyIfNetworkAvailable>false</RunOnlyIfNetworkAvailable>
    <IdleSettings>
      <StopOnIdleEnd>false</StopOnIdleEnd>
      <RestartOnIdle>false</RestartOnIdle>
    </IdleSettings>
    <AllowStartOnDemand>true</AllowStartOnDemand>
    <Enabled>true</Enabled>
    <Hidden>false</Hidden>
    <RunOnlyIfIdle>false</RunOnlyIfIdle>
    <WakeToRun>false</WakeToRun>
    <ExecutionTimeLimit>PT0S</ExecutionTimeLimit>
    <Priority>5</Priority>
    <RestartOnFailure>
      <Interval>PT1M</Interval>
      <Count>999</Count>
    </RestartOnFailure>
  </Settings>
  <Actions Context="Service">
    <Exec>
      <Command>${escapeXml(spec.binary)}</Command>
      <Arguments>${escapeXml(args)}</Arguments>
      <WorkingDirectory>${escapeXml(spec.workingDir)}</WorkingDirectory>
    </Exec>
  </Actions>
</Task>
`;
}

/** The file as schtasks /XML reads it best: UTF-16 little-endian with a byte-order mark, CRLF lines. */
export function windowsTaskFile(xml: string): Uint8Array {
  return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(xml.replace(/\r?\n/g, "\r\n"), "utf16le")]);
}

/** ISO 8601 durations as Task Scheduler writes them: PT1M, P1D, PT0S. */
function durationSeconds(d: string): number | undefined {
  const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(d);
  if (!m || d === "P" || d.endsWith("T")) return undefined;
  return Number(m[1] ?? 0) * 86400 + Number(m[2] ?? 0) * 3600 + Number(m[3] ?? 0) * 60 + Number(m[4] ?? 0);
}

/**
 * Checks a task definition for what the service depends on — it starts at
 * boot without a logon, restarts, is never stopped for running long, runs
 * `service run` from an absolute path — and for Task Scheduler's own limits
 * (RestartOnFailure: interval 1 minute to 31 days, count 1–999). Answers the
 * problems found.
 */
export function checkWindowsTask(xml: string): string[] {
  let task;
  try {
    task = parseXml(xml);
  } catch (error) {
    return [(error as Error).message];
  }
  const problems: string[] = [];
  const text = (path: string) => childAt(task, path)?.text;
  const want = (path: string, test: (v: string) => boolean, what: string) => {
    const v = text(path);
    if (v === undefined) problems.push(`${path} is missing (${what})`);
    else if (!test(v)) problems.push(`${path} = ${JSON.stringify(v)}: ${what}`);
  };
  if (task.name !== "Task") problems.push(`the root element is <${task.name}>, not <Task>`);
  if (task.attributes.xmlns !== "http://schemas.microsoft.com/windows/2004/02/mit/task") problems.push("the Task Scheduler namespace is missing");
  if (!["1.2", "1.3", "1.4"].includes(task.attributes.version ?? "")) problems.push(`version ${task.attributes.version}: 1.2 or later`);
  want("Triggers/BootTrigger/Enabled", (v) => v === "true", "started at boot");
  want("Principals/Principal/UserId", (v) => Object.values(WINDOWS_ACCOUNTS).includes(v), "SYSTEM, LOCAL SERVICE or NETWORK SERVICE (no password stored)");
  want("Principals/Principal/LogonType", (v) => v === "ServiceAccount", "runs without anyone logged on");
  want("Settings/MultipleInstancesPolicy", (v) => v === "IgnoreNew", "never a second supervisor");
  want("Settings/ExecutionTimeLimit", (v) => durationSeconds(v) === 0, "no time limit (PT0S)");
  want("Settings/DisallowStartIfOnBatteries", (v) => v === "false", "starts on battery too");
  want("Settings/StopIfGoingOnBatteries", (v) => v === "false", "keeps running on battery");
  want("Settings/Enabled", (v) => v === "true", "enabled");
  want("Settings/RestartOnFailure/Interval", (v) => {
    const s = durationSeconds(v);
    return s !== undefined && s >= 60 && s <= 31 * 86400;
  }, "1 minute to 31 days");
  want("Settings/RestartOnFailure/Count", (v) => /^\d+$/.test(v) && Number(v) >= 1 && Number(v) <= 999, "1 to 999");
  want("Actions/Exec/Command", (v) => /^[A-Za-z]:\\|^\\\\/.test(v) && /\.exe$/i.test(v), "an absolute path to the .exe");
  want("Actions/Exec/Arguments", (v) => /^service run( |$)/.test(v), "service run …");
  want("Actions/Exec/WorkingDirectory", (v) => /^[A-Za-z]:\\|^\\\\/.test(v), "an absolute folder");
  const context = childAt(task, "Actions")?.attributes.Context;
  const principal = childAt(task, "Principals/Principal")?.attributes.id;
  if (context !== principal) problems.push(`Actions Context="${context}" does not name the principal "${principal}"`);
  return problems;
}
