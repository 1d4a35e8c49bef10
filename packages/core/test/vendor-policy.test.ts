/**
 * A vendor's own transport policies (`HttpTransportOptions.policies`): where they run in the
 * pipeline, what they see, and what their errors become.
 */
import { describe, expect, it, vi } from 'vitest';
import { AuthenticationError, createRedactor, NotFoundError, ServerError, type TransportPolicy } from '../src/index.js';
import { createHttpTransport, HTTP_STATUS_HEADER, type HttpTransportOptions } from '../src/internal.js';
import { rejection } from './rejection.js';

type Handler = (request: Request) => Response | Promise<Response>;

function setup(handler: Handler, options: Partial<HttpTransportOptions> = {}) {
  const requests: Request[] = [];
  const fetch = vi.fn(async (request: Request) => {
    requests.push(request);
    return handler(request);
  });
  const transport = createHttpTransport({
    vendor: 'elma-rpa',
    redactor: createRedactor(['hunter2-secret']),
    fetch,
    retry: { baseDelayMs: 1, maxDelayMs: 1 },
    ...options,
  });
  return { transport, fetch, requests };
}

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

/** A policy that reads `{"status": n}` out of a 2xx body, as ELMA's does. */
const statusInBody: TransportPolicy = {
  name: 'statusInBody',
  async sendRequest(request, next) {
    const answer = await next(request);
    const body = (await answer.json()) as { status?: unknown } | undefined;
    if (typeof body?.status === 'number' && body.status >= 400) throw await answer.errorAs(body.status);
    return answer;
  },
};

