/**
 * Timeouts: each attempt gets one AbortController and one timer, set to the attempt's timeout or
 * the call's deadline (fixed when the call starts, call.ts), whichever is sooner (deadline.ts). The
 * caller's signal aborts it too, forwarded by a listener removed afterwards: the outcome of
 * `AbortSignal.any([caller, timeout])` without its per-call bookkeeping. Whatever fails after an
 * abort rejects with the caller's reason, else the attempt's `TimeoutError`. A streamed body is
 * read after the call returns: it is handed over bounded by its own idle and total timers
 * (stream-guard.ts, loaded on the first one), which take over the caller's listener.
 */
import { ConnectionError, TimeoutError } from '../../errors.js';
import { abortReason } from '../../timing.js';
import type { TransportCall } from '../call.js';
import { attemptTimer } from '../deadline.js';
import { loadStreamGuard } from '../lazy-chunks.js';
import { describeNetworkError, safeCause } from '../network-error.js';
import type { Answer, CallPolicy } from '../pipeline.js';

/** Bounds each attempt by its timeout and the call's deadline, and a streamed body by the stream timeouts. */
export const timeoutPolicy: CallPolicy = {
  name: 'timeout',
  async sendRequest(call, next) {
    const user = call.userSignal;
    // A caller who has given up already gets the reason, and nothing is sent.
    if (user?.aborted) throw abortReason(user);
    const controller = new AbortController();
    const forwardAbort = (): void => controller.abort(user?.reason);
    user?.addEventListener('abort', forwardAbort, { once: true });
    const timing = attemptTimer(call, call.timeoutMs, call.deadline, call.callTimeoutMs);
    const timer = setTimeout(() => controller.abort(timing.error()), timing.delayMs);
    call.signal = controller.signal;
    let streaming = false;
    try {
      const answer = await next(call);
      if (call.mode === 'stream') {
        answer.response = await guarded(call, answer, controller, () => user?.removeEventListener('abort', forwardAbort));
        streaming = true;
      }
      return answer;
    } catch (error) {
      // The caller's abort wins, then this attempt's timer, then whatever failed.
      if (user?.aborted) throw abortReason(user);
      if (controller.signal.aborted) throw controller.signal.reason;
      throw error;
    } finally {
      clearTimeout(timer);
      if (!streaming) user?.removeEventListener('abort', forwardAbort);
    }
  },
};

/** The streamed body of `answer`, bounded from here on by the stream timeouts (the caller's to read). */
async function guarded(call: TransportCall, answer: Answer, controller: AbortController, done: () => void): Promise<Response> {
  const { guardStream } = await loadStreamGuard();
  const { vendor, redactor } = call.settings;
  const operation = call.operation;
  return guardStream(answer.response, {
    timeout: (what, timeoutMs) =>
      new TimeoutError(`${vendor} ${operation}: ${what} (${timeoutMs} ms) while the body streamed`, {
        vendor,
        operation,
        timeoutMs,
        attempts: call.attempts,
      }),
    broken: (cause) =>
      new ConnectionError(
        `${vendor} ${operation}: the connection broke while the body streamed from ${call.redactedUrl()}: ${describeNetworkError(cause, redactor)}`,
        { vendor, operation, cause: safeCause(cause, redactor), attempts: call.attempts },
      ),
    idleMs: call.op.streamIdleTimeoutMs ?? call.settings.streamIdleTimeoutMs ?? call.timeoutMs,
    totalMs: call.op.streamTimeoutMs ?? call.settings.streamTimeoutMs,
    controller,
    done,
  });
}
