// What `check --record` keeps of each exchange before the testkit's writer redacts it: the request
// as the client sent it and the answer, both read from copies, so the client and the spec check
// read their own untouched bodies.
import type { CapturedExchange } from '@jobwire/testkit';
import { MAX_RECORDED_BODY_BYTES } from '@jobwire/testkit';

/** The request a fetch was called with, as one `Request` (the body a copy, the call's own untouched). */
function requestOf(input: Parameters<typeof fetch>[0], init: RequestInit | undefined): Request {
  if (input instanceof Request) return input.clone();
  // A stream body can be read only once: the client's call gets it; the recording says nothing of it.
  const body = init?.body instanceof ReadableStream ? undefined : init?.body;
  return new Request(input, { method: init?.method, headers: init?.headers, body: body ?? null });
}

/**
 * A body's text up to `limit` bytes: longer ones are cut there (`truncated`), so a huge answer never
 * fills the memory or the recording. Reads from the stream it is given, which it cancels once cut.
 */
export async function readCapped(
  body: ReadableStream<Uint8Array> | null,
  limit = MAX_RECORDED_BODY_BYTES,
): Promise<{ text: string; truncated: boolean }> {
  if (body === null) return { text: '', truncated: false };
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  let truncated = false;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (size + value.byteLength > limit) {
      chunks.push(value.subarray(0, limit - size));
      size = limit;
      truncated = true;
      await reader.cancel().catch(() => undefined);
      break;
    }
    chunks.push(value);
    size += value.byteLength;
  }
  return { text: Buffer.concat(chunks, size).toString('utf8'), truncated };
}

/**
 * Headers as one record, lower-case names. Each name once, with `get`'s value: iterating `Headers`
 * gives every `Set-Cookie` line apart, and a record would keep only the last; joined by `, ` (as
 * `get` does) the recorder learns every cookie's value.
 */
function headerRecord(headers: Headers): Record<string, string> {
  const record: Record<string, string> = {};
  for (const [name] of headers) record[name] ??= headers.get(name) ?? '';
  return record;
}

/** The request half of an exchange (its body read from a copy); call before the request is sent. */
export async function captureRequest(
  input: Parameters<typeof fetch>[0],
  init: RequestInit | undefined,
): Promise<CapturedExchange['request']> {
  const request = requestOf(input, init);
  const body = request.body === null ? undefined : (await readCapped(request.body)).text;
  return {
    method: request.method.toUpperCase(),
    url: request.url,
    headers: headerRecord(request.headers),
    ...(body === undefined ? {} : { body }),
  };
}

/** The answer half of an exchange, read from a clone of the response. */
export async function captureResponse(response: Response): Promise<CapturedExchange['response']> {
  const { text, truncated } = await readCapped(response.clone().body);
  return {
    status: response.status,
    ...(response.statusText === '' ? {} : { statusText: response.statusText }),
    headers: headerRecord(response.headers),
    body: text,
    ...(truncated ? { truncated } : {}),
  };
}
