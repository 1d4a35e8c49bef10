// Delivering results: a BullMQ Worker on `watch-results`. At least once: a handler that throws gives
// the result back, retried with backoff (`RESULT_ATTEMPTS`); handlers must therefore be idempotent.
import { type Job, Worker } from 'bullmq';
import { workerConnection } from './connection.js';
import { lockSettings } from './defaults.js';
import { logWarning } from './log.js';
import type { ResultWorker, ResultWorkerOptions, WatchResult } from './types.js';
import { DEFAULT_PREFIX, RESULTS_QUEUE } from './watch-id.js';

/**
 * Calls `handle` once per finished watch (at least once: it must be idempotent), from any process;
 * results wait in Redis while no result worker runs.
 * @throws TypeError without a `handle` function; RangeError for a concurrency that is not a whole number above 0, or a lock under 1 s.
 *
 * @example
 * ```ts
 * import { createResultWorker } from '@jobwire/bullmq';
 *
 * const results = createResultWorker({
 *   connection: { host: '127.0.0.1', port: 6379 },
 *   async handle(result) {
 *     if (result.outcome === 'done') await markFinished(result.vendor, result.ref, result.status.state);
 *   },
 * });
 * ```
 */
export function createResultWorker(options: ResultWorkerOptions): ResultWorker {
  const { handle, logger } = options;
  if (typeof handle !== 'function') throw new TypeError('@jobwire/bullmq: createResultWorker needs a handle(result) function');
  const concurrency = options.concurrency ?? 1;
  if (!(Number.isInteger(concurrency) && concurrency >= 1)) {
    throw new RangeError(`@jobwire/bullmq: concurrency must be a whole number, 1 or more, got ${concurrency}`);
  }
  const locks = lockSettings(options.lockDurationMs);
  const worker = new Worker<WatchResult, void>(RESULTS_QUEUE, (job: Job<WatchResult, void>) => handle(job.data), {
    connection: workerConnection(options.connection),
    prefix: options.prefix ?? DEFAULT_PREFIX,
    concurrency,
    ...locks,
  });
  worker.on('error', (error) => logWarning(logger, `${RESULTS_QUEUE}: worker error`, error));
  worker.on('failed', (job, error) =>
    logWarning(
      logger,
      `${RESULTS_QUEUE}: the handler threw for watch ${job?.id ?? '?'} (attempt ${job?.attemptsMade ?? '?'})`,
      error,
    ),
  );
  return {
    async ready() {
      await worker.waitUntilReady();
    },
    async close() {
      await worker.close();
    },
  };
}
