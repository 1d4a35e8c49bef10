/** The products jobwire's own packages speak to. */
export type KnownVendorId = 'aspera-orchestrator' | 'truesight-orchestration' | 'nagra-apubi' | 'elma-rpa' | 'alteryx-server';

/**
 * A vendor's id: its package name after `@jobwire/` (`alteryx-server`). Open, so that a new vendor
 * package needs no change to core; the known ones still autocomplete.
 */
export type VendorId = KnownVendorId | (string & {});

/** One status model for every vendor. `unknown` is a vendor status jobwire does not recognise. */
export type JobState = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled' | 'unknown';

const TERMINAL: ReadonlySet<JobState> = new Set<JobState>(['succeeded', 'failed', 'cancelled']);

/** True for `succeeded`, `failed` and `cancelled`: the job will not change any more. */
export function isTerminalState(state: JobState): boolean {
  return TERMINAL.has(state);
}

/** A job's status, the same for every vendor: normalized `state`, the server's own `vendorStatus`, details, outputs and the typed raw response. */
export interface JobStatus<Raw = unknown> {
  /** The vendor this talks to or came from. */
  vendor: VendorId;
  /** The job / work order / task id, as a string. */
  id: string;
  /** Normalized state. */
  state: JobState;
  /** `state` is succeeded, failed or cancelled. */
  done: boolean;
  /** Exactly as the server wrote it ("COMPLETED", "In Progress", "IN_PROGRESS"). */
  vendorStatus: string;
  /** The vendor's human text: status details, disposition, fault, last error message. */
  detail?: string;
  /** Named outputs where the vendor returns them, decoded. */
  outputs: Record<string, unknown>;
  /** The typed vendor response. */
  raw: Raw;
}

/** Anything that can report (and maybe cancel) a job: every vendor client implements it. */
export interface JobSource<Ref = string> {
  /** The vendor this talks to or came from. */
  readonly vendor: VendorId;
  /** Reads the job's status once. */
  getJobStatus(ref: Ref, options?: { signal?: AbortSignal }): Promise<JobStatus>;
  /** Asks the server to cancel the job, where the vendor can. */
  cancelJob?(ref: Ref, options?: { signal?: AbortSignal }): Promise<unknown>;
}

/** What `createJobStatus` makes a `JobStatus` from (`done` is derived from `state`). */
export interface JobStatusInit<Raw> {
  /** The vendor this talks to or came from. */
  vendor: VendorId;
  /** The job id, as a string. */
  id: string;
  /** The normalized state. */
  state: JobState;
  /** The status exactly as the server wrote it. */
  vendorStatus: string;
  /** The vendor's human text about the status. */
  detail?: string | undefined;
  /** Named outputs, decoded (default none). */
  outputs?: Record<string, unknown>;
  /** The typed vendor response. */
  raw: Raw;
}

/** Builds a `JobStatus`, deriving `done` from `state` so the two can never disagree. */
export function createJobStatus<Raw>(init: JobStatusInit<Raw>): JobStatus<Raw> {
  const status: JobStatus<Raw> = {
    vendor: init.vendor,
    id: init.id,
    state: init.state,
    done: isTerminalState(init.state),
    vendorStatus: init.vendorStatus,
    outputs: init.outputs ?? {},
    raw: init.raw,
  };
  if (init.detail !== undefined && init.detail !== '') status.detail = init.detail;
  return status;
}

/**
 * Maps a vendor status string to a `JobState` through a table of known values.
 * Matching ignores case and surrounding spaces (servers disagree on both); anything
 * else is `unknown`, never an exception.
 */
export function createStateMapper(
  table: Readonly<Record<string, JobState>>,
): (vendorStatus: string | null | undefined) => JobState {
  const normalized = new Map<string, JobState>();
  for (const [key, state] of Object.entries(table)) normalized.set(key.trim().toLowerCase(), state);
  return (vendorStatus) => {
    if (typeof vendorStatus !== 'string') return 'unknown';
    return normalized.get(vendorStatus.trim().toLowerCase()) ?? 'unknown';
  };
}
