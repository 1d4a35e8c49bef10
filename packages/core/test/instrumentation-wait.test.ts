/**
 * `waitForJob` with an instrumentation (issue 26): one wait scope, the polls run inside it, an
 * event per poll with the state read, the delay and why (schedule, retry-after, error, deadline),
 * then the end with the final state or the error. Fake timers; a scripted source, no HTTP.
 */
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  ConnectionError,
  createJobStatus,
  type JobSource,
  type JobState,
  RateLimitError,
  WaitTimeoutError,
  waitForJob,
} from '../src/index.js';
import { recordingInstrumentation } from './instrumentation-support.js';
import { settle } from './settle.js';

type Step = JobState | Error;

function scripted(steps: Step[]): JobSource<string> {
  let i = 0;
  return {
    vendor: 'elma-rpa',
    async getJobStatus(id) {
      const step = steps[Math.min(i++, steps.length - 1)] as Step;
      if (step instanceof Error) throw step;
      return createJobStatus({ vendor: 'elma-rpa', id, state: step, vendorStatus: step.toUpperCase(), raw: {} });
    },
  };
}

const WAIT = { minDelayMs: 1000, maxDelayMs: 8000, random: () => 0 };

describe('waitForJob with an instrumentation', () => {
  // The traced wait is a lazy chunk: imported once with real timers, so that the fake ones below
  // do not run out while the module is first transformed.
  beforeAll(async () => {
    await import('../src/http/tracing.js');
  });
  beforeEach(() => {
    vi.useFakeTimers({ now: 0 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('a wait of three polls: three poll events, then the end with the final state', async () => {
    const instrumentation = recordingInstrumentation();
    const onPoll = vi.fn();
    const { value } = await settle(
      waitForJob(scripted(['queued', 'running', 'succeeded']), 'task 7', { ...WAIT, onPoll }, instrumentation),
    );
    expect(value?.state).toBe('succeeded');
    expect(instrumentation.events).toEqual([
      { kind: 'startWait', id: 1, vendor: 'elma-rpa', jobId: 'task 7' },
      {
        kind: 'poll',
        wait: 1,
        event: { poll: 1, state: 'queued', vendorStatus: 'QUEUED', delayMs: 1000, reason: 'schedule', error: undefined },
      },
      {
        kind: 'poll',
        wait: 1,
        event: { poll: 2, state: 'running', vendorStatus: 'RUNNING', delayMs: 1000, reason: 'schedule', error: undefined },
      },
      {
        kind: 'poll',
        wait: 1,
        event: {
          poll: 3,
          state: 'succeeded',
          vendorStatus: 'SUCCEEDED',
          delayMs: undefined,
          reason: undefined,
          error: undefined,
        },
      },
      { kind: 'endWait', wait: 1, outcome: { state: 'succeeded', vendorStatus: 'SUCCEEDED' } },
    ]);
    // The caller's own onPoll still gets every poll.
    expect(onPoll).toHaveBeenCalledTimes(3);
  });

  it('says why each delay: retry-after, error, deadline', async () => {
    const busy = new RateLimitError('busy', { vendor: 'elma-rpa', operation: 'getTask', status: 429, retryAfterMs: 5000 });
    const broken = new ConnectionError('socket hang up', { vendor: 'elma-rpa', operation: 'getTask' });
    const instrumentation = recordingInstrumentation();
    const { error } = await settle(
      waitForJob(scripted([busy, broken, 'running']), 'j', { ...WAIT, timeoutMs: 7000 }, instrumentation),
    );
    expect(error).toBeInstanceOf(WaitTimeoutError);
    const polls = instrumentation.events.flatMap((event) => (event.kind === 'poll' ? [event.event] : []));
    expect(polls.map((poll) => [poll.poll, poll.state, poll.delayMs, poll.reason])).toEqual([
      [1, undefined, 5000, 'retry-after'],
      [2, undefined, 1000, 'error'],
      [3, 'running', 500, 'deadline'],
    ]);
    expect(polls[0]?.error).toBe(busy);
    expect(polls[1]?.error).toBe(broken);
    expect(instrumentation.events.at(-1)).toEqual({ kind: 'endWait', wait: 1, outcome: { error } });
  });

  it('an aborted wait ends with the abort reason', async () => {
    const instrumentation = recordingInstrumentation();
    const controller = new AbortController();
    const reason = new Error('stop');
    setTimeout(() => controller.abort(reason), 1500);
    const { error } = await settle(
      waitForJob(scripted(['running']), 'j', { ...WAIT, signal: controller.signal }, instrumentation),
    );
    expect(error).toBe(reason);
    const kinds = instrumentation.events.map((event) => event.kind);
    expect(kinds).toEqual(['startWait', 'poll', 'poll', 'endWait']);
    expect(instrumentation.events.at(-1)).toEqual({ kind: 'endWait', wait: 1, outcome: { error: reason } });
  });

  it('a job reference that is an object is named by its fields', async () => {
    const instrumentation = recordingInstrumentation();
    const source: JobSource<{ workOrderId: number }> = {
      vendor: 'aspera-orchestrator',
      getJobStatus: async (ref) =>
        createJobStatus({
          vendor: 'aspera-orchestrator',
          id: String(ref.workOrderId),
          state: 'succeeded',
          vendorStatus: 'Complete',
          raw: {},
        }),
    };
    await settle(waitForJob(source, { workOrderId: 42 }, WAIT, instrumentation));
    expect(instrumentation.events[0]).toEqual({
      kind: 'startWait',
      id: 1,
      vendor: 'aspera-orchestrator',
      jobId: 'workOrderId 42',
    });
  });
});
