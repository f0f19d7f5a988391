import { cliTexts as C } from "../messages/areas/cli.ts";
import { simTexts as S } from "../messages/areas/sim.ts";
import { serviceTexts as SV } from "../messages/areas/service.ts";
import { demoTexts as D } from "../messages/areas/demo.ts";
import { maindbTexts as M } from "../messages/areas/maindb.ts";
import { odliTexts as O } from "../messages/areas/odli.ts";
import { syncTexts as SY } from "../messages/areas/sync.ts";
import type { CommandSpec, OptionSpec } from "./command.ts";

// The command table is data: names, options and help texts. Each command's
// code is imported only when it runs (`load`), so a short command starts fast.

const formatOption: OptionSpec = { name: "format", arg: "table|tsv|json", doc: C.optFormat };
const dryRunOption: OptionSpec = { name: "dry-run", doc: SV.optDryRun };
const rootOption: OptionSpec = { name: "root", arg: "DIR", doc: SV.optRoot };
const binaryOption: OptionSpec = { name: "binary", arg: "PATH", doc: SV.optBinary };
const jobArgument = [{ name: "JOB", doc: C.argJob, required: true }];

/** The fields of a job, shared by `jobs add` and `jobs edit`. */
const JOB_FIELDS: readonly OptionSpec[] = [
  { name: "name", arg: "NAME", doc: C.optName },
  { name: "task", arg: "TASK", doc: C.optTask },
  { name: "start", arg: "TIME", doc: C.optStart },
  { name: "every", arg: "N", doc: C.optEvery },
  { name: "one-time", doc: C.optOnceJob },
  { name: "daily", doc: C.optDaily },
  { name: "weekly", doc: C.optWeekly },
  { name: "cron", arg: "EXPR", doc: C.optCron },
  { name: "days", arg: "DAYS", doc: C.optDays },
  { name: "forbid", arg: "FROM-TO", doc: C.optForbid },
  { name: "option", arg: "KEY=VALUE", doc: C.optOption, repeatable: true },
];

export const helpCommand: CommandSpec = {
  path: ["help"],
  summary: C.cmdHelp,
  options: [],
  positionals: [
    { name: "COMMAND", doc: C.cmdHelp, required: false },
    { name: "SUBCOMMAND", doc: C.cmdHelp, required: false },
  ],
  // Rendered by the dispatcher, which has the whole table.
  load: async () => () => 0,
};

export const configExampleCommand: CommandSpec = {
  path: ["config", "example"],
  summary: C.cmdConfigExample,
  options: [],
  load: async () => (await import("./config.ts")).printExampleConfig,
};

