import type { IncomingMessage } from 'node:http';

/*
 * Reading a request body with bounded work: at most `maxBytes` (more is not buffered), within
 * `timeoutMs` of the first call (a peer that trickles bytes, or stops, is cut off), and every
 * stream error caught (a peer that aborts mid-body ends this read, never the process).
 */

/** How reading the body ended. */
export type BodyResult =
  | { readonly kind: 'complete'; readonly body: Buffer }
  | { readonly kind: 'too-large' | 'timeout' | 'aborted' };

const ignore = () => {};

/** Reads `request`'s body; on `too-large` and `timeout` the stream is paused and left unread. */
export function readBody(request: IncomingMessage, maxBytes: number, timeoutMs: number): Promise<BodyResult> {
  // A stream error after this read has ended must not become an uncaught 'error' event.
  request.on('error', ignore);
  return new Promise<BodyResult>((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (result: BodyResult) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      request.off('data', onData);
      request.off('end', onEnd);
      request.off('close', onClose);
      if (result.kind !== 'complete') {
        chunks.length = 0;
        request.pause();
      }
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) finish({ kind: 'too-large' });
      else chunks.push(chunk);
    };
    const onEnd = () => finish({ kind: 'complete', body: Buffer.concat(chunks, size) });
    const onClose = () => finish({ kind: 'aborted' });
    const timer = setTimeout(() => finish({ kind: 'timeout' }), timeoutMs);
    request.on('data', onData);
    request.on('end', onEnd);
    request.on('close', onClose);
    request.once('error', () => finish({ kind: 'aborted' }));
  });
}
