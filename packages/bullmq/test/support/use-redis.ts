// One redis-server per test file: started before its tests, stopped after them, with a client for
// reading keys and a list of what each test opened (queues, workers), closed after it, last first.
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll } from 'vitest';
import {
  createWatchQueue,
  createWatchWorker,
  type WatchQueue,
  type WatchWorker,
  type WatchWorkerOptions,
} from '../../src/index.js';
import { type RedisServer, startRedis } from './redis-server.js';
import { collectResults, type ResultCollector, uniquePrefix } from './results.js';

/** What `useRedis()` gives the tests of a file. */
export interface RedisFixture {
  /** The server (set once `beforeAll` ran). */
  readonly redis: RedisServer;
  /** A client of it, for reading and planting keys. */
  readonly client: Redis;
  /** Closed after each test, last first. */
  readonly closers: Array<() => Promise<void>>;
  /**
   * A queue, a result collector and (unless `sources` is undefined) a watch worker, under a prefix of
   * their own, closed after the test; `startWorker` adds workers later. `options.connection` (default:
   * the server) and `options.logger` serve all three; the other options go to the workers.
   */
  follow(sources?: WatchWorkerOptions['sources'], options?: Partial<WatchWorkerOptions>): Following;
}

/** What `follow()` started. */
export interface Following {
  prefix: string;
  queue: WatchQueue;
  results: ResultCollector;
  /** The worker polling the sources given, if any. */
  worker: WatchWorker | undefined;
  /** Starts another worker under the same prefix (more options on top of `follow`'s). */
  startWorker(sources: WatchWorkerOptions['sources'], more?: Partial<WatchWorkerOptions>): WatchWorker;
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
    follow(sources, options = {}) {
      const connection = options.connection ?? started(redis).connection;
      const { logger } = options;
      const prefix = uniquePrefix();
      const queue = createWatchQueue({ connection, prefix, logger });
      closers.push(() => queue.close());
      const results = collectResults(connection, prefix);
      closers.push(() => results.close());
      const startWorker = (workerSources: WatchWorkerOptions['sources'], more: Partial<WatchWorkerOptions> = {}) => {
        const worker = createWatchWorker({ ...options, ...more, connection, prefix, sources: workerSources });
        closers.push(() => worker.close());
        return worker;
      };
      const worker = sources ? startWorker(sources) : undefined;
      return { prefix, queue, results, worker, startWorker };
    },
  };
}