/** Every command, in the order `agent --help` lists them. */
export const COMMANDS: readonly CommandSpec[] = [
  { path: [], summary: C.cmdUi, options: [], load: async () => (await import("./ui.ts")).openUi },
  { path: ["run"], summary: C.cmdRun, options: [], load: async () => (await import("./run.ts")).runService },
  {
    path: ["once"],
    summary: C.cmdOnce,
    options: [],
    positionals: [{ name: "TASK|JOB", doc: C.argTask, required: true }],
    helpDetails: async () => (await import("./once.ts")).taskList(),
    load: async () => (await import("./once.ts")).runOnce,
  },
  { path: ["jobs"], summary: C.cmdJobs, options: [formatOption], load: async () => (await import("./jobs.ts")).listJobs },
  {
    path: ["jobs", "add"],
    summary: C.cmdJobsAdd,
    options: [...JOB_FIELDS, { name: "paused", doc: C.optPaused }],
    load: async () => (await import("./jobs.ts")).addJob,
  },
  { path: ["jobs", "edit"], summary: C.cmdJobsEdit, options: JOB_FIELDS, positionals: jobArgument, load: async () => (await import("./jobs.ts")).editJob },
  {
    path: ["jobs", "rm"],
    summary: C.cmdJobsRm,
    options: [{ name: "yes", doc: C.optYes, short: "y" }],
    positionals: jobArgument,
    load: async () => (await import("./jobs.ts")).removeJob,
  },
  { path: ["jobs", "pause"], summary: C.cmdJobsPause, options: [], positionals: jobArgument, load: async () => (await import("./jobs.ts")).pauseJob },
  { path: ["jobs", "resume"], summary: C.cmdJobsResume, options: [], positionals: jobArgument, load: async () => (await import("./jobs.ts")).resumeJob },
  {
    path: ["logs"],
    summary: C.cmdLogs,
    options: [
      { name: "since", arg: "TIME", doc: C.optSince },
      { name: "until", arg: "TIME", doc: C.optUntil },
      { name: "service", arg: "NAME", doc: C.optService, repeatable: true },
      { name: "level", arg: "LEVEL", doc: C.optLevel },
      { name: "grep", arg: "TEXT", doc: C.optGrep },
      { name: "thread", arg: "ID", doc: C.optThread },
      { name: "limit", arg: "N", doc: C.optLimit },
      { name: "follow", doc: C.optFollow, short: "f" },
      formatOption,
    ],
    load: async () => (await import("./logs.ts")).showLogs,
  },
  { path: ["threads"], summary: C.cmdThreads, options: [], load: async () => (await import("./threads.ts")).listThreads },
  {
    path: ["threads", "cancel"],
    summary: C.cmdThreadsCancel,
    options: [],
    positionals: [{ name: "ID", doc: C.argThread, required: true }],
    load: async () => (await import("./threads.ts")).cancelThread,
  },
  // The main database (clinic/): demo data, change capture, the initial load.
  { path: ["db"], summary: M.cmdDb, options: [], load: async () => (await import("./db.ts")).groupHelp(["db"]) },
  {
    path: ["db", "demo"],
    summary: M.cmdDbDemo,
    options: [
      { name: "size", arg: "small|medium|large|N", doc: M.optSize },
      { name: "seed", arg: "N", doc: M.optSeed },
    ],
    load: async () => (await import("./db.ts")).demo,
  },
  // `agent db capture` alone does what `agent db capture status` does.
  { path: ["db", "capture"], summary: M.cmdCapture, options: [], load: async () => (await import("./db.ts")).captureStatusCommand },
  { path: ["db", "capture", "install"], summary: M.cmdCaptureInstall, options: [{ name: "dry-run", doc: M.optDryRun }], load: async () => (await import("./db.ts")).captureInstall },
  {
    path: ["db", "capture", "remove"],
    summary: M.cmdCaptureRemove,
    options: [{ name: "dry-run", doc: M.optDryRun }, { name: "yes", doc: M.optYesRemove, short: "y" }],
    load: async () => (await import("./db.ts")).captureRemove,
  },
  { path: ["db", "capture", "status"], summary: M.cmdCaptureStatus, options: [], load: async () => (await import("./db.ts")).captureStatusCommand },
  { path: ["sync"], summary: M.cmdSync, options: [], load: async () => (await import("./db.ts")).groupHelp(["sync"]) },
  {
    path: ["sync", "initial-load"],
    summary: M.cmdInitialLoad,
    options: [
      { name: "tables", arg: "T1,T2", doc: M.optTables, repeatable: true },
      { name: "chunk", arg: "N", doc: M.optChunk },
    ],
    helpDetails: async () => (await import("./db.ts")).syncTablesHelp(),
    load: async () => (await import("./sync.ts")).initialLoadCommand,
  },
  // The LIS job's (ОДЛИ) code map in the main DB.
  { path: ["odli"], summary: O.cmdOdli, options: [], load: async () => (await import("./odli.ts")).odliGroupHelp(["odli"]) },
  { path: ["odli", "map"], summary: O.cmdOdliMap, options: [], load: async () => (await import("./odli.ts")).odliGroupHelp(["odli", "map"]) },
  {
    path: ["odli", "map", "import"],
    summary: O.cmdMapImport,
    options: [],
    positionals: [{ name: "FILE.csv", doc: O.argFile, required: true }],
    load: async () => (await import("./odli.ts")).importCodeMap,
  },
  {
    path: ["odli", "map", "export"],
    summary: O.cmdMapExport,
    options: [{ name: "dictionary", arg: "DICTIONARY", doc: O.optDictionary }],
    load: async () => (await import("./odli.ts")).exportCodeMap,
  },
  { path: ["odli", "map", "unmapped"], summary: O.cmdMapUnmapped, options: [formatOption], load: async () => (await import("./odli.ts")).listUnmapped },
  {
    path: ["sync", "parked"],
    summary: SY.cmdParked,
    options: [formatOption],
    load: async () => (await import("./sync.ts")).listParkedCommand,
  },
  {
    path: ["sync", "parked", "retry"],
    summary: SY.cmdParkedRetry,
    options: [],
    positionals: [{ name: "ID", doc: SY.argParkedId, required: true }],
    load: async () => (await import("./sync.ts")).retryParkedCommand,
  },
  {
    path: ["sync", "parked", "drop"],
    summary: SY.cmdParkedDrop,
    options: [],
    positionals: [{ name: "ID", doc: SY.argParkedId, required: true }],
    load: async () => (await import("./sync.ts")).dropParkedCommand,
  },
  // `agent config` alone does what `agent config check` does.
  { path: ["config"], summary: C.cmdConfig, options: [], load: async () => (await import("./config.ts")).checkConfig },
  { path: ["config", "check"], summary: C.cmdConfigCheck, options: [], load: async () => (await import("./config.ts")).checkConfig },
  { path: ["config", "reload"], summary: C.cmdConfigReload, options: [], load: async () => (await import("./config.ts")).reloadConfig },
  configExampleCommand,
  {
    path: ["demo"],
    summary: D.cmdDemo,
    options: [{ name: "dir", arg: "DIR", doc: D.optDir }],
    load: async () => (await import("./demo.ts")).runDemo,
  },
  // `agent sim` alone lists the simulators.
  { path: ["sim"], summary: S.cmdSim, options: [], load: async () => (await import("./sim.ts")).listSimulators },
  {
    path: ["sim", "cod"],
    summary: S.cmdSimCod,
    options: [
      { name: "port", arg: "N", doc: S.optPort },
      { name: "admin-port", arg: "N", doc: S.optAdminPort },
      { name: "data", arg: "DIR", doc: S.optData },
      { name: "demo-mo", arg: "MO_ID", doc: S.optDemoMo },
    ],
    load: async () => (await import("./sim.ts")).runCodSimulator,
  },
  // `agent service` alone lists its commands.
  { path: ["service"], summary: SV.cmdService, options: [], load: async () => (await import("./service.ts")).listServiceCommands },
  {
    path: ["service", "install"],
    summary: SV.cmdInstall,
    options: [dryRunOption, rootOption, { name: "user", arg: "NAME", doc: SV.optUser }, { name: "admin-group", arg: "GROUP", doc: SV.optAdminGroup }, binaryOption],
    load: async () => (await import("./service.ts")).installService,
  },
  {
    path: ["service", "uninstall"],
    summary: SV.cmdUninstall,
    options: [dryRunOption, rootOption, binaryOption],
    load: async () => (await import("./service.ts")).uninstallService,
  },
  {
    path: ["service", "status"],
    summary: SV.cmdStatus,
    options: [rootOption, binaryOption],
    load: async () => (await import("./service.ts")).serviceStatus,
  },
  { path: ["service", "run"], summary: SV.cmdRun, options: [], load: async () => (await import("./service.ts")).runSupervised },
  {
    path: ["sim", "sms"],
    summary: S.cmdSimSms,
    options: [{ name: "port", arg: "N", doc: S.optPort }],
    load: async () => (await import("./sim.ts")).runSmsSimulator,
  },
  {
    path: ["sim", "odli"],
    summary: O.cmdSimOdli,
    options: [
      { name: "port", arg: "N", doc: S.optPort },
      { name: "result-delay", arg: "SECONDS", doc: O.optResultDelay },
    ],
    load: async () => (await import("./sim.ts")).runOdliSimulator,
  },
  {
    path: ["version"],
    summary: C.cmdVersion,
    options: [],
    load: async () => {
      const { versionLine, updateKeyLine } = await import("./version.ts");
      return async (ctx) => (ctx.out(versionLine()), ctx.out(await updateKeyLine()), 0);
    },
  },
  helpCommand,
];