describe('vendor policies', () => {
  it('see the request (credentials set) before it goes, and each 2xx answer read and parsed', async () => {
    const seen: Array<{ operation: string; method: string; url: string; auth: string | null; value: unknown; text: unknown }> =
      [];
    const { transport, requests } = setup(() => json({ ok: 1 }), {
      authenticator: { apply: async (headers) => headers.set('authorization', 'Bearer hunter2-secret') },
      policies: [
        {
          name: 'tag',
          async sendRequest(request, next) {
            request.headers.set('x-tag', 'policy');
            const answer = await next(request);
            seen.push({
              operation: request.operation,
              method: request.method,
              url: request.url,
              auth: request.headers.get('authorization'),
              value: answer.value,
              text: answer.text,
            });
            return answer;
          },
        },
      ],
    });
    const answer = await transport.request(
      { method: 'POST', url: 'http://elma.test/tasks' },
      { operation: 'getTask', idempotent: true },
    );
    expect(answer.body).toEqual({ ok: 1 });
    expect(requests[0]?.headers.get('x-tag')).toBe('policy');
    expect(seen).toEqual([
      {
        operation: 'getTask',
        method: 'POST',
        url: 'http://elma.test/tasks',
        auth: 'Bearer hunter2-secret',
        value: { ok: 1 },
        text: '{"ok":1}',
      },
    ]);
  });

  it('run in the order given, once per attempt, inside retries', async () => {
    const order: string[] = [];
    const named = (name: string): TransportPolicy => ({
      name,
      async sendRequest(request, next) {
        order.push(`${name} in`);
        try {
          return await next(request);
        } finally {
          order.push(`${name} out`);
        }
      },
    });
    let calls = 0;
    const { transport } = setup(() => (calls++ === 0 ? json({ message: 'busy' }, 503) : json({ ok: 1 })), {
      policies: [named('a'), named('b')],
    });
    await transport.request({ url: 'http://elma.test/x' });
    expect(order).toEqual(['a in', 'b in', 'b out', 'a out', 'a in', 'b in', 'b out', 'a out']);
  });

  it('throw errorAs(status): the class, message, header and retries of that HTTP status', async () => {
    let calls = 0;
    const { transport, fetch } = setup(
      () => (calls++ < 1 ? json({ status: 503 }) : json({ status: 404, message: 'task 7 not found' })),
      {
        policies: [statusInBody],
      },
    );
    const error = await rejection(transport.request({ url: 'http://elma.test/x' }, { operation: 'getTask' }));
    // The 503 in the body was retried like a real 503; the 404 was not.
    expect(fetch).toHaveBeenCalledTimes(2);
    expect(error).toBeInstanceOf(NotFoundError);
    const notFound = error as NotFoundError;
    expect(notFound.status).toBe(404);
    expect(notFound.message).toBe('elma-rpa getTask failed: HTTP 404 (status in the body; HTTP 200): task 7 not found');
    expect(notFound.headers[HTTP_STATUS_HEADER]).toBe('200');
    expect(notFound.body).toEqual({ status: 404, message: 'task 7 not found' });
  });

  it('gives up with the last ServerError when a body keeps saying 503', async () => {
    const { transport, fetch } = setup(() => json({ status: 503 }), { policies: [statusInBody] });
    const error = await rejection(transport.request({ url: 'http://elma.test/x' }));
    expect(error).toBeInstanceOf(ServerError);
    expect(fetch).toHaveBeenCalledTimes(3);
  });

  it('a 401 read from a body renews the credentials once, as a real 401 does', async () => {
    let token = 'old';
    const renew = vi.fn(async () => {
      token = 'new';
      return true;
    });
    const { transport, requests } = setup(
      (request) => (request.headers.get('authorization') === 'Bearer new' ? json({ ok: 1 }) : json({ status: 401 })),
      {
        authenticator: { apply: async (headers) => headers.set('authorization', `Bearer ${token}`), renew },
        policies: [statusInBody],
      },
    );
    const answer = await transport.request({ url: 'http://elma.test/x' });
    expect(answer.body).toEqual({ ok: 1 });
    expect(renew).toHaveBeenCalledTimes(1);
    expect(requests.map((r) => r.headers.get('authorization'))).toEqual(['Bearer old', 'Bearer new']);
  });

  it('never see an error answer: error mapping below them has thrown it already', async () => {
    const sendRequest = vi.fn<TransportPolicy['sendRequest']>(async (request, next) => next(request));
    const { transport } = setup(() => json({ message: 'no such task' }, 404), { policies: [{ name: 'spy', sendRequest }] });
    const error = await rejection(transport.request({ url: 'http://elma.test/x' }));
    expect(error).toBeInstanceOf(NotFoundError);
    expect(sendRequest).toHaveBeenCalledTimes(1);
  });

  it('json() looks into a small streamed JSON answer, which then streams the same bytes', async () => {
    const { transport } = setup(() => json({ status: 200, file: 'abc' }), { policies: [statusInBody] });
    const answer = await transport.request({ url: 'http://elma.test/file' }, { body: 'stream' });
    const text = await new Response(answer.body as ReadableStream).text();
    expect(JSON.parse(text)).toEqual({ status: 200, file: 'abc' });
  });

  it('json() of a streamed JSON error envelope lets the policy refuse it', async () => {
    const { transport } = setup(() => json({ status: 404, message: 'no file' }), { policies: [statusInBody] });
    const error = await rejection(transport.request({ url: 'http://elma.test/file' }, { body: 'stream', operation: 'download' }));
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as NotFoundError).message).toBe('elma-rpa download failed: HTTP 404 (status in the body; HTTP 200): no file');
  });

  it('json() leaves a large stream and a non-JSON one unread: undefined, the bytes stream on whole', async () => {
    const big = JSON.stringify({ status: 404, pad: 'x'.repeat(100_000) });
    const values: unknown[] = [];
    const spy: TransportPolicy = {
      name: 'spy',
      async sendRequest(request, next) {
        const answer = await next(request);
        values.push(await answer.json());
        return answer;
      },
    };
    let n = 0;
    const { transport } = setup(
      () =>
        n++ === 0 ? new Response(big, { headers: { 'content-type': 'application/json' } }) : new Response('{"status": 404}'),
      { policies: [spy] },
    );
    const large = await transport.request({ url: 'http://elma.test/a' }, { body: 'stream' });
    const plain = await transport.request({ url: 'http://elma.test/b' }, { body: 'stream' });
    expect(values).toEqual([undefined, undefined]);
    expect(await new Response(large.body as ReadableStream).text()).toBe(big);
    expect(await new Response(plain.body as ReadableStream).text()).toBe('{"status": 404}');
  });

  it('json() is undefined for a body read as text or empty', async () => {
    const values: unknown[] = [];
    const spy: TransportPolicy = {
      name: 'spy',
      async sendRequest(request, next) {
        const answer = await next(request);
        values.push(await answer.json());
        return answer;
      },
    };
    let n = 0;
    const { transport } = setup(() => (n++ === 0 ? json({ status: 404 }) : new Response(null, { status: 204 })), {
      policies: [spy],
    });
    await transport.request({ url: 'http://elma.test/a' }, { body: 'text' });
    await transport.request({ url: 'http://elma.test/b' });
    expect(values).toEqual([undefined, undefined]);
  });

  it('errorAs refuses a status that is not an error', async () => {
    const { transport } = setup(() => json({}), {
      policies: [
        {
          name: 'wrong',
          async sendRequest(request, next) {
            const answer = await next(request);
            throw await answer.errorAs(200);
          },
        },
      ],
    });
    const error = await rejection(transport.request({ url: 'http://elma.test/a' }));
    expect(error).toBeInstanceOf(RangeError);
    expect((error as Error).message).toBe('errorAs takes an error status (400–599), got 200');
  });

  it('need a name, none twice, and a sendRequest function', () => {
    const make = (policies: TransportPolicy[]) => () =>
      createHttpTransport({ vendor: 'elma-rpa', redactor: createRedactor(), policies });
    const pass: TransportPolicy['sendRequest'] = (request, next) => next(request);
    expect(
      make([
        { name: 'a', sendRequest: pass },
        { name: 'b', sendRequest: pass },
      ]),
    ).not.toThrow();
    expect(
      make([
        { name: 'a', sendRequest: pass },
        { name: 'a', sendRequest: pass },
      ]),
    ).toThrow('two policies named a');
    expect(make([{ name: '', sendRequest: pass }])).toThrow('a policy needs a name and sendRequest');
    expect(make([{ name: 'b' } as TransportPolicy])).toThrow('a policy needs a name and sendRequest');
  });

  it('the deprecated bodyStatus option still works, as a policy after the given ones', async () => {
    const { transport } = setup(() => json({ status: 404 }), {
      bodyStatus: (body) => (body as { status: number }).status,
    });
    const error = await rejection(transport.request({ url: 'http://elma.test/a' }));
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as NotFoundError).headers[HTTP_STATUS_HEADER]).toBe('200');
  });
});

describe('a vendor policy that fails', () => {
  it('with a typed error: it reaches the caller as thrown', async () => {
    const refused = new AuthenticationError('refused', { vendor: 'elma-rpa', operation: 'x', status: 401 });
    const { transport } = setup(() => json({}), {
      policies: [
        {
          name: 'refuse',
          async sendRequest() {
            throw refused;
          },
        },
      ],
    });
    expect(await rejection(transport.request({ url: 'http://elma.test/a' }))).toBe(refused);
  });
});
