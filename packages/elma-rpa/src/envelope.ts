import { type FetchLike, isRecord } from '@jobwire/core';
import { HTTP_STATUS_HEADER, isErrorStatus } from './errors.js';

/**
 * How much of a response is looked into for an error envelope. ELMA's error bodies are tiny;
 * anything longer is not one, and is passed on without being held in memory.
 */
export const ENVELOPE_PEEK_BYTES = 64 * 1024;

/**
 * ELMA answers every call with a JSON `status` that can differ from the HTTP status: `200 OK`
 * with `{"status": 404}` is a missing task. This wraps the fetch the transport uses so that such
 * a response reaches it with the body's status: it then becomes the same typed error (and is
 * retried or not) exactly as a real HTTP 404 or 503 would. The HTTP status that was really sent
 * is kept in the `x-jobwire-http-status` header.
 *
 * Only JSON-looking responses are examined, and only their first `ENVELOPE_PEEK_BYTES`: a
 * downloaded file streams through untouched and unbuffered.
 */
export function bodyStatusFetch(inner: FetchLike, peekBytes = ENVELOPE_PEEK_BYTES): FetchLike {
  return async (request) => {
    // As fetch does, and also for a user's fetch that ignores signals: nothing goes out once aborted.
    if (request.signal.aborted) throw request.signal.reason;
    const response = await inner(request);
    const type = response.headers.get('content-type') ?? '';
    if (!response.ok || !response.body || (type !== '' && !/json|text\/plain/i.test(type))) return response;

    const reader = response.body.getReader();
    const chunks: Uint8Array[] = [];
    let size = 0;
    let done = false;
    while (size < peekBytes) {
      const next = await reader.read();
      if (next.done) {
        done = true;
        break;
      }
      chunks.push(next.value);
      size += next.value.byteLength;
    }
    const headers = new Headers(response.headers);
    const init = { status: response.status, statusText: response.statusText, headers };
    if (!done) return new Response(resume(chunks, reader), init);

    const bytes = concat(chunks, size);
    const status = bodyStatusOf(bytes);
    if (status === undefined) return new Response(bytes, init);
    headers.set(HTTP_STATUS_HEADER, String(response.status));
    return new Response(bytes, { status, statusText: `(status in the body; HTTP ${response.status})`, headers });
  };
}

/** The error code in a complete JSON body's `status`, if it has one. */
function bodyStatusOf(bytes: Uint8Array): number | undefined {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return undefined; // Not JSON: the transport reports that in its own words.
  }
  return isRecord(value) && isErrorStatus(value.status) ? value.status : undefined;
}

function concat(chunks: Uint8Array[], size: number): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

/** The chunks already read, then the rest of the stream; cancelling it cancels the response. */
function resume(chunks: Uint8Array[], reader: ReadableStreamDefaultReader<Uint8Array>): ReadableStream<Uint8Array> {
  const pending = [...chunks];
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const first = pending.shift();
      if (first) {
        controller.enqueue(first);
        return;
      }
      const next = await reader.read();
      if (next.done) controller.close();
      else controller.enqueue(next.value);
    },
    cancel: (reason) => reader.cancel(reason),
  });
}
