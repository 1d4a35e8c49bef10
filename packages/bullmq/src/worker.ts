// Polling watches: one BullMQ Worker per vendor with a source, whose processor is ONE poll of one
// watch (BullMQ's "process step jobs" pattern). The wait itself is core's `stepWait`, the same step
// `waitForJob` takes, so a watch polls on the same schedule, honours `Retry-After` and its deadline
// and tolerates the same run of transient errors; between polls the watch is a delayed job in Redis
// (`job.updateData`, `job.moveToDelayed(ts, token)`, `throw new DelayedError()`), owned by no process.
import { type PollOutcome, stepWait, type VendorId } from '@jobwire/core';
import { MAX_TIMER_DELAY_MS } from '@jobwire/core/internal';
import { DelayedError, type Job, Queue, UnrecoverableError, Worker } from 'bullmq';
import { isClient, workerConnection } from './connection.js';
import { DEFAULT_CONCURRENCY, lockSettings, resultJobOptions } from './defaults.js';
import { UnknownVendorError } from './errors.js';
import { logDebug, logWarning } from './log.js';
import { WATCH_FORMAT } from './queue.js';
import { doneResult, errorResult, storedStatus, timeoutResult } from './result.js';
import type { StatusReader, VendorLimits, WatchData, WatchResult, WatchWorker, WatchWorkerOptions } from './types.js';
import { checkVendor, DEFAULT_PREFIX, RESULTS_QUEUE, watchQueueName } from './watch-id.js';

type WatchJob = Job<WatchData, WatchResult>;

/**
 * Starts polling the watches of every vendor in `sources`: a watch whose vendor has no source here is
 * never taken by this worker (it waits for a worker that has one). Each poll's outcome goes through
 * core's `stepWait`; a finished watch's `WatchResult` becomes the watch job's return value and a job
 * of the `watch-results` queue (`createResultWorker`). Options are checked before anything connects.
 *
 * @throws RangeError for limits or durations that cannot be valid, or no source at all;
 * TypeError for a source without `getJobStatus` or a shared ioredis client without
 * `maxRetriesPerRequest: null`; UnknownVendorError for `limits` of a vendor without a source.
 *
 * @example
 * ```ts
 * import { createWatchWorker } from '@jobwire/bullmq';
 * import { createAlteryxServerClient } from '@jobwire/alteryx-server';
 *
 * const client = createAlteryxServerClient({ baseUrl, clientId, clientSecret });
 * const worker = createWatchWorker({
 *   connection: { host: '127.0.0.1', port: 6379 },
 *   sources: { 'alteryx-server': client },
 *   limits: { 'alteryx-server': { concurrency: 20, rate: { max: 50, durationMs: 1000 } } },
 * });
 * process.once('SIGTERM', () => void worker.close());
 * ```
 */
