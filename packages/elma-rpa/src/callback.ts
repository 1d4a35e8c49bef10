import { createRedactor, isRecord, type ShapeContext, shapeError, UnexpectedResponseError } from '@jobwire/core';
import { excerptOf } from '@jobwire/core/internal';
import { decodeTask } from './decode.js';
import type { ElmaTask } from './types.js';

/** Options of `parseTaskCallback`. */
export interface ParseTaskCallbackOptions {
  /** Your system's auth_tkn, so that it is scrubbed from any error about the body. */
  authToken?: string;
}

/**
 * Parses the body the Orchestrator POSTs to a task's `callback` URL when the task has finished.
 * The body is not documented, so both plausible forms are accepted: the `{status, task}`
 * envelope of the other task calls, or a bare task. Accepts the raw body (text or bytes) or
 * JSON already parsed by your framework. Anything else is an `UnexpectedResponseError`.
 */
export function parseTaskCallback(body: unknown, options: ParseTaskCallbackOptions = {}): ElmaTask {
  const redact = createRedactor([options.authToken]).text;
  const context: ShapeContext & { redact: (text: string) => string } = {
    vendor: 'elma-rpa',
    operation: 'parseTaskCallback',
    redact,
  };
  const value =
    typeof body === 'string' || body instanceof Uint8Array || body instanceof ArrayBuffer ? parseJson(body, context) : body;
  if (isRecord(value) && isRecord(value.task)) return decodeTask(value.task, context);
  if (isRecord(value) && 'id' in value && typeof value.status === 'string') return decodeTask(value, context);
  throw shapeError(context, 'a {status, task} envelope or a task', value);
}

function parseJson(
  body: string | Uint8Array | ArrayBuffer,
  context: ShapeContext & { redact: (text: string) => string },
): unknown {
  const text = typeof body === 'string' ? body : new TextDecoder().decode(body);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new UnexpectedResponseError('elma-rpa parseTaskCallback: the callback body is not JSON', {
      vendor: context.vendor,
      operation: context.operation,
      excerpt: excerptOf(text, undefined, context.redact),
    });
  }
}
