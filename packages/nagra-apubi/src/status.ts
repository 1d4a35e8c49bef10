import { createJobStatus, createStateMapper, type JobStatus } from '@jobwire/core';
import type { ApubiTaskStatusResult } from './types.js';

/** APUBI has no queued state: a task is IN_PROGRESS from LoadAsset/PurgeAsset until it ends. */
export const apubiJobState = createStateMapper({
  IN_PROGRESS: 'running',
  SUCCESS: 'succeeded',
  FAILED: 'failed',
});

/**
 * SUCCESS without DestinationAsset breaks the interface for a LoadAsset task. The status stays
 * succeeded (the server said so) but the gap is said in `detail`, never hidden.
 */
function detailOf(task: ApubiTaskStatusResult): string | undefined {
  if (!task.missingDestinationAsset) return undefined;
  return task.kind === 'load'
    ? 'SUCCESS without DestinationAsset: the publishing server must return it for a LoadAsset task'
    : 'SUCCESS without DestinationAsset: the publishing server must return it if this is a LoadAsset task';
}

/** Turns an APUBI task status into the common `JobStatus` (IN_PROGRESS/SUCCESS/FAILED mapped to a `JobState`). */
export function toJobStatus(task: ApubiTaskStatusResult): JobStatus<ApubiTaskStatusResult> {
  return createJobStatus({
    vendor: 'nagra-apubi',
    id: task.taskId,
    state: apubiJobState(task.status),
    vendorStatus: task.status,
    detail: detailOf(task),
    outputs: task.destinationAsset === undefined ? {} : { destinationAsset: task.destinationAsset },
    raw: task,
  });
}