export function createWatchWorker(options: WatchWorkerOptions): WatchWorker {
  const sources = checkedSources(options);
  checkSharedConnection(options.connection);
  const locks = lockSettings(options.lockDurationMs);
  const limits = new Map<VendorId, ReturnType<typeof checkedLimits>>();
  for (const [vendor, vendorLimits] of Object.entries(options.limits ?? {})) {
    if (vendorLimits === undefined) continue;
    if (!sources.has(vendor)) throw new UnknownVendorError(vendor, 'createWatchWorker', `${vendor}: limits given, but no source`);
    limits.set(vendor, checkedLimits(vendor, vendorLimits));
  }

  const { logger } = options;
  const random = options.random ?? Math.random;
  const prefix = options.prefix ?? DEFAULT_PREFIX;
  const connection = workerConnection(options.connection);
  const results = new Queue<WatchResult, void>(RESULTS_QUEUE, { connection, prefix });
  results.on('error', (error) => logWarning(logger, `${RESULTS_QUEUE}: Redis error`, error));

  /** Records a finished watch: a result job (same id: a second delivery after a crash adds nothing), and the return value. */
  const finish = async (job: WatchJob, result: WatchResult): Promise<WatchResult> => {
    await results.add('result', result, { ...resultJobOptions, jobId: result.id });
    if (logger?.debug)
      logDebug(logger, `${result.vendor} watch ${result.id}: ${result.outcome} after ${result.polls} polls`, {
        id: result.id,
        vendor: result.vendor,
        outcome: result.outcome,
        polls: result.polls,
      });
    if (result.outcome !== 'done')
      logWarning(logger, `${result.vendor} watch ${result.id}: ${result.outcome}`, result.error, { id: job.id });
    return result;
  };

  const pollOnce =
    (source: StatusReader) =>
    async (job: WatchJob, token?: string): Promise<WatchResult> => {
      const { data } = job;
      const id = job.id;
      if (id === undefined || data?.format !== WATCH_FORMAT || typeof data.state !== 'object' || data.state === null) {
        // Not a watch this version can read: retrying would not help.
        throw new UnrecoverableError(`@jobwire/bullmq: job ${id} of ${job.queueName} is not a ${WATCH_FORMAT} watch`);
      }
      const { state } = data;
      // A watch taken up after its deadline (every worker was down) ends without a poll, as waitForJob's
      // deadline timer would have ended it.
      const remaining = state.deadline === undefined ? undefined : state.deadline - Date.now();
      if (remaining !== undefined && remaining <= 0) return finish(job, timeoutResult(id, state));

      // The poll may not outlast the watch's deadline (as in waitForJob); close() lets it finish. A
      // deadline beyond what a timer can hold (~24.8 days) cannot cut this poll short anyway.
      const deadline = remaining === undefined || remaining > MAX_TIMER_DELAY_MS ? undefined : AbortSignal.timeout(remaining);
      let outcome: PollOutcome;
      try {
        outcome = { status: await source.getJobStatus(state.ref, deadline ? { signal: deadline } : {}) };
      } catch (error) {
        if (deadline?.aborted) return finish(job, timeoutResult(id, state));
        outcome = { error };
      }
      const now = Date.now();
      const step = stepWait(state, outcome, now, random);
      const next = step.state.last ? { ...step.state, last: storedStatus(step.state.last) } : step.state;
      switch (step.kind) {
        case 'done':
          return finish(job, doneResult(id, next, step.status));
        case 'timeout':
          return finish(job, timeoutResult(id, next));
        case 'fail':
          return finish(job, errorResult(id, next, step.error));
        case 'poll': {
          await job.updateData({ format: WATCH_FORMAT, state: next });
          await job.moveToDelayed(now + step.delayMs, token);
          if (logger?.debug)
            logDebug(logger, `${state.vendor} watch ${id}: poll ${next.polls}, next in ${Math.round(step.delayMs)} ms`, {
              id,
              vendor: state.vendor,
              poll: next.polls,
              state: next.last?.state,
              error: 'error' in outcome ? (outcome.error as Error)?.name : undefined,
              delayMs: step.delayMs,
              delayReason: step.delayReason,
            });
          // Tells BullMQ the job was moved to delayed: neither completed nor failed.
          throw new DelayedError();
        }
      }
    };

  /** Error results being added after a watch failed for good (close() waits for them). */
  const pending = new Set<Promise<unknown>>();
  const workers = [...sources].map(([vendor, source]) => {
    const name = watchQueueName(vendor);
    const vendorLimits = limits.get(vendor);
    const worker = new Worker<WatchData, WatchResult>(name, pollOnce(source), {
      connection,
      prefix,
      concurrency: vendorLimits?.concurrency ?? DEFAULT_CONCURRENCY,
      ...(vendorLimits?.rate ? { limiter: { max: vendorLimits.rate.max, duration: vendorLimits.rate.durationMs } } : {}),
      ...locks,
    });
    worker.on('error', (error) => logWarning(logger, `${name}: worker error`, error));
    worker.on('failed', (job, error) => {
      logWarning(logger, `${name}: watch ${job?.id ?? '?'} failed (attempt ${job?.attemptsMade ?? '?'})`, error);
      if (job?.id !== undefined && isWatchData(job.data) && failedForGood(job, error)) {
        // Every attempt failed (not the vendor: Redis, or a status that cannot be stored): the watch
        // still ends with a result, an `error` one, so whoever waits for it hears of it.
        const added = finish(job, errorResult(job.id, job.data.state, error)).catch((addError: unknown) =>
          logWarning(logger, `${name}: the error result of watch ${job.id} could not be added`, addError),
        );
        pending.add(added);
        void added.finally(() => pending.delete(added));
      }
    });
    return worker;
  });

  let closing: Promise<void> | undefined;
  return {
    async ready() {
      await Promise.all([...workers.map((worker) => worker.waitUntilReady()), results.waitUntilReady()]);
    },
    close() {
      closing ??= (async () => {
        // Workers first: their polls in flight finish (rescheduled or completed, results added), then the results queue.
        await Promise.all(workers.map((worker) => worker.close()));
        await Promise.all(pending);
        await results.close();
      })();
      return closing;
    },
  };
}

