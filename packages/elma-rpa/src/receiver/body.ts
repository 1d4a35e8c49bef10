import type { IncomingMessage } from 'node:http';

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

/** `true` when a `Content-Length` announces more than `max` bytes (the body is then not read at all). */
export function announcesTooMuch(contentLength: string | null | undefined, max: number): boolean {
  return typeof contentLength === 'string' && /^\d+$/.test(contentLength.trim()) && Number(contentLength) > max;
}

/**
 * Reads a Node request body within the limits. Never rejects: an aborted upload, a malformed
 * chunk or a socket error resolves with a refusal, and the request keeps an `error` listener so
 * that nothing a peer does later can become an uncaught exception.
 */
export function readNodeBody(request: IncomingMessage, limits: BodyLimits): Promise<BodyResult> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const finish = (result: BodyResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      request.off('data', onData).off('end', onEnd).off('close', onClose);
      // Stop reading: what is left of a refused body is never pulled in.
      if (!result.ok) request.pause();
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limits.maxBytes) return finish(TOO_LARGE);
      chunks.push(chunk);
    };
    const onEnd = () => finish({ ok: true, bytes: Buffer.concat(chunks, size) });
    const onClose = () => finish(request.complete ? { ok: true, bytes: Buffer.concat(chunks, size) } : BROKEN);
    const timer = setTimeout(() => finish(TIMEOUT), limits.timeoutMs);
    request.on('error', () => finish(BROKEN));
    request.on('data', onData).on('end', onEnd).on('close', onClose);
  });
}

/** Reads a fetch `Request`'s body within the limits; never rejects. */
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
