import { ApiError, isTransientError } from './errors.js';
import { backoffDelay, sleep } from './timing.js';

/** How a failed request is tried again. Applies to reads; writes only when the caller opts in. */
export interface RetryPolicy {
  /** Retries after the first attempt (default 2). */
  retries: number;
  /** First backoff ceiling; doubles per retry (default 500 ms). */
  baseDelayMs: number;
  /** Backoff cap (default 8 s). */
  maxDelayMs: number;
  /** A `Retry-After` longer than this is not waited for: the error is thrown (default 60 s). */
  maxRetryAfterMs: number;
}

/** The retries of reads: 2 retries, backoff about 0.5 s × 2^n capped at 8 s with jitter, `Retry-After` honoured up to 60 s. */
export const DEFAULT_RETRY_POLICY: Readonly<RetryPolicy> = Object.freeze({
  retries: 2,
  baseDelayMs: 500,
  maxDelayMs: 8000,
  maxRetryAfterMs: 60_000,
});

/** `false` disables retries, `true` or a partial policy enables them on top of the defaults. */
export type RetryOption = boolean | Partial<RetryPolicy>;

/** The retry policy for a client's `retry` / `retryWrites` option: `undefined` when retries are off. */
export function resolveRetryPolicy(option: RetryOption | undefined, enabledByDefault: boolean): RetryPolicy | undefined {
  if (option === false || (option === undefined && !enabledByDefault)) return undefined;
  return option === true || option === undefined ? { ...DEFAULT_RETRY_POLICY } : { ...DEFAULT_RETRY_POLICY, ...option };
}

/** What `withRetry` reports before each retry: the attempt, the delay, the error. */
export interface RetryEvent {
  /** The retry number, from 1. */
  attempt: number;
  /** How long before the retry. */
  delayMs: number;
  /** The error that is being retried. */
  error: unknown;
}

/** Options of `withRetry`: the policy, an abort signal and a callback before each retry. */
export interface RetryOptions {
  /** The policy; `undefined` means no retries. */
  policy: RetryPolicy | undefined;
  /** Aborts the call (and any retry); it then rejects with the signal's reason, as `fetch` does. */
  signal?: AbortSignal | undefined;
  /** Called before each retry. */
  onRetry?: ((event: RetryEvent) => void) | undefined;
  /** The jitter source (default `Math.random`), for tests. */
  random?: () => number;
  /** When the call must be over (ms since the epoch): a retry whose wait would reach it is not made. */
  deadline?: number | undefined;
}

/** The server's `Retry-After`, when the error carries one. */
export function retryAfterOf(error: unknown): number | undefined {
  return error instanceof ApiError ? error.retryAfterMs : undefined;
}

/**
 * Runs `attempt` and repeats it on transient errors (408, 429, 5xx, connection failures,
 * request timeouts) as the policy allows. Knows nothing about HTTP beyond the error types.
 */
export async function withRetry<T>(attempt: (attemptNumber: number) => Promise<T>, options: RetryOptions): Promise<T> {
  const { policy, signal } = options;
  for (let n = 0; ; n++) {
    try {
      return await attempt(n);
    } catch (error) {
      if (!policy || n >= policy.retries || signal?.aborted || !isTransientError(error)) throw error;
      const retryAfter = retryAfterOf(error);
      if (retryAfter !== undefined && retryAfter > policy.maxRetryAfterMs) throw error;
      const delayMs = Math.max(backoffDelay(n, policy.baseDelayMs, policy.maxDelayMs, options.random), retryAfter ?? 0);
      if (options.deadline !== undefined && Date.now() + delayMs >= options.deadline) throw error;
      options.onRetry?.({ attempt: n + 1, delayMs, error });
      await sleep(delayMs, signal);
    }
  }
}
