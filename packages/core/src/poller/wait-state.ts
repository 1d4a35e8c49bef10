/**
 * A wait as data: a small serializable state and a pure step function. `waitForJob` drives it in
 * one process with timers; `@jobwire/bullmq` drives the same state across processes with delayed
 * jobs in Redis. Both therefore poll on exactly the same schedule, honour `Retry-After` and the
 * deadline the same way, and tolerate the same run of transient errors.
 */
import { isTransientError, WaitTimeoutError } from '../errors.js';
import { retryAfterOf } from '../retry.js';
import type { JobStatus, VendorId } from '../status.js';

/** A job status as a wait keeps it: everything but the raw answer, so the state stays small and serializable. */
export type WaitStatus = Omit<JobStatus, 'raw'>;

/** Why the next poll is as far away as it is (see `PollEvent.delayReason`). */
export type DelayReason = 'schedule' | 'retry-after' | 'error' | 'deadline';

/** The schedule a wait follows, resolved from `WaitOptions` (defaults filled in, validated). */
export interface WaitSchedule {
  /** Smallest delay between polls, ms. */
  minDelayMs: number;
  /** Largest delay between polls, ms; a longer `Retry-After` is cut to it. */
  maxDelayMs: number;
  /** Transient errors in a row tolerated before the wait fails with the last one. */
  maxConsecutiveErrors: number;
}

/**
 * Where a wait is: plain JSON (numbers, strings, booleans and the job ref), so it can be stored and
 * resumed by another process. Never holds a raw answer, a credential or a function.
 */
export interface WaitState<Ref = unknown> {
  /** The vendor whose job is awaited. */
  vendor: VendorId;
  /** The job reference the vendor's `getJobStatus` takes. */
  ref: Ref;
  /** Polls made so far (0 before the first). */
  polls: number;
  /** When the wait started, ms since the epoch. */
  startedAt: number;
  /** When the wait gives up, ms since the epoch; absent: it waits for ever. */
  deadline?: number;
  /** Failed polls in a row (reset by a poll that answers). */
  consecutiveErrors: number;
  /** The next poll is the last look just before the deadline. */
  finalLook: boolean;
  /** The last status a poll returned, without its raw answer. */
  last?: WaitStatus;
  /** The schedule. */
  schedule: WaitSchedule;
}

/** What one poll gave: a status, or the error it threw. */
export type PollOutcome = { status: JobStatus } | { error: unknown };

/** What to do after a poll: stop with the final status, poll again after a delay, or give up. */
export type WaitStep<Ref = unknown> =
  | {
      /** The job reached a terminal state. */
      kind: 'done';
      /** The state after this poll. */
      state: WaitState<Ref>;
      /** The terminal status, as the poll returned it (raw answer included). */
      status: JobStatus;
      /** This status is the first, or its `state` or `vendorStatus` differs from the last one. */
      progressed: boolean;
    }
  | {
      /** Poll again after `delayMs`. */
      kind: 'poll';
      /** The state after this poll. */
      state: WaitState<Ref>;
      /** Milliseconds until the next poll. */
      delayMs: number;
      /** Why the delay is what it is. */
      delayReason: DelayReason;
      /** This poll returned a status that is the first or differs in `state` or `vendorStatus` from the last one. */
      progressed: boolean;
    }
  | {
      /** The deadline passed: the driver rejects with `waitTimeoutError(state, …)`. */
      kind: 'timeout';
      /** The state after this poll. */
      state: WaitState<Ref>;
      /** This poll returned a status that is the first or differs in `state` or `vendorStatus` from the last one. */
      progressed: boolean;
    }
  | {
      /** A non-transient error, or one transient error more than the schedule tolerates: the wait fails with it. */
      kind: 'fail';
      /** The state after this poll. */
      state: WaitState<Ref>;
      /** The poll's error. */
      error: unknown;
    };

