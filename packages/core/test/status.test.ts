import { describe, expect, it } from 'vitest';
import { createJobStatus, createStateMapper, isTerminalState } from '../src/index.js';

describe('createJobStatus', () => {
  it('derives done from the state', () => {
    const base = { vendor: 'alteryx-server', id: '1', vendorStatus: 'X', raw: null } as const;
    expect(createJobStatus({ ...base, state: 'succeeded' }).done).toBe(true);
    expect(createJobStatus({ ...base, state: 'failed' }).done).toBe(true);
    expect(createJobStatus({ ...base, state: 'cancelled' }).done).toBe(true);
    expect(createJobStatus({ ...base, state: 'running' }).done).toBe(false);
    expect(createJobStatus({ ...base, state: 'queued' }).done).toBe(false);
    expect(createJobStatus({ ...base, state: 'unknown' }).done).toBe(false);
  });

  it('defaults outputs to {} and leaves out an empty detail', () => {
    const status = createJobStatus({
      vendor: 'elma-rpa',
      id: '7',
      state: 'running',
      vendorStatus: 'EXECUTING',
      detail: '',
      raw: { a: 1 },
    });
    expect(status.outputs).toEqual({});
    expect('detail' in status).toBe(false);
    expect(status.raw).toEqual({ a: 1 });
    expect(status.vendor).toBe('elma-rpa');
    expect(status.id).toBe('7');
  });

  it('keeps a detail and outputs', () => {
    const status = createJobStatus({
      vendor: 'nagra-apubi',
      id: 't',
      state: 'failed',
      vendorStatus: 'FAILED',
      detail: 'disk full',
      outputs: { asset: 'x' },
      raw: undefined,
    });
    expect(status.detail).toBe('disk full');
    expect(status.outputs).toEqual({ asset: 'x' });
  });
});

describe('createStateMapper', () => {
  const map = createStateMapper({ Queued: 'queued', 'In Progress': 'running', COMPLETED: 'succeeded' });

  it('matches case-insensitively and ignores surrounding spaces', () => {
    expect(map('queued')).toBe('queued');
    expect(map('QUEUED')).toBe('queued');
    expect(map(' In Progress ')).toBe('running');
    expect(map('completed')).toBe('succeeded');
  });

  it('maps anything else to unknown without throwing', () => {
    expect(map('Exploded')).toBe('unknown');
    expect(map('')).toBe('unknown');
    expect(map(undefined)).toBe('unknown');
    expect(map(null)).toBe('unknown');
    expect(map(42 as unknown as string)).toBe('unknown');
  });

  it('isTerminalState lists exactly the three final states', () => {
    expect(
      ['queued', 'running', 'succeeded', 'failed', 'cancelled', 'unknown'].filter((s) => isTerminalState(s as never)),
    ).toEqual(['succeeded', 'failed', 'cancelled']);
  });
});
