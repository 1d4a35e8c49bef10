import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  ConnectionError,
  createJobStatus,
  createWaitState,
  type JobSource,
  type JobState,
  NotFoundError,
  type PollEvent,
  type PollOutcome,
  RateLimitError,
  stepWait,
  type WaitState,
  WaitTimeoutError,
  waitForJob,
  waitTimeoutError,
} from '../src/index.js';
import { settle } from './settle.js';

const vendor = 'elma-rpa';
const status = (state: JobState, raw: unknown = { big: 'answer' }) =>
  createJobStatus({ vendor, id: 'job-1', state, vendorStatus: state.toUpperCase(), raw });
const transient = () => new ConnectionError('socket hang up', { vendor, operation: 'getTask' });

describe('createWaitState', () => {
  it('starts before the first poll, with the schedule resolved and the deadline from timeoutMs', () => {
    const state = createWaitState(vendor, 'job-1', { timeoutMs: 5000, minDelayMs: 200 }, 1_000_000);
    expect(state.vendor).toBe(vendor);
    expect(state.ref).toBe('job-1');
    expect(state.polls).toBe(0);
    expect(state.startedAt).toBe(1_000_000);
    expect(state.deadline).toBe(1_005_000);
    expect(state.consecutiveErrors).toBe(0);
    expect(state.finalLook).toBe(false);
    expect(state.last).toBeUndefined();
    expect(state.schedule).toEqual({ minDelayMs: 200, maxDelayMs: 30_000, maxConsecutiveErrors: 5 });
  });

  it('has no deadline without timeoutMs, and refuses options that would spin', () => {
    expect(createWaitState(vendor, 'j', {}, 0).deadline).toBeUndefined();
    expect(() => createWaitState(vendor, 'j', { minDelayMs: 0 })).toThrow(RangeError);
    expect(() => createWaitState(vendor, 'j', { maxConsecutiveErrors: 1.5 })).toThrow(/maxConsecutiveErrors/);
  });
});

