import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  ConnectionError,
  createJobStatus,
  type JobSource,
  type JobState,
  type JobStatus,
  NotFoundError,
  ServerError,
  WaitTimeoutError,
  waiterDelay,
  waitForJob,
} from '../src/index.js';
import { settle } from './settle.js';

type Step = JobState | Error;

/** A source that answers with the scripted states (the last one repeats) and records poll times. */
function scripted(steps: Step[]) {
  const pollTimes: number[] = [];
  const start = Date.now();
  let i = 0;
  const source: JobSource<string> & { getJobStatus: ReturnType<typeof vi.fn> } = {
    vendor: 'elma-rpa',
    getJobStatus: vi.fn(async (id: string) => {
      pollTimes.push(Date.now() - start);
      const step = steps[Math.min(i++, steps.length - 1)] as Step;
      if (step instanceof Error) throw step;
      return createJobStatus({ vendor: 'elma-rpa', id, state: step, vendorStatus: step.toUpperCase(), raw: { step } });
    }),
  };
  return { source, pollTimes };
}

const transient = () => new ConnectionError('socket hang up', { vendor: 'elma-rpa', operation: 'getTask' });

describe('waiterDelay (AWS waiter math)', () => {
  it('is uniform in [min, min(min·2^(n−1), max)]', () => {
    expect(waiterDelay(1, 1000, 30_000, () => 0)).toBe(1000);
    expect(waiterDelay(1, 1000, 30_000, () => 1)).toBe(1000);
    expect(waiterDelay(2, 1000, 30_000, () => 1)).toBe(2000);
    expect(waiterDelay(3, 1000, 30_000, () => 1)).toBe(4000);
    expect(waiterDelay(3, 1000, 30_000, () => 0.5)).toBe(2500);
    expect(waiterDelay(6, 1000, 30_000, () => 1)).toBe(30_000);
    expect(waiterDelay(500, 1000, 30_000, () => 1)).toBe(30_000);
  });
});