/** The default shortest wait between two polls of `waitForJob` (1 s). */
export const DEFAULT_MIN_DELAY_MS = 1000;
/** The default longest wait between two polls of `waitForJob` (30 s). */
export const DEFAULT_MAX_DELAY_MS = 30_000;
/** How many failed polls in a row `waitForJob` survives before it rejects with the last error. */
export const DEFAULT_MAX_CONSECUTIVE_ERRORS = 5;

/** The options a wait's schedule and deadline are made from (a subset of `WaitOptions`). */
export interface WaitScheduleOptions {
  /** Give up after this long (default: wait for ever); above 0 and finite. */
  timeoutMs?: number | undefined;
  /** Smallest delay between polls (default 1 s); above 0 and finite. */
  minDelayMs?: number | undefined;
  /** Largest delay between polls (default 30 s, or `minDelayMs` if larger); at least `minDelayMs`. */
  maxDelayMs?: number | undefined;
  /** Transient errors in a row tolerated (default 5); a whole number, 0 or more. */
  maxConsecutiveErrors?: number | undefined;
}

/**
 * AWS waiter delay for the n-th wait (n ≥ 1): uniform in [min, min(min·2^(n−1), max)].
 */
export function waiterDelay(n: number, minDelayMs: number, maxDelayMs: number, random: () => number = Math.random): number {
  const ceiling = Math.max(minDelayMs, Math.min(maxDelayMs, minDelayMs * 2 ** Math.min(Math.max(n - 1, 0), 30)));
  return minDelayMs + random() * (ceiling - minDelayMs);
}

/**
 * A new wait for `ref`, before its first poll (which is due at once).
 * @throws RangeError when an option would make the wait spin or never end by mistake.
 */
export function createWaitState<Ref>(
  vendor: VendorId,
  ref: Ref,
  options: WaitScheduleOptions = {},
  now: number = Date.now(),
): WaitState<Ref> {
  const schedule = resolveWaitSchedule(options);
  const state: WaitState<Ref> = { vendor, ref, polls: 0, startedAt: now, consecutiveErrors: 0, finalLook: false, schedule };
  if (options.timeoutMs !== undefined) state.deadline = now + options.timeoutMs;
  return state;
}

/**
 * The wait's next step after one poll: pure (the state given is not changed; `now` and `random` are
 * the only inputs besides it), so any process can take it. A transient error (`isTransientError`)
 * within the schedule's budget polls again, after at least the server's `Retry-After` (cut to
 * `maxDelayMs`); the delay never reaches past the deadline: the last poll is a look just before it.
 */
export function stepWait<Ref>(
  state: WaitState<Ref>,
  outcome: PollOutcome,
  now: number = Date.now(),
  random: () => number = Math.random,
): WaitStep<Ref> {
  const { minDelayMs, maxDelayMs, maxConsecutiveErrors } = state.schedule;
  const next: WaitState<Ref> = { ...state, polls: state.polls + 1 };
  let progressed = false;
  let retryAfter: number | undefined;
  let failed = false;
  if ('status' in outcome) {
    const { status } = outcome;
    progressed = !state.last || state.last.state !== status.state || state.last.vendorStatus !== status.vendorStatus;
    next.consecutiveErrors = 0;
    next.last = withoutRaw(status);
    if (status.done) return { kind: 'done', state: next, status, progressed };
  } else {
    const { error } = outcome;
    next.consecutiveErrors = state.consecutiveErrors + 1;
    if (!isTransientError(error) || next.consecutiveErrors > maxConsecutiveErrors) return { kind: 'fail', state: next, error };
    // A Retry-After is honoured up to maxDelayMs: a server asking for days (or a date far ahead)
    // must not park the wait there, with or without a deadline.
    const asked = retryAfterOf(error);
    retryAfter = asked === undefined ? undefined : Math.min(asked, maxDelayMs);
    failed = true;
  }

  if (state.finalLook) return { kind: 'timeout', state: next, progressed };
  const scheduled = waiterDelay(next.polls, minDelayMs, maxDelayMs, random);
  let delayMs = Math.max(scheduled, retryAfter ?? 0);
  let delayReason: DelayReason = delayMs > scheduled ? 'retry-after' : failed ? 'error' : 'schedule';
  if (state.deadline !== undefined) {
    const remaining = state.deadline - now;
    if (remaining <= 0) return { kind: 'timeout', state: next, progressed };
    // Do not sleep past the deadline: take one last look just before it.
    if (delayMs >= remaining) {
      delayMs = Math.max(0, remaining - Math.min(minDelayMs, remaining / 2));
      delayReason = 'deadline';
      next.finalLook = true;
    }
  }
  return { kind: 'poll', state: next, delayMs, delayReason, progressed };
}

