import { isTransientError, WaitTimeoutError } from '../errors.js';
import { loadTracing } from '../http/lazy-chunks.js';
import type { Instrumentation } from '../instrumentation.js';
import { retryAfterOf } from '../retry.js';
import type { JobSource, JobStatus } from '../status.js';
import { abortReason, clampDelay, sleep } from '../timing.js';

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
  delayReason?: 'schedule' | 'retry-after' | 'error' | 'deadline';
}

/** The default shortest wait between two polls of `waitForJob` (1 s). */
export const DEFAULT_MIN_DELAY_MS = 1000;
/** The default longest wait between two polls of `waitForJob` (30 s). */
export const DEFAULT_MAX_DELAY_MS = 30_000;
/** How many failed polls in a row `waitForJob` survives before it rejects with the last error. */
export const DEFAULT_MAX_CONSECUTIVE_ERRORS = 5;

/**
 * AWS waiter delay for the n-th wait (n ≥ 1): uniform in [min, min(min·2^(n−1), max)].
 */
export function waiterDelay(n: number, minDelayMs: number, maxDelayMs: number, random: () => number = Math.random): number {
  const ceiling = Math.max(minDelayMs, Math.min(maxDelayMs, minDelayMs * 2 ** Math.min(Math.max(n - 1, 0), 30)));
  return minDelayMs + random() * (ceiling - minDelayMs);
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
  const { minDelay, maxDelay, maxErrors } = validateWaitOptions(options);
  const random = options.random ?? Math.random;
  const userSignal = options.signal;
  if (userSignal?.aborted) throw abortReason(userSignal);

  const started = Date.now();
  const deadline = options.timeoutMs === undefined ? undefined : started + options.timeoutMs;
  // One controller for the deadline: it aborts a poll or a sleep that would outlast it.
  const deadlineController = new AbortController();
  const deadlineTimer =
    deadline === undefined ? undefined : setTimeout(() => deadlineController.abort(), clampDelay(deadline - started));
  const signal = userSignal ? AbortSignal.any([userSignal, deadlineController.signal]) : deadlineController.signal;

  let last: JobStatus | undefined;
  let consecutiveErrors = 0;
  let finalLook = false;
  const timedOut = () =>
    new WaitTimeoutError(
      `${source.vendor}: job ${last?.id ?? describeRef(ref)} did not finish within ${options.timeoutMs} ms` +
        (last ? ` (last status: ${last.vendorStatus})` : ''),
      { vendor: source.vendor, operation: 'waitForJob', timeoutMs: options.timeoutMs ?? 0, lastStatus: last },
    );
  const stopReason = (error: unknown): unknown => {
    if (userSignal?.aborted) return abortReason(userSignal);
    if (deadlineController.signal.aborted) return timedOut();
    return error;
  };

  try {
    for (let poll = 1; ; poll++) {
      let retryAfter: number | undefined;
      let pollError: unknown;
      try {
        const status = await source.getJobStatus(ref, { signal });
        consecutiveErrors = 0;
        if (!last || last.state !== status.state || last.vendorStatus !== status.vendorStatus) {
          last = status;
          options.onProgress?.(status);
        }
        last = status;
        if (status.done) {
          options.onPoll?.({ poll, status });
          return status;
        }
      } catch (error) {
        const reason = stopReason(error);
        if (reason !== error || !isTransientError(error) || ++consecutiveErrors > maxErrors) throw reason;
        // A Retry-After is honoured up to maxDelayMs: a server asking for days (or a date far
        // ahead) must not park the wait there, with or without a timeoutMs.
        const asked = retryAfterOf(error);
        retryAfter = asked === undefined ? undefined : Math.min(asked, maxDelay);
        pollError = error;
      }

      if (finalLook) throw timedOut();
      const scheduled = waiterDelay(poll, minDelay, maxDelay, random);
      let delay = Math.max(scheduled, retryAfter ?? 0);
      let delayReason: PollEvent['delayReason'] =
        delay > scheduled ? 'retry-after' : pollError === undefined ? 'schedule' : 'error';
      if (deadline !== undefined) {
        const remaining = deadline - Date.now();
        if (remaining <= 0) throw timedOut();
        // Do not sleep past the deadline: take one last look just before it.
        if (delay >= remaining) {
          delay = Math.max(0, remaining - Math.min(minDelay, remaining / 2));
          delayReason = 'deadline';
          finalLook = true;
        }
      }
      options.onPoll?.(
        pollError === undefined
          ? { poll, status: last, nextDelayMs: delay, delayReason }
          : { poll, status: last, error: pollError, nextDelayMs: delay, delayReason },
      );
      try {
        await sleep(delay, signal);
      } catch (error) {
        throw stopReason(error);
      }
    }
  } finally {
    clearTimeout(deadlineTimer);
    deadlineController.abort(); // releases the AbortSignal.any listeners on the user's signal
  }
}

/**
 * Refuses, before anything is sent, options that would make a wait spin or never end by mistake (as
 * smithy's `util-waiter` does): a delay of 0 polls in a busy loop, a NaN one is taken as 0.
 * @throws RangeError naming the option and the value given.
 */
function validateWaitOptions(options: WaitOptions): { minDelay: number; maxDelay: number; maxErrors: number } {
  const minDelay = options.minDelayMs ?? DEFAULT_MIN_DELAY_MS;
  const maxDelay = options.maxDelayMs ?? Math.max(minDelay, DEFAULT_MAX_DELAY_MS);
  const maxErrors = options.maxConsecutiveErrors ?? DEFAULT_MAX_CONSECUTIVE_ERRORS;
  const refuse = (what: string, value: unknown) =>
    new RangeError(`waitForJob: ${what}, got ${typeof value === 'number' ? value : JSON.stringify(value)}`);
  if (!(typeof minDelay === 'number' && minDelay > 0 && Number.isFinite(minDelay))) {
    throw refuse('minDelayMs must be a finite number of milliseconds above 0', minDelay);
  }
  if (!(typeof maxDelay === 'number' && maxDelay >= minDelay && Number.isFinite(maxDelay))) {
    throw refuse(`maxDelayMs must be finite and at least minDelayMs (${minDelay})`, maxDelay);
  }
  const { timeoutMs } = options;
  if (timeoutMs !== undefined && !(typeof timeoutMs === 'number' && timeoutMs > 0 && Number.isFinite(timeoutMs))) {
    throw refuse('timeoutMs must be a finite number of milliseconds above 0 (leave it out to wait for ever)', timeoutMs);
  }
  if (!(Number.isInteger(maxErrors) && maxErrors >= 0)) {
    throw refuse('maxConsecutiveErrors must be a whole number, 0 or more', maxErrors);
  }
  return { minDelay, maxDelay, maxErrors };
}

/** A job reference for a message: itself, or `name value` pairs of an object (Aspera's `{ workOrderId, stepId }`). */
function describeRef(ref: unknown): string {
  if (ref === null || typeof ref !== 'object') return String(ref);
  const parts = Object.entries(ref)
    .filter(([, value]) => ['string', 'number', 'bigint'].includes(typeof value))
    .map(([name, value]) => `${name} ${String(value)}`);
  return parts.length > 0 ? parts.join(', ') : 'reference';
}
