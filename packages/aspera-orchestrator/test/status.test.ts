import { describe, expect, it } from 'vitest';
import {
  asperaJobState,
  stepOutputs,
  type WorkOrder,
  type WorkStepStatus,
  workOrderJobStatus,
  workStepJobStatus,
} from '../src/index.js';

describe('asperaJobState', () => {
  it.each([
    ['Complete', 'succeeded'],
    ['Failed', 'failed'],
    ['Error', 'failed'],
    ['Canceled', 'cancelled'],
    ['In Progress', 'running'],
    ['Canceling', 'running'],
    ['Paused', 'running'],
    ['Inactive', 'queued'],
    [' in progress ', 'running'],
    ['COMPLETE', 'succeeded'],
  ] as const)('%j → %s', (vendor, state) => {
    expect(asperaJobState(vendor)).toBe(state);
  });

  it.each(['Cancelled', 'Completed', 'Queued', 'Running', '', 'Waiting'])(
    '%j (not an Orchestrator status) → unknown',
    (vendor) => {
      expect(asperaJobState(vendor)).toBe('unknown');
    },
  );

  it('null and undefined → unknown, never a crash', () => {
    expect(asperaJobState(null)).toBe('unknown');
    expect(asperaJobState(undefined)).toBe('unknown');
  });
});

describe('workOrderJobStatus', () => {
  const order = (status: string, statusDetails?: string): WorkOrder => ({
    id: '8461',
    status,
    steps: [],
    raw: {},
    ...(statusDetails ? { statusDetails } : {}),
  });

  it('Failed with prose: failed, done, the prose as detail', () => {
    const status = workOrderJobStatus(order('Failed', 'Step "Transcode" failed: exit code 3'));
    expect(status).toEqual({
      vendor: 'aspera-orchestrator',
      id: '8461',
      state: 'failed',
      done: true,
      vendorStatus: 'Failed',
      detail: 'Step "Transcode" failed: exit code 3',
      outputs: {},
      raw: order('Failed', 'Step "Transcode" failed: exit code 3'),
    });
  });

  it('Canceling is still running; Canceled is cancelled and done', () => {
    expect(workOrderJobStatus(order('Canceling')).done).toBe(false);
    expect(workOrderJobStatus(order('Canceled')).state).toBe('cancelled');
    expect(workOrderJobStatus(order('Canceled')).done).toBe(true);
    expect('detail' in workOrderJobStatus(order('Canceled'))).toBe(false);
  });

  it('an unknown status is unknown and not done, kept verbatim', () => {
    const status = workOrderJobStatus(order('Awaiting Approval'));
    expect(status.state).toBe('unknown');
    expect(status.done).toBe(false);
    expect(status.vendorStatus).toBe('Awaiting Approval');
  });
});

describe('workStepJobStatus', () => {
  const step = (outputs: WorkStepStatus['outputs']): WorkStepStatus => ({
    inputs: [],
    carry_thrus: [],
    work_step: { id: 46756, status: 'Complete', statusDetails: null },
    outputs,
  });

  it("the step's own id, null statusDetails → no detail", () => {
    const status = workStepJobStatus(step([]));
    expect(status.id).toBe('46756');
    expect(status.state).toBe('succeeded');
    expect('detail' in status).toBe(false);
  });

  it('outputs by name, decoded by type', () => {
    expect(
      stepOutputs(
        step([
          { name: 'count', type: 'integer', value: '42' },
          { name: 'table', type: 'hash', value: '{\'a\' => {"b"=>1}}' },
          { name: 'flag', type: 'boolean', value: 'true' },
          { name: 'nothing', type: 'string', value: null },
          { name: '__proto__', type: 'string', value: 'kept as a field' },
        ]),
      ),
    ).toEqual(
      Object.defineProperty({ count: 42, table: { a: { b: 1 } }, flag: true, nothing: null }, '__proto__', {
        value: 'kept as a field',
        enumerable: true,
      }),
    );
  });
});
