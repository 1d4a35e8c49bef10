import { fork } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createResultWorker, createWatchQueue, createWatchWorker, type WatchResult } from '../src/index.js';
import { fakeSource } from './support/fake-source.js';
import { redisServerPath } from './support/redis-server.js';
import { collectResults, uniquePrefix } from './support/results.js';
import { useRedis } from './support/use-redis.js';
import { assertBuilt } from './support/worker-process.js';

// Results reach the user at least once: a handler that throws gets the same result again.
describe.skipIf(!redisServerPath)('result worker', () => {
  const fixture = useRedis();
  const { closers } = fixture;

  it('delivers a result again after the handler threw, and warns through the logger, redacted', async () => {
    const prefix = uniquePrefix();
    const source = fakeSource();
    source.script('job-1', ['queued', 'succeeded']);
    const queue = createWatchQueue({ connection: fixture.redis.connection, prefix });
    closers.push(() => queue.close());
    const worker = createWatchWorker({ connection: fixture.redis.connection, prefix, sources: { [source.vendor]: source } });
    closers.push(() => worker.close());
    await worker.ready();

    const deliveries: WatchResult[] = [];
    const warnings: Array<{ message: string; meta: unknown }> = [];
    let handled: (result: WatchResult) => void = () => {};
    const done = new Promise<WatchResult>((resolve) => {
      handled = resolve;
    });
    const results = createResultWorker({
      connection: fixture.redis.connection,
      prefix,
      logger: { warn: (message, meta) => warnings.push({ message, meta }) },
      async handle(result) {
        deliveries.push(result);
        if (deliveries.length === 1) throw new Error('database down, password=hunter2-secret');
        handled(result);
      },
    });
    closers.push(() => results.close());
    await results.ready();

    const watch = await queue.watch(source.vendor, 'job-1', { minDelayMs: 20, maxDelayMs: 50 });
    const result = await done;
    expect(deliveries).toHaveLength(2);
    expect(deliveries[0]).toEqual(deliveries[1]);
    expect(result.id).toBe(watch.id);
    expect(result.outcome).toBe('done');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.message).toBe(`watch-results: the handler threw for watch ${watch.id} (attempt 1)`);
    expect(warnings[0]?.meta).toEqual({ error: { name: 'Error', message: 'database down, password=***' } });
  }, 30_000);

  it('delivers a result whose consumers were killed mid-delivery twice, to the next one (at least once)', async () => {
    assertBuilt(['core', 'bullmq']);
    const prefix = uniquePrefix();
    const source = fakeSource();
    source.script('job-1', ['succeeded']);
    const queue = createWatchQueue({ connection: fixture.redis.connection, prefix });
    closers.push(() => queue.close());
    const worker = createWatchWorker({ connection: fixture.redis.connection, prefix, sources: { [source.vendor]: source } });
    closers.push(() => worker.close());
    const watch = await queue.watch(source.vendor, 'job-1', { minDelayMs: 20 });

    // Two consumers in turn take the result and die holding it (SIGKILL: no lock released).
    const script = fileURLToPath(new URL('./support/result-process.mjs', import.meta.url));
    for (let killed = 0; killed < 2; killed++) {
      const child = fork(script, ['--redis-port', String(fixture.redis.port), '--prefix', prefix], {
        execArgv: [],
        stdio: 'ignore',
      });
      const [message] = (await once(child, 'message')) as [{ type: string; id?: string }];
      const handling = message.type === 'handling' ? message : ((await once(child, 'message'))[0] as { id?: string });
      expect(handling.id).toBe(watch.id);
      const exited = once(child, 'exit');
      child.kill('SIGKILL');
      await exited;
    }
    // The third gets it once BullMQ finds it stalled (lock 1 s): BullMQ's default would have failed it
    // for good at the second stall ("job stalled more than allowable limit").
    const collector = collectResults(fixture.redis.connection, prefix, { lockDurationMs: 1000 });
    closers.push(() => collector.close());
    const result = await collector.result(watch.id);
    expect(result.outcome).toBe('done');
    expect(result.outcome === 'done' && result.status.state).toBe('succeeded');
  }, 30_000);

  it('refuses a missing handler or a bad concurrency before connecting', () => {
    const connection = fixture.redis.connection;
    expect(() => createResultWorker({ connection } as never)).toThrow(TypeError);
    expect(() => createResultWorker({ connection, handle: async () => {}, concurrency: 0 })).toThrow(RangeError);
    expect(() => createResultWorker({ connection, handle: async () => {}, concurrency: 1.5 })).toThrow(RangeError);
  });
});
