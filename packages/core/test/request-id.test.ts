/**
 * Request ids and attempt counts (issue 26, part 3): the id an error answer carries ends up on the
 * error (`requestId`, redacted, bounded, printable ASCII) with the number of attempts the call made,
 * in `toJSON()`, and in the logging policy's meta; a quiet call reads no header. Real HTTP on
 * 127.0.0.1 (local-server.ts); retries with 1 ms backoff (no timing is asserted).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { inspect } from 'node:util';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MAX_REQUEST_ID_LENGTH, REQUEST_ID_HEADERS, requestIdOf } from '../src/http/request-id.js';
import {
  type ApiError,
  ConnectionError,
  createRedactor,
  NotFoundError,
  ServerError,
  SoapFaultError,
  TimeoutError,
} from '../src/index.js';
import { createHttpTransport, type HttpTransportOptions } from '../src/internal.js';
import { type LocalServer, startLocalServer } from './local-server.js';
import { rejection } from './rejection.js';

const SECRET = 'hunter2-request-id-secret';
const FAST_RETRY = { retries: 2, baseDelayMs: 1, maxDelayMs: 1 };

let server: LocalServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

type Reply = (request: IncomingMessage, response: ServerResponse) => void;

/** A server that answers the n-th request with `replies[n]` (the last one again after that). */
async function serve(...replies: Reply[]): Promise<LocalServer> {
  let n = 0;
  server = await startLocalServer((request, response) => {
    const reply = replies[Math.min(n++, replies.length - 1)] as Reply;
    reply(request, response);
  });
  return server;
}

const answer =
  (status: number, headers: Record<string, string> = {}, body = '{"message":"nope"}'): Reply =>
  (_request, response) => {
    response.writeHead(status, { 'content-type': 'application/json', ...headers });
    response.end(body);
  };

function transport(url: string, options: Partial<HttpTransportOptions> = {}) {
  const client = createHttpTransport({ vendor: 'alteryx-server', redactor: createRedactor([SECRET]), ...options });
  return { get: (path = '/jobs/1') => client.request({ url: `${url}${path}` }, { operation: 'getJobStatus' }) };
}

describe('requestIdOf', () => {
  const redactor = createRedactor([SECRET]);

  it('reads the generic headers in their order, and a vendor’s own names first', () => {
    const headers = new Headers({ 'x-correlation-id': 'corr-1', 'request-id': 'req-2', 'x-vendor-trace': 'vendor-3' });
    expect(requestIdOf(headers, redactor)).toBe('req-2');
    expect(requestIdOf(headers, redactor, ['x-vendor-trace'])).toBe('vendor-3');
    expect(requestIdOf(new Headers({ 'x-amzn-requestid': 'aws-4' }), redactor)).toBe('aws-4');
    expect(requestIdOf(new Headers({ 'content-type': 'application/json' }), redactor)).toBeUndefined();
    expect(REQUEST_ID_HEADERS).toEqual([
      'x-request-id',
      'request-id',
      'x-correlation-id',
      'correlation-id',
      'x-ms-request-id',
      'x-amzn-requestid',
    ]);
  });

  it('redacts a secret before cutting, keeps printable ASCII only, skips an empty one', () => {
    expect(requestIdOf(new Headers({ 'x-request-id': `abc-${SECRET}-def` }), redactor)).toBe('abc-***-def');
    // Latin-1 bytes a server may send are dropped (Headers keeps them as U+0080–U+00FF).
    expect(requestIdOf(new Headers({ 'x-request-id': 'id\u00e9\u00ff-7' }), redactor)).toBe('id-7');
    expect(requestIdOf(new Headers({ 'x-request-id': '\u00e9\u00e9', 'request-id': 'next' }), redactor)).toBe('next');
    // A secret just past the cut is gone too: redaction sees the whole value first.
    const long = `${'a'.repeat(MAX_REQUEST_ID_LENGTH - 5)}${SECRET}`;
    const id = requestIdOf(new Headers({ 'x-request-id': long }), redactor);
    expect(id).toBe(`${'a'.repeat(MAX_REQUEST_ID_LENGTH - 5)}***`);
    expect(id).not.toContain(SECRET.slice(0, 5));
  });
});

