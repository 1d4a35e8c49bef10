import { describe, expect, it, vi } from 'vitest';
import { AuthenticationError, type Authenticator, createRedactor, createTokenCache } from '../src/index.js';
import { createHttpTransport } from '../src/internal.js';

describe('createTokenCache', () => {
  it('fetches lazily, shares one request between concurrent callers, and caches', async () => {
    let issued = 0;
    const fetchToken = vi.fn(async () => ({ token: `t${++issued}`, expiresInMs: 3_600_000 }));
    const cache = createTokenCache({ fetchToken });
    expect(fetchToken).not.toHaveBeenCalled();
    expect(await Promise.all([cache.get(), cache.get(), cache.get()])).toEqual(['t1', 't1', 't1']);
    expect(await cache.get()).toBe('t1');
    expect(fetchToken).toHaveBeenCalledTimes(1);
  });

  it('renews shortly before expiry', async () => {
    let clock = 0;
    let issued = 0;
    const cache = createTokenCache({
      fetchToken: async () => ({ token: `t${++issued}`, expiresInMs: 3_600_000 }),
      refreshMarginMs: 60_000,
      now: () => clock,
    });
    expect(await cache.get()).toBe('t1');
    clock = 3_539_999;
    expect(await cache.get()).toBe('t1');
    clock = 3_540_000;
    expect(await cache.get()).toBe('t2');
  });

  it('invalidates only the token that failed, so concurrent 401s renew once', async () => {
    let issued = 0;
    const fetchToken = vi.fn(async () => ({ token: `t${++issued}` }));
    const cache = createTokenCache({ fetchToken });
    await cache.get();
    cache.invalidate('t1');
    expect(await cache.get()).toBe('t2');
    cache.invalidate('t1'); // a late 401 for the old token
    expect(await cache.get()).toBe('t2');
    expect(fetchToken).toHaveBeenCalledTimes(2);
  });

  it('lets a caller stop waiting without cancelling the shared request', async () => {
    let release: (v: { token: string }) => void = () => {};
    const cache = createTokenCache({ fetchToken: () => new Promise((resolve) => (release = resolve)) });
    const controller = new AbortController();
    const first = cache.get(controller.signal);
    const second = cache.get();
    controller.abort('bye');
    await expect(first).rejects.toBe('bye');
    release({ token: 'late' });
    expect(await second).toBe('late');
  });

  it('cancels the shared request when every caller waiting for it has aborted, and only then', async () => {
    const signals: AbortSignal[] = [];
    const fetchToken = vi.fn(
      (signal: AbortSignal) =>
        new Promise<{ token: string }>((resolve, reject) => {
          signals.push(signal);
          signal.addEventListener('abort', () => reject(signal.reason));
          if (signals.length === 2) resolve({ token: 'second' });
        }),
    );
    const cache = createTokenCache({ fetchToken });
    const a = new AbortController();
    const b = new AbortController();
    const first = cache.get(a.signal);
    const second = cache.get(b.signal);
    a.abort('a gone');
    await expect(first).rejects.toBe('a gone');
    expect(signals[0]?.aborted).toBe(false); // b still waits
    b.abort('b gone');
    await expect(second).rejects.toBe('b gone');
    expect(signals[0]?.aborted).toBe(true);
    expect(signals[0]?.reason).toBe('b gone');
    // The cancelled request is not cached: the next caller gets a new one.
    expect(await cache.get(new AbortController().signal)).toBe('second');
    expect(fetchToken).toHaveBeenCalledTimes(2);
  });

  it('never cancels a request that a caller without a signal waits for', async () => {
    let seen: AbortSignal | undefined;
    let release: (v: { token: string }) => void = () => {};
    const cache = createTokenCache({
      fetchToken: (signal) => {
        seen = signal;
        return new Promise((resolve) => (release = resolve));
      },
    });
    const controller = new AbortController();
    const withSignal = cache.get(controller.signal);
    const without = cache.get();
    controller.abort('bye');
    await expect(withSignal).rejects.toBe('bye');
    expect(seen?.aborted).toBe(false);
    release({ token: 'kept' });
    expect(await without).toBe('kept');
  });

  it('does not cache a failed token request', async () => {
    const fetchToken = vi.fn().mockRejectedValueOnce(new Error('down')).mockResolvedValueOnce({ token: 'ok' });
    const cache = createTokenCache({ fetchToken });
    await expect(cache.get()).rejects.toThrow('down');
    expect(await cache.get()).toBe('ok');
  });
});