/**
 * A shared ioredis client must not give up on a command while Redis is away (BullMQ's rule for
 * workers, which it enforces by throwing halfway through): refused here, before anything starts.
 */
function checkSharedConnection(connection: WatchWorkerOptions['connection']): void {
  if (connection === null || typeof connection !== 'object' || !isClient(connection)) return; // options: see workerConnection
  const retries = (connection as { options?: { maxRetriesPerRequest?: unknown } }).options?.maxRetriesPerRequest;
  if (retries !== null && retries !== undefined) {
    throw new TypeError(
      `@jobwire/bullmq: a watch worker's shared Redis client needs maxRetriesPerRequest: null (BullMQ's rule for workers), got ${String(retries)}`,
    );
  }
}

/** Job data this version can poll. */
function isWatchData(data: unknown): data is WatchData {
  const { format, state } = (data ?? {}) as Partial<WatchData>;
  return format === WATCH_FORMAT && typeof state === 'object' && state !== null;
}

/** The job failed its last attempt, or with an error BullMQ does not retry. */
function failedForGood(job: WatchJob, error: Error): boolean {
  return (
    error instanceof UnrecoverableError || error?.name === 'UnrecoverableError' || job.attemptsMade >= (job.opts.attempts ?? 1)
  );
}

/** The sources as a map, every vendor id and source checked. */
function checkedSources(options: WatchWorkerOptions): Map<VendorId, StatusReader> {
  const sources = new Map<VendorId, StatusReader>();
  if (options.sources === null || typeof options.sources !== 'object') {
    throw new TypeError('@jobwire/bullmq: sources must be an object of status readers by vendor id');
  }
  for (const [vendor, source] of Object.entries(options.sources)) {
    if (source === undefined) continue;
    checkVendor(vendor);
    if (typeof source?.getJobStatus !== 'function') {
      throw new TypeError(`@jobwire/bullmq: the source of ${vendor} has no getJobStatus method`);
    }
    sources.set(vendor, source);
  }
  if (sources.size === 0) throw new RangeError('@jobwire/bullmq: a watch worker needs a source for at least one vendor');
  return sources;
}

/** A vendor's limits checked: whole numbers above 0, a finite duration. */
function checkedLimits(vendor: VendorId, limits: VendorLimits): VendorLimits {
  const { concurrency, rate } = limits;
  if (concurrency !== undefined && !(Number.isInteger(concurrency) && concurrency >= 1)) {
    throw new RangeError(`@jobwire/bullmq: ${vendor} concurrency must be a whole number, 1 or more, got ${concurrency}`);
  }
  if (rate !== undefined) {
    if (!(Number.isInteger(rate.max) && rate.max >= 1)) {
      throw new RangeError(`@jobwire/bullmq: ${vendor} rate.max must be a whole number, 1 or more, got ${rate.max}`);
    }
    if (!(Number.isFinite(rate.durationMs) && rate.durationMs > 0)) {
      throw new RangeError(
        `@jobwire/bullmq: ${vendor} rate.durationMs must be a finite number of milliseconds above 0, got ${rate.durationMs}`,
      );
    }
  }
  return limits;
}
