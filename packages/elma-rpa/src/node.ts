/**
 * `@jobwire/elma-rpa/node`: what only Node can do, kept out of the main entry so that browser
 * bundles of `@jobwire/elma-rpa` never meet `node:fs` or `node:stream`.
 *
 * @packageDocumentation
 */
import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';

/** What `saveTaskFile` reads: a `TaskFile` from `downloadTaskFile`, or anything with a byte stream as `body`. */
export interface SavableFile {
  /** The bytes to write, read once. */
  readonly body: ReadableStream<Uint8Array>;
}

/** Options of `saveTaskFile`. */
export interface SaveTaskFileOptions {
  /** Stops the copy; the promise then rejects with an `AbortError` and the partial file is left as written. */
  signal?: AbortSignal;
}

/**
 * Streams a downloaded task file (`client.downloadTaskFile(…)`) to `path`, chunk by chunk, and
 * resolves with the number of bytes written: a file of any size costs one chunk of memory at a
 * time. The file's `body` is read once: do not also read it yourself.
 *
 * ```ts
 * import { saveTaskFile } from '@jobwire/elma-rpa/node';
 * const bytes = await saveTaskFile(await elma.downloadTaskFile(taskId, 'report.xlsx'), 'report.xlsx');
 * ```
 */
export async function saveTaskFile(file: SavableFile, path: string, options: SaveTaskFileOptions = {}): Promise<number> {
  let bytes = 0;
  const counted = file.body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        bytes += chunk.byteLength;
        controller.enqueue(chunk);
      },
    }),
  );
  const source = Readable.fromWeb(counted as unknown as NodeReadableStream<Uint8Array>);
  await pipeline(source, createWriteStream(path), options.signal ? { signal: options.signal } : {});
  return bytes;
}

export { type BodyLimits, type BodyResult, readNodeBody, readWebBody } from './receiver/body.js';
export { escapeLogField } from './receiver/escape.js';
export {
  createElmaCallbackReceiver,
  type ElmaCallbackReceiver,
  type ElmaCallbackReceiverOptions,
} from './receiver/receiver.js';
export { type CallbackSigner, createCallbackSigner } from './receiver/secret.js';
export { createElmaCallbackServer, type ElmaCallbackServerOptions } from './receiver/server.js';
