import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  ApiError,
  AuthenticationError,
  ConnectionError,
  createRedactor,
  InvalidStateError,
  NotFoundError,
  PermissionError,
  RateLimitError,
  ServerError,
  TimeoutError,
  UnexpectedResponseError,
} from '../src/index.js';
import { createHttpTransport } from '../src/internal.js';
import { rejection } from './rejection.js';

type Handler = (request: Request) => Response | Promise<Response>;

function setup(handler: Handler, options: Partial<Parameters<typeof createHttpTransport>[0]> = {}) {
  const requests: Request[] = [];
  const bodies: string[] = [];
  const fetch = vi.fn(async (request: Request) => {
    requests.push(request);
    bodies.push(request.body ? await request.clone().text() : '');
    return handler(request);
  });
  const transport = createHttpTransport({
    vendor: 'alteryx-server',
    redactor: createRedactor(['hunter2-secret']),
    fetch,
    ...options,
  });
  return { transport, fetch, requests, bodies };
}

const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

describe('HTTP transport: success bodies', () => {
  it('passes JSON through, parsed once', async () => {
    const { transport } = setup(() => json({ id: 'a', n: 1 }));
    const response = await transport.fetch(new Request('http://127.0.0.1/x'));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ id: 'a', n: 1 });
  });

  it('turns an empty 200 into a Content-Length: 0 response instead of a JSON crash', async () => {
    const { transport } = setup(() => new Response('', { status: 200, headers: { 'content-type': 'application/json' } }));
    const response = await transport.fetch(new Request('http://127.0.0.1/x'));
    expect(response.headers.get('content-length')).toBe('0');
    expect(await response.text()).toBe('');
  });

  it('handles 204', async () => {
    const { transport } = setup(() => new Response(null, { status: 204 }));
    const response = await transport.fetch(new Request('http://127.0.0.1/x', { method: 'DELETE' }));
    expect(response.status).toBe(204);
    expect(response.headers.get('content-length')).toBe('0');
  });

  it('rejects truncated JSON with UnexpectedResponseError and an excerpt', async () => {
    const { transport } = setup(() => new Response('{"id":"abc","sta', { headers: { 'content-type': 'application/json' } }));
    const error = await rejection(transport.fetch(new Request('http://127.0.0.1/x')));
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    const e = error as UnexpectedResponseError;
    expect(e.message).toContain('malformed or truncated JSON');
    expect(e.excerpt).toBe('{"id":"abc","sta');
    expect(e.status).toBe(200);
  });

  it('rejects an HTML page where JSON was expected', async () => {
    const { transport } = setup(
      () => new Response('<html><title>Login</title></html>', { headers: { 'content-type': 'text/html' } }),
    );
    const error = await rejection(
      transport.forOperation({ operation: 'getJob', body: 'json' })(new Request('http://127.0.0.1/x')),
    );
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect((error as Error).message).toBe('alteryx-server getJob: expected JSON, got an HTML/XML page (HTTP 200)');
  });

  it('hands a stream over unread', async () => {
    const { transport } = setup(() => new Response('bytes', { headers: { 'content-type': 'application/octet-stream' } }));
    const response = await transport.forOperation({ body: 'stream' })(new Request('http://127.0.0.1/x'));
    expect(response.bodyUsed).toBe(false);
    expect(await response.text()).toBe('bytes');
  });
});

