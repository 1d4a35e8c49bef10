/**
 * Tracing, per send: each HTTP request a call sends (its first attempt, each retry, and the resend
 * after credentials were renewed) is an attempt of the call's scope (trace-call.ts), with the
 * headers the instrumentation asks to propagate (`traceparent`), ended with the answer's status, the
 * error and the request id. Right below the auth policy, which sends twice within an attempt after
 * a renewal; credentials are obtained above it, in the call's scope, not in an attempt's. Imports
 * nothing the up-front code imports (only the lazily loaded request-id.ts), so that loading it lazily
 * splits no shared chunk out of a client's bundle.
 */
import type { TransportCall } from '../call.js';
import type { Answer } from '../pipeline.js';
import { requestIdOf } from '../request-id.js';

/** Sends the request as one attempt of the call's scope. */
export async function traceAttempt(call: TransportCall, next: (call: TransportCall) => Promise<Answer>): Promise<Answer> {
  const scope = (call.scope as NonNullable<TransportCall['scope']>).startAttempt({
    attempt: call.attempts,
    resendCount: call.sends, // sends before this one (counted as each goes, call.ts)
    method: call.method,
    url: call.redactedUrl(),
  });
  const headers = scope.headers();
  if (headers) for (const [name, value] of Object.entries(headers)) call.headers.set(name, value);
  let answer: Answer;
  try {
    answer = await next(call);
  } catch (failure) {
    // Below the timeout policy an abort is still the bare one: end with what the caller will get.
    const user = call.userSignal;
    const error = user?.aborted ? user.reason : call.signal.aborted ? call.signal.reason : failure;
    const { status, requestId } = (error ?? {}) as { status?: unknown; requestId?: unknown };
    scope.end({
      status: typeof status === 'number' ? status : undefined,
      error,
      requestId: typeof requestId === 'string' ? requestId : undefined,
    });
    throw failure;
  }
  const { response } = answer;
  scope.end({
    status: response.status,
    requestId: requestIdOf(response.headers, call.settings.redactor, call.settings.requestIdHeaders),
  });
  return answer;
}
