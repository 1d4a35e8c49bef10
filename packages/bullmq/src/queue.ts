// Adding watches: one BullMQ queue per vendor (`watch-<vendor>`), a watch = one job whose id is the
// watch id, so adding the same vendor job twice is a no-op (BullMQ ignores a job id it already has).
import { randomUUID } from 'node:crypto';
import { createWaitState, type VendorId } from '@jobwire/core';
import { Queue } from 'bullmq';
import { watchJobOptions } from './defaults.js';
import { logWarning } from './log.js';
import type { Watch, WatchData, WatchOptions, WatchQueue, WatchQueueOptions, WatchRef, WatchResult } from './types.js';
import { DEFAULT_PREFIX, RESULTS_QUEUE, watchId, watchQueueName } from './watch-id.js';

/** The format tag of `WatchData` this version writes and reads. */
export const WATCH_FORMAT = 'jobwire-watch/1';

/** A watch job's name: `watch` and a nonce, so `watch()` can tell its own job from one that was there. */
const jobName = () => `watch ${randomUUID()}`;

/**
 * Adds durable watches and reads their results. Nothing is written until `watch()` is called; each
 * vendor's queue is opened on first use and closed by `close()`.
 *
 * @example
 * ```ts
 * import { createWatchQueue } from '@jobwire/bullmq';
 *
 * const watches = createWatchQueue({ connection: { host: '127.0.0.1', port: 6379 } });
 * const watch = await watches.watch('alteryx-server', '6a1f0c', { timeoutMs: 3_600_000 });
 * // … any worker with an alteryx-server source polls it; later:
 * const result = await watches.result('alteryx-server', '6a1f0c');
 * await watches.close();
 * ```
 */
export function createWatchQueue(options: WatchQueueOptions): WatchQueue {
  const prefix = options.prefix ?? DEFAULT_PREFIX;
  const queues = new Map<string, Queue<WatchData, WatchResult>>();
  let results: Queue<WatchResult, void> | undefined;
  let closed = false;

  const queueOf = (vendor: VendorId): Queue<WatchData, WatchResult> => {
    if (closed) throw new Error('@jobwire/bullmq: this watch queue is closed');
    const name = watchQueueName(vendor);
    let queue = queues.get(name);
    if (!queue) {
      queue = openQueue<WatchData, WatchResult>(name);
      queues.set(name, queue);
    }
    return queue;
  };

  function openQueue<Data, Result>(name: string): Queue<Data, Result> {
    const queue = new Queue<Data, Result>(name, { connection: options.connection, prefix });
    // Without a listener an 'error' event (Redis unreachable) would be thrown by the EventEmitter.
    queue.on('error', (error) => logWarning(options.logger, `${name}: Redis error`, error));
    return queue;
  }

  return {
    async watch(vendor: VendorId, ref: WatchRef, watchOptions: WatchOptions = {}): Promise<Watch> {
      // Everything is checked before anything is written.
      const id = watchId(vendor, ref);
      const state = createWaitState(vendor, ref, watchOptions);
      const data: WatchData = { format: WATCH_FORMAT, state };
      const queue = queueOf(vendor);
      const name = jobName();
      await queue.add(name, data, { ...watchJobOptions, jobId: id });
      // BullMQ answers a known id with that id and writes nothing: the stored job's name says whose it is.
      const stored = await queue.getJob(id);
      return { id, vendor, ref, created: stored?.name === name };
    },

    async result(vendor: VendorId, ref: WatchRef): Promise<WatchResult | undefined> {
      const id = watchId(vendor, ref);
      const job = await queueOf(vendor).getJob(id);
      if (job?.finishedOn && isResult(job.returnvalue)) return job.returnvalue;
      // The worker adds the result job just before the watch job completes: it may be there first.
      results ??= openQueue<WatchResult, void>(RESULTS_QUEUE);
      const delivered = await results.getJob(id);
      return isResult(delivered?.data) ? delivered.data : undefined;
    },

    async close(): Promise<void> {
      closed = true;
      await Promise.all([...queues.values(), ...(results ? [results] : [])].map((queue) => queue.close()));
      queues.clear();
      results = undefined;
    },
  };
}

/** A stored value that is a watch result (a job's return value or data, read back from Redis). */
function isResult(value: unknown): value is WatchResult {
  return typeof value === 'object' && value !== null && typeof (value as { outcome?: unknown }).outcome === 'string';
}
