import { jobTexts as J } from "../messages/areas/jobs.ts";
import type { Text } from "../messages/text.ts";
import { enumSetting, intSetting, stringSetting, urlSetting, type Setting } from "../config/setting.ts";

/** The tasks this agent knows, by the names `--once` and `jobs add --task` take. */
export const TASK_NAMES = [
  "analysis-sync",
  "mo-exchange",
  "lis",
  "mailing",
  "pdf-sync",
  "backup",
  "restore-check",
  "log-trim",
  "db-validate",
  "db-maintenance",
  "statistics",
  "self-update",
] as const;

export type TaskName = (typeof TASK_NAMES)[number];

export function isTaskName(name: string): name is TaskName {
  return (TASK_NAMES as readonly string[]).includes(name);
}

/** What a task is, independent of whether this build implements it yet. */
export interface TaskSpec {
  name: TaskName;
  title: Text;
  /** The manual's thread names this task runs. */
  threads: readonly string[];
  /** The task's options as a job carries them; validated like the config. */
  options: Readonly<Record<string, Setting<unknown>>>;
}

const codUrlOption = { cod_url: urlSetting("", { doc: J.optionCodUrl }) as Setting<unknown> };
const backupFolderOptions = {
  folder: stringSetting("backup", { doc: J.optionBackupFolder, allowEmpty: false }) as Setting<unknown>,
  server_folder: stringSetting("", { doc: J.optionServerFolder }) as Setting<unknown>,
};

export const TASKS: Readonly<Record<TaskName, TaskSpec>> = {
  "analysis-sync": {
    name: "analysis-sync",
    title: J.taskAnalysisSync,
    threads: ["TSynchronizeAnalysisThread", "TSwapDataAnalysisThread"],
    options: codUrlOption,
  },
  "mo-exchange": { name: "mo-exchange", title: J.taskMoExchange, threads: ["TRequestExchangeDataThread"], options: codUrlOption },
  lis: { name: "lis", title: J.taskLis, threads: ["TLISThread"], options: {} },
  mailing: { name: "mailing", title: J.taskMailing, threads: ["TSendRasThread"], options: {} },
  "pdf-sync": { name: "pdf-sync", title: J.taskPdfSync, threads: ["TSyncPDFThread"], options: codUrlOption },
  backup: {
    name: "backup",
    title: J.taskBackup,
    threads: ["TBackupThread"],
    options: {
      ...backupFolderOptions,
      keep: intSetting(7, 1, 1000, { doc: J.optionBackupKeep }) as Setting<unknown>,
    },
  },
  "restore-check": { name: "restore-check", title: J.taskRestoreCheck, threads: ["TRestoreCheckThread"], options: backupFolderOptions },
  "log-trim": { name: "log-trim", title: J.taskLogTrim, threads: ["TTrimLogThread"], options: {} },
  "db-validate": {
    name: "db-validate",
    title: J.taskDbValidate,
    threads: ["TValidateDBThread"],
    options: { database: enumSetting(["main", "agent", "log", "all"], "main", { doc: J.optionDatabase }) as Setting<unknown> },
  },
  "db-maintenance": { name: "db-maintenance", title: J.taskDbMaintenance, threads: ["TServiceDBThread"], options: {} },
  statistics: { name: "statistics", title: J.taskStatistics, threads: ["TStatisticsThread"], options: codUrlOption },
  "self-update": { name: "self-update", title: J.taskSelfUpdate, threads: ["TUpdateThread"], options: {} },
};
