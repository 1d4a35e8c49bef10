import type { TaskFile } from './types.js';

/**
 * Wraps a download response without reading it: the caller streams `body` (or, in Node, hands the
 * file to `saveTaskFile` from `@jobwire/elma-rpa/node`), so a file of any size costs one chunk of
 * memory at a time.
 */
export function toTaskFile(response: Response, fileName: string): TaskFile {
  const body = (response.body ?? new Response(new Uint8Array(0)).body) as ReadableStream<Uint8Array>;
  const length = Number(response.headers.get('content-length') ?? Number.NaN);
  return {
    body,
    contentType: response.headers.get('content-type') ?? undefined,
    size: Number.isSafeInteger(length) && length >= 0 ? length : undefined,
    fileName,
    arrayBuffer: () => new Response(body).arrayBuffer(),
  };
}
