/**
 * Retries: the attempt below is made again on a transient error (408, 429, 5xx, a connection
 * failure, an attempt's timeout) as the call's policy allows — reads by default, writes only with
 * `retryWrites` — with backoff and `Retry-After` (retry.ts), and never past the call's deadline.
 * Each retry is logged as a warning, redacted, with its meta `{ url, error, attempt, delayMs, requestId? }`.
 */
import type { Logger } from '../../logger.js';
import { withRetry } from '../../retry.js';
import { loadErrorAnswer } from '../lazy-chunks.js';
import type { CallPolicy } from '../pipeline.js';

/** Repeats failed attempts as the call's retry policy allows. */
export function retryPolicy(logger: Logger | undefined): CallPolicy {
  return {
    name: 'retry',
    sendRequest(call, next) {
      const policy = call.retry;
      if (!policy) return next(call);
      return withRetry(() => next(call), {
        policy,
        signal: call.userSignal,
        deadline: call.deadline,
        // The warning is built by code loaded with the error path (log-lines.ts), loaded already
        // by the failure being retried (or within the retry's delay), so lines keep their order.
        onRetry:
          logger?.warn &&
          ((retry) => {
            loadErrorAnswer().then(
              (lines) => lines.logRetry(logger, call, retry),
              () => undefined, // no chunk, no warning: the call goes on
            );
          }),
      });
    },
  };
}
