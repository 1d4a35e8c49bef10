/**
 * The auth policy's place in the pipeline: credentials are applied inside the attempt (under its
 * timer and signal, holding its slot), and the renewal and resend after a 401 stay in that attempt.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type Authenticator, ConnectionError, createRedactor, TimeoutError } from '../src/index.js';
import { createHttpTransport, type HttpTransportOptions } from '../src/internal.js';
import { rejection } from './rejection.js';

function setup(
  authenticator: Authenticator,
  handler: (request: Request) => Response | Promise<Response>,
  options: Partial<HttpTransportOptions> = {},
) {
  const seen: Array<string | null> = [];
  const fetch = vi.fn(async (request: Request) => {
    seen.push(request.headers.get('authorization'));
    return handler(request);
  });
  const transport = createHttpTransport({
    vendor: 'alteryx-server',
    redactor: createRedactor(),
    fetch,
    authenticator,
    ...options,
  });
  return { transport, fetch, seen };
}

describe('auth policy', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("a credential fetch that hangs is ended by the attempt's timeout, through the signal it was given", async () => {
    const signals: AbortSignal[] = [];
    const authenticator: Authenticator = {
      apply: (_headers, signal) =>
        new Promise((_resolve, reject) => {
          signals.push(signal);
          signal.addEventListener('abort', () => reject(signal.reason));
        }),
    };
    const { transport, fetch } = setup(authenticator, () => Response.json({}), { timeoutMs: 1000, retry: false });
    const promise = rejection(transport.request({ url: 'http://127.0.0.1/x' }, { operation: 'getJob' }));
    await vi.advanceTimersByTimeAsync(1000);
    const error = (await promise) as TimeoutError;
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error.message).toBe('alteryx-server getJob: no response within 1000 ms');
    expect(signals).toHaveLength(1);
    expect(signals[0]?.aborted).toBe(true);
    expect(fetch).not.toHaveBeenCalled();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('a credential no header can carry is a ConnectionError, not a TypeError', async () => {
    const authenticator: Authenticator = { apply: async (headers) => headers.set('authorization', 'Bearer \u2603') };
    const { transport, fetch } = setup(authenticator, () => Response.json({}), { retry: false });
    const error = await rejection(transport.request({ url: 'http://127.0.0.1/x' }, { operation: 'getJob' }));
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as ConnectionError).message).toMatch(/^alteryx-server getJob: could not reach http:\/\/127\.0\.0\.1\/x: /);
    expect(fetch).not.toHaveBeenCalled();
  });

  it("a jobwire error from getting the credential (the token request's ConnectionError) passes as it is, said once", async () => {
    const tokenError = new ConnectionError('alteryx-server getToken: could not reach http://127.0.0.1:1/token: ECONNREFUSED', {
      vendor: 'alteryx-server',
      operation: 'getToken',
    });
    const authenticator: Authenticator = {
      apply: async () => {
        throw tokenError;
      },
    };
    const { transport, fetch } = setup(authenticator, () => Response.json({}), { retry: false });
    const error = await rejection(transport.request({ url: 'http://127.0.0.1/x' }, { operation: 'getJob' }));
    expect(error).toBe(tokenError);
    expect(fetch).not.toHaveBeenCalled();
  });

  it('renews and resends within the attempt: the slot is kept, so a call waiting for it comes after', async () => {
    let token = 'old';
    const order: string[] = [];
    const authenticator: Authenticator = {
      apply: async (headers) => headers.set('authorization', `Bearer ${token}`),
      renew: async () => {
        token = 'new';
        return true;
      },
    };
    const { transport, seen } = setup(
      authenticator,
      (request) => {
        order.push(new URL(request.url).pathname);
        return request.headers.get('authorization') === 'Bearer new'
          ? Response.json({ ok: 1 })
          : Response.json({}, { status: 401 });
      },
      { maxConcurrentRequests: 1 },
    );
    const both = Promise.all([
      transport.request({ url: 'http://127.0.0.1/first' }),
      transport.request({ url: 'http://127.0.0.1/second' }),
    ]);
    await vi.advanceTimersByTimeAsync(0);
    expect((await both).map((r) => r.body)).toEqual([{ ok: 1 }, { ok: 1 }]);
    expect(order).toEqual(['/first', '/first', '/second']);
    expect(seen).toEqual(['Bearer old', 'Bearer new', 'Bearer new']);
  });
});
