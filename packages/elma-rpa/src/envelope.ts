import { bufferedResponse, type FetchLike, isRecord } from '@jobwire/core';
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
 * downloaded file streams through untouched and unbuffered. A body read whole is handed on as a
 * `BufferedResponse` (its bytes and the text decoded for the check), not as a new stream.
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
    const init = { status: response.status, statusText: response.statusText, headers: response.headers };
    if (!done) return new Response(resume(chunks, reader), init);

    const bytes = concat(chunks, size);
    const text = utf8.decode(bytes);
    const status = bodyStatusOf(text);
    if (status === undefined) return bufferedResponse(text, init, { bytes });
    const statusText = `(status in the body; HTTP ${response.status})`;
    const overridden = bufferedResponse(text, { status, statusText, headers: response.headers }, { bytes });
    overridden.headers.set(HTTP_STATUS_HEADER, String(response.status));
    return overridden;
  };
}

/** What `Response.text()` does with the bytes: UTF-8, a leading BOM dropped, bad bytes as U+FFFD. */
const utf8 = new TextDecoder();

/**
 * Quick test before `JSON.parse`: a body can carry an error status only if some `"status"` key
 * holds a number in 400–599 somewhere in its text, or if a `\u` escape could spell one of the
 * key's letters (`"\u0073tatus"`). Most answers are `{"status": 200, …}`: they are not parsed a
 * second time here (the transport parses them once). A body that may be an error is parsed to be
 * sure, so a `"status": 404` inside a nested object or a string is not mistaken for one.
 */
const STATUS_NUMBER = /"status"\s*:\s*(-?[\d.eE+-]+)/g;
const ESCAPED_STATUS_LETTER = /\\u00(?:7[345]|61)/;

function mayHaveErrorStatus(text: string): boolean {
  if (ESCAPED_STATUS_LETTER.test(text)) return true;
  for (const match of text.matchAll(STATUS_NUMBER)) {
    if (isErrorStatus(Number(match[1]))) return true;
  }
  return false;
}

/** The error code in a complete JSON body's `status`, if it has one. */
function bodyStatusOf(text: string): number | undefined {
  if (!mayHaveErrorStatus(text)) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined; // Not JSON: the transport reports that in its own words.
  }
  return isRecord(value) && isErrorStatus(value.status) ? value.status : undefined;
}

function concat(chunks: Uint8Array[], size: number): Uint8Array<ArrayBuffer> {
  if (chunks.length === 1 && chunks[0]?.byteLength === size && chunks[0].buffer instanceof ArrayBuffer) {
    return chunks[0] as Uint8Array<ArrayBuffer>;
  }
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
