/**
 * The pipeline's tracing policies (policies/trace-call.ts, policies/trace-attempt.ts), one chunk
 * loaded on a traced client's first call: a client without instrumentation never loads it.
 */
export { traceAttempt } from './policies/trace-attempt.js';
export { traceCall } from './policies/trace-call.js';
