// Assertions the contract cases share. Plain `node:assert`, so a case is a plain async function that
// throws when the definition breaks the contract: `runVendorContract` wraps it in vitest's `it`, and
// the testkit's own tests run it directly against broken definitions.
import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { isTerminalState, type JobState, type JobStatus, JobwireError } from '@jobwire/core';
import type { ErrorClass } from './options.js';

const JOB_STATES: ReadonlySet<string> = new Set<JobState>(['queued', 'running', 'succeeded', 'failed', 'cancelled', 'unknown']);

/** `TypeError: x is undefined`: an error in one line, for failure messages. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return `a thrown ${typeof error} (${inspect(error, { depth: 2 })})`;
}

/** The error `promise` rejects with; fails when it resolves. */
export async function rejectionOf(promise: Promise<unknown>, what: string): Promise<unknown> {
  let value: unknown;
  try {
    value = await promise;
  } catch (error) {
    return error;
  }
  return assert.fail(`${what} resolved (with ${inspect(value, { depth: 2 })}); it should have rejected`);
}

/** Checks a status field by field: the vendor, the id asked for, a valid state, done ⇔ terminal, the vendor's status text. */
export function assertStatus(status: JobStatus, vendor: string, id: string, what: string): void {
  assert.ok(status !== null && typeof status === 'object', `${what}: not a status object (${inspect(status)})`);
  assert.equal(status.vendor, vendor, `${what}: vendor`);
  assert.equal(status.id, id, `${what}: id (the id asked for, as given)`);
  assert.ok(JOB_STATES.has(status.state), `${what}: state ${inspect(status.state)} is not a JobState`);
  assert.equal(
    status.done,
    isTerminalState(status.state),
    `${what}: done must be true exactly for a terminal state (${status.state})`,
  );
  assert.equal(typeof status.vendorStatus, 'string', `${what}: vendorStatus must be a string`);
  assert.notEqual(status.vendorStatus.trim(), '', `${what}: vendorStatus must be the server's own status text, not empty`);
  assert.ok(
    status.outputs !== null && typeof status.outputs === 'object' && !Array.isArray(status.outputs),
    `${what}: outputs must be an object`,
  );
  assert.ok('raw' in status, `${what}: raw is missing`);
}

/** Checks that `error` is a typed jobwire error of `vendor` (and of `expected`), naming its operation. */
export function assertJobwireError(
  error: unknown,
  vendor: string,
  what: string,
  expected?: ErrorClass,
): asserts error is JobwireError {
  assert.ok(error instanceof JobwireError, `${what}: expected a JobwireError, got ${describeError(error)}`);
  if (expected) {
    assert.ok(error instanceof expected, `${what}: expected ${expected.name}, got ${describeError(error)}`);
  }
  assert.equal(error.vendor, vendor, `${what}: the error's vendor`);
  assert.equal(typeof error.operation, 'string', `${what}: the error's operation must be a string`);
  assert.notEqual(error.operation, '', `${what}: the error must name its operation`);
}

/**
 * Another value of the same shape: digits and letters changed within their class (hex letters stay
 * hex), everything else kept — a wrong secret of the right form, or a job id nobody has.
 */
export function sameShapeOther(value: string): string {
  const shift = (char: string, from: string, to: string, by: number) =>
    String.fromCharCode(
      from.charCodeAt(0) + ((char.charCodeAt(0) - from.charCodeAt(0) + by) % (to.charCodeAt(0) - from.charCodeAt(0) + 1)),
    );
  const other = value.replace(/[0-9a-zA-Z]/g, (char) => {
    if (char >= '0' && char <= '9') return shift(char, '0', '9', 5);
    if (char >= 'a' && char <= 'f') return shift(char, 'a', 'f', 3);
    if (char >= 'A' && char <= 'F') return shift(char, 'A', 'F', 3);
    if (char >= 'a' && char <= 'z') return shift(char, 'g', 'z', 7);
    return shift(char, 'G', 'Z', 7);
  });
  return other === value ? `${value}-other` : other;
}