describe('HTTP transport: error mapping', () => {
  it.each([
    [401, AuthenticationError],
    [403, PermissionError],
    [404, NotFoundError],
    [400, ApiError],
    [409, ApiError],
  ])('maps %i to %o with the server message', async (status, ErrorClass) => {
    const { transport } = setup(() => json({ message: 'The server says no.' }, status));
    const error = await rejection(transport.forOperation({ operation: 'getJob' })(new Request('http://127.0.0.1/v3/jobs/1')));
    expect(error).toBeInstanceOf(ErrorClass);
    const e = error as ApiError;
    expect(e.status).toBe(status);
    expect(e.vendor).toBe('alteryx-server');
    expect(e.operation).toBe('getJob');
    expect(e.body).toEqual({ message: 'The server says no.' });
    expect(e.message).toMatch(new RegExp(`^alteryx-server getJob failed: HTTP ${status}.*: The server says no\\.$`));
  });

  it('names an HTML 502 page by its title', async () => {
    const { transport } = setup(
      () =>
        new Response('<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>', {
          status: 502,
          statusText: 'Bad Gateway',
          headers: { 'content-type': 'text/html' },
        }),
      { retry: false },
    );
    const error = await rejection(transport.fetch(new Request('http://127.0.0.1/x')));
    expect(error).toBeInstanceOf(ServerError);
    expect((error as Error).message).toBe('alteryx-server GET /x failed: HTTP 502 Bad Gateway: 502 Bad Gateway');
  });

  it('uses the plain-text body as the message', async () => {
    const { transport } = setup(() => new Response('Job not found', { status: 404 }));
    const error = (await rejection(transport.fetch(new Request('http://127.0.0.1/x')))) as NotFoundError;
    expect(error.message).toBe('alteryx-server GET /x failed: HTTP 404: Job not found');
    expect(error.body).toBe('Job not found');
  });

  it('lets the vendor map a status to its own meaning', async () => {
    const { transport } = setup(() => json({ message: "This job is not in 'Queued' or 'Running' state." }, 400), {
      mapError: (info) =>
        info.message.includes('state') ? new InvalidStateError(info.defaultMessage, { ...info, body: info.body }) : undefined,
    });
    const error = await rejection(transport.fetch(new Request('http://127.0.0.1/x', { method: 'DELETE' })));
    expect(error).toBeInstanceOf(InvalidStateError);
    expect((error as InvalidStateError).status).toBe(400);
  });

  it('turns a network failure into ConnectionError without secrets', async () => {
    const { transport } = setup(
      () => {
        throw new TypeError('fetch failed', {
          cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' }),
        });
      },
      { retry: false },
    );
    const error = await rejection(transport.fetch(new Request('http://127.0.0.1:9/x?password=hunter2-secret')));
    expect(error).toBeInstanceOf(ConnectionError);
    const message = (error as Error).message;
    expect(message).toContain('ECONNREFUSED');
    expect(message).toContain('password=***');
    expect(message).not.toContain('hunter2-secret');
    expect(((error as Error).cause as { code: string }).code).toBe('ECONNREFUSED');
  });
});

