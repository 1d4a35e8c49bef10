/**
 * One deadline per call: the time a call may take in all — waiting for a `maxConcurrentRequests`
 * slot, every attempt, every backoff and `Retry-After` wait. It is a point in time computed once
 * per call, not a timer: each attempt's single timer fires at whichever comes first, its own
 * timeout or the deadline, so a call costs no more timers than before.
 */
import { TimeoutError } from '../errors.js';
import type { VendorId } from '../status.js';

/** The default time one call may take in all (60 s): two attempts at the default 30 s timeout, or many quick ones. */
export const DEFAULT_CALL_TIMEOUT_MS = 60_000;

/** The default longest time a streamed body (a download) may take in all (1 h). */
export const DEFAULT_STREAM_TIMEOUT_MS = 60 * 60 * 1000;

/** What one attempt's timer is set to, and the error it aborts with. */
export interface AttemptTimer {
  /** Milliseconds until the timer fires. */
  delayMs: number;
  /** The error the attempt ends with when it does. */
  error: () => TimeoutError;
}

/**
 * The timer of one attempt: `timeoutMs` from now, or the call's deadline when that is sooner.
 * `queued`: the attempt is waiting for a slot, which only the deadline bounds.
 */
export function attemptTimer(
  context: { vendor: VendorId; operation: string; attempts?: number },
  timeoutMs: number,
  deadline: number,
  callTimeoutMs: number,
  queued = false,
): AttemptTimer {
  const remaining = Math.max(0, deadline - Date.now());
  const { vendor, operation } = context;
  if (!queued && timeoutMs <= remaining) {
    return {
      delayMs: timeoutMs,
      error: () =>
        new TimeoutError(`${vendor} ${operation}: no response within ${timeoutMs} ms`, {
          vendor,
          operation,
          timeoutMs,
          attempts: context.attempts,
        }),
    };
  }
  const where = queued ? ' (waiting for a free maxConcurrentRequests slot)' : '';
  return {
    delayMs: remaining,
    error: () =>
      new TimeoutError(`${vendor} ${operation}: call did not complete within its ${callTimeoutMs} ms deadline${where}`, {
        vendor,
        operation,
        timeoutMs: callTimeoutMs,
        attempts: context.attempts,
      }),
  };
}
