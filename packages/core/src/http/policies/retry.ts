/**
 * Retries: the attempt below is made again on a transient error (408, 429, 5xx, a connection
 * failure, an attempt's timeout) as the call's policy allows — reads by default, writes only with
 * `retryWrites` — with backoff and `Retry-After` (retry.ts), and never past the call's deadline.
 * Each retry is logged as a warning, redacted, with its meta `{ url, error, attempt, delayMs, requestId? }`.
 */
import type { Logger } from '../../logger.js';
import { withRetry } from '../../retry.js';
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
        onRetry:
          logger?.warn &&
          (({ attempt, delayMs, error }) => {
            const rounded = Math.round(delayMs);
            // `attempt`: the attempt that failed (retry n follows attempt n); `requestId`: the failed
            // answer's (`ApiError.requestId`), undefined when it had none or there was no answer.
            // A logger that throws must not end the retries (it would fail the call).
            try {
              logger.warn?.(`${call.vendor} ${call.operation}: retry ${attempt} in ${rounded} ms`, {
                url: call.redactedUrl(),
                error: error instanceof Error ? error.message : String(error),
                attempt,
                delayMs: rounded,
                requestId: (error as { requestId?: string } | null)?.requestId,
              });
            } catch {
              // The application's logger failed; the call goes on.
            }
          }),
      });
    },
  };
}
