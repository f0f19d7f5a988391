import { describe, expect, test } from "bun:test";
import { checkSystemdUnit, parseUnit, systemdUnit } from "../../src/deploy/systemd-unit.ts";
import { checkWindowsTask, windowsArg, windowsTaskFile, windowsTaskXml } from "../../src/deploy/windows-task.ts";
import { childAt, parseXml } from "../../src/deploy/xml-reader.ts";
import type { ServiceSpec } from "../../src/deploy/service-spec.ts";

const linux: ServiceSpec = {
  instance: "main",
  binary: "/opt/lab-agent/agent",
  workingDir: "/opt/lab-agent",
  args: ["service", "run", "--instance", "main"],
  user: "lab-agent",
  adminGroup: "",
  dataDir: "/opt/lab-agent/data",
};

const windows: ServiceSpec = {
  instance: "clinic-2",
  binary: "C:\\Program Files\\Lab & Agent\\agent.exe",
  workingDir: "C:\\Program Files\\Lab & Agent",
  args: ["service", "run", "--instance", "clinic-2", "--config", "C:\\Program Files\\Lab & Agent\\agent.clinic-2.toml"],
  user: "SYSTEM",
  adminGroup: "",
  dataDir: "C:\\Program Files\\Lab & Agent\\data",
};

describe("the systemd unit", () => {
  test("has what the service depends on: restart, the user, the folder, the journal, boot", () => {
    const unit = parseUnit(systemdUnit(linux));
    const service = unit.get("Service")!;
    expect(service.get("ExecStart")).toEqual(["/opt/lab-agent/agent service run --instance main"]);
    expect(service.get("User")).toEqual(["lab-agent"]);
    expect(service.get("WorkingDirectory")).toEqual(["/opt/lab-agent"]);
    expect(service.get("Restart")).toEqual(["on-failure"]);
    expect(service.get("KillMode")).toEqual(["mixed"]);
    expect([service.get("StandardOutput"), service.get("StandardError")]).toEqual([["journal"], ["journal"]]);
    expect(unit.get("Install")!.get("WantedBy")).toEqual(["multi-user.target"]);
    expect(unit.get("Unit")!.get("StartLimitIntervalSec")).toEqual(["0"]);
    expect(service.has("SupplementaryGroups")).toBe(false);
    expect(checkSystemdUnit(systemdUnit(linux))).toEqual([]);
  });

  test("the administrators' group joins the service's groups and reaches the agent as admin_group", () => {
    const service = parseUnit(systemdUnit({ ...linux, adminGroup: "labadmins" })).get("Service")!;
    expect(service.get("SupplementaryGroups")).toEqual(["labadmins"]);
    expect(service.get("Environment")).toEqual(["AGENT_ADMIN_GROUP=labadmins"]);
  });

  test("a path with blanks, % and $ is quoted and escaped as systemd reads it", () => {
    const unit = systemdUnit({ ...linux, binary: "/srv/lab agent/agent", workingDir: "/srv/lab agent", args: ["service", "run", "--set", "cod.token=a%b$c"] });
    const service = parseUnit(unit).get("Service")!;
    expect(service.get("ExecStart")).toEqual(['"/srv/lab agent/agent" service run --set cod.token=a%%b$$c']);
    expect(service.get("WorkingDirectory")).toEqual(['"/srv/lab agent"']);
  });

  test("the check names what is wrong in a unit that would not keep the service running", () => {
    const broken = systemdUnit(linux)
      .replace("Restart=on-failure", "Restart=no")
      .replace("User=lab-agent", "User=root")
      .replace("ExecStart=/opt/lab-agent/agent", "ExecStart=agent")
      .replace("WantedBy=multi-user.target\n", "");
    const problems = checkSystemdUnit(broken);
    expect(problems.some((p) => p.startsWith("[Service] Restart=no"))).toBe(true);
    expect(problems.some((p) => p.startsWith("[Service] User=root"))).toBe(true);
    expect(problems.some((p) => p.startsWith("[Service] ExecStart=agent"))).toBe(true);
    expect(problems.some((p) => p.startsWith("[Install] WantedBy= is missing"))).toBe(true);
    expect(problems).toHaveLength(4);
  });
});

