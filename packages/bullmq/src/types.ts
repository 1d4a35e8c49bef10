// The public types of @jobwire/bullmq: what a watch is, what it ends with, and the options of the
// three parts (the queue that adds watches, the worker that polls them, the consumer of results).
import type { JobStatus, Logger, VendorId, WaitScheduleOptions, WaitState, WaitStatus } from '@jobwire/core';
import type { ConnectionOptions } from 'bullmq';

/**
 * A job reference a watch can hold: a string id (what `jobwire` takes), or a flat object of strings
 * and numbers (Aspera's `{ workOrderId, stepId }`). It is stored in Redis as JSON and names the watch.
 */
export type WatchRef = string | Readonly<Record<string, string | number>>;

/** Where the watches live: the Redis connection and the key prefix every queue of this package uses. */
export interface RedisOptions {
  /**
   * The Redis server: an ioredis connection (shared, the caller closes it) or options/URL BullMQ
   * connects with (this package opens and closes those connections itself).
   */
  connection: ConnectionOptions;
  /** Prefix of every Redis key (BullMQ's `prefix`; default `jobwire`). */
  prefix?: string | undefined;
}

/** How one watch polls: core's wait schedule (`timeoutMs`, `minDelayMs`, `maxDelayMs`, `maxConsecutiveErrors`). */
export interface WatchOptions extends WaitScheduleOptions {}

/** A watch as `watch()` returns it. */
export interface Watch {
  /** The watch's id: the same for the same vendor and ref (`watchId`). */
  readonly id: string;
  /** The vendor. */
  readonly vendor: VendorId;
  /** The job reference. */
  readonly ref: WatchRef;
  /** False when a watch of the same vendor job already existed: that one goes on, the options given now are ignored. */
  readonly created: boolean;
}

/** An error as a watch records it: redacted text and the fields that say what it was, no stack. */
export interface WatchError {
  /** The error's class name (`ServerError`, `WaitTimeoutError`, `UnknownVendorError`, …). */
  name: string;
  /** Its message, redacted. */
  message: string;
  /** The HTTP status, for an `ApiError`. */
  status?: number;
  /** The server's request id, when it sent one. */
  requestId?: string;
}

/** What every watch result says besides how it ended. */
export interface WatchResultBase {
  /** The watch's id. */
  id: string;
  /** The vendor. */
  vendor: VendorId;
  /** The job reference. */
  ref: WatchRef;
  /** Polls made. */
  polls: number;
  /** When the watch started, ms since the epoch. */
  startedAt: number;
  /** When it ended, ms since the epoch. */
  finishedAt: number;
}

/**
 * How a watch ended: `done` (the job reached a terminal state: `status.state` says which),
 * `timeout` (its `timeoutMs` passed: `error` is the `WaitTimeoutError`), or `error` (a non-transient
 * error, one transient error more than `maxConsecutiveErrors`, or no client for the vendor).
 * Statuses carry no raw answer: read the job again with the vendor's client for that.
 */
export type WatchResult = WatchResultBase &
  (
    | { outcome: 'done'; status: WaitStatus }
    | { outcome: 'timeout'; lastStatus?: WaitStatus; error: WatchError }
    | { outcome: 'error'; lastStatus?: WaitStatus; error: WatchError }
  );

/** What a watch job holds in Redis: core's wait state, nothing else (no credential, no raw answer). */
export interface WatchData {
  /** Format of this record. */
  format: 'jobwire-watch/1';
  /** Core's wait state (vendor, ref, polls, start, deadline, errors, last status without raw). */
  state: WaitState<WatchRef>;
}

/**
 * Something that reads a job's status: a vendor client (`JobSource`) or a `jobwire` session. (A
 * method, so a client typed for its own refs, `JobSource<string>`, is accepted.)
 */
export interface StatusReader {
  /** Reads the job's status once. */
  getJobStatus(ref: WatchRef, options?: { signal?: AbortSignal }): Promise<JobStatus>;
}

/** How fast one vendor's watches are polled, across every worker (BullMQ's limiter) and in each (concurrency). */
export interface VendorLimits {
  /** Polls in flight at once in one worker process (default 10). */
  concurrency?: number | undefined;
  /** At most `max` polls per `durationMs`, across all workers of the vendor (BullMQ's global rate limiter). */
  rate?: { max: number; durationMs: number } | undefined;
}

/** Options of `createWatchWorker`. */
export interface WatchWorkerOptions extends RedisOptions {
  /** The clients that read each vendor's jobs, by vendor id: a worker polls the watches of these vendors only. */
  sources: Readonly<Partial<Record<VendorId, StatusReader>>>;
  /** Limits per vendor. */
  limits?: Readonly<Partial<Record<VendorId, VendorLimits>>> | undefined;
  /** Redacted debug lines (each poll) and warnings (failed polls, Redis trouble). */
  logger?: Logger | undefined;
  /** How long a poll may hold a watch before BullMQ takes it for stalled and hands it to another worker (default 30 s). */
  lockDurationMs?: number | undefined;
  /** Jitter source for the schedule (tests pass a fixed one). */
  random?: (() => number) | undefined;
}

/** A running worker: polls due watches until closed. */
export interface WatchWorker {
  /** Resolves when its connections are ready. */
  ready(): Promise<void>;
  /** Stops taking watches, lets the polls in flight finish (each rescheduled or completed), then disconnects. */
  close(): Promise<void>;
}

/** Options of `createWatchQueue`. */
export interface WatchQueueOptions extends RedisOptions {
  /** Warnings (Redis trouble), redacted. */
  logger?: Logger | undefined;
}

/** Adds watches and reads them back. */
export interface WatchQueue {
  /**
   * Adds a durable watch of `ref` on `vendor`, polled by any worker that has a client for the vendor;
   * the first poll is due at once. The same vendor and ref while a watch of it exists: that watch.
   * @throws RangeError for options that would make the wait spin or never end; TypeError for a ref that is not a `WatchRef`.
   */
  watch(vendor: VendorId, ref: WatchRef, options?: WatchOptions): Promise<Watch>;
  /** A watch's result once it has one (kept while BullMQ keeps the completed watch), else undefined. */
  result(vendor: VendorId, ref: WatchRef): Promise<WatchResult | undefined>;
  /** Closes the queue's connections. */
  close(): Promise<void>;
}

/** Options of `createResultWorker`. */
export interface ResultWorkerOptions extends RedisOptions {
  /** Called once per finished watch, at least once: it must be idempotent. A throw gives the result back to be delivered again. */
  handle(result: WatchResult): Promise<void>;
  /** Results handled at once (default 1). */
  concurrency?: number | undefined;
  /** How long a handler may hold a result before BullMQ takes it for stalled and delivers it again, to any result worker (default 30 s). */
  lockDurationMs?: number | undefined;
  /** Warnings (a handler that threw). */
  logger?: Logger | undefined;
}

/** A running consumer of results. */
export interface ResultWorker {
  /** Resolves when its connections are ready. */
  ready(): Promise<void>;
  /** Stops taking results, lets the handlers in flight finish, then disconnects. */
  close(): Promise<void>;
}
