/**
 * Streamed bodies (downloads) are read after the call has returned, so the attempt's timer no
 * longer covers them: a server that sends headers and then stalls would hang the reader for ever,
 * and a cut connection surfaces as undici's bare `TypeError: terminated`. The guard bounds the
 * stream by an idle timeout and an overall one, and turns its failures into jobwire errors.
 * Loaded by the transport on the first streamed body only.
 */
// The only run-time import is read-prefix.ts, which nothing else uses: the errors and helpers
// come from the transport, so that this lazily loaded chunk does not pull core's modules into a
// chunk of their own.
import { readPrefix } from './read-prefix.js';

/** How much of a streamed JSON answer `peekJson` looks into (error envelopes are tiny). */
const PEEK_MAX_BYTES = 64 * 1024;

/**
 * A look into a streamed answer that says it is JSON (`TransportPolicyAnswer.json()`): ELMA answers a
 * download of a missing file with `200 OK` and `{"status": 404}`. Its first `PEEK_MAX_BYTES` are
 * read; a body that ends there comes back as `text` with a buffered response of the same bytes; a
 * longer one is no envelope and streams on whole, unbuffered (no `text`).
 */
export async function peekJson(
  response: Response,
  buffered: (text: string, init: ResponseInit, bytes: Uint8Array<ArrayBuffer>) => Response,
): Promise<{ response: Response; text?: string }> {
  if (!response.body || !/json/i.test(response.headers.get('content-type') ?? '')) return { response };
  const init = { status: response.status, statusText: response.statusText, headers: response.headers };
  const { bytes, rest } = await readPrefix(response.body, PEEK_MAX_BYTES);
  if (rest) return { response: new Response(rest, init) };
  const text = new TextDecoder().decode(bytes);
  return { response: buffered(text, init, bytes), text };
}

/** How `guardStream` bounds a body. */
export interface StreamGuard {
  /** The error for a timeout (`idle` or `total`) of `timeoutMs`. */
  timeout: (what: string, timeoutMs: number) => unknown;
  /** The error for a stream that broke for another reason (a cut connection). */
  broken: (cause: unknown) => unknown;
  /** Longest pause between two chunks. */
  idleMs: number;
  /** Longest time for the whole body. */
  totalMs: number;
  /** The request's controller: aborting it ends the body; the caller's signal aborts it too. */
  controller: AbortController;
  /** Called once when the body ends, fails or is cancelled: release what the call held. */
  done: () => void;
}

/** `response` with its body bounded by `guard`; a response without a body is returned as is. */
export function guardStream(response: Response, guard: StreamGuard): Response {
  const { controller } = guard;
  // setTimeout fires at once above 2^31−1 ms (timing.ts clampDelay).
  const clampDelay = (ms: number) => Math.min(Math.max(0, ms), 2 ** 31 - 1);
  const body = response.body;
  if (!body) {
    guard.done();
    return response;
  }
  const timeout = guard.timeout;
  const reader = body.getReader();
  let last = Date.now();
  let finished = false;
  // One idle timer, re-armed for what is left when it fires early (no timer per chunk).
  const onIdle = (): void => {
    const quiet = Date.now() - last;
    if (quiet >= guard.idleMs) controller.abort(timeout('no data for the idle timeout', guard.idleMs));
    else idle = setTimeout(onIdle, clampDelay(guard.idleMs - quiet));
  };
  let idle = setTimeout(onIdle, clampDelay(guard.idleMs));
  const total = setTimeout(
    () => controller.abort(timeout('body not complete within the stream timeout', guard.totalMs)),
    clampDelay(guard.totalMs),
  );
  const finish = (): void => {
    if (finished) return;
    finished = true;
    clearTimeout(idle);
    clearTimeout(total);
    guard.done();
  };
  const stream = new ReadableStream<Uint8Array>({
    async pull(into) {
      try {
        const next = await reader.read();
        if (next.done) {
          finish();
          into.close();
          return;
        }
        last = Date.now();
        into.enqueue(next.value);
      } catch (error) {
        finish();
        // Our timeouts and the caller's abort end the request with their reason; anything else is the network.
        into.error(controller.signal.aborted ? controller.signal.reason : guard.broken(error));
      }
    },
    cancel(reason) {
      finish();
      return reader.cancel(reason);
    },
  });
  return new Response(stream, { status: response.status, statusText: response.statusText, headers: response.headers });
}
