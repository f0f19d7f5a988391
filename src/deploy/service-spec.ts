/** What a service definition is made of, whatever the system. */
export interface ServiceSpec {
  instance: string;
  /** The binary the service runs (absolute, on the target system). */
  binary: string;
  /** The binary's folder: the service's working folder, and where updates put their files. */
  workingDir: string;
  /** The arguments after the binary: `service run --instance main …`. */
  args: readonly string[];
  /** Linux: the user the service runs as; Windows: SYSTEM, LOCAL SERVICE or NETWORK SERVICE. */
  user: string;
  /** The administrators' group allowed on the control channel (Linux); empty: none. */
  adminGroup: string;
  /** The instance's data folder (`data_dir`). */
  dataDir: string;
  /** The config file the service reads, if there is one. */
  configFile?: string;
}

/** The name of the unit (`lab-agent-main.service`) or scheduled task (`LabAgent\main`) of an instance. */
export function serviceName(instance: string): string {
  return `lab-agent-${instance}`;
}

export function windowsTaskName(instance: string): string {
  return `LabAgent\\${instance}`;
}