/**
 * The `WaitTimeoutError` a wait in `state` ends with: the last status is `lastStatus` when the driver
 * kept the whole one (raw answer included), else the state's own.
 */
export function waitTimeoutError(state: WaitState, lastStatus?: JobStatus | WaitStatus): WaitTimeoutError {
  const last = lastStatus ?? state.last;
  const timeoutMs = state.deadline === undefined ? 0 : state.deadline - state.startedAt;
  return new WaitTimeoutError(
    `${state.vendor}: job ${last?.id ?? describeRef(state.ref)} did not finish within ${timeoutMs} ms` +
      (last ? ` (last status: ${last.vendorStatus})` : ''),
    { vendor: state.vendor, operation: 'waitForJob', timeoutMs, lastStatus: last as JobStatus | undefined },
  );
}

/**
 * Fills in and checks a wait's schedule before anything is sent, as smithy's `util-waiter` does: a
 * delay of 0 polls in a busy loop, a NaN one is taken as 0.
 * @throws RangeError naming the option and the value given.
 */
export function resolveWaitSchedule(options: WaitScheduleOptions): WaitSchedule {
  const minDelayMs = options.minDelayMs ?? DEFAULT_MIN_DELAY_MS;
  const maxDelayMs = options.maxDelayMs ?? Math.max(minDelayMs, DEFAULT_MAX_DELAY_MS);
  const maxConsecutiveErrors = options.maxConsecutiveErrors ?? DEFAULT_MAX_CONSECUTIVE_ERRORS;
  const refuse = (what: string, value: unknown) =>
    new RangeError(`waitForJob: ${what}, got ${typeof value === 'number' ? value : JSON.stringify(value)}`);
  if (!(typeof minDelayMs === 'number' && minDelayMs > 0 && Number.isFinite(minDelayMs))) {
    throw refuse('minDelayMs must be a finite number of milliseconds above 0', minDelayMs);
  }
  if (!(typeof maxDelayMs === 'number' && maxDelayMs >= minDelayMs && Number.isFinite(maxDelayMs))) {
    throw refuse(`maxDelayMs must be finite and at least minDelayMs (${minDelayMs})`, maxDelayMs);
  }
  const { timeoutMs } = options;
  if (timeoutMs !== undefined && !(typeof timeoutMs === 'number' && timeoutMs > 0 && Number.isFinite(timeoutMs))) {
    throw refuse('timeoutMs must be a finite number of milliseconds above 0 (leave it out to wait for ever)', timeoutMs);
  }
  if (!(Number.isInteger(maxConsecutiveErrors) && maxConsecutiveErrors >= 0)) {
    throw refuse('maxConsecutiveErrors must be a whole number, 0 or more', maxConsecutiveErrors);
  }
  return { minDelayMs, maxDelayMs, maxConsecutiveErrors };
}

/** A status without its raw answer. */
function withoutRaw(status: JobStatus): WaitStatus {
  const { raw: _raw, ...rest } = status;
  return rest;
}

/** A job reference for a message: itself, or `name value` pairs of an object (Aspera's `{ workOrderId, stepId }`). */
export function describeRef(ref: unknown): string {
  if (ref === null || typeof ref !== 'object') return String(ref);
  const parts = Object.entries(ref)
    .filter(([, value]) => ['string', 'number', 'bigint'].includes(typeof value))
    .map(([name, value]) => `${name} ${String(value)}`);
  return parts.length > 0 ? parts.join(', ') : 'reference';
}
