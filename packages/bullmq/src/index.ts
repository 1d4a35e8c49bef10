// @jobwire/bullmq: durable waits on BullMQ and Redis (see README.md).
export {
  DEFAULT_CONCURRENCY,
  DEFAULT_LOCK_DURATION_MS,
  FAILED_RETENTION,
  FINISHED_RETENTION,
  MAX_STALLED_COUNT,
  RESULT_ATTEMPTS,
  WATCH_ATTEMPTS,
} from './defaults.js';
export { UnknownVendorError } from './errors.js';
export { createWatchQueue, WATCH_FORMAT } from './queue.js';
export { createResultWorker } from './results.js';
export type {
  RedisOptions,
  ResultWorker,
  ResultWorkerOptions,
  StatusReader,
  VendorLimits,
  Watch,
  WatchData,
  WatchError,
  WatchOptions,
  WatchQueue,
  WatchQueueOptions,
  WatchRef,
  WatchResult,
  WatchResultBase,
  WatchWorker,
  WatchWorkerOptions,
} from './types.js';
export { DEFAULT_PREFIX, RESULTS_QUEUE, watchId, watchQueueName } from './watch-id.js';
export { createWatchWorker } from './worker.js';
