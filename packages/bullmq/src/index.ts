// @jobwire/bullmq: durable waits on BullMQ and Redis (see README.md).
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
