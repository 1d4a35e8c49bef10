import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { alteryxJobState, type JobView, lastErrorMessage, toJobStatus } from '../src/index.js';

const job = (fields: Partial<JobView> & Pick<JobView, 'status'>): JobView => ({ id: 'job-1', ...fields });

describe('alteryxJobState', () => {
  it.each([
    ['Created', undefined, 'queued'],
    ['Queued', undefined, 'queued'],
    ['Queued', 'None', 'queued'],
    ['Running', undefined, 'running'],
    ['Running', 'None', 'running'],
    ['Cancelled', undefined, 'cancelled'],
    ['Cancelled', 'Cancelled', 'cancelled'],
  ] as const)('%s (disposition %s) → %s', (status, disposition, expected) => {
    expect(alteryxJobState({ status, disposition })).toBe(expected);
  });

  it.each([
    ['Success', 'succeeded'],
    ['Error', 'failed'],
    ['Cancelled', 'cancelled'],
    // Only Success is a successful run: every other disposition is done and not succeeded.
    ['Warning', 'failed'],
    ['None', 'failed'],
    [undefined, 'failed'],
    ['', 'failed'],
    ['   ', 'failed'],
    ['string', 'failed'],
    ['Succeeded', 'failed'],
    ['Successful', 'failed'],
    ['Success with warnings', 'failed'],
    ['PartialSuccess', 'failed'],
  ] as const)('Completed with disposition %j → %s', (disposition, expected) => {
    expect(alteryxJobState({ status: 'Completed', disposition })).toBe(expected);
  });

  it('never turns a disposition that is not a string into success', () => {
    for (const disposition of [null, 0, 1, true, {}, ['Success']]) {
      expect(alteryxJobState({ status: 'Completed', disposition: disposition as unknown as string })).toBe('failed');
    }
  });

  it('does not read the disposition of a job that has not completed', () => {
    expect(alteryxJobState({ status: 'Running', disposition: 'Error' })).toBe('running');
    expect(alteryxJobState({ status: 'Queued', disposition: 'Cancelled' })).toBe('queued');
  });

  it.each(['Paused', '', 'Complete', 'Failed', 'string'])('unknown status %j → unknown', (status) => {
    expect(alteryxJobState({ status })).toBe('unknown');
    expect(alteryxJobState({ status, disposition: 'Error' })).toBe('unknown');
  });

  it('is unknown, not a crash, when status is not a string at all', () => {
    expect(alteryxJobState({ status: null as unknown as string })).toBe('unknown');
    expect(alteryxJobState({ status: 3 as unknown as string })).toBe('unknown');
  });

  it('ignores case and surrounding spaces in status and disposition', () => {
    expect(alteryxJobState({ status: 'QUEUED' })).toBe('queued');
    expect(alteryxJobState({ status: 'created' })).toBe('queued');
    expect(alteryxJobState({ status: ' running ' })).toBe('running');
    expect(alteryxJobState({ status: 'cancelled' })).toBe('cancelled');
    expect(alteryxJobState({ status: 'completed', disposition: 'ERROR' })).toBe('failed');
    expect(alteryxJobState({ status: 'COMPLETED', disposition: ' error ' })).toBe('failed');
    expect(alteryxJobState({ status: 'Completed', disposition: 'CANCELLED' })).toBe('cancelled');
    expect(alteryxJobState({ status: 'completed', disposition: ' success ' })).toBe('succeeded');
    expect(alteryxJobState({ status: 'COMPLETED', disposition: 'SUCCESS' })).toBe('succeeded');
    expect(alteryxJobState({ status: 'completed', disposition: 'warning' })).toBe('failed');
  });
});

describe('lastErrorMessage', () => {
  it('is the text of the last status-3 message', () => {
    expect(
      lastErrorMessage([
        { status: 3, text: 'first error', toolId: 1 },
        { status: 1, text: 'info', toolId: 2 },
        { status: 3, text: 'second error', toolId: 3 },
        { status: 2, text: 'a warning after it', toolId: 4 },
      ]),
    ).toBe('second error');
  });

  it('is undefined without messages or without an error among them', () => {
    expect(lastErrorMessage(undefined)).toBeUndefined();
    expect(lastErrorMessage([])).toBeUndefined();
    expect(
      lastErrorMessage([
        { status: 1, text: 'info' },
        { status: 2, text: 'warning' },
        { status: 0, text: 'string' },
      ]),
    ).toBe(undefined);
  });

  it('skips error messages without text', () => {
    expect(lastErrorMessage([{ status: 3, text: 'real error' }, { status: 3, text: '' }, { status: 3 }])).toBe('real error');
  });
});

