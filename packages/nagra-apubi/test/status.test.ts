import { describe, expect, it } from 'vitest';
import { type ApubiTaskStatusResult, apubiJobState, toJobStatus } from '../src/index.js';

const task = (over: Partial<ApubiTaskStatusResult>): ApubiTaskStatusResult => ({
  taskId: 't1',
  status: 'IN_PROGRESS',
  missingDestinationAsset: false,
  ...over,
});

describe('apubiJobState', () => {
  it.each([
    ['IN_PROGRESS', 'running'],
    ['SUCCESS', 'succeeded'],
    ['FAILED', 'failed'],
    [' success ', 'succeeded'],
    ['In_Progress', 'running'],
    ['CANCELLED', 'unknown'],
    ['', 'unknown'],
    [undefined, 'unknown'],
  ] as const)('%j → %s', (status, state) => {
    expect(apubiJobState(status)).toBe(state);
  });
});

describe('toJobStatus', () => {
  it('IN_PROGRESS: running, not done, no outputs', () => {
    const status = toJobStatus(task({}));
    expect(status).toEqual({
      vendor: 'nagra-apubi',
      id: 't1',
      state: 'running',
      done: false,
      vendorStatus: 'IN_PROGRESS',
      outputs: {},
      raw: task({}),
    });
  });

  it('SUCCESS of a load task with its destination: succeeded, destination as output, no detail', () => {
    const status = toJobStatus(task({ status: 'SUCCESS', destinationAsset: 'movie_1', kind: 'load' }));
    expect(status.state).toBe('succeeded');
    expect(status.done).toBe(true);
    expect(status.outputs).toEqual({ destinationAsset: 'movie_1' });
    expect(status.detail).toBeUndefined();
  });

  it('SUCCESS of a load task without destination: succeeded, and the violation is said', () => {
    const status = toJobStatus(task({ status: 'SUCCESS', kind: 'load', missingDestinationAsset: true }));
    expect(status.state).toBe('succeeded');
    expect(status.detail).toBe('SUCCESS without DestinationAsset: the publishing server must return it for a LoadAsset task');
  });

  it('FAILED: failed and done', () => {
    const status = toJobStatus(task({ status: 'FAILED' }));
    expect(status.state).toBe('failed');
    expect(status.done).toBe(true);
  });
});
