import { isRecord } from '@jobwire/core';
import type { TaskContext, TaskId } from './types.js';

/**
 * The input context as ELMA wants it: a JSON document inside a string. `Date`s become UTC
 * ISO-8601 text as ELMA writes it (`2020-03-22T00:00:00Z`: no `.000` when there are no
 * milliseconds) and `URL`s their address, which is how ELMA reads datetime and file parameters.
 */
export function encodeContext(context: TaskContext): string {
  if (!isRecord(context)) throw new RangeError('context must be an object of parameter name → value');
  // The replacer sees values after toJSON(), so it looks at the holder for the original Date.
  return JSON.stringify(context, function (this: Record<string, unknown>, key: string, value: unknown) {
    const original = this[key];
    return original instanceof Date ? isoDate(original, key) : value;
  });
}

function isoDate(date: Date, key: string): string {
  if (Number.isNaN(date.getTime())) throw new RangeError(`context value ${JSON.stringify(key)} is an invalid Date`);
  return date.toISOString().replace(/\.000Z$/, 'Z');
}

/** Task ids are integers on the wire; their decimal text (from a command line) is accepted too. */
export function taskIdNumber(id: TaskId, name = 'taskId'): number {
  if (typeof id === 'number' && Number.isSafeInteger(id) && id >= 0) return id;
  if (typeof id === 'string' && /^\d{1,15}$/.test(id.trim())) return Number(id.trim());
  throw new RangeError(`${name} must be a non-negative integer or its decimal text (got ${JSON.stringify(id)})`);
}
