import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConnectionError, createRedactor, DEFAULT_STREAM_TIMEOUT_MS, TimeoutError } from '../src/index.js';
import { createHttpTransport } from '../src/internal.js';
import { type LocalServer, startLocalServer } from './local-server.js';

let server: LocalServer | undefined;
afterEach(async () => {
  vi.useRealTimers();
  await server?.close();
  server = undefined;
});

/** A fetch whose answer's body is fed by the test, chunk by chunk, and errors when the request aborts. */
function feedingFetch() {
  let feed: ReadableStreamDefaultController<Uint8Array> | undefined;
  const fetch = async (request: Request) => {
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        feed = controller;
        request.signal.addEventListener('abort', () => controller.error(request.signal.reason), { once: true });
      },
    });
    return new Response(body, { status: 200, headers: { 'content-type': 'application/octet-stream' } });
  };
  return { fetch, push: (text: string) => feed?.enqueue(new TextEncoder().encode(text)), end: () => feed?.close() };
}

async function readAll(stream: ReadableStream<Uint8Array>): Promise<string> {
  return new Response(stream).text();
}

describe('streamed bodies', () => {
  it('defaults: overall 1 h', () => {
    expect(DEFAULT_STREAM_TIMEOUT_MS).toBe(3_600_000);
  });

  it('pass through whole when the server keeps sending', async () => {
    vi.useFakeTimers();
    const { fetch, push, end } = feedingFetch();
    const transport = createHttpTransport({
      vendor: 'alteryx-server',
      redactor: createRedactor(),
      fetch,
      streamIdleTimeoutMs: 1000,
    });
    const { body } = await transport.request({ url: 'http://127.0.0.1:9/file' }, { body: 'stream' });
    const reading = readAll(body as ReadableStream<Uint8Array>);
    for (let i = 0; i < 5; i++) {
      push(`chunk${i};`);
      await vi.advanceTimersByTimeAsync(900); // under the idle limit each time, 4.5 s in all
    }
    end();
    expect(await reading).toBe('chunk0;chunk1;chunk2;chunk3;chunk4;');
    expect(vi.getTimerCount()).toBe(0);
  });

  it('error with TimeoutError after the idle timeout', async () => {
    vi.useFakeTimers();
    const { fetch, push } = feedingFetch();
    const transport = createHttpTransport({
      vendor: 'alteryx-server',
      redactor: createRedactor(),
      fetch,
      streamIdleTimeoutMs: 1000,
    });
    const { body } = await transport.request(
      { url: 'http://127.0.0.1:9/file' },
      { operation: 'downloadJobOutput', body: 'stream' },
    );
    const reading = readAll(body as ReadableStream<Uint8Array>).catch((e: unknown) => e);
    push('first');
    await vi.advanceTimersByTimeAsync(1000);
    const error = await reading;
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).message).toBe(
      'alteryx-server downloadJobOutput: no data for the idle timeout (1000 ms) while the body streamed',
    );
    expect(vi.getTimerCount()).toBe(0);
  });

  it('error with TimeoutError after the overall timeout, even while data trickles', async () => {
    vi.useFakeTimers();
    const { fetch, push } = feedingFetch();
    const transport = createHttpTransport({
      vendor: 'elma-rpa',
      redactor: createRedactor(),
      fetch,
      streamIdleTimeoutMs: 1000,
      streamTimeoutMs: 5000,
    });
    const { body } = await transport.request(
      { url: 'http://127.0.0.1:9/file' },
      { operation: 'downloadTaskFile', body: 'stream' },
    );
    const reading = readAll(body as ReadableStream<Uint8Array>).catch((e: unknown) => e);
    for (let i = 0; i < 6; i++) {
      push('.');
      await vi.advanceTimersByTimeAsync(900);
    }
    const error = await reading;
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).message).toBe(
      'elma-rpa downloadTaskFile: body not complete within the stream timeout (5000 ms) while the body streamed',
    );
  });

  it("still follows the caller's abort signal while the body streams", async () => {
    const { fetch, push } = feedingFetch();
    const transport = createHttpTransport({ vendor: 'alteryx-server', redactor: createRedactor(), fetch });
    const abort = new AbortController();
    const { body } = await transport.request({ url: 'http://127.0.0.1:9/file' }, { body: 'stream', signal: abort.signal });
    const reading = readAll(body as ReadableStream<Uint8Array>).catch((e: unknown) => e);
    push('x');
    const reason = new Error('user stopped');
    abort.abort(reason);
    expect(await reading).toBe(reason);
  });

  it('turns a connection cut mid-body into a ConnectionError (not TypeError: terminated)', async () => {
    server = await startLocalServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': '1000000' });
      res.write(Buffer.alloc(1000, 1), () => res.socket?.destroy());
    });
    const transport = createHttpTransport({ vendor: 'alteryx-server', redactor: createRedactor() });
    const { body } = await transport.request({ url: `${server.url}/file` }, { operation: 'downloadJobOutput', body: 'stream' });
    const error = await readAll(body as ReadableStream<Uint8Array>).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as ConnectionError).message).toMatch(
      /^alteryx-server downloadJobOutput: the connection broke while the body streamed from http:\/\/127\.0\.0\.1:\d+\/file: /,
    );
  });
});
