import { describe, expect, it } from 'vitest';
import type { ClientOptions, FetchLike, Instrumentation, Logger } from '../src/index.js';
import { clientTransportOptions } from '../src/internal.js';

describe('clientTransportOptions', () => {
  const fetch: FetchLike = async () => new Response('');
  const logger: Logger = { debug: () => undefined, warn: () => undefined };
  const retry = { retries: 1 };
  const retryWrites = false as const;
  const origins = ['https://files.example.com'];
  const instrumentation = { startCall: () => undefined, startWait: () => undefined } as unknown as Instrumentation;

  it('picks every transport option, each with its own value', () => {
    const picked = clientTransportOptions({
      fetch,
      timeoutMs: 1,
      callTimeoutMs: 2,
      retry,
      retryWrites,
      logger,
      maxConcurrentRequests: 3,
      maxResponseBytes: 4,
      allowedRedirectOrigins: origins,
      streamIdleTimeoutMs: 5,
      streamTimeoutMs: 6,
      instrumentation,
    });

    expect(picked.fetch).toBe(fetch);
    expect(picked.timeoutMs).toBe(1);
    expect(picked.callTimeoutMs).toBe(2);
    expect(picked.retry).toBe(retry);
    expect(picked.retryWrites).toBe(false);
    expect(picked.logger).toBe(logger);
    expect(picked.maxConcurrentRequests).toBe(3);
    expect(picked.maxResponseBytes).toBe(4);
    expect(picked.allowedRedirectOrigins).toBe(origins);
    expect(picked.streamIdleTimeoutMs).toBe(5);
    expect(picked.streamTimeoutMs).toBe(6);
    expect(picked.instrumentation).toBe(instrumentation);
  });

  it('leaves out what is not a transport option (credentials, vendor settings)', () => {
    const vendorOptions: ClientOptions & { baseUrl: string; password: string; tokenRefreshMarginMs: number } = {
      baseUrl: 'https://ao.example.com',
      password: 'pw-hunter2',
      tokenRefreshMarginMs: 1,
      timeoutMs: 7,
    };

    const picked = clientTransportOptions(vendorOptions);

    expect(Object.keys(picked).sort()).toEqual([
      'allowedRedirectOrigins',
      'callTimeoutMs',
      'fetch',
      'instrumentation',
      'logger',
      'maxConcurrentRequests',
      'maxResponseBytes',
      'retry',
      'retryWrites',
      'streamIdleTimeoutMs',
      'streamTimeoutMs',
      'timeoutMs',
      'userAgent',
    ]);
    expect(picked.timeoutMs).toBe(7);
    expect(JSON.stringify(picked)).not.toContain('pw-hunter2');
  });
});
