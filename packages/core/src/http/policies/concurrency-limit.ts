/**
 * The concurrency limit: an attempt takes one of the client's `maxConcurrentRequests` slots
 * (limiter.ts) and gives it back when it ends (a streamed body's slot too: the body is the
 * caller's to read). Waiting in line is bounded by the call's deadline and the caller's signal
 * only; the attempt's own timer starts once it has a slot (the timeout policy, below this one).
 * Credential requests (login, token) skip the line: the requests holding slots may be waiting for them.
 */
import { abortReason } from '../../timing.js';
import type { TransportCall } from '../call.js';
import { attemptTimer } from '../deadline.js';
import type { Limiter } from '../limiter.js';
import type { CallPolicy } from '../pipeline.js';

/** Holds at most the limiter's slots in flight; the other attempts wait their turn. */
export function concurrencyLimitPolicy(limiter: Limiter): CallPolicy {
  return {
    name: 'concurrencyLimit',
    async sendRequest(call, next) {
      // Every attempt passes here (the one place that counts them, for errors and log lines); a
      // retry waits ahead of the calls that have not had their turn yet.
      const retrying = call.attempts++ > 0;
      if (!call.authenticate) return next(call);
      const release = limiter.tryAcquire() ?? (await waitInLine(limiter, call, retrying));
      try {
        return await next(call);
      } finally {
        release();
      }
    },
  };
}

/** A slot, once one is free: rejects with the caller's reason, or a `TimeoutError` at the call's deadline. */
async function waitInLine(limiter: Limiter, call: TransportCall, retrying: boolean): Promise<() => void> {
  const user = call.userSignal;
  if (user?.aborted) throw abortReason(user);
  const controller = new AbortController();
  const forward = (): void => controller.abort(abortReason(user as AbortSignal));
  user?.addEventListener('abort', forward, { once: true });
  const timing = attemptTimer(call, call.timeoutMs, call.deadline, call.callTimeoutMs, true);
  const timer = setTimeout(() => controller.abort(timing.error()), timing.delayMs);
  try {
    return await limiter.acquire(controller.signal, retrying);
  } finally {
    clearTimeout(timer);
    user?.removeEventListener('abort', forward);
  }
}
