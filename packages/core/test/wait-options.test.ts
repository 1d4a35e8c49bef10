import { describe, expect, it } from 'vitest';
import { type JobSource, type WaitOptions, waitForJob } from '../src/index.js';

/** A source that counts its polls: a refused option must not cost one. */
function countingSource() {
  const source = {
    vendor: 'alteryx-server' as const,
    polls: 0,
    async getJobStatus(id: string) {
      source.polls++;
      return {
        vendor: 'alteryx-server',
        id,
        state: 'succeeded' as const,
        done: true,
        vendorStatus: 'Completed',
        outputs: {},
        raw: {},
      };
    },
  };
  return source satisfies JobSource;
}

describe('waitForJob refuses options that would spin or never end, before the first poll', () => {
  const refused: Array<[string, WaitOptions, RegExp]> = [
    ['minDelayMs 0 (a busy loop)', { minDelayMs: 0 }, /minDelayMs must be a finite number of milliseconds above 0, got 0/],
    ['a negative minDelayMs', { minDelayMs: -5 }, /minDelayMs .* got -5/],
    ['minDelayMs NaN', { minDelayMs: Number.NaN }, /minDelayMs .* got NaN/],
    ['minDelayMs Infinity', { minDelayMs: Number.POSITIVE_INFINITY }, /minDelayMs .* got Infinity/],
    ['maxDelayMs NaN', { maxDelayMs: Number.NaN }, /maxDelayMs must be finite and at least minDelayMs \(1000\), got NaN/],
    ['maxDelayMs below minDelayMs', { minDelayMs: 500, maxDelayMs: 100 }, /maxDelayMs .*\(500\), got 100/],
    ['timeoutMs 0', { timeoutMs: 0 }, /timeoutMs must be a finite number .* got 0/],
    ['timeoutMs NaN', { timeoutMs: Number.NaN }, /timeoutMs .* got NaN/],
    ['timeoutMs Infinity', { timeoutMs: Number.POSITIVE_INFINITY }, /timeoutMs .* got Infinity/],
    [
      'a fractional maxConsecutiveErrors',
      { maxConsecutiveErrors: 1.5 },
      /maxConsecutiveErrors must be a whole number, 0 or more, got 1.5/,
    ],
    ['a string minDelayMs', { minDelayMs: '10' as unknown as number }, /minDelayMs .* got "10"/],
  ];
  for (const [what, options, message] of refused) {
    it(`refuses ${what} with a RangeError`, async () => {
      const source = countingSource();
      const error = await waitForJob(source, 'j-1', options).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RangeError);
      expect((error as Error).message).toMatch(message);
      expect(source.polls).toBe(0);
    });
  }

  it('takes a minDelayMs above the default maxDelayMs (the default max follows it)', async () => {
    const source = countingSource();
    const status = await waitForJob(source, 'j-2', { minDelayMs: 60_000 });
    expect(status.state).toBe('succeeded');
    expect(source.polls).toBe(1);
  });

  it('takes small positive delays and maxConsecutiveErrors 0', async () => {
    const source = countingSource();
    const status = await waitForJob(source, 'j-3', { minDelayMs: 1, maxDelayMs: 1, maxConsecutiveErrors: 0, timeoutMs: 1000 });
    expect(status.id).toBe('j-3');
    expect(source.polls).toBe(1);
  });
});
