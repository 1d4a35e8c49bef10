import { createJobStatus, createStateMapper, type JobState, type JobStatus } from '@jobwire/core';
import type { JobView, MessageView } from './types.js';

const byStatus = createStateMapper({
  Created: 'queued',
  Queued: 'queued',
  Running: 'running',
  Completed: 'succeeded',
  Cancelled: 'cancelled',
});

/** Message status 3 is an error (1 info, 2 warning). */
const ERROR_MESSAGE_STATUS = 3;

/** The only disposition that means a run succeeded (see the package README's fidelity table). */
const SUCCESS_DISPOSITION = 'success';

/**
 * `Completed` only says the job stopped: its `disposition` says how. Only `Success` is a
 * successful run; Completed + Cancelled is a cancelled one; any other disposition (`Error`,
 * `Warning`, none at all, or a value no document lists) is done and not succeeded: `failed`.
 */
export function alteryxJobState(job: Pick<JobView, 'status' | 'disposition'>): JobState {
  const state = byStatus(job.status);
  if (state !== 'succeeded') return state;
  const disposition = typeof job.disposition === 'string' ? job.disposition.trim().toLowerCase() : '';
  if (disposition === SUCCESS_DISPOSITION) return 'succeeded';
  if (disposition === 'cancelled') return 'cancelled';
  return 'failed';
}

/** The last error message of a job, when messages were included. */
export function lastErrorMessage(messages: readonly MessageView[] | undefined): string | undefined {
  if (!messages) return undefined;
  for (let i = messages.length - 1; i >= 0; i--) {
    const message = messages[i];
    if (message?.status === ERROR_MESSAGE_STATUS && message.text) return message.text;
  }
  return undefined;
}

/** The disposition, and the last error message when there is one: "Error: File not found". */
function detailOf(job: JobView): string | undefined {
  const lastError = lastErrorMessage(job.messages);
  const disposition = job.disposition || undefined;
  if (disposition && lastError) return `${disposition}: ${lastError}`;
  return disposition ?? lastError;
}

/** Outputs keyed by output id, each with its file name and formats. */
function outputsOf(job: JobView): Record<string, unknown> {
  const outputs: Record<string, unknown> = {};
  for (const output of job.outputs ?? []) {
    if (output.id) outputs[output.id] = { fileName: output.fileName, availableFormats: output.availableFormats ?? [] };
  }
  return outputs;
}

/** Turns an Alteryx job into the common `JobStatus` (status and disposition mapped to a `JobState`). */
export function toJobStatus(job: JobView): JobStatus<JobView> {
  return createJobStatus({
    vendor: 'alteryx-server',
    id: job.id,
    state: alteryxJobState(job),
    vendorStatus: job.status,
    detail: detailOf(job),
    outputs: outputsOf(job),
    raw: job,
  });
}
