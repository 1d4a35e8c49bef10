import type { JobStatus, VendorId, WaitOptions } from '@jobwire/core';
import type { SimulatedVendor, Simulator } from '@jobwire/testkit';

/**
 * One connection setting of a vendor. Its key names the flag and the environment variable:
 * `clientId` → `--client-id` and `JOBWIRE_ALTERYX_SERVER_CLIENT_ID`.
 */
export interface Setting {
  key: string;
  description: string;
  /** Secrets come only from the environment (or `--env-file`), never from a flag, and are never printed. */
  secret?: boolean;
}

/** The settings of one vendor, resolved from flags and environment. */
export type Settings = Readonly<Record<string, string | undefined>>;

/** Client tuning the command line controls, the same for every vendor. */
export interface ClientTuning {
  /** Per-request timeout in ms. */
  timeoutMs?: number | undefined;
}

export interface CallOptions {
  signal?: AbortSignal | undefined;
}

/** What the commands need of a vendor client; ids are the strings the user typed. */
export interface VendorSession {
  getJobStatus(id: string, options?: CallOptions): Promise<JobStatus>;
  waitForJob(id: string, options?: WaitOptions): Promise<JobStatus>;
  /** Cancels the job and resolves with one line saying what the server did. */
  cancelJob(id: string, options?: CallOptions): Promise<string>;
  /** Starts a job that the vendor's simulator runs (used by `jobwire demo`); resolves with its id. */
  startDemoJob(options?: CallOptions): Promise<string>;
  /** Ends the session where the vendor has one (logout); optional. */
  close?(): Promise<void>;
}

/** Everything the command line knows about one vendor. */
export interface VendorAdapter<V extends VendorId = VendorId> {
  vendor: V;
  /** The product's name, for people. */
  title: string;
  /** What a job id looks like on the command line, for `--help`. */
  idHelp: string;
  /** Connection settings besides `url`, which every vendor has. */
  settings: readonly Setting[];
  /** Builds a session from resolved settings; throws `UsageError` naming what is missing. */
  connect(settings: Settings, tuning: ClientTuning): VendorSession;
  /** The settings that reach a running simulator of this vendor. */
  simulatorSettings(simulator: Simulator<V & SimulatedVendor>): Settings;
}
