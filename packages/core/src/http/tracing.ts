/**
 * What reports to an instrumentation: the pipeline's tracing policies (policies/trace-call.ts,
 * policies/trace-attempt.ts) and the traced wait (poller/traced-wait.ts), one chunk loaded on a
 * traced client's first call or wait: a client without instrumentation never loads it.
 */

export { tracedWait } from '../poller/traced-wait.js';
export { traceAttempt } from './policies/trace-attempt.js';
export { traceCall } from './policies/trace-call.js';
