/**
 * Tracing, per call: the client's `Instrumentation` is told when a call starts (`startCall`, with
 * the redacted URL and the job it is about) and ends (with the error the caller gets), and the call
 * runs inside the scope (`run`), so a token or login request made for it is its child. Outermost in
 * the pipeline: one scope per call, its retries and credential renewals inside. Composed only for a
 * client given an instrumentation, and loaded with it (tracing.ts): no cost without one.
 */
import type { Instrumentation } from '../../instrumentation.js';
import type { TransportCall } from '../call.js';
import type { Answer } from '../pipeline.js';

/** Runs the call inside a call scope of `instrumentation`. */
export async function traceCall(
  instrumentation: Instrumentation,
  call: TransportCall,
  next: (call: TransportCall) => Promise<Answer>,
): Promise<Answer> {
  const scope = instrumentation.startCall({
    vendor: call.vendor,
    operation: call.operation,
    method: call.method,
    url: call.redactedUrl(),
    jobId: call.op.jobId,
  });
  call.scope = scope;
  let answer: Answer;
  try {
    answer = await scope.run(() => next(call));
  } catch (error) {
    scope.end(error);
    throw error;
  }
  scope.end();
  return answer;
}
