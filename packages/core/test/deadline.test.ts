import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createLimiter } from '../src/http/limiter.js';
import {
  createRedactor,
  DEFAULT_CALL_TIMEOUT_MS,
  type JobSource,
  type PollEvent,
  RateLimitError,
  ServerError,
  TimeoutError,
  waitForJob,
} from '../src/index.js';
import { createHttpTransport } from '../src/internal.js';

/** A fetch that never answers: it settles only when the request is aborted. */
let sent = 0;
const silent = (request: Request) => {
  sent++;
  return new Promise<Response>((_resolve, reject) => {
    request.signal.addEventListener('abort', () => reject(request.signal.reason), { once: true });
  });
};

const settle = (promise: Promise<unknown>) =>
  promise.then(
    (value) => ({ value, error: undefined as unknown }),
    (error: unknown) => ({ value: undefined, error }),
  );

beforeEach(() => {
  vi.useFakeTimers();
  sent = 0;
});
afterEach(() => {
  vi.useRealTimers();
});

describe('one deadline per call', () => {
  it('defaults to 60 s', () => {
    expect(DEFAULT_CALL_TIMEOUT_MS).toBe(60_000);
  });

  it('bounds the wait in the maxConcurrentRequests queue and the attempt by the same deadline', async () => {
    const transport = createHttpTransport({
      vendor: 'alteryx-server',
      redactor: createRedactor(),
      fetch: silent,
      maxConcurrentRequests: 1,
      timeoutMs: 5000,
      callTimeoutMs: 3000,
      retry: false,
    });
    const first = settle(transport.request({ url: 'http://127.0.0.1:9/a' }, { operation: 'getJob' }));
    const second = settle(transport.request({ url: 'http://127.0.0.1:9/b' }, { operation: 'getJob', callTimeoutMs: 1000 }));
    await vi.advanceTimersByTimeAsync(999);
    expect(sent).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    const b = await second;
    expect(b.error).toBeInstanceOf(TimeoutError);
    expect((b.error as TimeoutError).message).toBe(
      'alteryx-server getJob: call did not complete within its 1000 ms deadline (waiting for a free maxConcurrentRequests slot)',
    );
    expect(sent).toBe(1); // the queued call never went out
    await vi.advanceTimersByTimeAsync(2000);
    const a = await first;
    expect(a.error).toBeInstanceOf(TimeoutError);
    expect((a.error as TimeoutError).message).toBe('alteryx-server getJob: call did not complete within its 3000 ms deadline');
    expect((a.error as TimeoutError).timeoutMs).toBe(3000);
  });

  it('keeps the per-attempt timeout when it is the sooner one, and retries within the deadline', async () => {
    const transport = createHttpTransport({
      vendor: 'alteryx-server',
      redactor: createRedactor(),
      fetch: silent,
      timeoutMs: 1000,
      callTimeoutMs: 2500,
      retry: { retries: 5, baseDelayMs: 100, maxDelayMs: 100 },
    });
    const call = settle(transport.request({ url: 'http://127.0.0.1:9/a' }, { operation: 'getJob' }));
    await vi.advanceTimersByTimeAsync(2500);
    const { error } = await call;
    expect(error).toBeInstanceOf(TimeoutError);
    // 1000 ms, ~100 ms backoff, 1000 ms, ~100 ms, then what is left of 2,500 ms: three attempts, not six.
    expect(sent).toBe(3);
    expect((error as TimeoutError).message).toBe('alteryx-server getJob: call did not complete within its 2500 ms deadline');
  });

  it('does not wait for a Retry-After that would outlast the deadline: the error comes at once', async () => {
    const fetch = vi.fn(
      async () => new Response('busy', { status: 503, headers: { 'retry-after': '50', 'content-type': 'text/plain' } }),
    );
    const transport = createHttpTransport({
      vendor: 'alteryx-server',
      redactor: createRedactor(),
      fetch,
      callTimeoutMs: 10_000,
      retry: { maxRetryAfterMs: 120_000 },
    });
    const { error } = await settle(transport.request({ url: 'http://127.0.0.1:9/a' }));
    expect(error).toBeInstanceOf(ServerError);
    expect((error as ServerError).retryAfterMs).toBe(50_000);
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it('a per-operation callTimeoutMs overrides the client one', async () => {
    const transport = createHttpTransport({
      vendor: 'alteryx-server',
      redactor: createRedactor(),
      fetch: silent,
      callTimeoutMs: 100_000,
      retry: false,
    });
    const call = settle(transport.request({ url: 'http://127.0.0.1:9/a' }, { operation: 'getJob', callTimeoutMs: 200 }));
    await vi.advanceTimersByTimeAsync(200);
    expect(((await call).error as Error).message).toBe('alteryx-server getJob: call did not complete within its 200 ms deadline');
  });
});

describe('limiter: retries keep their place', () => {
  it('serves a retry (ahead) before calls that have not had their turn', async () => {
    vi.useRealTimers();
    const limiter = createLimiter(1);
    const order: string[] = [];
    const holder = await limiter.acquire();
    const newcomer = limiter.acquire().then((release) => {
      order.push('newcomer');
      release();
    });
    const retry = limiter.acquire(undefined, true).then((release) => {
      order.push('retry');
      release();
    });
    expect(limiter.tryAcquire()).toBeUndefined();
    holder();
    await Promise.all([newcomer, retry]);
    expect(order).toEqual(['retry', 'newcomer']);
    const free = limiter.tryAcquire();
    expect(free).toBeTypeOf('function');
  });
});

describe('waitForJob and Retry-After', () => {
  it('caps a Retry-After by maxDelayMs, even without a timeout (no poll 24.9 days away)', async () => {
    let polls = 0;
    const source: JobSource = {
      vendor: 'alteryx-server',
      getJobStatus: async () => {
        polls++;
        if (polls === 1) {
          throw new RateLimitError('slow down', {
            vendor: 'alteryx-server',
            operation: 'getJob',
            status: 429,
            retryAfterMs: 2 ** 31 - 1,
          });
        }
        return {
          vendor: 'alteryx-server',
          id: 'j',
          state: 'succeeded',
          done: true,
          vendorStatus: 'Completed',
          outputs: {},
          raw: {},
        };
      },
    };
    const events: PollEvent[] = [];
    const wait = waitForJob(source, 'j', { maxDelayMs: 5000, random: () => 0, onPoll: (e) => events.push(e) });
    await vi.advanceTimersByTimeAsync(5000);
    const status = await wait;
    expect(status.state).toBe('succeeded');
    expect(events[0]?.nextDelayMs).toBe(5000);
    expect(polls).toBe(2);
  });
});
