import { ConnectionError } from '@jobwire/core';
import { secretForms } from '@jobwire/core/internal';
import { describe, expect, it } from 'vitest';
import type { StatusReader } from '../src/index.js';
import { fakeSource } from './support/fake-source.js';
import { keysHolding, scanRedis } from './support/redis-scan.js';
import { redisServerPath } from './support/redis-server.js';
import { simulate, vendorDefinitions } from './support/simulated.js';
import { useRedis } from './support/use-redis.js';

// Nothing but watch data and results reach Redis: after watches of all five vendors (done, errors
// that quote a credential, timeouts), no form of any credential is in any key of any type, nor in
// a log line. The scan itself is shown to find a planted secret in every type.
const definitions = await vendorDefinitions();
const fast = { minDelayMs: 20, maxDelayMs: 50 };

describe.skipIf(!redisServerPath)('no secret in Redis', () => {
  const fixture = useRedis();
  const { closers } = fixture;

  it('the scan finds a planted secret in a string, hash, list, set, sorted set and stream', async () => {
    const secret = 'planted-Secret-4711';
    const [plain, encoded, , json] = secretForms(`${secret}&"x"`);
    await fixture.client.set('planted:string', `token ${plain}`);
    await fixture.client.hset('planted:hash', 'data', JSON.stringify({ note: `x ${secret}&"x"` }));
    await fixture.client.rpush('planted:list', 'a', `?q=${encoded}`);
    await fixture.client.sadd('planted:set', `member ${plain}`);
    await fixture.client.zadd('planted:zset', 1, `m ${json}`);
    await fixture.client.xadd('planted:stream', '*', 'event', 'failed', 'reason', `bad ${plain}`);
    const found = keysHolding(await scanRedis(fixture.client), secretForms(`${secret}&"x"`));
    expect(found.map(({ key, type }) => `${type} ${key}`)).toEqual([
      'hash planted:hash',
      'list planted:list',
      'set planted:set',
      'stream planted:stream',
      'string planted:string',
      'zset planted:zset',
    ]);
    await fixture.client.del('planted:string', 'planted:hash', 'planted:list', 'planted:set', 'planted:zset', 'planted:stream');
  });

  it('watches of every vendor leave no form of any credential in any key, nor in the logs', async () => {
    const lines: string[] = [];
    const logger = {
      debug: (message: string, meta?: Record<string, unknown>) => lines.push(message, JSON.stringify(meta)),
      warn: (message: string, meta?: Record<string, unknown>) => lines.push(message, JSON.stringify(meta)),
    };
    const sources: Record<string, StatusReader> = {};
    const secrets: string[] = [];
    const jobs: Array<{ vendor: string; id: string }> = [];
    for (const definition of definitions) {
      const simulated = await simulate(definition);
      closers.push(() => simulated.close());
      expect(simulated.secrets.length).toBeGreaterThan(0);
      secrets.push(...simulated.secrets);
      sources[definition.id] = simulated.session;
      jobs.push({ vendor: definition.id, id: await simulated.startJob() });
    }
    // A source whose errors quote every credential, as a careless server might.
    const quoting = fakeSource('quoting-vendor');
    const quote = secrets.join(' ');
    quoting.script('leaky', ['running', { error: new Error(`login failed: ${quote} password=${secrets[0]}`) }]);
    const reset = new ConnectionError(`reset ${quote}`, { vendor: 'quoting-vendor', operation: 'getJobStatus' });
    quoting.script('leaky-transient', ['running', { error: reset }]);
    sources['quoting-vendor'] = quoting;

    const { prefix, queue, results } = fixture.follow(sources, { logger });

    const watches = await Promise.all([
      ...jobs.map(({ vendor, id }) => queue.watch(vendor, id, { ...fast, timeoutMs: 60_000 })),
      queue.watch('quoting-vendor', 'leaky', fast),
      queue.watch('quoting-vendor', 'leaky-transient', { ...fast, timeoutMs: 200 }),
    ]);
    const outcomes = await Promise.all(watches.map(async (watch) => (await results.result(watch.id)).outcome));
    expect(outcomes).toEqual([...jobs.map(() => 'done'), 'error', 'timeout']);

    const leaky = await queue.result('quoting-vendor', 'leaky');
    expect(leaky?.outcome === 'error' && leaky.error.message).toBe(
      `login failed: ${secrets.map(() => '***').join(' ')} password=***`,
    );
    const keys = await scanRedis(fixture.client);
    expect(keys.filter(({ key }) => key.startsWith(`${prefix}:`)).length).toBeGreaterThan(10);
    const forms = secrets.flatMap((secret) => secretForms(secret));
    expect(keysHolding(keys, forms)).toEqual([]);
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.filter((line) => forms.some((form) => line.includes(form)))).toEqual([]);
  }, 60_000);
});