describe('stepWait', () => {
  const start = (options = {}) => createWaitState(vendor, { workOrderId: 9001 }, { minDelayMs: 1000, ...options }, 0);

  it('is pure: the state given is not changed, and the same inputs give the same step', () => {
    const state = start();
    const frozen = structuredClone(state);
    const first = stepWait(state, { status: status('running') }, 10, () => 0.5);
    const again = stepWait(state, { status: status('running') }, 10, () => 0.5);
    expect(state).toEqual(frozen);
    expect(again).toEqual(first);
  });

  it('keeps the last status without its raw answer, so the state stays plain JSON', () => {
    const step = stepWait(start(), { status: status('running', { huge: 'x'.repeat(10_000) }) }, 10, () => 0);
    expect(step.kind).toBe('poll');
    expect(step.state.last).toEqual({ vendor, id: 'job-1', state: 'running', done: false, vendorStatus: 'RUNNING', outputs: {} });
    expect(JSON.parse(JSON.stringify(step.state))).toEqual(step.state);
  });

  it('ends with the terminal status, raw answer included, and says whether it progressed', () => {
    const running = stepWait(start(), { status: status('running') }, 10, () => 0);
    const done = stepWait(running.state, { status: status('succeeded', { final: true }) }, 2000, () => 0);
    expect(running.kind === 'poll' && running.progressed).toBe(true);
    expect(done.kind).toBe('done');
    if (done.kind !== 'done') return;
    expect(done.status.raw).toEqual({ final: true });
    expect(done.progressed).toBe(true);
    expect(done.state.polls).toBe(2);
  });

  it('reports no progress when state and vendor status repeat', () => {
    const first = stepWait(start(), { status: status('running') }, 10, () => 0);
    const second = stepWait(first.state, { status: status('running') }, 20, () => 0);
    expect(second.kind === 'poll' && second.progressed).toBe(false);
  });

  it('backs off on the AWS schedule: poll n waits in [min, min·2^(n−1)]', () => {
    let state: WaitState = start({ maxDelayMs: 5000 });
    const delays: number[] = [];
    for (let i = 0; i < 5; i++) {
      const step = stepWait(state, { status: status('running') }, 0, () => 1);
      if (step.kind !== 'poll') throw new Error(step.kind);
      delays.push(step.delayMs);
      expect(step.delayReason).toBe('schedule');
      state = step.state;
    }
    expect(delays).toEqual([1000, 2000, 4000, 5000, 5000]);
  });

  it('rides out transient errors within the budget, then fails with the one too many', () => {
    let state: WaitState = start({ maxConsecutiveErrors: 2 });
    const first = stepWait(state, { error: transient() }, 0, () => 0);
    expect(first.kind === 'poll' && first.delayReason).toBe('error');
    state = first.state;
    const second = stepWait(state, { error: transient() }, 0, () => 0);
    expect(second.kind).toBe('poll');
    expect(second.state.consecutiveErrors).toBe(2);
    const third = stepWait(second.state, { error: transient() }, 0, () => 0);
    expect(third.kind).toBe('fail');
    // An answer in between resets the count.
    const answered = stepWait(second.state, { status: status('running') }, 0, () => 0);
    expect(answered.state.consecutiveErrors).toBe(0);
  });

  it('fails at once on a non-transient error, with that error', () => {
    const error = new NotFoundError('no such job', { vendor, operation: 'getTask', status: 404 });
    const step = stepWait(start(), { error }, 0, () => 0);
    expect(step.kind).toBe('fail');
    expect(step.kind === 'fail' && step.error).toBe(error);
  });

  it('honours Retry-After up to maxDelayMs', () => {
    const asking = (ms: number) =>
      new RateLimitError('slow down', { vendor, operation: 'getTask', status: 429, retryAfterMs: ms });
    const step = stepWait(start({ maxDelayMs: 10_000 }), { error: asking(7000) }, 0, () => 0);
    expect(step.kind === 'poll' && [step.delayMs, step.delayReason]).toEqual([7000, 'retry-after']);
    const capped = stepWait(start({ maxDelayMs: 10_000 }), { error: asking(86_400_000) }, 0, () => 0);
    expect(capped.kind === 'poll' && capped.delayMs).toBe(10_000);
  });

  it('never sleeps past the deadline: one last look just before it, then a timeout', () => {
    const state = start({ timeoutMs: 1500 });
    const first = stepWait(state, { status: status('running') }, 0, () => 1);
    expect(first.kind === 'poll' && [first.delayMs, first.delayReason]).toEqual([1000, 'schedule']);
    const second = stepWait(first.state, { status: status('running') }, 1000, () => 1);
    // 500 ms left, 2000 ms scheduled: look again at 1250 (half the remainder before the deadline).
    expect(second.kind === 'poll' && [second.delayMs, second.delayReason, second.state.finalLook]).toEqual([
      250,
      'deadline',
      true,
    ]);
    const third = stepWait(second.state, { status: status('queued') }, 1250, () => 1);
    expect(third.kind).toBe('timeout');
    expect(third.kind === 'timeout' && third.progressed).toBe(true);
    expect(stepWait(first.state, { status: status('running') }, 1500, () => 1).kind).toBe('timeout');
  });

  it('resumes from a JSON copy exactly as from the state itself (another process can take the next step)', () => {
    let state: WaitState = start({ timeoutMs: 60_000 });
    const outcomes: PollOutcome[] = [{ status: status('queued') }, { error: transient() }, { status: status('running') }];
    let now = 0;
    for (const outcome of outcomes) {
      const direct = stepWait(state, outcome, now, () => 0.3);
      const resumed = stepWait(JSON.parse(JSON.stringify(state)) as WaitState, outcome, now, () => 0.3);
      expect(resumed).toEqual(direct);
      if (direct.kind !== 'poll') throw new Error(direct.kind);
      now += direct.delayMs;
      state = direct.state;
    }
    expect(state.polls).toBe(3);
  });
});