describe('HTTP transport: retries', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.spyOn(Math, 'random').mockReturnValue(1);
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('retries a read twice on 503 with backoff 0.5 s then 1 s', async () => {
    let calls = 0;
    const { transport, fetch } = setup(() => (++calls <= 2 ? json({ message: 'busy' }, 503) : json({ ok: true })));
    const promise = transport.fetch(new Request('http://127.0.0.1/x'));
    await vi.advanceTimersByTimeAsync(0);
    expect(fetch).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(499);
    expect(fetch).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(fetch).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(999);
    expect(fetch).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(fetch).toHaveBeenCalledTimes(3);
    expect(await (await promise).json()).toEqual({ ok: true });
  });

  it('gives up after 2 retries with the last error', async () => {
    const { transport, fetch } = setup(() => json({ message: 'down' }, 500));
    const promise = rejection(transport.fetch(new Request('http://127.0.0.1/x')));
    await vi.advanceTimersByTimeAsync(10_000);
    const error = await promise;
    expect(error).toBeInstanceOf(ServerError);
    expect(fetch).toHaveBeenCalledTimes(3);
  });

  it('honours Retry-After on 429', async () => {
    let calls = 0;
    const { transport, fetch } = setup(() =>
      ++calls === 1 ? json({ message: 'slow down' }, 429, { 'retry-after': '7' }) : json({ ok: 1 }),
    );
    const promise = transport.fetch(new Request('http://127.0.0.1/x'));
    await vi.advanceTimersByTimeAsync(6999);
    expect(fetch).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(fetch).toHaveBeenCalledTimes(2);
    expect((await promise).status).toBe(200);
  });

  it('does not wait for a Retry-After above 60 s', async () => {
    const { transport, fetch } = setup(() => json({ message: 'later' }, 429, { 'retry-after': '3600' }));
    const error = (await rejection(transport.fetch(new Request('http://127.0.0.1/x')))) as RateLimitError;
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error.retryAfterMs).toBe(3_600_000);
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it('never retries a write by default', async () => {
    const { transport, fetch } = setup(() => json({ message: 'down' }, 503));
    const error = await rejection(transport.fetch(new Request('http://127.0.0.1/x', { method: 'POST', body: '{}' })));
    expect(error).toBeInstanceOf(ServerError);
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it('retries a write when the caller opts in, resending the same body', async () => {
    let calls = 0;
    const { transport, fetch, bodies } = setup(() => (++calls === 1 ? json({}, 503) : json({ id: 'j' })), { retryWrites: true });
    const promise = transport.fetch(new Request('http://127.0.0.1/x', { method: 'POST', body: '{"a":1}' }));
    await vi.advanceTimersByTimeAsync(1000);
    expect((await promise).status).toBe(200);
    expect(fetch).toHaveBeenCalledTimes(2);
    expect(bodies).toEqual(['{"a":1}', '{"a":1}']);
  });

  it('does not retry 400, 401 or 404', async () => {
    for (const status of [400, 401, 404]) {
      const { transport, fetch } = setup(() => json({ message: 'no' }, status));
      await rejection(transport.fetch(new Request('http://127.0.0.1/x')));
      expect(fetch).toHaveBeenCalledTimes(1);
    }
  });

  it('retries a connection drop for reads', async () => {
    let calls = 0;
    const { transport, fetch } = setup(() => {
      if (++calls === 1) throw new TypeError('fetch failed');
      return json({ ok: 1 });
    });
    const promise = transport.fetch(new Request('http://127.0.0.1/x'));
    await vi.advanceTimersByTimeAsync(500);
    expect((await promise).status).toBe(200);
    expect(fetch).toHaveBeenCalledTimes(2);
  });

  it('logs retries through the logger, redacted', async () => {
    const warn = vi.fn();
    let calls = 0;
    const { transport } = setup(() => (++calls === 1 ? json({}, 503) : json({})), { logger: { warn } });
    const promise = transport.forOperation({ operation: 'getJob' })(new Request('http://127.0.0.1/x?api_key=hunter2-secret'));
    await vi.advanceTimersByTimeAsync(500);
    await promise;
    expect(warn).toHaveBeenCalledTimes(1);
    const [message, meta] = warn.mock.calls[0] as [string, { url: string }];
    expect(message).toBe('alteryx-server getJob: retry 1 in 500 ms');
    expect(meta.url).toBe('http://127.0.0.1/x?api_key=***');
  });
});

describe('HTTP transport: timeouts and aborts', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  const hang: Handler = (request) =>
    new Promise((_resolve, reject) => {
      request.signal.addEventListener('abort', () => reject(request.signal.reason));
    });

  it('times out one request with TimeoutError', async () => {
    const { transport } = setup(hang, { timeoutMs: 1000, retry: false });
    const promise = rejection(transport.forOperation({ operation: 'getJob' })(new Request('http://127.0.0.1/x')));
    await vi.advanceTimersByTimeAsync(1000);
    const error = (await promise) as TimeoutError;
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error.timeoutMs).toBe(1000);
    expect(error.message).toBe('alteryx-server getJob: no response within 1000 ms');
    expect(vi.getTimerCount()).toBe(0);
  });

  it('retries a timed-out read, then succeeds', async () => {
    let calls = 0;
    const { transport, fetch } = setup((request) => (++calls === 1 ? hang(request) : json({ ok: 1 })), { timeoutMs: 1000 });
    vi.spyOn(Math, 'random').mockReturnValue(0);
    const promise = transport.fetch(new Request('http://127.0.0.1/x'));
    await vi.advanceTimersByTimeAsync(1250);
    expect((await promise).status).toBe(200);
    expect(fetch).toHaveBeenCalledTimes(2);
  });

  it("rejects with the caller's abort reason, and does not retry", async () => {
    const { transport, fetch } = setup(hang);
    const controller = new AbortController();
    const promise = rejection(transport.fetch(new Request('http://127.0.0.1/x', { signal: controller.signal })));
    await vi.advanceTimersByTimeAsync(10);
    const reason = new Error('user gave up');
    controller.abort(reason);
    expect(await promise).toBe(reason);
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('HTTP transport: request() without a Request object', () => {
  it('sends method, URL, headers and body, and resolves with the parsed JSON', async () => {
    const { transport, requests, bodies } = setup(() => json({ state: 'Running' }));
    const answer = await transport.request(
      {
        method: 'POST',
        url: 'http://127.0.0.1/api/task?id=a%2Fb',
        headers: { 'content-type': 'application/json' },
        body: '{"id":"a/b"}',
      },
      { operation: 'getTask', idempotent: true },
    );
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('application/json');
    expect(answer.body).toEqual({ state: 'Running' });
    expect(requests[0]?.method).toBe('POST');
    expect(requests[0]?.url).toBe('http://127.0.0.1/api/task?id=a%2Fb');
    expect(requests[0]?.headers.get('content-type')).toBe('application/json');
    expect(bodies[0]).toBe('{"id":"a/b"}');
  });

  it('hands back an empty body as undefined, text as text and a stream unread', async () => {
    const empty = setup(() => new Response(null, { status: 204 }));
    const none = await empty.transport.request({ url: 'http://127.0.0.1/x' });
    expect(none.status).toBe(204);
    expect(none.body).toBeUndefined();
    const text = setup(() => new Response('<a/>', { headers: { 'content-type': 'text/xml' } }));
    expect((await text.transport.request({ url: 'http://127.0.0.1/x' }, { body: 'text' })).body).toBe('<a/>');
    const stream = setup(() => new Response('bytes'));
    const streamed = await stream.transport.request({ url: 'http://127.0.0.1/x' }, { body: 'stream' });
    expect(streamed.body).toBeInstanceOf(ReadableStream);
    expect(await new Response(streamed.body as ReadableStream).text()).toBe('bytes');
  });

  it('maps errors as fetch does, named after the operation', async () => {
    const { transport } = setup(() => json({ message: 'no such job' }, 404));
    const error = (await rejection(
      transport.request({ url: 'http://127.0.0.1/jobs/1' }, { operation: 'getJob' }),
    )) as NotFoundError;
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.message).toBe('alteryx-server getJob failed: HTTP 404: no such job');
  });

  it('retries a read with the same body, and never a write by default', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0);
    vi.useFakeTimers();
    try {
      let calls = 0;
      const read = setup(() => (++calls === 1 ? json({}, 503) : json({ ok: true })));
      const promise = read.transport.request({ method: 'POST', url: 'http://127.0.0.1/x', body: 'same' }, { idempotent: true });
      await vi.advanceTimersByTimeAsync(300);
      expect((await promise).body).toEqual({ ok: true });
      expect(read.bodies).toEqual(['same', 'same']);
      const write = setup(() => json({}, 503));
      expect(await rejection(write.transport.request({ method: 'POST', url: 'http://127.0.0.1/x', body: 'b' }))).toBeInstanceOf(
        ServerError,
      );
      expect(write.fetch).toHaveBeenCalledTimes(1);
    } finally {
      vi.useRealTimers();
    }
  });

  it('sends the credentials of the authenticator and renews them once on a 401', async () => {
    let token = 'old';
    let calls = 0;
    const { transport, requests } = setup(() => (++calls === 1 ? json({ message: 'expired' }, 401) : json({ ok: 1 })), {
      authenticator: {
        apply: async (headers) => headers.set('authorization', `Bearer ${token}`),
        renew: async () => {
          token = 'new';
          return true;
        },
      },
    });
    expect((await transport.request({ url: 'http://127.0.0.1/x' })).body).toEqual({ ok: 1 });
    expect(requests.map((r) => r.headers.get('authorization'))).toEqual(['Bearer old', 'Bearer new']);
  });

  it("rejects with the caller's abort reason", async () => {
    const { transport } = setup(
      (request) =>
        new Promise((_resolve, reject) => request.signal.addEventListener('abort', () => reject(request.signal.reason))),
    );
    const controller = new AbortController();
    const promise = rejection(transport.request({ url: 'http://127.0.0.1/x' }, { signal: controller.signal }));
    const reason = new Error('user gave up');
    setTimeout(() => controller.abort(reason), 5);
    expect(await promise).toBe(reason);
  });

  it('uses the global fetch with the URL and init directly when no fetch was given', async () => {
    const seen: { url: string; init: RequestInit | undefined }[] = [];
    vi.stubGlobal('fetch', async (input: string, init?: RequestInit) => {
      seen.push({ url: input, init });
      return json({ id: 7 });
    });
    const transport = createHttpTransport({ vendor: 'elma-rpa', redactor: createRedactor([]) });
    const answer = await transport.request({ url: 'http://127.0.0.1/t', headers: { accept: 'application/json' } });
    expect(answer.body).toEqual({ id: 7 });
    expect(seen).toHaveLength(1);
    expect(seen[0]?.url).toBe('http://127.0.0.1/t');
    expect(seen[0]?.init?.method).toBe('GET');
    expect(new Headers(seen[0]?.init?.headers).get('accept')).toBe('application/json');
    expect(seen[0]?.init?.signal).toBeInstanceOf(AbortSignal);
  });
});

describe('HTTP transport: requests in flight', () => {
  it('holds at most maxConcurrentRequests in flight; the rest wait their turn', async () => {
    let inFlight = 0;
    let peak = 0;
    const { transport } = setup(
      async () => {
        inFlight++;
        peak = Math.max(peak, inFlight);
        await new Promise((resolve) => setTimeout(resolve, 5));
        inFlight--;
        return json({ ok: true });
      },
      { maxConcurrentRequests: 3 },
    );
    const results = await Promise.all(Array.from({ length: 12 }, () => transport.request({ url: 'http://127.0.0.1/x' })));
    expect(results).toHaveLength(12);
    expect(results.every((r) => (r.body as { ok: boolean }).ok)).toBe(true);
    expect(peak).toBe(3);
  });

  it('does not count time spent waiting for a slot against the request timeout', async () => {
    vi.useFakeTimers();
    try {
      const { transport } = setup(() => new Promise((resolve) => setTimeout(() => resolve(json({ ok: 1 })), 800)), {
        maxConcurrentRequests: 1,
        timeoutMs: 1000,
        retry: false,
      });
      const both = Promise.all([
        transport.request({ url: 'http://127.0.0.1/a' }),
        transport.request({ url: 'http://127.0.0.1/b' }),
      ]);
      await vi.advanceTimersByTimeAsync(1600);
      expect((await both).map((r) => r.body)).toEqual([{ ok: 1 }, { ok: 1 }]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('refuses a cap below 1', () => {
    expect(() => createHttpTransport({ vendor: 'elma-rpa', redactor: createRedactor([]), maxConcurrentRequests: 0 })).toThrow(
      RangeError,
    );
  });
});
