/**
 * Streamed bodies (downloads) are read after the call has returned, so the attempt's timer no
 * longer covers them: a server that sends headers and then stalls would hang the reader for ever,
 * and a cut connection surfaces as undici's bare `TypeError: terminated`. The guard bounds the
 * stream by an idle timeout and an overall one, and turns its failures into jobwire errors.
 */

import { clampDelay } from '../timing.js';

/** The default longest time a streamed body may take in all (1 h). */
export const DEFAULT_STREAM_TIMEOUT_MS = 60 * 60 * 1000;

/** How `guardStream` bounds a body and reports how it ended. */
export interface StreamGuard {
  /** Longest pause between two chunks. */
  idleMs: number;
  /** Longest time for the whole body. */
  totalMs: number;
  /** Aborts the request (and so the body) with the given reason. */
  abort: (reason: unknown) => void;
  /** The reason the request was aborted with, when it was (a timeout below, or the caller's signal). */
  aborted: () => { reason: unknown } | undefined;
  /** The errors the guard aborts with. */
  idleError: () => unknown;
  totalError: () => unknown;
  /** The error for a stream that broke for any other reason (a cut connection). */
  brokenError: (cause: unknown) => unknown;
  /** Called once when the body ends, fails or is cancelled: release what the call held. */
  done: () => void;
}

/** `response` with its body bounded by `guard`; a response without a body is returned as is. */
export function guardStream(response: Response, guard: StreamGuard): Response {
  const body = response.body;
  if (!body) {
    guard.done();
    return response;
  }
  const reader = body.getReader();
  let last = Date.now();
  let finished = false;
  // One idle timer, re-armed for what is left when it fires early (no timer per chunk).
  const onIdle = (): void => {
    const quiet = Date.now() - last;
    if (quiet >= guard.idleMs) guard.abort(guard.idleError());
    else idle = setTimeout(onIdle, clampDelay(guard.idleMs - quiet));
  };
  let idle = setTimeout(onIdle, clampDelay(guard.idleMs));
  const total = setTimeout(() => guard.abort(guard.totalError()), clampDelay(guard.totalMs));
  const finish = (): void => {
    if (finished) return;
    finished = true;
    clearTimeout(idle);
    clearTimeout(total);
    guard.done();
  };
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const next = await reader.read();
        if (next.done) {
          finish();
          controller.close();
          return;
        }
        last = Date.now();
        controller.enqueue(next.value);
      } catch (error) {
        const aborted = guard.aborted();
        finish();
        controller.error(aborted ? aborted.reason : guard.brokenError(error));
      }
    },
    cancel(reason) {
      finish();
      return reader.cancel(reason);
    },
  });
  return new Response(stream, { status: response.status, statusText: response.statusText, headers: response.headers });
}
