import type { JobStatus, VendorId, WaitOptions } from '@jobwire/core';
import type { SimulatedVendor, Simulator } from '@jobwire/testkit';

/**
 * One connection setting of a vendor. Its key names the flag and the environment variable:
 * `clientId` → `--client-id` and `JOBWIRE_ALTERYX_SERVER_CLIENT_ID`.
 */
export interface Setting {
  /** The setting's name: the flag is its kebab case, the variable its upper snake case. */
  key: string;
  /** What the setting is, for `--help`. */
  description: string;
  /** Secrets come only from the environment (or `--env-file`), never from a flag, and are never printed. */
  secret?: boolean;
  /** Used only by `jobwire check` (ids to probe, e.g. a job id), so only `check` takes the flag. */
  checkOnly?: boolean;
}

/** The settings of one vendor, resolved from flags and environment. */
export type Settings = Readonly<Record<string, string | undefined>>;

/** Client tuning the command line controls, the same for every vendor. */
export interface ClientTuning {
  /** Per-request timeout in ms. */
  timeoutMs?: number | undefined;
  /** The fetch the client uses (REST vendors); `check` passes one that records every response. */
  fetch?: typeof fetch | undefined;
}

/** Options of one call: an `AbortSignal` that cancels it. */
export interface CallOptions {
  /** Aborts the call (and any retry); it then rejects with the signal's reason, as `fetch` does. */
  signal?: AbortSignal | undefined;
}

/** What the commands need of a vendor client; ids are the strings the user typed. */
export interface VendorSession {
  /** Reads a job's status once. */
  getJobStatus(id: string, options?: CallOptions): Promise<JobStatus>;
  /** Waits until the job is done. */
  waitForJob(id: string, options?: WaitOptions): Promise<JobStatus>;
  /** Cancels the job and resolves with one line saying what the server did; absent when the vendor cannot. */
  cancelJob?(id: string, options?: CallOptions): Promise<string>;
  /** Starts a job that the vendor's simulator runs (used by `jobwire demo`); resolves with its id. */
  startDemoJob(options?: CallOptions): Promise<string>;
  /** The conformance probes `jobwire check` and the live suites run, in order. */
  probes?: readonly Probe[];
  /** Ends the session where the vendor has one (logout); optional. */
  close?(): Promise<void>;
}

/** Thrown by `ProbeContext.need` (or a probe) to skip it: the reason says what would enable it. */
export class ProbeSkipped extends Error {
  override name = 'ProbeSkipped';
}

export interface ProbeContext {
  signal?: AbortSignal | undefined;
  /** Whether probes that start or cancel jobs may run. */
  writes: boolean;
  /** Ids shared along the probes: given as settings, or found by an earlier probe (e.g. the job a run started). */
  ids: Record<string, string | undefined>;
  /** The id, or a skip saying which setting would provide it. */
  need(key: string): string;
}

/** One read (or, with `write`, one change) that `jobwire check` makes and reports on. */
export interface Probe {
  name: string;
  /** Starts or cancels jobs: runs only when writes are allowed. */
  write?: boolean;
  /** Resolves with one line saying what the server answered; throws `ProbeSkipped` to skip. */
  run(context: ProbeContext): Promise<string>;
}

/** Everything the command line knows about one vendor. */
export interface VendorAdapter<V extends VendorId = VendorId> {
  /** The vendor this talks to or came from. */
  vendor: V;
  /** The product's name, for people. */
  title: string;
  /** What a job id looks like on the command line, for `--help`. */
  idHelp: string;
  /** Why jobs cannot be cancelled, for vendors whose API has no cancel (their sessions have no `cancelJob`). */
  cannotCancel?: string;
  /** Connection settings besides `url`, which every vendor has. */
  settings: readonly Setting[];
  /** Builds a session from resolved settings; throws `UsageError` naming what is missing. */
  connect(settings: Settings, tuning: ClientTuning): VendorSession;
  /** Module id of the OpenAPI document the client was generated from (REST vendors), for `check`. */
  openapi?: string;
  /** The WSDL text the client was generated from (SOAP vendors), for `check`. */
  wsdl?: string;
  /** The settings that reach a running simulator of this vendor. */
  simulatorSettings(simulator: Simulator<V & SimulatedVendor>): Settings;
}