describe("the Windows scheduled task", () => {
  const xml = windowsTaskXml(windows);
  const task = parseXml(xml);

  test("has the required fields: boot trigger, account, restart on failure, no time limit, the command", () => {
    expect(task.name).toBe("Task");
    expect(task.attributes).toEqual({ version: "1.2", xmlns: "http://schemas.microsoft.com/windows/2004/02/mit/task" });
    const at = (path: string) => childAt(task, path)?.text;
    expect(at("Triggers/BootTrigger/Enabled")).toBe("true");
    expect(at("Triggers/BootTrigger/Repetition/Interval")).toBe("PT5M");
    expect(at("Principals/Principal/UserId")).toBe("S-1-5-18");
    expect(at("Principals/Principal/LogonType")).toBe("ServiceAccount");
    expect(at("Principals/Principal/RunLevel")).toBe("HighestAvailable");
    expect(at("Settings/MultipleInstancesPolicy")).toBe("IgnoreNew");
    expect(at("Settings/ExecutionTimeLimit")).toBe("PT0S");
    expect(at("Settings/RestartOnFailure/Interval")).toBe("PT1M");
    expect(at("Settings/RestartOnFailure/Count")).toBe("999");
    expect(at("Settings/DisallowStartIfOnBatteries")).toBe("false");
    expect(at("Actions/Exec/Command")).toBe("C:\\Program Files\\Lab & Agent\\agent.exe");
    expect(at("Actions/Exec/Arguments")).toBe('service run --instance clinic-2 --config "C:\\Program Files\\Lab & Agent\\agent.clinic-2.toml"');
    expect(at("Actions/Exec/WorkingDirectory")).toBe("C:\\Program Files\\Lab & Agent");
    expect(at("RegistrationInfo/URI")).toBe("\\LabAgent\\clinic-2");
    expect(checkWindowsTask(xml)).toEqual([]);
  });

  test("a service account other than SYSTEM runs with least privilege", () => {
    const t = parseXml(windowsTaskXml({ ...windows, user: "network service" }));
    expect([childAt(t, "Principals/Principal/UserId")?.text, childAt(t, "Principals/Principal/RunLevel")?.text]).toEqual(["S-1-5-20", "LeastPrivilege"]);
  });

  test("is written as UTF-16 LE with a byte-order mark and CRLF, which schtasks /XML reads", () => {
    const file = Buffer.from(windowsTaskFile(xml));
    expect([file[0], file[1]]).toEqual([0xff, 0xfe]);
    const decoded = file.subarray(2).toString("utf16le");
    expect(decoded.startsWith('<?xml version="1.0" encoding="UTF-16"?>\r\n')).toBe(true);
    expect(decoded.replace(/\r\n/g, "\n")).toBe(xml);
  });

  test("the check finds definitions that break Task Scheduler's limits or the service's needs", () => {
    const broken = xml
      .replace("<Count>999</Count>", "<Count>1000</Count>")
      .replace("<Interval>PT1M</Interval>", "<Interval>PT30S</Interval>")
      .replace("<ExecutionTimeLimit>PT0S</ExecutionTimeLimit>", "<ExecutionTimeLimit>PT72H</ExecutionTimeLimit>")
      .replace("<UserId>S-1-5-18</UserId>", "<UserId>clinic\\admin</UserId>")
      .replace("<Command>C:\\Program Files\\Lab &amp; Agent\\agent.exe</Command>", "<Command>agent.exe</Command>");
    expect(checkWindowsTask(broken)).toEqual([
      'Principals/Principal/UserId = "clinic\\\\admin": SYSTEM, LOCAL SERVICE or NETWORK SERVICE (no password stored)',
      'Settings/ExecutionTimeLimit = "PT72H": no time limit (PT0S)',
      'Settings/RestartOnFailure/Interval = "PT30S": 1 minute to 31 days',
      'Settings/RestartOnFailure/Count = "1000": 1 to 999',
      'Actions/Exec/Command = "agent.exe": an absolute path to the .exe',
    ]);
    expect(checkWindowsTask(xml.replace(/<BootTrigger>[\s\S]*<\/BootTrigger>/, ""))).toEqual(["Triggers/BootTrigger/Enabled is missing (started at boot)"]);
    expect(checkWindowsTask(xml.replace("</Task>", ""))[0]).toMatch(/^XML: /);
  });

  test("arguments are quoted the way Windows splits a command line", () => {
    expect(windowsArg("plain")).toBe("plain");
    expect(windowsArg("C:\\a b\\")).toBe('"C:\\a b\\\\"');
    expect(windowsArg('say "hi"')).toBe('"say \\"hi\\""');
    expect(windowsArg("")).toBe('""');
  });
});

describe("the XML reader used by the checks", () => {
  test("reads attributes, entities and nesting; refuses what is not well-formed", () => {
    const el = parseXml(`<?xml version="1.0"?><!-- c --><a x='1' y="&lt;2&gt;"><b>t &amp; u</b><c/></a>`);
    expect([el.attributes, childAt(el, "b")?.text, el.children.map((c) => c.name)]).toEqual([{ x: "1", y: "<2>" }, "t & u", ["b", "c"]]);
    for (const bad of ["<a><b></a>", "<a>", "<a></a><b/>", "<a x='1' x='2'/>", "<a>&nope;</a>"]) expect(() => parseXml(bad)).toThrow(/XML|entity/);
  });
});
