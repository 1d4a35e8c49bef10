// The BullMQ settings every watch and result gets: how long finished ones are kept, how often an
// infrastructure failure is retried. One place, so the queue, the worker and the README agree.
import type { JobsOptions } from 'bullmq';

/**
 * How long BullMQ keeps a finished watch job (with its result as return value, which `result()`
 * reads) and a handled result: 24 hours, and at most the newest 10,000 of each queue. BullMQ evicts
 * on a best-effort basis when another job finishes, so they may stay longer, never more than that many.
 */
export const FINISHED_RETENTION = { ageSeconds: 86_400, count: 10_000 } as const;

/**
 * How long a watch or result job that failed for good (Redis or the handler kept failing through
 * every attempt) is kept in its queue's failed set for inspection: 7 days, at most 10,000.
 */
export const FAILED_RETENTION = { ageSeconds: 604_800, count: 10_000 } as const;

/**
 * Attempts of a watch job when a poll's bookkeeping fails unexpectedly (Redis trouble: not a vendor
 * error, those are the wait's own business), with exponential backoff from 1 s (the last about 8.5
 * minutes after the first).
 */
export const WATCH_ATTEMPTS = 10;

/** Attempts to deliver one result to a result handler that throws, with exponential backoff from 1 s (the last about 34 minutes after the first). */
export const RESULT_ATTEMPTS = 12;

/**
 * How many times a watch may be taken back from a worker that stopped renewing its lock (killed,
 * frozen) before BullMQ gives up on it: high, since a long watch can outlive many worker restarts.
 */
export const MAX_STALLED_COUNT = 100;

/** Polls in flight at once per vendor in one worker, unless `limits[vendor].concurrency` says otherwise. */
export const DEFAULT_CONCURRENCY = 10;

/** How long a poll may hold a watch before another worker may take it (BullMQ's lock, renewed while the poll runs). */
export const DEFAULT_LOCK_DURATION_MS = 30_000;

/**
 * BullMQ's lock settings of a worker, from `lockDurationMs`: a job whose worker died (killed, frozen)
 * is looked for as often as a lock may last, so it is taken over within about 2 × `lockDurationMs`,
 * and may be taken back `MAX_STALLED_COUNT` times. Watch and result workers alike: a result is
 * delivered at least once even when the processes handling it keep dying.
 * @throws RangeError for a lock under 1 s or not finite.
 */
export function lockSettings(lockDurationMs: number = DEFAULT_LOCK_DURATION_MS) {
  if (!(Number.isFinite(lockDurationMs) && lockDurationMs >= 1000)) {
    throw new RangeError(
      `@jobwire/bullmq: lockDurationMs must be a finite number of milliseconds, 1000 or more, got ${lockDurationMs}`,
    );
  }
  return { lockDuration: lockDurationMs, stalledInterval: lockDurationMs, maxStalledCount: MAX_STALLED_COUNT };
}

const finished = { age: FINISHED_RETENTION.ageSeconds, count: FINISHED_RETENTION.count };
const failed = { age: FAILED_RETENTION.ageSeconds, count: FAILED_RETENTION.count };

/** BullMQ options of a new watch job (its id is added by the queue). */
export const watchJobOptions: JobsOptions = {
  attempts: WATCH_ATTEMPTS,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: finished,
  removeOnFail: failed,
};

/** BullMQ options of a result job (its id is the watch's). */
export const resultJobOptions: JobsOptions = {
  attempts: RESULT_ATTEMPTS,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: finished,
  removeOnFail: failed,
};
