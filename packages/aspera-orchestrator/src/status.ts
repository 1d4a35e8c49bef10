import { createJobStatus, createStateMapper, type JobState, type JobStatus } from '@jobwire/core';
import { decodeOutputValue } from './decode.js';
import type { OutputValue, WorkOrder, WorkStepStatus } from './types.js';

/** Orchestrator statuses → jobwire states. `Canceled` has one l; anything else is `unknown`. */
export const asperaJobState: (vendorStatus: string | null | undefined) => JobState = createStateMapper({
  Complete: 'succeeded',
  Failed: 'failed',
  Error: 'failed',
  Canceled: 'cancelled',
  'In Progress': 'running',
  Canceling: 'running',
  Paused: 'running',
  Inactive: 'queued',
});

/** A work order's status: the `state` attribute, with the element's prose as detail. */
export function workOrderJobStatus(order: WorkOrder): JobStatus<WorkOrder> {
  return createJobStatus({
    vendor: 'aspera-orchestrator',
    id: order.id,
    state: asperaJobState(order.status),
    vendorStatus: order.status,
    detail: order.statusDetails,
    raw: order,
  });
}

/**
 * The outputs of a step by name, decoded by type (a `hash` becomes an object). A value that does
 * not decode is kept as sent: a status poll must not fail over one odd output.
 */
export function stepOutputs(status: WorkStepStatus): Record<string, OutputValue> {
  const outputs: Record<string, OutputValue> = {};
  for (const output of status.outputs) {
    let value: OutputValue;
    try {
      value = decodeOutputValue(output.value, output.type, { vendor: 'aspera-orchestrator', operation: 'getWorkStepStatus' });
    } catch {
      value = (output.value ?? null) as OutputValue;
    }
    Object.defineProperty(outputs, output.name, { value, enumerable: true, writable: true, configurable: true });
  }
  return outputs;
}

/** A step's status: `work_step.status`, `statusDetails` as detail, outputs by name; id is the step's own id. */
export function workStepJobStatus(status: WorkStepStatus): JobStatus<WorkStepStatus> {
  return createJobStatus({
    vendor: 'aspera-orchestrator',
    id: String(status.work_step.id),
    state: asperaJobState(status.work_step.status),
    vendorStatus: status.work_step.status,
    detail: status.work_step.statusDetails ?? undefined,
    outputs: stepOutputs(status),
    raw: status,
  });
}
