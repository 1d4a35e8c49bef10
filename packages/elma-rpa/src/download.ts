import type { TaskFile } from './types.js';

/**
 * Wraps a download response without reading it: the caller streams `body`, or lets `saveTo`
 * pipe it to a file, so a file of any size costs one chunk of memory at a time.
 */
export function toTaskFile(response: Response, fileName: string): TaskFile {
  const body = (response.body ?? new Response(new Uint8Array(0)).body) as ReadableStream<Uint8Array>;
  const length = Number(response.headers.get('content-length') ?? Number.NaN);
  return {
    body,
    contentType: response.headers.get('content-type') ?? undefined,
    size: Number.isSafeInteger(length) && length >= 0 ? length : undefined,
    fileName,
    saveTo: (path, options) => saveStream(body, path, options?.signal),
    arrayBuffer: () => new Response(body).arrayBuffer(),
  };
}

/** Pipes a web stream into a file (Node only: imported on use so browsers never load node:fs). */
async function saveStream(body: ReadableStream<Uint8Array>, path: string, signal?: AbortSignal): Promise<number> {
  const [{ createWriteStream }, { pipeline }, { Readable }] = await Promise.all([
    import('node:fs'),
    import('node:stream/promises'),
    import('node:stream'),
  ]);
  let bytes = 0;
  const counted = body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        bytes += chunk.byteLength;
        controller.enqueue(chunk);
      },
    }),
  );
  const source = Readable.fromWeb(counted as unknown as import('node:stream/web').ReadableStream<Uint8Array>);
  await pipeline(source, createWriteStream(path), signal ? { signal } : {});
  return bytes;
}
