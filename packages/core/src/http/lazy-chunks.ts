/**
 * The transport's code that few calls need, loaded on first use so that it is not in every
 * client's bundle: streamed bodies (their timeouts, and a look into a small streamed JSON answer),
 * error answers and request ids. One loader per chunk, shared by the policies that use it.
 */
import { lazyModule } from '../lazy.js';

/** stream-guard.ts: `guardStream` (timeout policy) and `peekJson` (`TransportPolicyAnswer.json()`). */
export const loadStreamGuard = lazyModule(() => import('./stream-guard.js'));

/**
 * error-answer.ts: the typed error of an error answer (error mapping), with request ids
 * (request-id.ts), and the logging policy's lines (log-lines.ts), one chunk for them all.
 */
export const loadErrorAnswer = lazyModule(() => import('./error-answer.js'));

/** tracing.ts: the tracing policies and the traced wait, only for a client given an `instrumentation`. */
export const loadTracing = lazyModule(() => import('./tracing.js'));