describe('transport with an authenticator', () => {
  function setup() {
    let valid = 'fresh-1';
    let issued = 1;
    const cache = createTokenCache({ fetchToken: async () => ({ token: valid }) });
    const authenticator: Authenticator = {
      apply: async (headers, signal) => headers.set('authorization', `Bearer ${await cache.get(signal)}`),
      renew: async (rejected) => {
        cache.invalidate(rejected.get('authorization')?.replace('Bearer ', '') ?? '');
        return true;
      },
    };
    const seen: string[] = [];
    const bodies: string[] = [];
    const fetch = vi.fn(async (request: Request) => {
      seen.push(request.headers.get('authorization') ?? '');
      bodies.push(await request.text());
      return request.headers.get('authorization') === `Bearer ${valid}`
        ? Response.json({ ok: true })
        : Response.json({ message: 'token expired' }, { status: 401 });
    });
    const transport = createHttpTransport({ vendor: 'alteryx-server', redactor: createRedactor(), fetch, authenticator });
    const expire = () => {
      valid = `fresh-${++issued}`;
    };
    return { transport, fetch, seen, bodies, expire };
  }

  it('adds credentials, and on a 401 renews once and resends (writes too, same body)', async () => {
    const { transport, seen, bodies, expire } = setup();
    await transport.fetch(new Request('http://127.0.0.1/a'));
    expire();
    const response = await transport.fetch(new Request('http://127.0.0.1/b', { method: 'POST', body: '{"x":1}' }));
    expect(response.status).toBe(200);
    expect(seen).toEqual(['Bearer fresh-1', 'Bearer fresh-1', 'Bearer fresh-2']);
    expect(bodies).toEqual(['', '{"x":1}', '{"x":1}']);
  });

  it('gives up with AuthenticationError when the renewed credentials are refused too', async () => {
    const fetch = vi.fn(async () => Response.json({ message: 'bad key' }, { status: 401 }));
    const renew = vi.fn(async () => true);
    const transport = createHttpTransport({
      vendor: 'alteryx-server',
      redactor: createRedactor(),
      fetch,
      authenticator: { apply: async (h) => h.set('authorization', 'Bearer x'), renew },
    });
    const error = await transport.fetch(new Request('http://127.0.0.1/a')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as AuthenticationError).message).toBe('alteryx-server GET /a failed: HTTP 401: bad key');
    expect(renew).toHaveBeenCalledTimes(1);
    expect(fetch).toHaveBeenCalledTimes(2);
  });

  it('does not renew when the 401 came from obtaining the credentials themselves', async () => {
    const renew = vi.fn(async () => true);
    const fetch = vi.fn(async () => Response.json({ ok: true }));
    const transport = createHttpTransport({
      vendor: 'alteryx-server',
      redactor: createRedactor(),
      fetch,
      authenticator: {
        apply: async () => {
          throw new AuthenticationError('token refused', { vendor: 'alteryx-server', operation: 'requestToken', status: 401 });
        },
        renew,
      },
    });
    const error = await transport.fetch(new Request('http://127.0.0.1/a')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as AuthenticationError).operation).toBe('requestToken');
    expect(renew).not.toHaveBeenCalled();
    expect(fetch).not.toHaveBeenCalled();
  });

  it('sends the credential request itself without credentials', async () => {
    const apply = vi.fn(async () => {});
    const fetch = vi.fn(async () => Response.json({ access_token: 'a' }));
    const transport = createHttpTransport({
      vendor: 'alteryx-server',
      redactor: createRedactor(),
      fetch,
      authenticator: { apply },
    });
    await transport.forOperation({ operation: 'requestToken', authenticate: false })(
      new Request('http://127.0.0.1/t', { method: 'POST' }),
    );
    expect(apply).not.toHaveBeenCalled();
  });
});