describe('waitForJob', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 0 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('polls at once, then backs off exponentially up to the cap', async () => {
    const { source, pollTimes } = scripted(['queued', 'running', 'running', 'running', 'running', 'running', 'succeeded']);
    const { value } = await settle(waitForJob(source, 'job-1', { minDelayMs: 1000, maxDelayMs: 5000, random: () => 1 }));
    expect(value?.state).toBe('succeeded');
    expect(value?.done).toBe(true);
    expect(pollTimes).toEqual([0, 1000, 3000, 7000, 12_000, 17_000, 22_000]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('uses jitter inside the AWS bounds', async () => {
    const { source, pollTimes } = scripted(['running', 'running', 'running', 'failed']);
    await settle(waitForJob(source, 'j', { minDelayMs: 1000, maxDelayMs: 30_000, random: () => 0 }));
    expect(pollTimes).toEqual([0, 1000, 2000, 3000]);
  });

  it('resolves with failed and cancelled terminal states too', async () => {
    for (const state of ['failed', 'cancelled'] as const) {
      const { source } = scripted(['running', state]);
      const { value, error } = await settle(waitForJob(source, 'j', { minDelayMs: 10, random: () => 0 }));
      expect(error).toBeUndefined();
      expect(value?.state).toBe(state);
    }
  });

  it('keeps waiting through unknown statuses', async () => {
    const { source } = scripted(['unknown', 'unknown', 'succeeded']);
    const { value } = await settle(waitForJob(source, 'j', { minDelayMs: 10, random: () => 0 }));
    expect(value?.state).toBe('succeeded');
    expect(source.getJobStatus).toHaveBeenCalledTimes(3);
  });

  it('calls onProgress on the first status and on every change only', async () => {
    const { source } = scripted(['queued', 'queued', 'running', 'running', 'succeeded']);
    const seen: string[] = [];
    await settle(waitForJob(source, 'j', { minDelayMs: 10, random: () => 0, onProgress: (s: JobStatus) => seen.push(s.state) }));
    expect(seen).toEqual(['queued', 'running', 'succeeded']);
  });

  it('reports every poll with its outcome and the next delay', async () => {
    const error = transient();
    const { source } = scripted(['queued', error, 'succeeded']);
    const events: Array<{ poll: number; state?: string; error?: unknown; next?: number }> = [];
    await settle(
      waitForJob(source, 'j', {
        minDelayMs: 100,
        random: () => 0,
        onPoll: (e) => events.push({ poll: e.poll, state: e.status?.state, error: e.error, next: e.nextDelayMs }),
      }),
    );
    expect(events).toEqual([
      { poll: 1, state: 'queued', error: undefined, next: 100 },
      { poll: 2, state: 'queued', error, next: 100 },
      { poll: 3, state: 'succeeded', error: undefined, next: undefined },
    ]);
  });

  it('tolerates a bounded run of transient errors', async () => {
    const { source } = scripted(['running', transient(), transient(), 'running', transient(), 'succeeded']);
    const { value } = await settle(waitForJob(source, 'j', { minDelayMs: 10, random: () => 0, maxConsecutiveErrors: 2 }));
    expect(value?.state).toBe('succeeded');
    expect(source.getJobStatus).toHaveBeenCalledTimes(6);
  });

  it('gives up after too many transient errors in a row', async () => {
    const third = transient();
    const { source } = scripted(['running', transient(), transient(), third, 'succeeded']);
    const { error } = await settle(waitForJob(source, 'j', { minDelayMs: 10, random: () => 0, maxConsecutiveErrors: 2 }));
    expect(error).toBe(third);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('rejects at once on a non-transient error', async () => {
    const notFound = new NotFoundError('gone', { vendor: 'elma-rpa', operation: 'getTask', status: 404 });
    const { source } = scripted(['running', notFound, 'succeeded']);
    const { error } = await settle(waitForJob(source, 'j', { minDelayMs: 10, random: () => 0 }));
    expect(error).toBe(notFound);
    expect(source.getJobStatus).toHaveBeenCalledTimes(2);
  });

  it('waits at least Retry-After after a 503', async () => {
    const busy = new ServerError('busy', { vendor: 'elma-rpa', operation: 'getTask', status: 503, retryAfterMs: 20_000 });
    const { source, pollTimes } = scripted(['running', busy, 'succeeded']);
    await settle(waitForJob(source, 'j', { minDelayMs: 1000, random: () => 0 }));
    expect(pollTimes).toEqual([0, 1000, 21_000]);
  });

  it('times out with WaitTimeoutError carrying the last status, after a last poll just before the deadline', async () => {
    const { source, pollTimes } = scripted(['running']);
    const { error } = await settle(
      waitForJob(source, 'job-9', { timeoutMs: 10_000, minDelayMs: 1000, maxDelayMs: 4000, random: () => 1 }),
    );
    expect(error).toBeInstanceOf(WaitTimeoutError);
    const e = error as WaitTimeoutError;
    expect(e.lastStatus?.state).toBe('running');
    expect(e.lastStatus?.id).toBe('job-9');
    expect(e.timeoutMs).toBe(10_000);
    expect(e.operation).toBe('waitForJob');
    expect(e.message).toBe('elma-rpa: job job-9 did not finish within 10000 ms (last status: RUNNING)');
    // 0, 1000, 3000, 7000 — the next delay (4000) would pass the deadline, so the last look is at 9000.
    expect(pollTimes).toEqual([0, 1000, 3000, 7000, 9000]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('times out while a poll hangs', async () => {
    const source: JobSource = {
      vendor: 'alteryx-server',
      getJobStatus: (_ref, options) =>
        new Promise((_resolve, reject) => options?.signal?.addEventListener('abort', () => reject(options.signal?.reason))),
    };
    const { error } = await settle(waitForJob(source, 'j', { timeoutMs: 5000 }));
    expect(error).toBeInstanceOf(WaitTimeoutError);
    expect((error as WaitTimeoutError).lastStatus).toBeUndefined();
    expect(vi.getTimerCount()).toBe(0);
  });

  it("rejects with the signal's reason when aborted while sleeping, and releases everything", async () => {
    const { source } = scripted(['running']);
    const controller = new AbortController();
    const promise = settle(waitForJob(source, 'j', { signal: controller.signal, minDelayMs: 1000 }), 0);
    await vi.advanceTimersByTimeAsync(500);
    const reason = new Error('stop');
    controller.abort(reason);
    const { error } = await promise;
    expect(error).toBe(reason);
    expect(source.getJobStatus).toHaveBeenCalledTimes(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('rejects at once with an already-aborted signal, without polling', async () => {
    const { source } = scripted(['running']);
    const controller = new AbortController();
    controller.abort('early');
    const { error } = await settle(waitForJob(source, 'j', { signal: controller.signal }));
    expect(error).toBe('early');
    expect(source.getJobStatus).not.toHaveBeenCalled();
  });

  it('passes a signal to every poll', async () => {
    const { source } = scripted(['succeeded']);
    await settle(waitForJob(source, 'abc'));
    const [ref, options] = source.getJobStatus.mock.calls[0] as [string, { signal: AbortSignal }];
    expect(ref).toBe('abc');
    expect(options.signal).toBeInstanceOf(AbortSignal);
  });
});
