import { loadTracing } from '../http/lazy-chunks.js';
import type { Instrumentation } from '../instrumentation.js';
import type { JobSource, JobStatus } from '../status.js';
import { abortReason, clampDelay, sleep } from '../timing.js';
import { createWaitState, type DelayReason, describeRef, type PollOutcome, stepWait, waitTimeoutError } from './wait-state.js';

/** Options of `waitForJob`: abort signal, overall timeout, poll delays and progress callbacks. */
export interface WaitOptions {
  /** Aborts the call (and any retry); it then rejects with the signal's reason, as `fetch` does. */
  signal?: AbortSignal | undefined;
  /** Give up after this long with `WaitTimeoutError` (default: wait for ever); above 0 and finite. */
  timeoutMs?: number | undefined;
  /** Smallest delay between polls (default 1 s); above 0 and finite, or `waitForJob` throws a `RangeError`. */
  minDelayMs?: number | undefined;
  /** Largest delay between polls (default 30 s, or `minDelayMs` if larger); at least `minDelayMs`. A longer `Retry-After` is cut to it. */
  maxDelayMs?: number | undefined;
  /** Called with the first status and whenever `state` or `vendorStatus` changes. */
  onProgress?: ((status: JobStatus) => void) | undefined;
  /**
   * Called after every poll with its outcome and the delay before the next one (absent when the
   * wait ends there): for progress displays and metrics.
   */
  onPoll?: ((event: PollEvent) => void) | undefined;
  /** Transient errors in a row tolerated while polling before giving up (default 5). */
  maxConsecutiveErrors?: number | undefined;
  /** Source of randomness for jitter; tests pass a fixed one. */
  random?: (() => number) | undefined;
}

/** What `waitForJob` reports through `onPoll` after each poll. */
export interface PollEvent {
  /** 1 for the first poll. */
  poll: number;
  /** The status this poll returned, or the last one seen when it failed. */
  status: JobStatus | undefined;
  /** The transient error this poll got, when it failed and waiting goes on. */
  error?: unknown;
  /** Milliseconds until the next poll; absent when this poll ended the wait. */
  nextDelayMs?: number;
  /**
   * Why `nextDelayMs` is what it is: `schedule` (the backoff between `minDelayMs` and `maxDelayMs`),
   * `retry-after` (the server's `Retry-After` asked for longer), `error` (backing off after a failed
   * poll), `deadline` (cut to a last look before `timeoutMs`); absent when this poll ended the wait.
   */
  delayReason?: DelayReason;
}

/**
 * Polls `source` until the job reaches a terminal state and resolves with that status,
 * whatever it is (succeeded, failed or cancelled). Polls at once, then with capped
 * exponential backoff and jitter; honours `Retry-After`; tolerates a bounded run of
 * transient errors; the last poll happens just before the deadline.
 *
 * Rejects only with `WaitTimeoutError` (carrying the last status), the signal's reason,
 * or a non-transient error. Knows nothing about HTTP.
 *
 * `instrumentation` is the client's (`ClientOptions.instrumentation`): a vendor client's own
 * `waitForJob` passes it, so the wait is reported as one scope with an event per poll.
 */
export async function waitForJob<Ref>(
  source: JobSource<Ref>,
  ref: Ref,
  options: WaitOptions = {},
  instrumentation?: Instrumentation | undefined,
): Promise<JobStatus> {
  if (instrumentation && instrumentation.active?.() !== false)
    return (await loadTracing()).tracedWait(instrumentation, source, ref, options, waitForJob, describeRef(ref));
  let state = createWaitState(source.vendor, ref, options);
  const random = options.random ?? Math.random;
  const userSignal = options.signal;
  if (userSignal?.aborted) throw abortReason(userSignal);

  // One controller for the deadline: it aborts a poll or a sleep that would outlast it.
  const deadlineController = new AbortController();
  const deadlineTimer =
    state.deadline === undefined
      ? undefined
      : setTimeout(() => deadlineController.abort(), clampDelay(state.deadline - state.startedAt));
  const signal = userSignal ? AbortSignal.any([userSignal, deadlineController.signal]) : deadlineController.signal;

  // The whole last status (raw answer included) for the caller; the state keeps it without.
  let last: JobStatus | undefined;
  const stopReason = (error: unknown): unknown => {
    if (userSignal?.aborted) return abortReason(userSignal);
    if (deadlineController.signal.aborted) return waitTimeoutError(state, last);
    return error;
  };

  try {
    for (;;) {
      let outcome: PollOutcome;
      try {
        outcome = { status: await source.getJobStatus(ref, { signal }) };
      } catch (error) {
        const reason = stopReason(error);
        if (reason !== error) throw reason;
        outcome = { error };
      }
      const step = stepWait(state, outcome, Date.now(), random);
      state = step.state;
      if ('status' in outcome) {
        last = outcome.status;
        if (step.kind !== 'fail' && step.progressed) options.onProgress?.(outcome.status);
      }
      if (step.kind === 'done') {
        options.onPoll?.({ poll: state.polls, status: step.status });
        return step.status;
      }
      if (step.kind === 'fail') throw step.error;
      if (step.kind === 'timeout') throw waitTimeoutError(state, last);
      const event: PollEvent = { poll: state.polls, status: last, nextDelayMs: step.delayMs, delayReason: step.delayReason };
      options.onPoll?.('error' in outcome ? { ...event, error: outcome.error } : event);
      try {
        await sleep(step.delayMs, signal);
      } catch (error) {
        throw stopReason(error);
      }
    }
  } finally {
    clearTimeout(deadlineTimer);
    deadlineController.abort(); // releases the AbortSignal.any listeners on the user's signal
  }
}
