import { createJobStatus, createStateMapper, type JobState, type JobStatus } from '@jobwire/core';
import type { JobStatusResponse, OutputValue } from './types.js';

/**
 * The documented statuses: Assigned (started, running or paused), Completed, Compensated (the
 * process failed), Cancelled. Matching ignores case (the sample says COMPLETED); both spellings of
 * cancelled are accepted. The other values of BMC's ORCA `ProcessStateType` (READY, PENDING,
 * IN_PROGRESS, PAUSED, PENDING_REASSIGNMENT, FAILED, ABORTED) are mapped too: the REST page does
 * not list them, but a server that sends one is not left `unknown` (and a failed or aborted job
 * ends the wait). Anything else is `unknown` and waiting goes on.
 */
export const trueSightJobState: (status: string | null | undefined) => JobState = createStateMapper({
  Ready: 'queued',
  Pending: 'queued',
  Pending_Reassignment: 'queued',
  Assigned: 'running',
  In_Progress: 'running',
  Paused: 'running',
  Completed: 'succeeded',
  Compensated: 'failed',
  Failed: 'failed',
  Aborted: 'failed',
  Cancelled: 'cancelled',
  Canceled: 'cancelled',
});

/**
 * A failed process has no documented error field; workflows usually report one in an output
 * parameter named like "error message" (the REST utilities do): its text becomes `detail`.
 */
function detailOf(state: JobState, outputs: Record<string, OutputValue>): string | undefined {
  if (state !== 'failed') return undefined;
  for (const [name, value] of Object.entries(outputs)) {
    if (/error/i.test(name) && typeof value === 'string' && value.trim() !== '') return value.trim();
  }
  return undefined;
}

/** The normalized status of a job; `outputs` are the decoded output values by name. */
export function toJobStatus(
  jobId: string,
  response: JobStatusResponse,
  outputs: Record<string, OutputValue>,
): JobStatus<JobStatusResponse> {
  const state = trueSightJobState(response.status);
  return createJobStatus({
    vendor: 'truesight-orchestration',
    id: jobId,
    state,
    vendorStatus: response.status,
    detail: detailOf(state, outputs),
    outputs,
    raw: response,
  });
}