describe('ApiError.requestId and attempts', () => {
  it('an error answer’s X-Request-Id is on the error with attempts 1, in toJSON, not in the message', async () => {
    const { url } = await serve(answer(404, { 'x-request-id': 'req-404-abc' }));
    const error = (await rejection(transport(url, { retry: false }).get())) as NotFoundError;
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.requestId).toBe('req-404-abc');
    expect(error.attempts).toBe(1);
    expect(error.message).not.toContain('req-404-abc');
    const json = JSON.parse(JSON.stringify(error)) as Record<string, unknown>;
    expect(json.requestId).toBe('req-404-abc');
    expect(json.attempts).toBe(1);
    expect(json.status).toBe(404);
  });

  it('two retried 503s, then a third: ServerError with attempts 3 and the last answer’s id', async () => {
    const { url } = await serve(
      answer(503, { 'x-request-id': 'first' }),
      answer(503, { 'x-request-id': 'second' }),
      answer(503, { 'x-request-id': 'third' }),
    );
    const error = (await rejection(transport(url, { retry: FAST_RETRY }).get())) as ServerError;
    expect(server?.requests).toHaveLength(3);
    expect(error).toBeInstanceOf(ServerError);
    expect(error.attempts).toBe(3);
    expect(error.requestId).toBe('third');
    expect(error.toJSON()).toMatchObject({ attempts: 3, requestId: 'third', status: 503 });
  });

  it('no id header: requestId undefined and left out of toJSON; attempts still there', async () => {
    const { url } = await serve(answer(500));
    const error = (await rejection(transport(url, { retry: false }).get())) as ApiError;
    expect(error.requestId).toBeUndefined();
    expect(error.attempts).toBe(1);
    expect('requestId' in error.toJSON()).toBe(false);
    expect(error.toJSON().attempts).toBe(1);
  });

  it('a secret echoed in the id header is redacted everywhere the error shows', async () => {
    const { url } = await serve(answer(400, { 'x-correlation-id': `corr-${SECRET}` }));
    const error = (await rejection(transport(url, { retry: false }).get())) as ApiError;
    expect(error.requestId).toBe('corr-***');
    const shown = [String(error), error.stack, JSON.stringify(error), inspect(error, { depth: 10 })].join('\n');
    expect(shown).not.toContain(SECRET);
  });

  it('a 100 kB id is bounded to MAX_REQUEST_ID_LENGTH characters', async () => {
    const { url } = await serve(answer(502));
    const huge = `${'x'.repeat(100 * 1024)}`;
    // node:http and undici refuse 100 kB of headers, so the id is added to the real answer on its way in.
    const fetch = async (request: Request): Promise<Response> => {
      const real = await globalThis.fetch(request);
      const headers = new Headers(real.headers);
      headers.set('x-request-id', huge);
      return new Response(real.body, { status: real.status, statusText: real.statusText, headers });
    };
    const error = (await rejection(transport(url, { retry: false, fetch }).get())) as ApiError;
    expect(error.requestId).toBe('x'.repeat(MAX_REQUEST_ID_LENGTH));
    expect(error.toJSON().requestId).toBe('x'.repeat(MAX_REQUEST_ID_LENGTH));
  });

  it('a vendor’s own header (requestIdHeaders) is read before the generic ones', async () => {
    const { url } = await serve(answer(404, { 'x-request-id': 'generic', 'x-vendor-request': 'vendor-1' }));
    const error = (await rejection(transport(url, { retry: false, requestIdHeaders: ['X-Vendor-Request'] }).get())) as ApiError;
    expect(error.requestId).toBe('vendor-1');
  });

  it('an error a vendor’s mapError builds (a SOAP fault) gets the id and attempts', async () => {
    const { url } = await serve(answer(500, { 'request-id': 'soap-1' }), answer(500, { 'request-id': 'soap-2' }));
    const seen: Array<{ requestId: string | undefined; attempts: number | undefined }> = [];
    const mapError: HttpTransportOptions['mapError'] = (response) => {
      seen.push({ requestId: response.requestId, attempts: response.attempts });
      return new SoapFaultError('fault', {
        vendor: response.vendor,
        operation: response.operation,
        faultCode: 'env:Server',
        faultString: 'x',
      });
    };
    const error = (await rejection(transport(url, { retry: false, mapError }).get())) as SoapFaultError;
    expect(error).toBeInstanceOf(SoapFaultError);
    expect(error.requestId).toBe('soap-1');
    expect(error.attempts).toBe(1);
    expect(seen).toEqual([{ requestId: 'soap-1', attempts: 1 }]);
    expect(error.toJSON()).toMatchObject({ requestId: 'soap-1', attempts: 1 });
  });
});