describe('toJobStatus', () => {
  it('maps a failed job field by field', () => {
    const raw = job({
      id: '66ebd18d3d6200007e000d8c',
      status: 'Completed',
      disposition: 'Error',
      outputs: [
        { id: 'out-1', fileName: 'report.csv', availableFormats: ['Csv', 'Xlsx'] },
        { id: 'out-2', fileName: 'summary.yxdb' },
      ],
      messages: [
        { status: 1, text: 'Started running', toolId: 0 },
        { status: 3, text: 'Input: file not found', toolId: 4 },
        { status: 2, text: 'Field truncated', toolId: 7 },
        { status: 3, text: 'Workflow stopped', toolId: 0 },
        { status: 1, text: 'Finished', toolId: 0 },
      ],
    });
    const status = toJobStatus(raw);
    expect(status.vendor).toBe('alteryx-server');
    expect(status.id).toBe('66ebd18d3d6200007e000d8c');
    expect(status.state).toBe('failed');
    expect(status.done).toBe(true);
    expect(status.vendorStatus).toBe('Completed');
    expect(status.detail).toBe('Error: Workflow stopped');
    expect(status.outputs).toEqual({
      'out-1': { fileName: 'report.csv', availableFormats: ['Csv', 'Xlsx'] },
      'out-2': { fileName: 'summary.yxdb', availableFormats: [] },
    });
    expect(status.raw).toBe(raw);
    expect(Object.keys(status).sort()).toEqual(['detail', 'done', 'id', 'outputs', 'raw', 'state', 'vendor', 'vendorStatus']);
  });

  it('keeps vendorStatus exactly as the server wrote it', () => {
    expect(toJobStatus(job({ status: 'COMPLETED', disposition: 'success' })).vendorStatus).toBe('COMPLETED');
    expect(toJobStatus(job({ status: ' running ' })).vendorStatus).toBe(' running ');
    expect(toJobStatus(job({ status: 'Paused' })).vendorStatus).toBe('Paused');
  });

  it.each([
    ['Created', undefined, 'queued', false],
    ['Queued', 'None', 'queued', false],
    ['Running', 'None', 'running', false],
    ['Completed', 'Success', 'succeeded', true],
    ['Completed', 'Warning', 'failed', true],
    ['Completed', undefined, 'failed', true],
    ['Completed', 'SomethingNew', 'failed', true],
    ['Completed', 'Error', 'failed', true],
    ['Completed', 'Cancelled', 'cancelled', true],
    ['Cancelled', 'Cancelled', 'cancelled', true],
    ['Paused', 'None', 'unknown', false],
    ['', undefined, 'unknown', false],
  ] as const)('%j / %j → state %s, done %s', (vendorStatus, disposition, state, done) => {
    const status = toJobStatus(job({ status: vendorStatus, disposition }));
    expect(status.state).toBe(state);
    expect(status.done).toBe(done);
    expect(status.vendorStatus).toBe(vendorStatus);
  });

  it('a completed job with a disposition no document lists: failed, with the disposition and last error in detail', () => {
    const raw = job({
      status: 'Completed',
      disposition: 'SomethingNew',
      messages: [
        { status: 1, text: 'Started', toolId: 0 },
        { status: 3, text: 'Output: disk full', toolId: 9 },
      ],
    });
    const status = toJobStatus(raw);
    expect(status.state).toBe('failed');
    expect(status.done).toBe(true);
    expect(status.vendorStatus).toBe('Completed');
    expect(status.detail).toBe('SomethingNew: Output: disk full');
    expect(status.raw.disposition).toBe('SomethingNew');
  });

  it('a completed job with a Warning disposition: failed, the disposition in detail', () => {
    const status = toJobStatus(
      job({ status: 'Completed', disposition: 'Warning', messages: [{ status: 2, text: 'Field truncated', toolId: 3 }] }),
    );
    expect([status.state, status.done, status.detail]).toEqual(['failed', true, 'Warning']);
  });

  describe('detail', () => {
    it('is the disposition alone when no error message was written', () => {
      const status = toJobStatus(
        job({ status: 'Completed', disposition: 'Warning', messages: [{ status: 2, text: 'Field truncated', toolId: 3 }] }),
      );
      expect(status.detail).toBe('Warning');
    });

    it('is the disposition when messages were not included', () => {
      expect(toJobStatus(job({ status: 'Completed', disposition: 'Success' })).detail).toBe('Success');
    });

    it('adds the last error message after the disposition', () => {
      const status = toJobStatus(
        job({
          status: 'Completed',
          disposition: 'Error',
          messages: [
            { status: 3, text: 'first', toolId: 1 },
            { status: 3, text: 'last', toolId: 2 },
          ],
        }),
      );
      expect(status.detail).toBe('Error: last');
    });

    it('is the error message alone when there is no disposition', () => {
      expect(toJobStatus(job({ status: 'Running', messages: [{ status: 3, text: 'Tool 4 failed' }] })).detail).toBe(
        'Tool 4 failed',
      );
    });

    it('is absent when there is neither disposition nor error message', () => {
      const status = toJobStatus(job({ status: 'Queued', messages: [{ status: 1, text: 'queued' }] }));
      expect(status.detail).toBeUndefined();
      expect('detail' in status).toBe(false);
      expect('detail' in toJobStatus(job({ status: 'Queued', disposition: '' }))).toBe(false);
    });
  });

  describe('outputs', () => {
    it('are empty when the job has none or they were not sent', () => {
      expect(toJobStatus(job({ status: 'Completed', outputs: [] })).outputs).toEqual({});
      expect(toJobStatus(job({ status: 'Completed' })).outputs).toEqual({});
    });

    it('skip outputs without an id', () => {
      const status = toJobStatus(
        job({
          status: 'Completed',
          outputs: [
            { fileName: 'orphan.csv', availableFormats: ['Csv'] },
            { id: 'o', fileName: 'a.csv' },
          ],
        }),
      );
      expect(status.outputs).toEqual({ o: { fileName: 'a.csv', availableFormats: [] } });
    });
  });

  it('maps the documented placeholder sample (job-view.json) without crashing', () => {
    const sample = JSON.parse(
      readFileSync(new URL('../../../specs/alteryx-server/samples/job-view.json', import.meta.url), 'utf8'),
    ) as JobView;
    const status = toJobStatus(sample);
    expect(status.id).toBe('string');
    expect(status.state).toBe('unknown');
    expect(status.done).toBe(false);
    expect(status.vendorStatus).toBe('string');
    // Message status 0 is not an error, so the detail is the disposition alone.
    expect(status.detail).toBe('string');
    expect(status.outputs).toEqual({ string: { fileName: 'string', availableFormats: ['string'] } });
  });
});
