/** What `readPrefix` read: the whole body (`rest` undefined), or its first bytes and a stream of all of it. */
export interface Prefix {
  /** The bytes read: the whole body when `rest` is undefined. */
  bytes: Uint8Array<ArrayBuffer>;
  /** The whole body again (the bytes read, then the rest), when it was longer than `max`. */
  rest?: ReadableStream<Uint8Array>;
}

/**
 * Reads a body up to `max` bytes. A longer one is handed back as a stream of the bytes read and
 * then the rest, unbuffered, so a large download is looked into without being held in memory;
 * cancelling that stream cancels the body.
 */
export async function readPrefix(body: ReadableStream<Uint8Array>, max: number): Promise<Prefix> {
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  while (size < max) {
    const next = await reader.read();
    if (next.done) return { bytes: concat(chunks, size) };
    chunks.push(next.value);
    size += next.value.byteLength;
  }
  return { bytes: concat(chunks, size), rest: resume(chunks, reader) };
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

/** The chunks already read, then the rest of the stream; cancelling it cancels the reader. */
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
