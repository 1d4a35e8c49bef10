import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ElmaTask, elmaTaskState, lastErrorLine, toJobStatus } from '../src/index.js';

const task = (overrides: Partial<ElmaTask>): ElmaTask => ({ id: 7, status: 'DONE', metrics: {}, ...overrides });

describe('ELMA status → JobState', () => {
  it.each([
    ['PREPARE', 'queued'],
    ['QUEUE', 'queued'],
    ['EXECUTING', 'running'],
    ['DONE', 'succeeded'],
    ['ERROR', 'failed'],
    ['CANCEL', 'cancelled'],
    ['EMPTY_ST', 'unknown'],
    ['PAUSED', 'unknown'],
    ['', 'unknown'],
  ] as const)('%s → %s', (vendorStatus, state) => {
    expect(elmaTaskState(vendorStatus)).toBe(state);
  });

  it('ignores case and surrounding spaces', () => {
    expect(elmaTaskState(' done ')).toBe('succeeded');
    expect(elmaTaskState('Executing')).toBe('running');
  });

  it('treats a missing status as unknown instead of throwing', () => {
    expect(elmaTaskState(undefined)).toBe('unknown');
    expect(elmaTaskState(null)).toBe('unknown');
  });
});

describe('lastErrorLine', () => {
  it('returns the last [ERR] line, trimmed', () => {
    const log =
      '[INF] a | x | start\n[ERR] b | x | first problem\n[INF] c | x | retry\n  [ERR] d | x | second problem  \n[INF] e | x | end\n';
    expect(lastErrorLine(log)).toBe('[ERR] d | x | second problem');
  });

  it('counts fatal lines as errors and reads CRLF logs', () => {
    expect(lastErrorLine('[INF] a\r\n[FTL] b | crash\r\n[INF] c\r\n')).toBe('[FTL] b | crash');
  });

  it('falls back to the last non-empty line when no line is marked as an error', () => {
    expect(lastErrorLine('[INF] a\n[WRN] b | timeout waiting for window\n\n')).toBe('[WRN] b | timeout waiting for window');
  });

  it('is undefined without a log', () => {
    expect(lastErrorLine(undefined)).toBeUndefined();
    expect(lastErrorLine('')).toBeUndefined();
    expect(lastErrorLine('\n \n')).toBeUndefined();
  });

  it('reads the first and the last line, with or without line ends around them', () => {
    expect(lastErrorLine('[ERR] only line')).toBe('[ERR] only line');
    expect(lastErrorLine('\n[ERR] first\n[INF] next')).toBe('[ERR] first');
    expect(lastErrorLine('[ERR] first\n[INF] last')).toBe('[ERR] first');
    expect(lastErrorLine('\n\n[INF] last')).toBe('[INF] last');
    expect(lastErrorLine('\r\n[INF] a\r\n\r\n')).toBe('[INF] a');
    expect(lastErrorLine('\n')).toBeUndefined();
  });

  it('finds the error near the end of a long log', () => {
    const log = `${'[INF] 2020/06/29 14:08:23 | [source] | working\n'.repeat(100_000)}[ERR] x | the reason\n[INF] y | cleanup\n`;
    expect(lastErrorLine(log)).toBe('[ERR] x | the reason');
  });

  it('agrees with splitting the whole log into lines', () => {
    // The reference: every line trimmed, empty ones dropped, the last error line or else the last line.
    const reference = (log: string) => {
      const lines = log
        .split(/\r?\n/)
        .map((line) => line.trim())
        .filter((line) => line !== '');
      return [...lines].reverse().find((line) => /^\s*\[(ERR|ERROR|FTL|FATAL)\]/i.test(line)) ?? lines.at(-1);
    };
    const line = fc.oneof(
      fc.constantFrom('[ERR] a | b', '[INF] c', ' [ftl] d ', '[Error] e', '', ' ', '\r', '[WRN] f\r', 'x\ry'),
      fc.string({ maxLength: 12 }),
    );
    fc.assert(
      fc.property(fc.array(line, { maxLength: 12 }), fc.constantFrom('\n', '\r\n'), (lines, end) => {
        const log = lines.join(end);
        expect(lastErrorLine(log)).toBe(reference(log));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('toJobStatus', () => {
  it('builds a failed status whose detail is the last error line', () => {
    const status = toJobStatus(task({ status: 'ERROR', log: '[INF] go\n[ERR] x | Element not found\n' }));
    expect(status).toEqual({
      vendor: 'elma-rpa',
      id: '7',
      state: 'failed',
      done: true,
      vendorStatus: 'ERROR',
      detail: '[ERR] x | Element not found',
      outputs: {},
      raw: task({ status: 'ERROR', log: '[INF] go\n[ERR] x | Element not found\n' }),
    });
  });

  it('gives no detail for a task that did not fail, even when its log has errors', () => {
    const status = toJobStatus(task({ status: 'DONE', log: '[ERR] recovered\n[INF] done\n' }));
    expect(status.state).toBe('succeeded');
    expect(status.detail).toBeUndefined();
  });

  it('takes the outputs from the decoded output context, as a copy', () => {
    const outputContext = { result_out: 'ok', count_out: 3 };
    const status = toJobStatus(task({ outputContext }));
    expect(status.outputs).toEqual({ result_out: 'ok', count_out: 3 });
    expect(status.outputs).not.toBe(outputContext);
  });

  it('keeps an unknown vendor status verbatim and not done', () => {
    const status = toJobStatus(task({ status: 'SUSPENDED' }));
    expect(status.state).toBe('unknown');
    expect(status.done).toBe(false);
    expect(status.vendorStatus).toBe('SUSPENDED');
  });
});
