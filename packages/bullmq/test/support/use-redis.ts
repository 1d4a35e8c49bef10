// One redis-server per test file: started before its tests, stopped after them, with a client for
// reading keys and a list of what each test opened (queues, workers), closed after it, last first.
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { type RedisServer, startRedis } from './redis-server.js';

/** What `useRedis()` gives the tests of a file. */
export interface RedisFixture {
  /** The server (set once `beforeAll` ran). */
  readonly redis: RedisServer;
  /** A client of it, for reading and planting keys. */
  readonly client: Redis;
  /** Closed after each test, last first. */
  readonly closers: Array<() => Promise<void>>;
}

/** Call inside a `describe`: registers the hooks and returns the fixture. */
export function useRedis(): RedisFixture {
  let redis: RedisServer | undefined;
  let client: Redis | undefined;
  const closers: Array<() => Promise<void>> = [];
  beforeAll(async () => {
    redis = await startRedis({ appendOnly: false });
    client = new Redis({ ...redis.connection, maxRetriesPerRequest: null });
  });
  afterEach(async () => {
    for (const close of closers.splice(0).reverse()) await close();
  });
  afterAll(async () => {
    client?.disconnect();
    await redis?.stop();
  });
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('useRedis: the server starts in beforeAll');
    return value;
  };
  return {
    get redis() {
      return started(redis);
    },
    get client() {
      return started(client);
    },
    closers,
  };
}
