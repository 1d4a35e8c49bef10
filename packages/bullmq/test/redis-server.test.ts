import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RedisServer, redisServerPath, startRedis } from './support/redis-server.js';

// The harness itself: a key written before a SIGKILL is there after the restart (append-only, fsync always).
describe.skipIf(!redisServerPath)('redis-server harness', () => {
  let redis: RedisServer;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await redis?.stop();
  });

  it('keeps a write across a SIGKILL and restart on the same port', async () => {
    const client = new Redis({ ...redis.connection, lazyConnect: true, maxRetriesPerRequest: null });
    await client.connect();
    try {
      await client.set('jobwire:test', 'kept');
      await redis.restart();
      expect(await client.get('jobwire:test')).toBe('kept');
    } finally {
      client.disconnect();
    }
  });
});
