import { Redis } from 'ioredis';
import { describe, expect, it, vi } from 'vitest';
import { createWatchQueue, createWatchWorker } from '../src/index.js';
import { fakeSource } from './support/fake-source.js';
import { redisServerPath } from './support/redis-server.js';
import { collectResults, uniquePrefix } from './support/results.js';
import { useRedis } from './support/use-redis.js';

// The three ways to reach Redis: options (host/port, as the other tests), a URL, or a shared ioredis
// client, which stays the caller's: open after close().
describe.skipIf(!redisServerPath)('connections', () => {
  const fixture = useRedis();
  const { closers } = fixture;

  it('runs a watch through a URL connection', async () => {
    const source = fakeSource();
    source.script('u', ['succeeded']);
    const { queue, results } = fixture.follow({ [source.vendor]: source }, { connection: { url: fixture.redis.url } });
    const watch = await queue.watch(source.vendor, 'u', { minDelayMs: 20 });
    expect((await results.result(watch.id)).outcome).toBe('done');
  }, 30_000);

  it('gives workers maxRetriesPerRequest: null over connection options, so BullMQ writes nothing to the console', async () => {
    const source = fakeSource();
    source.script('o', ['succeeded']);
    const printed = [vi.spyOn(console, 'error'), vi.spyOn(console, 'warn'), vi.spyOn(console, 'log')];
    const { queue, results } = fixture.follow(
      { [source.vendor]: source },
      { connection: { ...fixture.redis.connection, maxRetriesPerRequest: 3 } },
    );
    const watch = await queue.watch(source.vendor, 'o', { minDelayMs: 20 });
    expect((await results.result(watch.id)).outcome).toBe('done');
    for (const spy of printed) expect(spy).not.toHaveBeenCalled();
  }, 30_000);

  it('runs a watch on a shared ioredis client and leaves it open on close()', async () => {
    const prefix = uniquePrefix();
    const source = fakeSource();
    source.script('s', ['running', 'succeeded']);
    const client = new Redis({ ...fixture.redis.connection, maxRetriesPerRequest: null });
    closers.push(async () => client.disconnect());
    const queue = createWatchQueue({ connection: client, prefix });
    const worker = createWatchWorker({ connection: client, prefix, sources: { [source.vendor]: source } });
    const results = collectResults(client, prefix);
    const watch = await queue.watch(source.vendor, 's', { minDelayMs: 20 });
    const result = await results.result(watch.id);
    expect(result.outcome).toBe('done');
    expect(result.polls).toBe(2);
    await results.close();
    await worker.close();
    await queue.close();
    expect(client.status).toBe('ready');
    expect(await client.ping()).toBe('PONG');
  }, 30_000);

  it('refuses a shared client that would give up on commands while Redis is away, before starting anything', async () => {
    const client = new Redis({ ...fixture.redis.connection, lazyConnect: true });
    closers.push(async () => client.disconnect());
    const source = fakeSource();
    expect(() => createWatchWorker({ connection: client, sources: { [source.vendor]: source } })).toThrow(
      /maxRetriesPerRequest: null/,
    );
    expect(client.status).toBe('wait');
  });
});
