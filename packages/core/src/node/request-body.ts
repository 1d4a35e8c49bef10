import type { IncomingMessage } from 'node:http';

/*
 * Reading a request body that a peer sends to a server with bounded work: at most `maxBytes` are
 * buffered (past that, reading stops and the stream is paused), within `timeoutMs` of the call (a
 * peer that trickles bytes, or stops, is cut off), and every stream error is caught (a peer that
 * aborts mid-body ends this read, never the process). Each caller maps the outcome to its own
 * answer: ELMA's callback receiver to HTTP 413/408/400, APUBI's server kit to SOAP faults.
 * Only types come from `node:http`, so loading this module pulls in no Node built-in.
 */

/** How much of a request body is read, and for how long. */
export interface RequestBodyLimits {
  /** Bytes; a longer body ends the read with `too-large`, and what is left of it is not read. */
  maxBytes: number;
  /** Milliseconds from the call until the last byte; a slower body ends the read with `timeout`. */
  timeoutMs: number;
}

/**
 * How reading a request body ended: `complete` with the whole body, or why not — `too-large`
 * (more than `maxBytes`), `timeout` (not all there within `timeoutMs`) or `aborted` (the stream
 * failed or closed before its end: a reset, a malformed chunk, a peer that went away).
 */
export type RequestBodyResult =
  | { readonly kind: 'complete'; readonly body: Buffer }
  | { readonly kind: 'too-large' | 'timeout' | 'aborted' };

const TOO_LARGE: RequestBodyResult = { kind: 'too-large' };
const TIMEOUT: RequestBodyResult = { kind: 'timeout' };
const ABORTED: RequestBodyResult = { kind: 'aborted' };

/**
 * `true` when a `Content-Length` header announces more than `maxBytes` bytes, so that the body
 * can be refused without reading it. A missing or non-numeric value announces nothing (the read
 * itself still stops at `maxBytes`).
 *
 * ```ts
 * if (announcesTooMuch(request.headers['content-length'], 64 * 1024)) refuseWith413();
 * ```
 */
export function announcesTooMuch(contentLength: string | null | undefined, maxBytes: number): boolean {
  return typeof contentLength === 'string' && /^\d+$/.test(contentLength.trim()) && Number(contentLength) > maxBytes;
}

/**
 * Reads a Node server request's body within `limits`. Never rejects: every way a read can end
 * is a {@link RequestBodyResult}. On any outcome but `complete` the stream is paused and what is
 * left of it is not read; the caller answers (or not) and closes the connection. The request
 * keeps an `error` listener afterwards, so that nothing the peer does later can become an
 * uncaught `error` event. Call it once per request, before anything else reads the stream.
 *
 * ```ts
 * import { createServer } from 'node:http';
 * import { readRequestBody } from '@jobwire/core/node';
 *
 * createServer(async (request, response) => {
 *   const read = await readRequestBody(request, { maxBytes: 64 * 1024, timeoutMs: 10_000 });
 *   if (read.kind === 'aborted') return request.socket.destroy();
 *   if (read.kind !== 'complete') {
 *     response.writeHead(read.kind === 'too-large' ? 413 : 408, { connection: 'close' }).end();
 *     return;
 *   }
 *   response.end(`${read.body.length} bytes`);
 * });
 * ```
 */
export function readRequestBody(request: IncomingMessage, limits: RequestBodyLimits): Promise<RequestBodyResult> {
  return new Promise((resolve) => {
    let chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const finish = (result: RequestBodyResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      request.off('data', onData).off('end', onEnd).off('close', onClose);
      if (result.kind !== 'complete') {
        // Stop reading: what is left of a refused body is never pulled in, and what was read is let go
        // (the error listener below outlives this read and would otherwise keep it).
        chunks = [];
        request.pause();
      }
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limits.maxBytes) finish(TOO_LARGE);
      else chunks.push(chunk);
    };
    const onEnd = () => finish({ kind: 'complete', body: Buffer.concat(chunks, size) });
    // `close` before `end`: the stream was destroyed, and data it still held was never delivered.
    const onClose = () => finish(ABORTED);
    const timer = setTimeout(() => finish(TIMEOUT), limits.timeoutMs);
    // Kept after the read has ended (finish is a no-op then): a later stream error has a listener.
    request.on('error', () => finish(ABORTED));
    request.on('data', onData).on('end', onEnd).on('close', onClose);
  });
}
