/** The five products jobwire speaks to. */
export type VendorId = 'aspera-orchestrator' | 'truesight-orchestration' | 'nagra-apubi' | 'elma-rpa' | 'alteryx-server';

/** One status model for every vendor. `unknown` is a vendor status jobwire does not recognise. */
export type JobState = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled' | 'unknown';

const TERMINAL: ReadonlySet<JobState> = new Set<JobState>(['succeeded', 'failed', 'cancelled']);

/** True for `succeeded`, `failed` and `cancelled`: the job will not change any more. */
export function isTerminalState(state: JobState): boolean {
  return TERMINAL.has(state);
}

export interface JobStatus<Raw = unknown> {
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
  readonly vendor: VendorId;
  getJobStatus(ref: Ref, options?: { signal?: AbortSignal }): Promise<JobStatus>;
  cancelJob?(ref: Ref, options?: { signal?: AbortSignal }): Promise<unknown>;
}

export interface JobStatusInit<Raw> {
  vendor: VendorId;
  id: string;
  state: JobState;
  vendorStatus: string;
  detail?: string | undefined;
  outputs?: Record<string, unknown>;
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
