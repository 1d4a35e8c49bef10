import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError, createRedactor, DEFAULT_MAX_RESPONSE_BYTES, UnexpectedResponseError } from '../src/index.js';
import { createHttpTransport } from '../src/internal.js';
import { type LocalServer, startLocalServer } from './local-server.js';
import { rejection } from './rejection.js';

let server: LocalServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const transport = (maxResponseBytes?: number) =>
  createHttpTransport({ vendor: 'alteryx-server', redactor: createRedactor(['hunter2-secret']), maxResponseBytes, retry: false });

describe('maxResponseBytes', () => {
  it('refuses at once when the fetch hands over a clone (whose cancel waits for the other branch)', async () => {
    const kept: Response[] = [];
    const fetch = async () => {
      const original = new Response(JSON.stringify({ pad: 'x'.repeat(4096) }), {
        headers: { 'content-type': 'application/json', 'content-length': '4109' },
      });
      kept.push(original); // the other branch, never read: cancelling the clone waits for it
      return original.clone();
    };
    const cloned = createHttpTransport({
      vendor: 'alteryx-server',
      redactor: createRedactor([]),
      fetch,
      maxResponseBytes: 1024,
      retry: false,
      timeoutMs: 600_000,
    });
    const error = await rejection(cloned.request({ url: 'https://alteryx.test/job' }, { operation: 'getJob' }));
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect((error as Error).message).toContain('answer larger than 1024 bytes refused (maxResponseBytes');
    expect(kept).toHaveLength(1);
  });

  it('defaults to 16 MiB', () => {
    expect(DEFAULT_MAX_RESPONSE_BYTES).toBe(16 * 1024 * 1024);
  });

  it('refuses an answer whose Content-Length is over the limit, without reading it', async () => {
    let written = 0;
    server = await startLocalServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(50 * 1024 * 1024) });
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      const pump = (): void => {
        while (written < 50 * 1024 * 1024) {
          written += chunk.length;
          if (!res.write(chunk)) {
            res.once('drain', pump);
            return;
          }
        }
        res.end();
      };
      pump();
    });
    const error = await rejection(transport(1024 * 1024).request({ url: `${server.url}/big` }, { operation: 'getJob' }));
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect((error as Error).message).toBe(
      `alteryx-server getJob: answer larger than ${1024 * 1024} bytes refused (maxResponseBytes; HTTP 200)`,
    );
    expect((error as UnexpectedResponseError).status).toBe(200);
  });

  it('counts the bytes of a chunked answer as they arrive', async () => {
    server = await startLocalServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"a":"');
      for (let i = 0; i < 40; i++) res.write('x'.repeat(64 * 1024));
      res.end('"}');
    });
    const error = await rejection(transport(1024 * 1024).request({ url: `${server.url}/chunked` }));
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect((error as Error).message).toContain('larger than 1048576 bytes refused');
    expect((error as UnexpectedResponseError).excerpt.startsWith('{"a":"xxx')).toBe(true);
    expect((error as UnexpectedResponseError).excerpt.length).toBeLessThanOrEqual(201);
  });

  it('counts bytes after decompression: a gzip bomb is refused', async () => {
    const bomb = gzipSync(Buffer.alloc(16 * 1024 * 1024, 0x30)); // ~16 kB on the wire, 16 MiB inflated
    server = await startLocalServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip', 'content-length': bomb.length });
      res.end(bomb);
    });
    const error = await rejection(transport(2 * 1024 * 1024).request({ url: `${server.url}/bomb` }));
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect((error as Error).message).toContain('larger than 2097152 bytes refused');
  });

  it('reads a compressed answer under the limit whole', async () => {
    const body = gzipSync(Buffer.from(JSON.stringify({ id: 'j1', items: 'é'.repeat(1000) })));
    server = await startLocalServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
      res.end(body);
    });
    const { body: parsed } = await transport(64 * 1024).request({ url: `${server.url}/ok` });
    expect(parsed).toEqual({ id: 'j1', items: 'é'.repeat(1000) });
  });

  it('a per-operation maxResponseBytes overrides the client one', async () => {
    server = await startLocalServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain', 'content-length': '2000' });
      res.end('y'.repeat(2000));
    });
    const t = transport(1000);
    expect(await rejection(t.request({ url: server.url }, { body: 'text' }))).toBeInstanceOf(UnexpectedResponseError);
    const { body } = await t.request({ url: server.url }, { body: 'text', maxResponseBytes: 4000 });
    expect(body).toBe('y'.repeat(2000));
  });

  it('refuses a negative limit when the client is made', () => {
    expect(() => transport(-1)).toThrow(RangeError);
  });

  it('keeps only a bounded, redacted excerpt of a huge error body', async () => {
    server = await startLocalServer((_req, res) => {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.write('{"message":"hunter2-secret broke",');
      for (let i = 0; i < 50 * 16; i++) res.write(`"k${i}":"${'z'.repeat(64 * 1024 - 10)}",`);
      res.end('"end":1}');
    });
    const error = await rejection(transport().request({ url: `${server.url}/err` }));
    expect(error).toBeInstanceOf(ApiError);
    const body = (error as ApiError).body;
    expect(typeof body).toBe('string');
    expect((body as string).length).toBeLessThanOrEqual(64 * 1024 + 1);
    expect(body as string).not.toContain('hunter2-secret');
    expect(JSON.stringify(error).length).toBeLessThan(70 * 1024);
  });
});