describe('ConnectionError and TimeoutError attempts', () => {
  it('a server that hangs up on every attempt: ConnectionError with attempts 3', async () => {
    const { url } = await serve((request) => request.socket.destroy());
    const error = (await rejection(transport(url, { retry: FAST_RETRY }).get())) as ConnectionError;
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.attempts).toBe(3);
    expect(error.toJSON().attempts).toBe(3);
  });

  it('a TimeoutError of a single attempt says attempts 1', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    try {
      const never = (_request: Request, init?: RequestInit) =>
        new Promise<Response>((_resolve, reject) => {
          const signal = init?.signal ?? (_request as Request).signal;
          signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
        });
      const client = createHttpTransport({
        vendor: 'alteryx-server',
        redactor: createRedactor(),
        retry: false,
        timeoutMs: 50,
        fetch: (request) => never(request),
      });
      const pending = rejection(client.request({ url: 'http://127.0.0.1:9/jobs/1' }, { operation: 'getJobStatus' }));
      await vi.advanceTimersByTimeAsync(60);
      const error = (await pending) as TimeoutError;
      expect(error).toBeInstanceOf(TimeoutError);
      expect(error.attempts).toBe(1);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('log lines: the meta of each exchange and retry', () => {
  it('debug meta has vendor, operation, method, redacted url, status, durationMs, attempt and requestId', async () => {
    const { url } = await serve(
      answer(503, { 'x-request-id': 'try-1' }),
      answer(200, { 'x-request-id': `ok-${SECRET}` }, '{"id":"1"}'),
    );
    const debug = vi.fn();
    const warn = vi.fn();
    const client = transport(url, { retry: FAST_RETRY, logger: { debug, warn } });
    await client.get(`/jobs/1?password=${SECRET}`);
    expect(debug).toHaveBeenCalledTimes(2);
    const [first, second] = debug.mock.calls.map((call) => call[1] as Record<string, unknown>);
    expect(first).toEqual({
      vendor: 'alteryx-server',
      operation: 'getJobStatus',
      method: 'GET',
      url: `${url}/jobs/1?password=***`,
      status: 503,
      durationMs: expect.any(Number),
      attempt: 1,
      requestId: 'try-1',
    });
    expect(second).toMatchObject({ status: 200, attempt: 2, requestId: 'ok-***' });
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]?.[1]).toEqual({
      url: `${url}/jobs/1?password=***`,
      error: expect.stringContaining('HTTP 503'),
      attempt: 1,
      delayMs: expect.any(Number),
      requestId: 'try-1',
    });
    const logged = JSON.stringify([debug.mock.calls, warn.mock.calls]);
    expect(logged).not.toContain(SECRET);
  });

  it('an answer without an id: no requestId key in the meta', async () => {
    const { url } = await serve(answer(200, {}, '{"id":"1"}'));
    const debug = vi.fn();
    await transport(url, { logger: { debug } }).get();
    const meta = debug.mock.calls[0]?.[1] as Record<string, unknown>;
    expect(meta.attempt).toBe(1);
    expect(meta.status).toBe(200);
    expect('requestId' in meta).toBe(false);
  });

  it('without a logger, a quiet call does not read the id headers', async () => {
    const { url } = await serve(answer(200, { 'x-request-id': 'quiet' }, '{"id":"1"}'));
    const get = vi.spyOn(Headers.prototype, 'get');
    try {
      await transport(url).get();
      const names = get.mock.calls.map((call) => String(call[0]).toLowerCase());
      for (const name of REQUEST_ID_HEADERS) expect(names).not.toContain(name);
    } finally {
      get.mockRestore();
    }
  });
});
