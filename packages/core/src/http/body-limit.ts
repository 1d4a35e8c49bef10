/**
 * Bounded reading of answers: a hostile or broken server can send 500 MB, or a gzip bomb that a
 * few kB on the wire turn into gigabytes; `response.text()` would hold all of it.
 */

/** The default cap on one answer read whole (16 MiB): the largest documented answers (job lists, SOAP envelopes) are far below it. */
export const DEFAULT_MAX_RESPONSE_BYTES = 16 * 1024 * 1024;

/** How much of an error body is kept (64 KiB): error envelopes are small; an error must not carry 50 MB. */
export const ERROR_BODY_MAX_BYTES = 64 * 1024;

/** A body read by `readBody`. */
export interface BoundedText {
  /** The text read: the whole body, or its first bytes when `over` is true. */
  text: string;
  /** The body was longer than the limit (Content-Length said so, or the bytes counted did). */
  over: boolean;
}

/**
 * Reads a body as UTF-8 text, at most `max` bytes. The Content-Length is looked at first (a body
 * that says it is too long is not read at all); without one, or when the body is compressed
 * (the length is then that of the compressed bytes), the decoded bytes are counted as they arrive
 * and reading stops past the limit. A body over the limit is cancelled, never held whole.
 * `over` tells the caller; `text` then holds the first bytes (up to `max`), for an excerpt.
 */
export async function readBody(response: Response, max: number): Promise<BoundedText> {
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  const encoded = !/^(identity)?$/i.test(response.headers.get('content-encoding')?.trim() ?? '');
  if (declared >= 0 && !encoded) {
    // The fast path (most answers): the length is known and the bytes are what the server sent.
    if (declared <= max) return { text: await response.text(), over: false };
    // Not awaited: the cancel of a stream tee'd by `clone()` waits for the other branch, for ever
    // if nobody reads it (a user's fetch may hand over a clone). Reading has stopped either way.
    void response.body?.cancel().catch(() => undefined);
    return { text: '', over: true };
  }
  const body = response.body;
  if (!body) return { text: await response.text(), over: false };
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const parts: string[] = [];
  let size = 0;
  for (;;) {
    const next = await reader.read();
    if (next.done) break;
    const room = max - size;
    size += next.value.byteLength;
    if (size > max) {
      parts.push(decoder.decode(next.value.subarray(0, room)));
      void reader.cancel().catch(() => undefined); // not awaited: see above
      return { text: parts.join(''), over: true };
    }
    parts.push(decoder.decode(next.value, { stream: true }));
  }
  parts.push(decoder.decode());
  return { text: parts.join(''), over: false };
}
