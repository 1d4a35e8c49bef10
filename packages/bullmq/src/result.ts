// What a finished watch says: a `WatchResult` made from the step that ended it. Everything in it goes
// to Redis (the watch's return value, the results queue), so it carries no raw answer and no stack,
// and every text has been through core's process-wide redactor.
import { sharedRedactor, type WaitState, type WaitStatus, waitTimeoutError } from '@jobwire/core';
import type { WatchError, WatchRef, WatchResult, WatchResultBase } from './types.js';

/**
 * An error as a watch records it: its class name, its message redacted, the HTTP status and the
 * server's request id when it has them; no stack, no body, no headers.
 */
export function toWatchError(error: unknown): WatchError {
  const redactor = sharedRedactor();
  if (!(error instanceof Error)) return { name: 'Error', message: redactor.text(String(error)) };
  const watchError: WatchError = { name: error.name || 'Error', message: redactor.text(error.message) };
  const { status, requestId } = error as { status?: unknown; requestId?: unknown };
  if (typeof status === 'number') watchError.status = status;
  if (typeof requestId === 'string') watchError.requestId = redactor.text(requestId);
  return watchError;
}

/**
 * A status as a watch stores it: without a raw answer (the state keeps none), every text redacted,
 * as plain JSON (what Redis will hold anyway; a BigInt in `outputs` becomes its decimal text rather
 * than making the watch unstorable).
 */
export function storedStatus(status: WaitStatus): WaitStatus {
  const { raw: _raw, ...rest } = status as WaitStatus & { raw?: unknown };
  const json = JSON.stringify(sharedRedactor().value(rest), (_key, value: unknown) =>
    typeof value === 'bigint' ? value.toString() : value,
  );
  return JSON.parse(json) as WaitStatus;
}

function base(id: string, state: WaitState<WatchRef>, finishedAt: number): WatchResultBase {
  return { id, vendor: state.vendor, ref: state.ref, polls: state.polls, startedAt: state.startedAt, finishedAt };
}

/** The result of a watch whose job reached a terminal state (`state.last`, the terminal status). */
export function doneResult(id: string, state: WaitState<WatchRef>, status: WaitStatus, finishedAt = Date.now()): WatchResult {
  return { ...base(id, state, finishedAt), outcome: 'done', status: storedStatus(status) };
}

/** The result of a watch whose deadline passed: core's `WaitTimeoutError` for that state. */
export function timeoutResult(id: string, state: WaitState<WatchRef>, finishedAt = Date.now()): WatchResult {
  const result: WatchResult = {
    ...base(id, state, finishedAt),
    outcome: 'timeout',
    error: toWatchError(waitTimeoutError(state)),
  };
  if (state.last) result.lastStatus = storedStatus(state.last);
  return result;
}

/** The result of a watch that failed with `error` (non-transient, or one transient error too many). */
export function errorResult(id: string, state: WaitState<WatchRef>, error: unknown, finishedAt = Date.now()): WatchResult {
  const result: WatchResult = { ...base(id, state, finishedAt), outcome: 'error', error: toWatchError(error) };
  if (state.last) result.lastStatus = storedStatus(state.last);
  return result;
}