describe('waitTimeoutError', () => {
  it('names the job, the timeout and the last vendor status', () => {
    const step = stepWait(createWaitState(vendor, 'job-1', { timeoutMs: 3000 }, 0), { status: status('running') }, 10, () => 0);
    const error = waitTimeoutError(step.state);
    expect(error).toBeInstanceOf(WaitTimeoutError);
    expect(error.message).toBe('elma-rpa: job job-1 did not finish within 3000 ms (last status: RUNNING)');
    expect(error.timeoutMs).toBe(3000);
    expect(error.lastStatus?.state).toBe('running');
  });
});

// waitForJob is the in-process driver of stepWait: for any sequence of poll outcomes, its polls land
// exactly where the step function's delays say, with the same reasons and the same end.
describe('waitForJob follows stepWait exactly', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 0 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  const outcomeArb = fc.oneof(
    fc.constantFrom<JobState>('queued', 'running', 'unknown', 'succeeded', 'failed'),
    fc.constant('transient' as const),
    fc.constant('not-found' as const),
  );
  const make = (kind: JobState | 'transient' | 'not-found'): PollOutcome => {
    if (kind === 'transient') return { error: transient() };
    if (kind === 'not-found') return { error: new NotFoundError('gone', { vendor, operation: 'getTask', status: 404 }) };
    return { status: status(kind) };
  };

  it('for random outcome sequences, schedules and deadlines', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(outcomeArb, { minLength: 1, maxLength: 12 }),
        fc.integer({ min: 10, max: 2000 }),
        fc.option(fc.integer({ min: 100, max: 60_000 }), { nil: undefined }),
        fc.integer({ min: 0, max: 3 }),
        async (drawn, minDelayMs, timeoutMs, maxConsecutiveErrors) => {
          vi.setSystemTime(0);
          // The last outcome repeats: without a deadline, end on a terminal one so that the wait ends.
          const kinds = timeoutMs === undefined ? [...drawn, 'succeeded' as const] : drawn;
          const options = { minDelayMs, maxDelayMs: minDelayMs * 8, timeoutMs, maxConsecutiveErrors };
          // Expected: the step function alone, with the same random draws.
          const expected: Array<{ at: number; delay?: number; reason?: string }> = [];
          let expectedEnd = '';
          let state: WaitState = createWaitState(vendor, 'job-1', options, 0);
          let now = 0;
          for (let i = 0; ; i++) {
            const step = stepWait(state, make(kinds[Math.min(i, kinds.length - 1)] ?? 'running'), now, () => 0.5);
            state = step.state;
            if (step.kind !== 'poll') {
              expected.push({ at: now });
              expectedEnd = step.kind;
              break;
            }
            expected.push({ at: now, delay: step.delayMs, reason: step.delayReason });
            // Timers fire on whole milliseconds: a jittered 2.5 ms sleep wakes at the next one.
            now = Math.ceil(now + step.delayMs);
            if (i > 100_000) throw new Error('no end');
          }
          // Actual: waitForJob under fake timers, recording when each poll happened.
          const polls: number[] = [];
          const events: PollEvent[] = [];
          let i = 0;
          const source: JobSource<string> = {
            vendor,
            async getJobStatus() {
              polls.push(Date.now());
              const outcome = make(kinds[Math.min(i++, kinds.length - 1)] ?? 'running');
              if ('error' in outcome) throw outcome.error;
              return outcome.status;
            },
          };
          const { value, error } = await settle(
            waitForJob(source, 'job-1', { ...options, random: () => 0.5, onPoll: (event) => events.push(event) }),
            24 * 3600_000,
          );
          expect(polls).toEqual(expected.map((e) => e.at));
          expect(events.filter((e) => e.nextDelayMs !== undefined).map((e) => [e.nextDelayMs, e.delayReason])).toEqual(
            expected.filter((e) => e.delay !== undefined).map((e) => [e.delay, e.reason]),
          );
          const actualEnd = value ? 'done' : error instanceof WaitTimeoutError ? 'timeout' : 'fail';
          expect(actualEnd).toBe(expectedEnd);
        },
      ),
      { numRuns: 150, seed: 20261203 },
    );
  });
});
