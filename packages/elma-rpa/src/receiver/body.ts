import type { IncomingMessage } from 'node:http';
import { readRequestBody } from '@jobwire/core/node';

/** How much of a callback body is read, and for how long. */
export interface BodyLimits {
  /** Bytes; a longer body is refused with 413 and reading stops at once. */
  maxBytes: number;
  /** Milliseconds from the first byte asked for to the last; a slower body is refused with 408. */
  timeoutMs: number;
}

/** A body read whole, or why it was not. */
export type BodyResult =
  | { ok: true; bytes: Uint8Array }
  | { ok: false; status: 400 | 408 | 413; reason: 'body-error' | 'body-timeout' | 'body-too-large' };

const TOO_LARGE = { ok: false, status: 413, reason: 'body-too-large' } as const;
const TIMEOUT = { ok: false, status: 408, reason: 'body-timeout' } as const;
const BROKEN = { ok: false, status: 400, reason: 'body-error' } as const;

/**
 * Reads a Node request body within the limits (core's `readRequestBody` does the reading; this
 * maps how it ended to the receiver's answer). Never rejects: an aborted upload, a malformed
 * chunk or a socket error resolves with a refusal, and the request keeps an `error` listener so
 * that nothing a peer does later can become an uncaught exception.
 */
export async function readNodeBody(request: IncomingMessage, limits: BodyLimits): Promise<BodyResult> {
  const read = await readRequestBody(request, limits);
  switch (read.kind) {
    case 'complete':
      return { ok: true, bytes: read.body };
    case 'too-large':
      return TOO_LARGE;
    case 'timeout':
      return TIMEOUT;
    default:
      return BROKEN;
  }
}

/**
 * Reads a fetch `Request`'s body within the limits; never rejects. It stays here, not beside
 * core's Node reader: it is web-standard (not Node's) and only this receiver's `handleFetch` reads one.
 */
export async function readWebBody(request: Request, limits: BodyLimits): Promise<BodyResult> {
  if (!request.body) return { ok: true, bytes: new Uint8Array() };
  const reader = request.body.getReader();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    reader.cancel().catch(() => {});
  }, limits.timeoutMs);
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (timedOut) return TIMEOUT;
      if (done) break;
      size += value.byteLength;
      if (size > limits.maxBytes) {
        reader.cancel().catch(() => {});
        return TOO_LARGE;
      }
      chunks.push(value);
    }
  } catch {
    return timedOut ? TIMEOUT : BROKEN;
  } finally {
    clearTimeout(timer);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return { ok: true, bytes };
}
