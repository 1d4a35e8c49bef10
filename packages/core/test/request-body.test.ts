/**
 * `readRequestBody` over real loopback HTTP: a node:http server on 127.0.0.1 reads each request
 * with it, and raw sockets play the peer (a body over the cap, one that stops, one cut off, a
 * malformed chunk). Every read must end in a result, never in an uncaught error or a rejection.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { type AddressInfo, connect, type Socket } from 'node:net';
import { announcesTooMuch, type RequestBodyLimits, type RequestBodyResult, readRequestBody } from '@jobwire/core/node';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';

const unexpected: unknown[] = [];
const onUnexpected = (error: unknown) => unexpected.push(error);
beforeAll(() => {
  process.on('uncaughtException', onUnexpected);
  process.on('unhandledRejection', onUnexpected);
});
afterAll(() => {
  process.off('uncaughtException', onUnexpected);
  process.off('unhandledRejection', onUnexpected);
});

interface Read {
  result: RequestBodyResult;
  request: IncomingMessage;
  /** Bytes the request stream delivered to anyone (its own `data` events). */
  delivered: number;
}

let server: Server | undefined;
let sockets: Socket[] = [];
afterEach(async () => {
  for (const socket of sockets) socket.destroy();
  sockets = [];
  if (server) {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server?.close(() => resolve()));
    server = undefined;
  }
  expect(unexpected).toEqual([]);
});

/**
 * Starts a server whose first request is read with `limits`; resolves with the port, that read,
 * and `reading`, which resolves once the first body bytes have reached the reader.
 */
async function serve(limits: RequestBodyLimits): Promise<{ port: number; read: Promise<Read>; reading: Promise<void> }> {
  let deliver!: (read: Read) => void;
  const read = new Promise<Read>((resolve) => {
    deliver = resolve;
  });
  let started!: () => void;
  const reading = new Promise<void>((resolve) => {
    started = resolve;
  });
  server = createServer((request, response) => {
    let delivered = 0;
    // Counts what the stream hands out: past the cap, the refused rest is never pulled in.
    request.prependListener('data', (chunk: Buffer) => {
      delivered += chunk.length;
      started();
    });
    readRequestBody(request, limits).then((result) => {
      if (result.kind === 'complete') response.end(`${result.body.length}`);
      deliver({
        result,
        request,
        get delivered() {
          return delivered;
        },
      });
    });
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as AddressInfo).port, read, reading };
}

async function open(port: number): Promise<Socket> {
  const socket = connect(port, '127.0.0.1');
  socket.on('error', () => {});
  sockets.push(socket);
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  return socket;
}

const head = (extra: string) => `POST /in HTTP/1.1\r\nhost: 127.0.0.1\r\n${extra}\r\n`;

describe('readRequestBody', () => {
  it('returns a complete body byte for byte (content-length)', async () => {
    const { port, read } = await serve({ maxBytes: 1024, timeoutMs: 10_000 });
    const response = await fetch(`http://127.0.0.1:${port}/in`, { method: 'POST', body: 'héllo, body' });
    const { result } = await read;
    expect(result.kind).toBe('complete');
    expect(result.kind === 'complete' && result.body.toString('utf8')).toBe('héllo, body');
    expect(await response.text()).toBe(String(Buffer.byteLength('héllo, body')));
  });

  it('returns a chunked body whole, and a body of exactly maxBytes', async () => {
    const { port, read } = await serve({ maxBytes: 10, timeoutMs: 10_000 });
    const socket = await open(port);
    socket.write(`${head('transfer-encoding: chunked\r\n')}4\r\n0123\r\n6\r\n456789\r\n0\r\n\r\n`);
    const { result } = await read;
    expect(result.kind).toBe('complete');
    expect(result.kind === 'complete' && result.body.toString('latin1')).toBe('0123456789');
  });

  it('returns an empty body for a request without one', async () => {
    const { port, read } = await serve({ maxBytes: 10, timeoutMs: 10_000 });
    const socket = await open(port);
    socket.write(head('content-length: 0\r\n'));
    const { result } = await read;
    expect(result.kind).toBe('complete');
    expect(result.kind === 'complete' && result.body.length).toBe(0);
  });

  it('stops at the cap: too-large, the stream paused and nothing more pulled in', async () => {
    const { port, read } = await serve({ maxBytes: 100, timeoutMs: 10_000 });
    const socket = await open(port);
    // A chunked body with no announced length, sent in pieces: the cap is found while reading.
    socket.write(`${head('transfer-encoding: chunked\r\n')}40\r\n${'a'.repeat(64)}\r\n`);
    socket.write(`40\r\n${'b'.repeat(64)}\r\n`);
    const { result, request, delivered } = await read;
    expect(result).toEqual({ kind: 'too-large' });
    expect(request.isPaused()).toBe(true);
    expect(request.readableFlowing).toBe(false);
    expect(delivered).toBe(128);
  });

  it('times out a body that stops coming, and pauses it', async () => {
    // Only the reader's own timer is faked; sockets run on Node's internal timers.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const { port, read, reading } = await serve({ maxBytes: 1024, timeoutMs: 5_000 });
      const socket = await open(port);
      socket.write(`${head('content-length: 100\r\n')}only ten..`);
      await reading;
      let ended = false;
      void read.then(() => {
        ended = true;
      });
      await vi.advanceTimersByTimeAsync(4_999);
      expect(ended).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      const { result, request } = await read;
      expect(result).toEqual({ kind: 'timeout' });
      expect(request.isPaused()).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });

  it('reports aborted when the peer goes away mid-body', async () => {
    const { port, read, reading } = await serve({ maxBytes: 1024, timeoutMs: 10_000 });
    const socket = await open(port);
    socket.write(`${head('content-length: 100\r\n')}twenty bytes of body`);
    // Cut off once the reader has the first bytes, 80 bytes short of the announced length.
    await reading;
    socket.destroy();
    expect((await read).result).toEqual({ kind: 'aborted' });
  });

  it('reports aborted on a malformed chunk, and a later stream error has a listener', async () => {
    const { port, read } = await serve({ maxBytes: 1024, timeoutMs: 10_000 });
    const socket = await open(port);
    socket.write(`${head('transfer-encoding: chunked\r\n')}4\r\nabcd\r\nzz-not-hex\r\n`);
    const { result, request } = await read;
    expect(result).toEqual({ kind: 'aborted' });
    // The read is over; an error the stream emits now must not be an uncaught 'error' event.
    expect(request.listenerCount('error')).toBeGreaterThan(0);
    request.emit('error', new Error('late'));
  });
});

describe('announcesTooMuch', () => {
  it('is true only for a decimal Content-Length above the cap', () => {
    expect(announcesTooMuch('101', 100)).toBe(true);
    expect(announcesTooMuch(' 101 ', 100)).toBe(true);
    expect(announcesTooMuch('100', 100)).toBe(false);
    expect(announcesTooMuch('0', 100)).toBe(false);
    expect(announcesTooMuch(undefined, 100)).toBe(false);
    expect(announcesTooMuch(null, 100)).toBe(false);
    expect(announcesTooMuch('1e9', 100)).toBe(false);
    expect(announcesTooMuch('-5', 100)).toBe(false);
    expect(announcesTooMuch('', 100)).toBe(false);
  });
});
